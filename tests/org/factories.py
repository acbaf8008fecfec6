"""factory_boy factories of `org`."""

from __future__ import annotations

from typing import Any

import factory

from dondoc.org.models import AdminUnit, Agency, Membership, Role, User
from dondoc.org.units import split_kind

DEFAULT_PASSWORD = "mat-khau-thu-nghiem-2026"


class AdminUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdminUnit

    map = AdminUnit.Map.PRE2025
    level = AdminUnit.Level.PROVINCE
    code = factory.Sequence(lambda n: f"{n % 100:02d}")
    name = factory.LazyAttribute(lambda o: f"Tỉnh {o.short_name}")
    short_name = factory.Sequence(lambda n: f"Thử {n}")
    kind = "tỉnh"
    parent = None

    @factory.lazy_attribute
    def path(self) -> str:
        if self.parent is not None:
            return f"{self.parent.path}/{self.code}"
        return f"{self.map}/{self.code}"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Cơ quan thử {n}")
    kind = Agency.Kind.OTHER
    unit = factory.SubFactory(AdminUnitFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    first_name = "Nguyễn Văn"
    last_name = factory.Sequence(lambda n: f"Thử {n}")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def save_password(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = Role.AGENCY_OFFICER


def make_unit(
    map_: str, level: str, code: str, name: str, parent: AdminUnit | None = None
) -> AdminUnit:
    """A unit named as the official lists name it: "Huyện Sơn Dương" gives kind and short name."""
    kind, short = split_kind(name)
    return AdminUnitFactory(
        map=map_, level=level, code=code, name=name, short_name=short, kind=kind, parent=parent
    )

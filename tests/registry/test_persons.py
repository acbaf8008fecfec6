"""Persons found before they are created: by identity number through the keyed hash, and by
name + year of birth + commune."""

from __future__ import annotations

import pytest

from dondoc.core.exceptions import InvalidInput
from dondoc.registry.models import Person
from dondoc.registry.persons import person_get_or_create, person_matches
from dondoc.registry.services import PersonInput, person_create

ID = "008090001234"


def test_the_same_identity_number_gives_the_person_on_record(world) -> None:
    first, created = person_get_or_create(
        actor=world.focal, agency=world.police_sd,
        person=PersonInput(full_name="Nguyễn Văn An", identity_number=ID),
    )  # fmt: skip
    again, created_again = person_get_or_create(
        actor=world.focal, agency=world.police_sd,
        person=PersonInput(full_name="Nguyen Van An", identity_number="008 090 001 234"),
    )  # fmt: skip
    assert (created, created_again) == (True, False)
    assert again == first
    assert Person.objects.count() == 1


def test_a_second_record_with_the_same_number_is_refused_in_vietnamese(world) -> None:
    person_create(actor=world.focal, agency=world.police_sd, full_name="A", identity_number=ID)
    with pytest.raises(InvalidInput, match="đã có trong hồ sơ"):
        person_create(actor=world.focal, agency=world.police_sd, full_name="B", identity_number=ID)


def test_matches_by_identity_and_by_name_year_commune(world) -> None:
    known = person_create(
        actor=world.focal, agency=world.police_sd, full_name="Hoàng Thị  Mai",
        birth_year=2012, residence_unit=world.commune_sd, identity_number=ID,
    )  # fmt: skip
    by_id = person_matches(user=world.focal, identity_number=ID)
    assert [(m.person, m.by_identity) for m in by_id] == [(known, True)]
    by_name = person_matches(
        user=world.focal, full_name="hoàng thị mai", birth_year=2012,
        residence_unit=world.commune_sd,
    )  # fmt: skip
    assert [(m.person, m.reason) for m in by_name] == [
        (known, "trùng họ tên, năm sinh và nơi cư trú")
    ]
    assert not person_matches(
        user=world.focal, full_name="Hoàng Thị Mai", birth_year=2011,
        residence_unit=world.commune_sd,
    )  # fmt: skip
    # An officer of another province sees none of it.
    assert not person_matches(user=world.outsider, identity_number=ID)


def test_the_other_record_forms_link_the_person_on_record_too(world) -> None:
    import datetime

    from dondoc.registry.services import complaint_receive

    known = person_create(
        actor=world.focal, agency=world.police_sd, full_name="Trần Văn Bình", identity_number=ID
    )
    complaint = complaint_receive(
        actor=world.focal, agency=world.police_sd, kind="denunciation",
        complainant=PersonInput(full_name="Trần Văn Bình", identity_number=ID),
        content="Tố cáo hành vi bức cung", received_on=datetime.date(2026, 11, 2),
    )  # fmt: skip
    assert complaint.complainant == known
    assert Person.objects.count() == 1

"""Administrative units (both maps), agencies with their aliases, users and their memberships."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from dondoc.core.loading import FastLoad
from dondoc.core.models import TimeStampedModel

# The two-tier map took effect on 1 July 2025 (Resolution 202/2025/QH15 for provinces,
# the Standing Committee's resolutions of June 2025 for communes); districts ceased then.
MAP_2025_START = datetime.date(2025, 7, 1)
MAP_PRE2025_END = datetime.date(2025, 6, 30)


class AdminUnit(FastLoad, models.Model):
    """A province, district or commune of one edition of the administrative map."""

    class Map(models.TextChoices):
        PRE2025 = "pre2025", "Bản đồ 3 cấp (đến 30/6/2025)"
        V2025 = "2025", "Bản đồ 2 cấp (từ 01/7/2025)"
        # The central level belongs to no edition of the local map: one unit, "national/00",
        # root of its own subtree (it is not the parent of the provinces, so its officers see
        # the national agencies and documents, not every province's).
        NATIONAL = "national", "không theo bản đồ địa phương"

    class Level(models.TextChoices):
        PROVINCE = "province", "Cấp tỉnh"
        DISTRICT = "district", "Cấp huyện"
        COMMUNE = "commune", "Cấp xã"
        NATIONAL = "national", "Trung ương"

    map = models.CharField("bản đồ", max_length=8, choices=Map.choices)
    level = models.CharField("cấp", max_length=8, choices=Level.choices)
    code = models.CharField(
        "mã", max_length=5, help_text="Mã đơn vị hành chính (Tổng cục Thống kê)"
    )
    name = models.CharField("tên", max_length=100, help_text="Tên đầy đủ, ví dụ «Huyện Sơn Dương»")
    short_name = models.CharField("tên ngắn", max_length=80, help_text="Ví dụ «Sơn Dương»")
    kind = models.CharField(
        "loại",
        max_length=32,
        help_text="tỉnh, thành phố, huyện, quận, thị xã, xã, phường, thị trấn…",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # "pre2025/08/076/02182": map, then the codes from province down. Subtrees are prefix
    # queries that work alike on SQLite and PostgreSQL and use the index.
    path = models.CharField("đường dẫn", max_length=40, unique=True, editable=False)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    successors: models.ManyToManyField[AdminUnit, UnitSuccession] = models.ManyToManyField(
        "self",
        verbose_name="đơn vị kế thừa",
        through="UnitSuccession",
        through_fields=("predecessor", "successor"),
        symmetrical=False,
        related_name="predecessors",
        blank=True,
    )

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["map", "level", "code"], name="adminunit_unique_code"),
            models.CheckConstraint(
                condition=~(Q(map="2025") & Q(level="district")),
                name="adminunit_no_district_in_2025",
            ),
            # The national unit and only it has the national map and level, and no parent.
            models.CheckConstraint(
                condition=(Q(map="national") & Q(level="national") & Q(parent__isnull=True))
                | (~Q(map="national") & ~Q(level="national")),
                name="adminunit_national_alone",
            ),
        ]

    def __str__(self) -> str:
        if self.parent is not None and self.level != self.Level.PROVINCE:
            return f"{self.name}, {self.parent.full_name}"
        return self.name

    @property
    def full_name(self) -> str:
        """The name with its ancestors: «Huyện Sơn Dương, Tỉnh Tuyên Quang»."""
        return str(self)

    def ancestors(self) -> list[AdminUnit]:
        """Parent, grandparent…: [Tỉnh Tuyên Quang] for Huyện Sơn Dương."""
        chain = []
        parent = self.parent
        while parent is not None:
            chain.append(parent)
            parent = parent.parent
        return chain

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class UnitSuccession(models.Model):
    """A link from a unit of the earlier map to a unit that took over its territory."""

    class Kind(models.TextChoices):
        UNCHANGED = "unchanged", "Giữ nguyên"
        RENAMED = "renamed", "Đổi tên"
        MERGED = "merged", "Sáp nhập"
        DIVIDED = "divided", "Chia tách"
        ABSORBED = "absorbed", "Cấp huyện kết thúc; địa bàn thuộc đơn vị này"

    # Led by unitsuccession_unique_pair: no index of its own (tests/core/test_indexes.py).
    predecessor = models.ForeignKey(
        AdminUnit, on_delete=models.CASCADE, related_name="successions_out", db_index=False
    )
    successor = models.ForeignKey(
        AdminUnit, on_delete=models.CASCADE, related_name="successions_in"
    )
    kind = models.CharField("hình thức", max_length=12, choices=Kind.choices)
    is_default = models.BooleanField(
        "kế thừa chính", default=True, help_text="Khi chia tách: đơn vị nhận phần chính."
    )
    effective = models.DateField("ngày hiệu lực", default=MAP_2025_START)

    class Meta:
        verbose_name = "kế thừa đơn vị hành chính"
        verbose_name_plural = "kế thừa đơn vị hành chính"
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="unitsuccession_unique_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.get_kind_display()})"


class Agency(TimeStampedModel):
    """A public body of an administrative unit: Công an huyện, Phòng Tư pháp, Tòa án nhân dân…"""

    class Kind(models.TextChoices):
        POLICE = "police", "Công an"
        COURT = "court", "Tòa án"
        PROCURACY = "procuracy", "Viện kiểm sát"
        JUSTICE = "justice", "Tư pháp"
        HOME_AFFAIRS = "home_affairs", "Nội vụ"
        LABOUR = "labour", "Lao động - Thương binh và Xã hội"
        CULTURE = "culture", "Văn hóa - Thông tin"
        EDUCATION = "education", "Giáo dục và Đào tạo"
        HEALTH = "health", "Y tế"
        FINANCE = "finance", "Tài chính"
        ETHNIC = "ethnic", "Dân tộc"
        MILITARY = "military", "Quân sự"
        PEOPLES_COMMITTEE = "peoples_committee", "Ủy ban nhân dân"
        FATHERLAND_FRONT = "fatherland_front", "Mặt trận Tổ quốc"
        MASS_ORGANISATION = "mass_organisation", "Tổ chức chính trị - xã hội"
        OTHER = "other", "Khác"

    name = models.CharField("tên", max_length=200)
    short_name = models.CharField("tên viết tắt", max_length=80, blank=True)
    kind = models.CharField("lĩnh vực", max_length=20, choices=Kind.choices)
    # Led by agency_unique_name_in_unit: no index of its own (tests/core/test_indexes.py).
    unit = models.ForeignKey(
        AdminUnit,
        verbose_name="đơn vị hành chính",
        on_delete=models.PROTECT,
        related_name="agencies",
        db_index=False,
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="cơ quan cấp trên",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    is_active = models.BooleanField("đang hoạt động", default=True)
    # The agency's life (issue 15): the first and the last day it existed; empty means "as far
    # as the records go". An agency that ended keeps its rows, its history and its reports; what
    # passed to which body is in AgencySuccession.
    existed_from = models.DateField("tồn tại từ ngày", null=True, blank=True)
    existed_until = models.DateField("tồn tại đến hết ngày", null=True, blank=True)
    # Key of the directory template entry this agency was generated from ("police", "justice"…);
    # empty for agencies an administrator added by hand.
    template_key = models.CharField("mẫu", max_length=40, blank=True, editable=False)
    # Where the name comes from when it is not the template's: the document whose wording was
    # adopted ("Kế hoạch 284/KH-UBND ngày 04/7/2023"), set by agency_name_adopt (who and when
    # are in the audit log). Empty: the directory template's or the administrator's name.
    name_source = models.CharField("nguồn tên gọi", max_length=300, blank=True)

    class Meta:
        verbose_name = "cơ quan, đơn vị"
        verbose_name_plural = "cơ quan, đơn vị"
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="agency_unique_name_in_unit"),
            models.UniqueConstraint(
                fields=["unit", "template_key"],
                condition=~Q(template_key=""),
                name="agency_unique_template_in_unit",
            ),
            models.CheckConstraint(
                condition=Q(existed_from__isnull=True)
                | Q(existed_until__isnull=True)
                | Q(existed_from__lte=models.F("existed_until")),
                name="agency_life_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def existed_on(self, day: datetime.date) -> bool:
        """Whether the agency existed on `day` (both ends inclusive)."""
        return (self.existed_from is None or self.existed_from <= day) and (
            self.existed_until is None or day <= self.existed_until
        )


def existing_on(day: datetime.date) -> Q:
    """Filter for agencies that existed on `day`: `Agency.objects.filter(existing_on(day))`."""
    return (Q(existed_from__isnull=True) | Q(existed_from__lte=day)) & (
        Q(existed_until__isnull=True) | Q(existed_until__gte=day)
    )


def existing_during(start: datetime.date, end: datetime.date) -> Q:
    """Filter for agencies that existed on at least one day of [start, end]."""
    return (Q(existed_from__isnull=True) | Q(existed_from__lte=end)) & (
        Q(existed_until__isnull=True) | Q(existed_until__gte=start)
    )


class AgencySuccession(models.Model):
    """What passed from an agency that ended or was reorganised to the body that took it over.

    One row per receiving body: the district police passed "thi hành án hình sự" to the
    provincial police and "quản lý cư trú" to the commune police on 1 March 2025; a merged
    ministry passed everything (`part` empty) to the ministry that absorbed it. `source` is the
    legal text that says so; `is_suggestion` marks a row dondoc proposed from the agencies' kinds
    and the map rather than one a text states, until an officer confirms it.
    """

    # Led by agencysuccession_unique: no index of its own (tests/core/test_indexes.py).
    predecessor = models.ForeignKey(
        Agency,
        verbose_name="cơ quan kết thúc",
        on_delete=models.CASCADE,
        related_name="successions_out",
        db_index=False,
    )
    successor = models.ForeignKey(
        Agency,
        verbose_name="cơ quan tiếp nhận",
        on_delete=models.CASCADE,
        related_name="successions_in",
    )
    effective = models.DateField("ngày tiếp nhận")
    part = models.CharField(
        "phần tiếp nhận",
        max_length=200,
        blank=True,
        help_text="Để trống nếu tiếp nhận toàn bộ chức năng, nhiệm vụ.",
    )
    source = models.CharField("căn cứ", max_length=300, blank=True)
    is_suggestion = models.BooleanField("đề xuất, chưa xác nhận", default=False)

    class Meta:
        verbose_name = "kế thừa cơ quan"
        verbose_name_plural = "kế thừa cơ quan"
        ordering = ["effective", "predecessor__name", "successor__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor", "part"], name="agencysuccession_unique"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")),
                name="agencysuccession_not_self",
            ),
        ]

    def __str__(self) -> str:
        what = self.part or "toàn bộ"
        return f"{self.predecessor} → {self.successor} ({what}, {self.effective:%d/%m/%Y})"

    @property
    def is_whole(self) -> bool:
        return not self.part


class AgencyAlias(models.Model):
    """Another name an agency goes by in documents («Công an TP», «Phòng LĐ-TB&XH»)."""

    # Led by agencyalias_unique_key: no index of its own (tests/core/test_indexes.py).
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="aliases", db_index=False
    )
    name = models.CharField("tên gọi khác", max_length=200)
    # Matching key (see org.names.match_key): lower case, no diacritics, no punctuation.
    key = models.CharField(max_length=200, db_index=True, editable=False)

    class Meta:
        verbose_name = "tên gọi khác"
        verbose_name_plural = "tên gọi khác"
        constraints = [
            models.UniqueConstraint(fields=["agency", "key"], name="agencyalias_unique_key"),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in. What they may see comes from their memberships.

    Names in Vietnamese order: `first_name` holds the family and middle names («Nguyễn Văn»),
    `last_name` the given name («An»), so that Django's `get_full_name()` reads «Nguyễn Văn An».
    """

    first_name = models.CharField("họ và tên đệm", max_length=150, blank=True)
    last_name = models.CharField("tên", max_length=150, blank=True)

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_short_name(self) -> str:
        """The given name, as a Vietnamese is addressed («An»), not the family name."""
        return self.last_name or self.first_name


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", "Quản trị hệ thống"
    FOCAL_OFFICER = "focal_officer", "Cán bộ đầu mối"
    AGENCY_OFFICER = "agency_officer", "Cán bộ cơ quan"
    LEADER = "leader", "Lãnh đạo"
    INSPECTOR = "inspector", "Thanh tra, kiểm sát"


# Roles that see the whole subtree of their agency's administrative unit (DESIGN.md §2).
WIDE_SCOPE_ROLES = frozenset({Role.ADMINISTRATOR, Role.FOCAL_OFFICER, Role.LEADER, Role.INSPECTOR})
# Roles that import plans and correct their assignments in their subtree.
PLANNING_ROLES = frozenset({Role.ADMINISTRATOR, Role.FOCAL_OFFICER})


class Membership(TimeStampedModel):
    """A user works for an agency in a role."""

    # Led by membership_unique_role: no index of its own (tests/core/test_indexes.py).
    user = models.ForeignKey(
        User,
        verbose_name="người dùng",
        on_delete=models.CASCADE,
        related_name="memberships",
        db_index=False,
    )
    agency = models.ForeignKey(
        Agency, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = "thành viên cơ quan"
        verbose_name_plural = "thành viên cơ quan"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="membership_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.agency}"


class ExportGrant(models.Model):
    """An administrator's explicit permission for `user` to export the personal data of `agency`.

    Revoking keeps the row (who gave it, who took it back, when); at most one grant is in force
    per user and agency.
    """

    user = models.ForeignKey(
        User, verbose_name="người được cấp", on_delete=models.CASCADE, related_name="export_grants"
    )
    agency = models.ForeignKey(
        Agency, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="export_grants"
    )
    granted_by = models.ForeignKey(
        User,
        verbose_name="người cấp",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    granted_at = models.DateTimeField("ngày cấp")
    revoked_by = models.ForeignKey(
        User,
        verbose_name="người thu hồi",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField("ngày thu hồi", null=True, blank=True)

    class Meta:
        verbose_name = "quyền xuất dữ liệu cá nhân"
        verbose_name_plural = "quyền xuất dữ liệu cá nhân"
        ordering = ["agency__unit__path", "agency__name", "user__username", "-granted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency"],
                condition=Q(revoked_at__isnull=True),
                name="exportgrant_one_in_force",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.agency}"

    @property
    def in_force(self) -> bool:
        return self.revoked_at is None

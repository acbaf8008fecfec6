"""Case records the plans demand: people, crime reports, complaints and denunciations, with
the catalogues they are classified by. Personal fields are encrypted (core.crypto); every
record carries its province, so the tables can be distributed by province when one database
server is outgrown (DESIGN.md §4)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models

from dondoc.core.crypto import EncryptedDateField, EncryptedTextField
from dondoc.core.loading import FastLoad
from dondoc.core.models import TimeStampedModel
from dondoc.org.models import AdminUnit, Agency

from .ages import age_on

# --- Catalogues (data, editable by an administrator) ----------------------------------------


class EthnicGroup(models.Model):
    """One of the 54 ethnic groups of the official list, with its code ("01" Kinh)."""

    code = models.CharField("mã", max_length=2, unique=True)
    name = models.CharField("tên dân tộc", max_length=60, unique=True)

    class Meta:
        verbose_name = "dân tộc"
        verbose_name_plural = "dân tộc"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_majority(self) -> bool:
        return self.code == "01"  # Kinh; the other 53 are the ethnic minorities


class Religion(models.Model):
    code = models.CharField("mã", max_length=2, unique=True)  # "00": no religion
    name = models.CharField("tôn giáo", max_length=120, unique=True)

    class Meta:
        verbose_name = "tôn giáo"
        verbose_name_plural = "tôn giáo"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Offence(models.Model):
    """An offence of the special part of the Penal Code 2015 (amended 2017), loaded from
    data/penal_code.json (`dondoc load_penal_code`). `code` is the article as the Code numbers
    it ("134", "217a"); `article` its number, shared by an article and its "a" sibling."""

    code = models.CharField("số hiệu điều", max_length=8, unique=True)
    article = models.PositiveSmallIntegerField("điều")
    chapter = models.CharField("chương", max_length=8, blank=True)  # "XIV"
    name = models.CharField("tội danh", max_length=255)
    child_abuse = models.BooleanField("tội xâm hại trẻ em", default=False)
    repealed = models.BooleanField("đã bị bãi bỏ", default=False)
    note = models.CharField("ghi chú", max_length=300, blank=True)

    class Meta:
        verbose_name = "tội danh"
        verbose_name_plural = "tội danh"
        ordering = ["article", "code"]
        indexes = [models.Index(fields=["article"], name="offence_article")]

    def __str__(self) -> str:
        return f"Điều {self.code}. {self.name}"


class TortureAct(models.Model):
    """A torture-related act the CAT plans list, with the offences it falls under."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("hành vi", max_length=255)
    offences = models.ManyToManyField(Offence, related_name="torture_acts", blank=True)

    class Meta:
        verbose_name = "hành vi liên quan đến tra tấn"
        verbose_name_plural = "hành vi liên quan đến tra tấn"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


def parent_province(*, db_constraint: bool = True) -> models.ForeignKey[AdminUnit, AdminUnit]:
    """A child row's copy of its parent record's province (a victim link, a step, a round, a
    payment), so that the rows can be partitioned and distributed by province with their
    parent (DESIGN.md §4). The services set it from the parent; the database holds it equal
    (migration 0015: composite foreign keys on PostgreSQL, triggers on SQLite).
    `db_constraint=False`: no key of its own to the unit map, where the composite key to the
    parent already implies it (the parent's province has its key: migration 0018)."""
    return models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", editable=False, db_index=False,
        db_constraint=db_constraint,
    )  # fmt: skip


# --- Records --------------------------------------------------------------------------------


class WithdrawalReason(models.TextChoices):
    DUPLICATE = "duplicate", "Hồ sơ trùng"
    TEMPLATE_ROW = "template_row", "Dòng mẫu, dòng thử"
    WRONG_IMPORT = "wrong_import", "Nhập nhầm"
    OTHER = "other", "Lý do khác"


# The creation counter of Record's own agency and province, which a record's override keeps.
_RECORD_PLACES: dict[str, int] = {}


def _in_records_place(name: str, field: models.ForeignKey[Any, Any]) -> models.ForeignKey[Any, Any]:
    """`field` at the place of Record's field `name` in a record's fields (Django orders them
    by creation): an override moves nothing, not the forms' fields nor an imported row's
    fingerprint, whose text follows that order (transfer._content_names)."""
    field.creation_counter = _RECORD_PLACES.setdefault(name, field.creation_counter)
    return field


def record_agency(*, db_index: bool = True) -> models.ForeignKey[Agency, Agency]:
    """A record's agency (Record.agency). `db_index=False` in a record whose composite index
    or unique constraint leads with it already (tests/core/test_indexes.py)."""
    return _in_records_place(
        "agency",
        models.ForeignKey(
            Agency, on_delete=models.PROTECT, related_name="+", verbose_name="cơ quan quản lý",
            db_index=db_index,
        ),
    )  # fmt: skip


def record_province(*, db_index: bool = True) -> models.ForeignKey[AdminUnit, AdminUnit]:
    """A record's province (Record.province); `db_index` as for `record_agency`."""
    return _in_records_place(
        "province",
        models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", db_index=db_index),
    )


class Record(TimeStampedModel):
    """What every record has: the agency that keeps it, its unit and province, its author."""

    agency = record_agency()
    unit = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name="địa bàn"
    )
    province = record_province()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    synthetic = models.BooleanField("dữ liệu giả lập", default=False)

    class Meta:
        abstract = True


class CaseRecord(Record):
    """A record of the registry's own kinds: it can be withdrawn."""

    # A withdrawal (registry.corrections): the record stays, for the audit, but leaves every
    # list, selector and statistic (records_visible excludes it).
    withdrawn_at = models.DateTimeField("thời điểm loại bỏ", null=True, blank=True, editable=False)
    withdrawn_reason = models.CharField(
        "lý do loại bỏ", max_length=16, choices=WithdrawalReason.choices, blank=True,
        editable=False,
    )  # fmt: skip
    withdrawn_note = models.CharField("ghi chú loại bỏ", max_length=255, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class Sex(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"
    UNKNOWN = "unknown", "Chưa rõ"


class Person(CaseRecord):
    """A natural person named in records. Children and minors are derived at each event date
    from the birth date (or year), never stored."""

    province = record_province(db_index=False)  # led by the (province, …) index below
    full_name = EncryptedTextField("họ và tên")
    identity_number = EncryptedTextField("số định danh/CCCD", blank=True)
    # Indexed by the unique constraint below, whose leading column it is (no index of its own).
    identity_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Blind index of name + year of birth (core.crypto.name_hash): the look-up before a new
    # person is created matches it exactly, decrypting no name (registry.persons).
    name_hash = models.CharField(max_length=64, blank=True, editable=False, default="")
    # The exact birth date (of child victims above all) is stored encrypted; the statistics
    # keep the birth year and the age at each event (Law 91/2025/QH15; privacy.inventory).
    birth_date = EncryptedDateField("ngày sinh", null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField("năm sinh", null=True, blank=True)
    sex = models.CharField("giới tính", max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    # The catalogues' and the residence's keys carry no index here: no page or look-up reads
    # persons by them (migration 0018_import_indexes lists what reads what).
    ethnicity = models.ForeignKey(
        EthnicGroup, on_delete=models.PROTECT, null=True, blank=True, verbose_name="dân tộc",
        db_index=False,
    )  # fmt: skip
    religion = models.ForeignKey(
        Religion, on_delete=models.PROTECT, null=True, blank=True, verbose_name="tôn giáo",
        db_index=False,
    )  # fmt: skip
    nationality = models.CharField("quốc tịch", max_length=60, default="Việt Nam")
    residence_unit = models.ForeignKey(
        AdminUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="nơi cư trú (đơn vị hành chính)",
        db_index=False,
    )
    address = EncryptedTextField("địa chỉ", blank=True)
    phone = EncryptedTextField("số điện thoại", blank=True)
    # Its author, not indexed (Record's own is): nothing reads these rows by author, and a
    # user is deactivated, not deleted (a deletion would scan the table once to unset it).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", db_index=False,
    )  # fmt: skip

    class Meta:
        verbose_name = "cá nhân"
        verbose_name_plural = "cá nhân"
        indexes = [
            models.Index(fields=["province", "agency"]),
            models.Index(fields=["name_hash", "residence_unit"], name="registry_person_name_hash"),
        ]
        constraints = [
            # One record per identity number in a province (the unit the tables are
            # distributed by): persons.person_get_or_create relies on it under concurrency.
            # identity_hash first: the same index serves the search by number across the
            # provinces a user sees (selectors.persons_by_identity).
            models.UniqueConstraint(
                fields=["identity_hash", "province"],
                condition=~models.Q(identity_hash=""),
                name="person_unique_identity_in_province",
                violation_error_message=(
                    "Số định danh này đã có trong hồ sơ của tỉnh: chọn người đã có thay vì tạo mới."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Cá nhân #{self.pk}"  # never the name: str() ends up in logs

    def age_on(self, day: datetime.date) -> int | None:
        return age_on(self.birth_date, self.birth_year, day)


class CrimeReport(CaseRecord):
    """A denunciation, report of a crime or petition to prosecute, and its resolution."""

    agency = record_agency(db_index=False)  # led by the (agency, …) index below
    province = record_province(db_index=False)  # led by the (province, …) index below

    class Source(models.TextChoices):
        DENUNCIATION = "denunciation", "Tố giác về tội phạm"
        REPORT = "report", "Tin báo về tội phạm"
        PETITION = "petition", "Kiến nghị khởi tố"

    class Decision(models.TextChoices):
        PENDING = "pending", "Đang giải quyết"
        PROSECUTE = "prosecute", "Quyết định khởi tố vụ án hình sự"
        NOT_PROSECUTE = "not_prosecute", "Quyết định không khởi tố vụ án hình sự"
        SUSPEND = "suspend", "Quyết định tạm đình chỉ việc giải quyết"
        TRANSFER = "transfer", "Chuyển cơ quan có thẩm quyền giải quyết"

    number = models.CharField("số thụ lý", max_length=40, blank=True)
    received_on = models.DateField("ngày tiếp nhận")
    source = models.CharField("nguồn", max_length=16, choices=Source.choices)
    summary = EncryptedTextField("tóm tắt nội dung", blank=True)
    offence = models.ForeignKey(
        Offence, on_delete=models.PROTECT, null=True, blank=True, verbose_name="tội danh",
        db_index=False,
    )  # fmt: skip
    offence_on = models.DateField("ngày xảy ra", null=True, blank=True)
    offence_unit = models.ForeignKey(
        AdminUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="nơi xảy ra (xã, phường, đặc khu)",
        db_index=False,
    )
    offence_address = EncryptedTextField("địa chỉ nơi xảy ra", blank=True)
    complex = models.BooleanField("vụ việc phức tạp", default=False)
    extended = models.BooleanField("đã được Viện kiểm sát gia hạn", default=False)
    extended_on = models.DateField("ngày Viện kiểm sát gia hạn", null=True, blank=True)
    suspended_on = models.DateField("ngày tạm đình chỉ", null=True, blank=True)
    resumed_on = models.DateField("ngày phục hồi giải quyết", null=True, blank=True)
    due_on = models.DateField("hạn giải quyết", editable=False)
    decision = models.CharField(
        "kết quả giải quyết", max_length=16, choices=Decision.choices, default=Decision.PENDING
    )
    decided_on = models.DateField("ngày quyết định", null=True, blank=True)
    transferred_to = models.CharField("cơ quan được chuyển", max_length=255, blank=True)
    persons: models.ManyToManyField[Person, CrimeReportPerson] = models.ManyToManyField(
        Person, through="CrimeReportPerson", related_name="crime_reports"
    )
    # Its author, not indexed (Record's own is): nothing reads these rows by author, and a
    # user is deactivated, not deleted (a deletion would scan the table once to unset it).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", db_index=False,
    )  # fmt: skip

    class Meta:
        verbose_name = "tố giác, tin báo về tội phạm, kiến nghị khởi tố"
        verbose_name_plural = "tố giác, tin báo về tội phạm, kiến nghị khởi tố"
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["province", "received_on"]),
            models.Index(fields=["agency", "decision"]),
            # The lists' order (newest first): a page of 100 reads 100 rows, not all.
            models.Index(fields=["-received_on", "-id"], name="crimereport_newest"),
        ]

    def __str__(self) -> str:
        return f"Tin báo #{self.pk} ({self.received_on:%d/%m/%Y})"


class Role(models.TextChoices):
    VICTIM = "victim", "Bị hại"
    SUSPECT = "suspect", "Người bị tố giác, bị kiến nghị khởi tố"
    REPORTER = "reporter", "Người tố giác, báo tin"
    WITNESS = "witness", "Người làm chứng"


class CrimeReportPerson(FastLoad, models.Model):
    # Indexed by the unique link (report, person, role, province), its leading column.
    report = models.ForeignKey(
        CrimeReport, on_delete=models.CASCADE, related_name="involved", db_index=False
    )
    province = parent_province(db_constraint=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField("tư cách", max_length=10, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "person", "role"], name="crimereportperson_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} #{self.person_id}"


class CrimeReportStep(models.Model):
    """One dated step of resolving a crime report (BLTTHS 2015, Art. 147-149): an extension,
    a suspension, a resumption or a decision, with the deadline it left. The report keeps the
    latest state; the steps keep the history."""

    class Kind(models.TextChoices):
        RECEIVED = "received", "Tiếp nhận"
        EXTENDED = "extended", "Viện kiểm sát gia hạn thời hạn giải quyết"
        SUSPENDED = "suspended", "Tạm đình chỉ việc giải quyết"
        RESUMED = "resumed", "Phục hồi giải quyết"
        PROSECUTE = "prosecute", "Quyết định khởi tố vụ án hình sự"
        NOT_PROSECUTE = "not_prosecute", "Quyết định không khởi tố vụ án hình sự"
        TRANSFER = "transfer", "Chuyển cơ quan có thẩm quyền giải quyết"

    report = models.ForeignKey(CrimeReport, on_delete=models.CASCADE, related_name="steps")
    province = parent_province(db_constraint=False)
    kind = models.CharField("bước", max_length=16, choices=Kind.choices)
    on = models.DateField("ngày")
    number = models.CharField("số quyết định", max_length=40, blank=True)
    note = EncryptedTextField("ghi chú", blank=True)
    due_on = models.DateField("hạn giải quyết sau bước này", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", db_index=False,
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "bước giải quyết tin báo"
        verbose_name_plural = "bước giải quyết tin báo"
        ordering = ["report", "on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.on:%d/%m/%Y})"


class Complaint(CaseRecord):
    """A complaint (khiếu nại) or a denunciation (tố cáo) against an official act or person."""

    province = record_province(db_index=False)  # led by the (province, …) index below

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", "Khiếu nại"
        DENUNCIATION = "denunciation", "Tố cáo"

    kind = models.CharField("loại đơn", max_length=12, choices=Kind.choices)
    complainant = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="complaints_made",
        verbose_name="người khiếu nại, tố cáo",
    )
    respondent = EncryptedTextField(
        "người, cơ quan bị khiếu nại, tố cáo", blank=True
    )  # a person's name or an agency, as written
    respondent_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cơ quan bị khiếu nại, tố cáo",
    )
    content = EncryptedTextField("nội dung")
    occurred_on = models.DateField("ngày xảy ra", null=True, blank=True)
    place = EncryptedTextField("nơi xảy ra", blank=True)
    torture_act = models.ForeignKey(
        TortureAct,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="hành vi liên quan đến tra tấn",
    )
    received_on = models.DateField("ngày nhận đơn")
    complex = models.BooleanField("vụ việc phức tạp", default=False)
    remote = models.BooleanField("vùng sâu, vùng xa đi lại khó khăn", default=False)
    # A complaint against a procedural decision or act in criminal procedure (BLTTHS 2015,
    # chương XXXIII): whose decision it is (deadlines.criminal_complaint_rules); "" for the
    # administrative procedure of the Law on Complaints 2011.
    criminal_against = models.CharField(
        "khiếu nại trong tố tụng hình sự đối với", max_length=24, blank=True, default=""
    )

    class Meta:
        verbose_name = "khiếu nại, tố cáo"
        verbose_name_plural = "khiếu nại, tố cáo"
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["province", "received_on"]),
            models.Index(fields=["-received_on", "-id"], name="complaint_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class ComplaintRound(models.Model):
    """One resolution of a complaint (first, second) or of a denunciation (its only round)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Đang giải quyết"
        UPHELD = "upheld", "Đúng"
        PARTLY = "partly", "Đúng một phần"
        REJECTED = "rejected", "Sai"
        WITHDRAWN = "withdrawn", "Rút đơn, đình chỉ"

    complaint = models.ForeignKey(  # led by complaintround_unique (no index of its own)
        Complaint, on_delete=models.CASCADE, related_name="rounds", db_index=False
    )
    province = parent_province()
    number = models.PositiveSmallIntegerField("lần giải quyết")
    accepted_on = models.DateField("ngày thụ lý")
    extensions = models.PositiveSmallIntegerField("số lần gia hạn (tố cáo)", default=0)
    due_on = models.DateField("hạn giải quyết", editable=False)
    resolved_on = models.DateField("ngày giải quyết", null=True, blank=True)
    outcome = models.CharField(
        "kết quả", max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )

    class Meta:
        ordering = ["complaint", "number"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "number"], name="complaintround_unique"),
        ]

    def __str__(self) -> str:
        return f"Lần {self.number}"


class CriminalCase(CaseRecord):
    """A criminal case through investigation, prosecution and trial (seeds 000/001 B.IX)."""

    province = record_province(db_index=False)  # led by the (province, …) index below

    class Stage(models.TextChoices):
        INVESTIGATION = "investigation", "Điều tra"
        PROSECUTION = "prosecution", "Truy tố"
        FIRST_INSTANCE = "first_instance", "Xét xử sơ thẩm"
        APPEAL = "appeal", "Xét xử phúc thẩm"
        CLOSED = "closed", "Đã kết thúc"

    class Outcome(models.TextChoices):
        PENDING = "pending", "Chưa có kết quả"
        CONVICTED = "convicted", "Kết án"
        ACQUITTED = "acquitted", "Tuyên không phạm tội"
        DISMISSED = "dismissed", "Đình chỉ"
        SUSPENDED = "suspended", "Tạm đình chỉ"

    number = models.CharField("số vụ án", max_length=40)
    stage = models.CharField("giai đoạn", max_length=16, choices=Stage.choices)
    opened_on = models.DateField("ngày khởi tố")
    offences = models.ManyToManyField(Offence, related_name="cases", verbose_name="tội danh")
    occurred_on = models.DateField("thời gian xảy ra", null=True, blank=True)
    place = EncryptedTextField("địa điểm xảy ra", blank=True)
    facts = EncryptedTextField("tóm tắt hành vi", blank=True)
    outcome = models.CharField(
        "kết quả", max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    sentence = models.CharField("hình phạt", max_length=255, blank=True)
    appealed = models.BooleanField("có kháng cáo", default=False)
    protested = models.BooleanField("có kháng nghị", default=False)
    judgment_changed = models.BooleanField("bản án bị sửa", default=False)
    judgment_annulled = models.BooleanField("bản án bị hủy", default=False)
    evidence_excluded = models.BooleanField(
        "có chứng cứ bị loại bỏ do thu thập bằng tra tấn", default=False
    )
    wrongful_conviction = models.BooleanField("oan, sai", default=False)
    crime_report = models.ForeignKey(
        CrimeReport, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases"
    )
    persons: models.ManyToManyField[Person, CasePerson] = models.ManyToManyField(
        Person, through="CasePerson", related_name="cases"
    )

    class Meta:
        verbose_name = "vụ án hình sự"
        verbose_name_plural = "vụ án hình sự"
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["province", "opened_on"]),
            models.Index(fields=["-opened_on", "-id"], name="criminalcase_newest"),
        ]

    def __str__(self) -> str:
        return f"Vụ án {self.number}"


class CasePerson(models.Model):
    class Role(models.TextChoices):
        SUSPECT = "suspect", "Bị can"
        DEFENDANT = "defendant", "Bị cáo"
        VICTIM = "victim", "Bị hại"
        ACCUSED = "accused", "Người bị buộc tội khác"

    case = models.ForeignKey(  # led by caseperson_unique (no index of its own)
        CriminalCase, on_delete=models.CASCADE, related_name="involved", db_index=False
    )
    province = parent_province()
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField("tư cách", max_length=10, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "person", "role"], name="caseperson_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} #{self.person_id}"


class CompensationClaim(CaseRecord):
    """A claim for state compensation (Law on State Compensation Liability 2017)."""

    agency = record_agency(db_index=False)  # led by the (agency, …) index below

    class Outcome(models.TextChoices):
        PENDING = "pending", "Đang giải quyết"
        AGREED = "agreed", "Thương lượng thành"
        DECIDED = "decided", "Đã có quyết định giải quyết bồi thường"
        REJECTED = "rejected", "Không được bồi thường"
        WITHDRAWN = "withdrawn", "Rút yêu cầu"

    claimant = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="compensation_claims"
    )
    damaging_act = EncryptedTextField("hành vi gây thiệt hại")
    torture_act = models.ForeignKey(
        TortureAct, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    torture_victim = models.BooleanField("người bị hại là nạn nhân tra tấn", default=False)
    amount_claimed = models.DecimalField("số tiền yêu cầu", max_digits=16, decimal_places=0)
    amount_advanced = models.DecimalField(
        "số tiền tạm ứng", max_digits=16, decimal_places=0, default=0
    )
    amount_paid = models.DecimalField(
        "số tiền đã chi trả", max_digits=16, decimal_places=0, default=0
    )
    accepted_on = models.DateField("ngày thụ lý")
    complex = models.BooleanField("vụ việc phức tạp", default=False)
    verified_on = models.DateField("ngày xác minh xong", null=True, blank=True)
    negotiated_on = models.DateField("ngày thương lượng xong", null=True, blank=True)
    decided_on = models.DateField("ngày quyết định", null=True, blank=True)
    outcome = models.CharField(
        "kết quả", max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    # The amount the decision (or the agreement of the negotiation) grants; the payments are
    # dated entries (CompensationPayment) and amount_paid their sum, kept by the services.
    amount_decided = models.DecimalField(
        "số tiền được bồi thường theo quyết định", max_digits=16, decimal_places=0, null=True,
        blank=True,
    )  # fmt: skip
    paid_on = models.DateField("ngày chi trả xong", null=True, blank=True)
    # The due day of the step whose clock runs (deadlines.compensation_next_step), None once
    # every step is done or the claim is closed without payment: the worklist's overdue query.
    next_due_on = models.DateField("hạn của bước đang giải quyết", null=True, editable=False)

    class Meta:
        verbose_name = "yêu cầu bồi thường nhà nước"
        verbose_name_plural = "yêu cầu bồi thường nhà nước"
        ordering = ["-accepted_on", "-id"]
        indexes = [
            models.Index(fields=["-accepted_on", "-id"], name="compensation_newest"),
            models.Index(fields=["agency", "next_due_on"], name="compensation_next_due"),
        ]

    def __str__(self) -> str:
        return f"Yêu cầu bồi thường #{self.pk}"


class CompensationPayment(models.Model):
    """One payment of a compensation claim, dated (Luật TNBTCNN 2017, Art. 53-54)."""

    claim = models.ForeignKey(CompensationClaim, on_delete=models.CASCADE, related_name="payments")
    province = parent_province()
    paid_on = models.DateField("ngày chi trả")
    amount = models.DecimalField("số tiền chi trả", max_digits=16, decimal_places=0)
    note = models.CharField("ghi chú", max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField("thời điểm ghi", auto_now_add=True)

    class Meta:
        verbose_name = "lần chi trả tiền bồi thường"
        verbose_name_plural = "các lần chi trả tiền bồi thường"
        ordering = ["paid_on", "id"]

    def __str__(self) -> str:
        return f"Chi trả #{self.pk} của yêu cầu bồi thường #{self.claim_id}"


class VictimSupport(CaseRecord):
    class Form(models.TextChoices):
        HEALTH = "health", "Chăm sóc y tế"
        REHABILITATION = "rehabilitation", "Phục hồi chức năng"
        HONOUR = "honour", "Khôi phục danh dự"
        APOLOGY = "apology", "Xin lỗi công khai"
        COUNSELLING = "counselling", "Tư vấn tâm lý"
        LEGAL_AID = "legal_aid", "Trợ giúp pháp lý"
        SHELTER = "shelter", "Nơi tạm lánh"
        VOCATIONAL = "vocational", "Đào tạo nghề"
        OTHER = "other", "Khác"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="supports")
    form = models.CharField("hình thức hỗ trợ", max_length=16, choices=Form.choices)
    provider = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="cơ quan hỗ trợ",
    )  # fmt: skip
    provided_on = models.DateField("ngày hỗ trợ")
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "hỗ trợ nạn nhân"
        verbose_name_plural = "hỗ trợ nạn nhân"
        ordering = ["-provided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_form_display()} #{self.pk}"


class Activity(CaseRecord):
    """A propaganda or training activity; the agency is its organiser."""

    class Kind(models.TextChoices):
        CONFERENCE = "conference", "Hội nghị"
        SEMINAR = "seminar", "Hội thảo, tọa đàm"
        TRAINING = "training", "Lớp tập huấn, bồi dưỡng"
        TALK = "talk", "Buổi nói chuyện chuyên đề"
        PERFORMANCE = "performance", "Chương trình văn nghệ, sân khấu hóa"
        NEWS = "news", "Tin, bài"
        REPORT = "report", "Phóng sự"
        POSTER = "poster", "Pa nô, áp phích"
        LEAFLET = "leaflet", "Tờ rơi, tài liệu"
        CONTEST = "contest", "Cuộc thi"
        OTHER = "other", "Khác"

    class Subject(models.TextChoices):
        CAT = "cat", "Công ước chống tra tấn"
        CHILD_ABUSE = "child_abuse", "Phòng, chống xâm hại trẻ em"
        SENTENCE = "sentence", "Thi hành án hình sự, tái hòa nhập cộng đồng"
        OTHER = "other", "Khác"

    AUDIENCES = {
        "officials": "Cán bộ, công chức",
        "armed_forces": "Lực lượng vũ trang",
        "public": "Nhân dân",
        "women": "Phụ nữ",
        "children": "Trẻ em, học sinh",
        "minorities": "Đồng bào dân tộc thiểu số",
        "detainees": "Người bị tạm giữ, tạm giam, phạm nhân",
    }

    kind = models.CharField("hình thức", max_length=12, choices=Kind.choices)
    subject = models.CharField("chủ đề", max_length=12, choices=Subject.choices)
    title = models.CharField("tên hoạt động", max_length=255)
    held_on = models.DateField("ngày tổ chức")
    audiences = models.JSONField("đối tượng", default=list, blank=True)
    participants_male = models.PositiveIntegerField("người tham dự: nam", default=0)
    participants_female = models.PositiveIntegerField("người tham dự: nữ", default=0)
    languages = models.CharField("ngôn ngữ sử dụng", max_length=120, blank=True)
    materials = models.PositiveIntegerField("tài liệu phát hành", default=0)

    class Meta:
        verbose_name = "hoạt động tuyên truyền, tập huấn"
        verbose_name_plural = "hoạt động tuyên truyền, tập huấn"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class LegalInstrument(CaseRecord):
    """A legal document with provisions against torture (seed 001 task 8.1)."""

    number = models.CharField("số, ký hiệu", max_length=80)
    doc_type = models.CharField("loại văn bản", max_length=60)
    issuer = models.CharField("cơ quan ban hành", max_length=255)
    issued_on = models.DateField("ngày ban hành")
    subject = models.TextField("nội dung liên quan")

    class Meta:
        verbose_name = "văn bản quy phạm pháp luật về chống tra tấn"
        verbose_name_plural = "văn bản quy phạm pháp luật về chống tra tấn"
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.number


class FriendlyInterviewRoom(CaseRecord):
    """A friendly interview room for children at a police unit (seed 002 target)."""

    agency = record_agency(db_index=False)  # led by its unique constraint (one per agency)
    since = models.DateField("đưa vào sử dụng từ")
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "phòng điều tra thân thiện"
        verbose_name_plural = "phòng điều tra thân thiện"
        constraints = [
            models.UniqueConstraint(fields=["agency"], name="interviewroom_one_per_agency"),
        ]

    def __str__(self) -> str:
        return f"Phòng điều tra thân thiện — {self.agency}"


class StaleStats(models.Model):
    """How often the records of a province and year changed: each write raises `generation`
    by one in its own transaction. The statistics record which generation they were built
    from (stats.FactsBuilt) and are stale while it is lower, so a rebuild never clears a
    change made while it was running."""

    # Led by stalestats_unique: no index of its own (tests/core/test_indexes.py).
    province = models.ForeignKey(
        AdminUnit, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    year = models.PositiveSmallIntegerField()
    generation = models.PositiveBigIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="stalestats_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.province_id}/{self.year}"


class ImportedRow(models.Model):
    """A row once saved by an import, as a keyed digest of its values (never the values: they
    hold personal data): a row met again, in the same file or a later one, is skipped with a
    warning instead of being saved twice."""

    # Neither key indexed alone: the two indexes below lead with the agency, and nothing
    # reads these rows by province.
    province = models.ForeignKey(
        AdminUnit, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+", db_index=False)
    kind = models.CharField(max_length=40)
    digest = models.CharField(max_length=32)
    imported_at = models.DateTimeField()
    # What the row made (registry.corrections.import_undo): the record, and the person saved
    # with it (a victim, a complainant, a claimant). Empty for rows imported before.
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    person_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "digest"], name="importedrow_unique_digest"
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "kind", "imported_at"], name="importedrow_import"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}/{self.digest}"


class AgencyRecordProvince(models.Model):
    """A province where an agency keeps records of a partitioned kind (registry.partitions):
    the record scope (selectors._record_scope) names these provinces beside the user's own,
    so that PostgreSQL reads only their partitions and a record the agency filed elsewhere
    (a referral where the person lives) stays in its lists. Kept by the database (migration
    0020's statement triggers on the partitioned tables), so no write path can miss a pair:
    the services, the import's COPY, a hand-over's UPDATE alike. A delete removes no pair: a
    pair whose records are gone only costs a read of one more (empty) partition, never a
    hidden record. Empty on SQLite, which has no partitions to prune. No personal data."""

    # The unique key leads with the agency, which is how the scope reads the pairs; nothing
    # reads them by province alone.
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+", db_index=False)
    province = models.ForeignKey(
        AdminUnit, on_delete=models.CASCADE, related_name="+", db_index=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "province"], name="agencyrecordprovince_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.province_id}"


# --- Casework (issue 17): several persons per complaint, corrections, referrals -------------


class ComplaintPerson(models.Model):
    """A person named by a complaint or denunciation besides its first complainant: another
    complainant of a collective complaint, a representative, a person complained of."""

    class Role(models.TextChoices):
        COMPLAINANT = "complainant", "Người khiếu nại, tố cáo"
        REPRESENTATIVE = "representative", "Người đại diện"
        RESPONDENT = "respondent", "Người bị khiếu nại, bị tố cáo"

    complaint = models.ForeignKey(  # led by complaintperson_unique (no index of its own)
        Complaint, on_delete=models.CASCADE, related_name="involved", db_index=False
    )
    province = parent_province()
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField("tư cách", max_length=16, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "person", "role"], name="complaintperson_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} #{self.person_id}"


class RecordCorrection(models.Model):
    """One correction of a registry record: which fields changed, their earlier values (kept
    encrypted: they may be personal data), why and by whom (registry.corrections)."""

    model = models.CharField("loại hồ sơ", max_length=40)  # "registry.crimereport"
    record_id = models.PositiveBigIntegerField("mã hồ sơ")
    fields = models.JSONField("các trường đã sửa", default=list)
    before = EncryptedTextField("giá trị trước khi sửa")  # JSON of the earlier values
    reason = models.CharField("lý do sửa", max_length=255)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    corrected_at = models.DateTimeField("thời điểm sửa")

    class Meta:
        verbose_name = "lịch sử sửa hồ sơ"
        verbose_name_plural = "lịch sử sửa hồ sơ"
        ordering = ["-corrected_at", "-id"]
        indexes = [models.Index(fields=["model", "record_id"], name="recordcorrection_record")]

    def __str__(self) -> str:
        return f"Sửa {self.model} #{self.record_id}"


class Referral(CaseRecord):
    """A victim (or a person back in the community) referred to a service provider, with the
    consent recorded, the provider's answer and its feedback (registry.referrals). `agency`
    is the referring body."""

    class Service(models.TextChoices):
        HEALTH = "health", "Y tế"
        LEGAL_AID = "legal_aid", "Trợ giúp pháp lý"
        SOCIAL = "social", "Bảo trợ xã hội"
        SHELTER = "shelter", "Nơi tạm lánh"
        COUNSELLING = "counselling", "Tư vấn tâm lý"
        OTHER = "other", "Khác"

    class Origin(models.TextChoices):
        VICTIM = "victim", "Nạn nhân, bị hại"
        REINTEGRATION = "reintegration", "Người chấp hành xong án phạt tù"

    class ConsentBy(models.TextChoices):
        SELF = "self", "Chính người được chuyển gửi"
        PARENT = "parent", "Cha, mẹ"
        GUARDIAN = "guardian", "Người giám hộ"

    class Status(models.TextChoices):
        PENDING = "pending", "Chờ tiếp nhận"
        ACCEPTED = "accepted", "Đã tiếp nhận"
        DECLINED = "declined", "Từ chối"
        CLOSED = "closed", "Đã có phản hồi kết quả"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals")
    origin = models.CharField("đối tượng", max_length=16, choices=Origin.choices)
    crime_report = models.ForeignKey(
        CrimeReport, on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals"
    )
    service = models.CharField("dịch vụ", max_length=16, choices=Service.choices)
    provider = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="cơ sở cung cấp dịch vụ",
    )  # fmt: skip
    provider_name = models.CharField("cơ sở cung cấp dịch vụ (ngoài hệ thống)", max_length=255,
                                     blank=True)  # fmt: skip
    referred_on = models.DateField("ngày chuyển gửi")
    reason = EncryptedTextField("nhu cầu, lý do chuyển gửi", blank=True)
    consent_by = models.CharField("người đồng ý", max_length=10, choices=ConsentBy.choices)
    consent_name = EncryptedTextField("họ tên người đồng ý", blank=True)
    consent_on = models.DateField("ngày đồng ý")
    respond_by = models.DateField("hạn tiếp nhận", editable=False)
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.PENDING
    )
    responded_on = models.DateField("ngày tiếp nhận/từ chối", null=True, blank=True)
    decline_reason = models.CharField("lý do từ chối", max_length=255, blank=True)
    feedback_by = models.DateField("hạn phản hồi kết quả", null=True, blank=True, editable=False)
    feedback = EncryptedTextField("phản hồi kết quả", blank=True)
    feedback_on = models.DateField("ngày phản hồi", null=True, blank=True)

    class Meta:
        verbose_name = "chuyển gửi dịch vụ"
        verbose_name_plural = "chuyển gửi dịch vụ"
        ordering = ["-referred_on", "-id"]
        indexes = [
            models.Index(fields=["status", "respond_by"], name="referral_status_due"),
            models.Index(fields=["-referred_on", "-id"], name="referral_newest"),
        ]

    def __str__(self) -> str:
        return f"Chuyển gửi #{self.pk}"


class CaseStep(models.Model):
    """One step of a criminal case through its stages, dated, with the outcome it reached
    (registry.casework.criminal_case_advance): the case's `stage` and `outcome` are those of
    its latest step."""

    case = models.ForeignKey(CriminalCase, on_delete=models.CASCADE, related_name="steps")
    province = parent_province()
    stage = models.CharField("giai đoạn", max_length=16, choices=CriminalCase.Stage.choices)
    on = models.DateField("ngày")
    outcome = models.CharField(
        "kết quả", max_length=10, choices=CriminalCase.Outcome.choices,
        default=CriminalCase.Outcome.PENDING,
    )  # fmt: skip
    note = models.CharField("ghi chú (số quyết định, bản án)", max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["case", "on", "id"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.on:%d/%m/%Y}"

"""Writes of the registry: people, crime reports, complaints and denunciations. Each write
checks that the actor records for the agency, computes the statutory deadline (deadlines.py)
and is audited in the same transaction."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from decimal import Decimal
from importlib import import_module
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from dondoc.core.actors import Actor, actor_user, require_actor
from dondoc.core.audit import acting_as, audit_record
from dondoc.core.crypto import lookup_hash, name_hash, normalize_identity
from dondoc.core.exceptions import InvalidInput, NotAllowed
from dondoc.core.idempotency import submission_claim, submission_done
from dondoc.org.models import AdminUnit, Agency, User

from . import deadlines
from .models import (
    Activity,
    CasePerson,
    CompensationClaim,
    CompensationPayment,
    Complaint,
    ComplaintRound,
    CrimeReport,
    CrimeReportPerson,
    CriminalCase,
    EthnicGroup,
    FriendlyInterviewRoom,
    LegalInstrument,
    Offence,
    Person,
    Record,
    Religion,
    Role,
    Sex,
    StaleStats,
    TortureAct,
    VictimSupport,
)
from .selectors import agencies_recording


def _province(unit: AdminUnit) -> AdminUnit:
    chain = [unit, *unit.ancestors()]
    return chain[-1]


def identity_checked(value: str) -> str:
    """An identity number as stored: 12 digits (citizen identity card) or 9 (the old card)."""
    identity = normalize_identity(value or "")
    if identity and not (identity.isdigit() and len(identity) in (9, 12)):
        raise InvalidInput(f"Số định danh “{value}”: cần 12 chữ số (CCCD) hoặc 9 chữ số (CMND).")
    return identity


def not_future(day: datetime.date | None, label: str) -> None:
    """A date of something that has happened (received, accepted, opened, decided, born)."""
    today = timezone.localdate()
    if day is not None and day > today:
        raise InvalidInput(f"{label}: {day:%d/%m/%Y} ở tương lai (hôm nay là {today:%d/%m/%Y}).")


AMOUNT_MAX = Decimal(10) ** 16 - 1  # DecimalField(max_digits=16, decimal_places=0)


def amount_checked(value: Any, label: str) -> Decimal:
    """An amount of money in đồng as the columns hold it: whole, not negative, 16 digits."""
    amount = Decimal(value)
    if amount != amount.to_integral_value():
        raise InvalidInput(f"{label}: cần số đồng, không có phần lẻ.")
    if not 0 <= amount <= AMOUNT_MAX:
        raise InvalidInput(f"{label}: từ 0 đến {AMOUNT_MAX:,} đồng.".replace(",", "."))
    return amount


def validated(record: Any) -> None:
    """`full_clean()`, its refusals told as one message naming each field (a value too long
    for its column, a choice that does not exist), instead of a ValidationError nobody maps."""
    try:
        record.full_clean()
    except ValidationError as error:
        messages: list[str] = []
        for name, problems in error.message_dict.items():
            label = name
            if name != "__all__":
                label = str(record._meta.get_field(name).verbose_name).capitalize()
            prefix = f"{label}: " if name != "__all__" else ""
            messages.extend(f"{prefix}{problem}" for problem in problems)
        raise InvalidInput(" ".join(messages)) from error


# The background task that rebuilds what stats_stale marks (the statistics app, below this
# one, owns it; named here so that the registry does not import it).
STATS_REFRESH_TASK = "dondoc.stats.facts.refresh_stale_facts"


def stats_stale(pairs: set[tuple[int, int]]) -> None:
    """Mark (province id, year) pairs whose statistics must be rebuilt, and enqueue the rebuild.

    Called inside the write's transaction, after its records: the mark's generation goes up
    by one, so a rebuild that read the records before this write committed records the older
    generation and leaves the pair stale (stats.facts). The task row is written in the same
    transaction (django-tasks' database backend): it exists exactly when the write does.
    """
    if not pairs:
        return
    for province_id, year in sorted(pairs):  # one order: two writers never wait in a circle
        marked = StaleStats.objects.filter(province_id=province_id, year=year)
        if marked.update(generation=F("generation") + 1):
            continue
        try:
            with transaction.atomic():
                StaleStats.objects.create(province_id=province_id, year=year, generation=1)
        except IntegrityError:  # another writer created it meanwhile: count this one too
            marked.update(generation=F("generation") + 1)
    import_string(STATS_REFRESH_TASK).enqueue()


# The statistics' facts follow each single write to a crime report by a delta, in the write's
# transaction (stats.facts.report_changed); named here so that the registry does not import
# the app below it that owns them.
STATS_FACTS = "dondoc.stats.facts"


def _stats_report_counted(report: CrimeReport) -> Any:
    """What the facts count for `report` now: read before changing it."""
    return import_module(STATS_FACTS).report_tally(report.pk)


def _stats_report_changed(report: CrimeReport, *, before: Any) -> None:
    """After a write changed (or, `before` None, created) one crime report: its delta in the
    facts of its province and year."""
    import_module(STATS_FACTS).report_changed(
        report_id=report.pk,
        before=before or Counter(),
        pairs={(report.province_id, report.received_on.year)},
    )


def _check_records(actor: User, agency: Agency) -> None:
    if not agencies_recording(user=actor).filter(pk=agency.pk).exists():
        raise NotAllowed("Chỉ cán bộ của cơ quan mới nhập, sửa hồ sơ của cơ quan mình.")


def _record_fields(actor: Actor, agency: Agency, unit: AdminUnit | None) -> dict[str, Any]:
    unit = unit or agency.unit
    return {
        "agency": agency,
        "unit": unit,
        "province": _province(unit),
        "created_by": actor_user(actor),
    }


@transaction.atomic
def person_create(
    *,
    actor: User,
    agency: Agency,
    full_name: str,
    identity_number: str = "",
    birth_date: datetime.date | None = None,
    birth_year: int | None = None,
    sex: str = Sex.UNKNOWN,
    ethnicity: EthnicGroup | None = None,
    religion: Religion | None = None,
    nationality: str = "Việt Nam",
    residence_unit: AdminUnit | None = None,
    address: str = "",
    phone: str = "",
    synthetic: bool = False,
) -> Person:
    """Record a person; the name, identity number, address and phone are stored encrypted."""
    require_actor(actor)
    _check_records(actor, agency)
    full_name = " ".join(full_name.split())
    if not full_name:
        raise InvalidInput("Họ và tên: bắt buộc.")
    if sex not in Sex.values:
        raise InvalidInput("Giới tính: Nam, Nữ hoặc Chưa rõ.")
    identity = identity_checked(identity_number)
    if birth_date is not None:
        not_future(birth_date, "Ngày sinh")
        birth_year = birth_date.year
    today = timezone.localdate()
    if birth_year is not None and not (1900 <= birth_year <= today.year):
        raise InvalidInput(f"Năm sinh {birth_year}: cần một năm từ 1900 đến {today.year}.")
    with acting_as(actor):
        person = Person(
            full_name=full_name,
            identity_number=identity,
            identity_hash=lookup_hash(identity),
            name_hash=name_hash(full_name, birth_year),
            birth_date=birth_date,
            birth_year=birth_year,
            sex=sex,
            ethnicity=ethnicity,
            religion=religion,
            nationality=nationality.strip() or "Việt Nam",
            residence_unit=residence_unit,
            address=address.strip(),
            phone=phone.strip(),
            synthetic=synthetic,
            **_record_fields(actor, agency, residence_unit),
        )
        validated(person)
        person.save()
    return person


@dataclass(frozen=True)
class PersonInput:
    """A person as a form gives them to a use case below (a victim, a complainant …)."""

    full_name: str
    identity_number: str = ""
    birth_date: datetime.date | None = None
    birth_year: int | None = None
    sex: str = Sex.UNKNOWN
    ethnicity: EthnicGroup | None = None
    religion: Religion | None = None
    residence_unit: AdminUnit | None = None

    def create(self, *, actor: User, agency: Agency) -> Person:
        """A new record of this person (persons.person_get_or_create finds one first)."""
        values = {field.name: getattr(self, field.name) for field in dataclass_fields(self)}
        return person_create(actor=actor, agency=agency, **values)

    def find_or_create(self, *, actor: User, agency: Agency) -> Person:
        """The person on record with this identity number in the province, else a new one."""
        from .persons import person_get_or_create

        return person_get_or_create(actor=actor, agency=agency, person=self)[0]


@transaction.atomic
def crime_report_register(
    *,
    actor: User,
    agency: Agency,
    received_on: datetime.date,
    source: str,
    summary: str = "",
    offence: Offence | None = None,
    complex: bool = False,
    extended: bool = False,
    involved: Sequence[tuple[Person, str]] = (),
    unit: AdminUnit | None = None,
    number: str = "",
    synthetic: bool = False,
) -> CrimeReport:
    """Register a crime report as received; its statutory deadline is computed (Art. 147 CPC)."""
    require_actor(actor)
    _check_records(actor, agency)
    if source not in CrimeReport.Source.values:
        raise InvalidInput("Nguồn tin: tố giác, tin báo hoặc kiến nghị khởi tố.")
    not_future(received_on, "Ngày tiếp nhận")
    for _, role in involved:
        if role not in Role.values:
            raise InvalidInput(f"Tư cách “{role}” không hợp lệ.")
    with acting_as(actor):
        report = CrimeReport(
            number=number.strip(),
            received_on=received_on,
            source=source,
            summary=summary.strip(),
            offence=offence,
            complex=complex,
            extended=extended,
            due_on=deadlines.crime_report_due(received_on, complex=complex, extended=extended),
            synthetic=synthetic,
            **_record_fields(actor, agency, unit),
        )
        validated(report)
        report.save()
        CrimeReportPerson.objects.bulk_create(
            CrimeReportPerson(
                report=report, person=person, role=role, province_id=report.province_id
            )
            for person, role in involved
        )
        audit_record(actor=actor, action="crime_report.register", target=report)
        _stats_report_changed(report, before=None)
    return report


@transaction.atomic
def crime_report_decide(
    *, actor: User, report: CrimeReport, decision: str, decided_on: datetime.date
) -> CrimeReport:
    require_actor(actor)
    _check_records(actor, report.agency)
    if decision not in CrimeReport.Decision.values or decision == CrimeReport.Decision.PENDING:
        raise InvalidInput("Kết quả: khởi tố, không khởi tố, tạm đình chỉ hoặc chuyển cơ quan.")
    if decided_on < report.received_on:
        raise InvalidInput("Ngày quyết định phải sau ngày tiếp nhận.")
    not_future(decided_on, "Ngày quyết định")
    with acting_as(actor):
        before = _stats_report_counted(report)
        report.decision, report.decided_on = decision, decided_on
        report.save(update_fields=["decision", "decided_on", "updated_at"])
        _stats_report_changed(report, before=before)
    return report


def complaint_round_deadline(
    complaint: Complaint, number: int, accepted_on: datetime.date, extensions: int = 0
) -> deadlines.Deadline:
    """The deadline (and its rule) of a complaint's round or of a denunciation (extended
    `extensions` times), by the rule of deadlines.py that applies to its kind and procedure."""
    if complaint.kind == Complaint.Kind.DENUNCIATION:
        return deadlines.denunciation_deadline(accepted_on, extensions=extensions)
    if complaint.criminal_against:  # BLTTHS 2015, Điều 474-477
        return deadlines.criminal_complaint_deadline(
            accepted_on, round=number, against=complaint.criminal_against
        )
    return deadlines.complaint_deadline(
        accepted_on, round=number, complex=complaint.complex, remote=complaint.remote
    )


def complaint_round_due(
    complaint: Complaint, number: int, accepted_on: datetime.date, extensions: int = 0
) -> datetime.date:
    return complaint_round_deadline(complaint, number, accepted_on, extensions).due


def complaint_rounds_max(complaint: Complaint) -> int:
    """How many resolutions a complaint may have: one for a denunciation (extended instead),
    two under the Law on Complaints 2011, as BLTTHS 2015 sets for one in criminal procedure."""
    if complaint.kind == Complaint.Kind.DENUNCIATION:
        return 1
    if complaint.criminal_against:
        return deadlines.criminal_complaint_rounds(complaint.criminal_against)
    return 2


@transaction.atomic
def complaint_register(
    *,
    actor: User,
    agency: Agency,
    kind: str,
    complainant: Person,
    content: str,
    received_on: datetime.date,
    accepted_on: datetime.date | None = None,
    respondent: str = "",
    respondent_agency: Agency | None = None,
    torture_act: TortureAct | None = None,
    occurred_on: datetime.date | None = None,
    place: str = "",
    complex: bool = False,
    remote: bool = False,
    unit: AdminUnit | None = None,
    synthetic: bool = False,
    criminal_against: str = "",
) -> Complaint:
    """Register a complaint or denunciation; when accepted, its first round and deadline.
    `criminal_against`: a complaint in criminal procedure, whose decision it is against
    (deadlines.criminal_complaint_rules); its rounds follow BLTTHS 2015, Điều 474-477."""
    require_actor(actor)
    _check_records(actor, agency)
    if kind not in Complaint.Kind.values:
        raise InvalidInput("Loại đơn: khiếu nại hoặc tố cáo.")
    rules = deadlines.criminal_complaint_rules()
    if criminal_against and (kind != Complaint.Kind.COMPLAINT or criminal_against not in rules):
        raise InvalidInput(
            "Khiếu nại trong tố tụng hình sự: chọn người, cơ quan có quyết định, hành vi bị "
            f"khiếu nại ({'; '.join(label for label, _ in rules.values())})."
        )
    if not content.strip():
        raise InvalidInput("Nội dung khiếu nại, tố cáo: bắt buộc.")
    if accepted_on is not None and accepted_on < received_on:
        raise InvalidInput("Ngày thụ lý phải sau ngày nhận đơn.")
    not_future(received_on, "Ngày nhận đơn")
    not_future(accepted_on, "Ngày thụ lý")
    not_future(occurred_on, "Ngày xảy ra")
    with acting_as(actor):
        complaint = Complaint(
            kind=kind,
            complainant=complainant,
            respondent=respondent.strip(),
            respondent_agency=respondent_agency,
            content=content.strip(),
            occurred_on=occurred_on,
            place=place.strip(),
            torture_act=torture_act,
            received_on=received_on,
            complex=complex,
            remote=remote,
            criminal_against=criminal_against,
            synthetic=synthetic,
            **_record_fields(actor, agency, unit),
        )
        validated(complaint)
        complaint.save()
        if accepted_on is not None:
            ComplaintRound.objects.create(
                complaint=complaint,
                province_id=complaint.province_id,
                number=1,
                accepted_on=accepted_on,
                due_on=complaint_round_due(complaint, 1, accepted_on),
            )
        audit_record(actor=actor, action="complaint.register", target=complaint)
    return complaint


@transaction.atomic
def complaint_round_resolve(
    *, actor: User, round: ComplaintRound, outcome: str, resolved_on: datetime.date
) -> ComplaintRound:
    require_actor(actor)
    _check_records(actor, round.complaint.agency)
    if outcome not in ComplaintRound.Outcome.values or outcome == "pending":
        raise InvalidInput("Kết quả giải quyết: đúng, đúng một phần, sai hoặc rút đơn.")
    if resolved_on < round.accepted_on:
        raise InvalidInput("Ngày giải quyết phải sau ngày thụ lý.")
    not_future(resolved_on, "Ngày giải quyết")
    with acting_as(actor):
        round.outcome, round.resolved_on = outcome, resolved_on
        round.save(update_fields=["outcome", "resolved_on"])
    return round


@transaction.atomic
def complaint_round_open(
    *, actor: User, complaint: Complaint, accepted_on: datetime.date, extensions: int = 0
) -> ComplaintRound:
    """The next round: a complaint's second resolution, or a denunciation's extension."""
    require_actor(actor)
    _check_records(actor, complaint.agency)
    rounds = list(complaint.rounds.all())
    if complaint.kind == Complaint.Kind.DENUNCIATION:
        if not rounds:
            number = 1
        else:  # an extension re-dates the only round
            round = rounds[0]
            round.extensions = extensions
            round.due_on = complaint_round_due(complaint, 1, round.accepted_on, extensions)
            round.save(update_fields=["extensions", "due_on"])
            return round
    else:
        number = len(rounds) + 1
        if number > 2:
            raise InvalidInput("Khiếu nại chỉ được giải quyết tối đa hai lần.")
        if rounds and rounds[-1].outcome == ComplaintRound.Outcome.PENDING:
            raise InvalidInput("Lần giải quyết trước chưa có kết quả.")
    with acting_as(actor):
        return ComplaintRound.objects.create(
            complaint=complaint,
            province_id=complaint.province_id,
            number=number,
            accepted_on=accepted_on,
            extensions=extensions,
            due_on=complaint_round_due(complaint, number, accepted_on, extensions),
        )


CASE_FLAGS = (
    "appealed",
    "protested",
    "judgment_changed",
    "judgment_annulled",
    "evidence_excluded",
    "wrongful_conviction",
)


@transaction.atomic
def criminal_case_open(
    *,
    actor: User,
    agency: Agency,
    number: str,
    opened_on: datetime.date,
    offences: Sequence[Offence],
    involved: Sequence[tuple[Person, str]] = (),
    stage: str = CriminalCase.Stage.INVESTIGATION,
    occurred_on: datetime.date | None = None,
    place: str = "",
    facts: str = "",
    crime_report: CrimeReport | None = None,
    unit: AdminUnit | None = None,
    synthetic: bool = False,
) -> CriminalCase:
    """Record a criminal case when it is opened (khởi tố), with its offences and people."""
    require_actor(actor)
    _check_records(actor, agency)
    if not number.strip():
        raise InvalidInput("Số vụ án: bắt buộc.")
    if not offences:
        raise InvalidInput("Tội danh: chọn ít nhất một điều của Bộ luật Hình sự.")
    roles = set(CasePerson.Role.values)
    if any(role not in roles for _, role in involved):
        raise InvalidInput("Tư cách người tham gia: bị can, bị cáo, bị hại.")
    not_future(opened_on, "Ngày khởi tố")
    not_future(occurred_on, "Ngày xảy ra")
    with acting_as(actor):
        case = CriminalCase(
            number=number.strip(),
            stage=stage,
            opened_on=opened_on,
            occurred_on=occurred_on,
            place=place.strip(),
            facts=facts.strip(),
            crime_report=crime_report,
            synthetic=synthetic,
            **_record_fields(actor, agency, unit),
        )
        validated(case)
        case.save()
        case.offences.set(offences)
        CasePerson.objects.bulk_create(
            CasePerson(case=case, person=person, role=role, province_id=case.province_id)
            for person, role in involved
        )
        audit_record(actor=actor, action="criminal_case.open", target=case)
    return case


@transaction.atomic
def criminal_case_update(*, actor: User, case: CriminalCase, **changes: Any) -> CriminalCase:
    """Move a case on: its stage, outcome and sentence, appeals, and the flags the CAT plans
    count (judgment changed or annulled, evidence excluded as obtained by torture, wrongful)."""
    require_actor(actor)
    _check_records(actor, case.agency)
    allowed = {"stage", "outcome", "sentence", *CASE_FLAGS}
    unknown = set(changes) - allowed
    if unknown:
        raise InvalidInput(f"Không sửa được: {', '.join(sorted(unknown))}.")
    with acting_as(actor):
        for name, value in changes.items():
            setattr(case, name, value)
        validated(case)
        case.save()
    return case


@transaction.atomic
def compensation_claim_register(
    *,
    actor: User,
    agency: Agency,
    claimant: Person,
    damaging_act: str,
    amount_claimed: Any,
    accepted_on: datetime.date,
    torture_act: TortureAct | None = None,
    torture_victim: bool = False,
    complex: bool = False,
    unit: AdminUnit | None = None,
    synthetic: bool = False,
) -> CompensationClaim:
    require_actor(actor)
    _check_records(actor, agency)
    if not damaging_act.strip():
        raise InvalidInput("Hành vi gây thiệt hại: bắt buộc.")
    amount_claimed = amount_checked(amount_claimed, "Số tiền yêu cầu")
    not_future(accepted_on, "Ngày thụ lý")
    with acting_as(actor):
        claim = CompensationClaim(
            claimant=claimant,
            damaging_act=damaging_act.strip(),
            torture_act=torture_act,
            torture_victim=torture_victim or torture_act is not None,
            amount_claimed=amount_claimed,
            accepted_on=accepted_on,
            complex=complex,
            synthetic=synthetic,
            **_record_fields(actor, agency, unit),
        )
        claim.next_due_on = compensation_next_due(claim)
        validated(claim)
        claim.save()
        audit_record(actor=actor, action="compensation_claim.register", target=claim)
    return claim


def compensation_step_days() -> dict[str, tuple[int, int]]:
    """The setting COMPENSATION_STEP_DAYS: {step code: (days, days if complex)} replacing the
    figures of deadlines.COMPENSATION_STEPS where a text says otherwise."""
    from django.conf import settings

    configured = getattr(settings, "COMPENSATION_STEP_DAYS", {}) or {}
    return {str(code): (int(pair[0]), int(pair[1])) for code, pair in configured.items()}


# The outcomes after which nothing is paid: the clock stops at the decision.
CLAIM_UNPAID = (CompensationClaim.Outcome.REJECTED, CompensationClaim.Outcome.WITHDRAWN)


def compensation_claim_steps(claim: CompensationClaim) -> list[Any]:
    """The statutory steps of the claim with their due dates and the days they were done
    (deadlines.compensation_steps). A claim rejected or withdrawn has no payment step; one
    withdrawn before its decision ends where it stopped."""
    steps = deadlines.compensation_steps(
        claim.accepted_on,
        complex=claim.complex,
        verified=claim.verified_on,
        negotiated=claim.negotiated_on,
        decided=claim.decided_on,
        paid=claim.paid_on,
        days=compensation_step_days(),
    )
    if claim.outcome in CLAIM_UNPAID:
        steps = [step for step in steps if step.code != "payment"]
        if claim.outcome == CompensationClaim.Outcome.WITHDRAWN:
            steps = [step for step in steps if step.done_on is not None]
    return steps


def compensation_next_due(claim: CompensationClaim) -> datetime.date | None:
    """The due day of the step whose clock runs, None when nothing is left to do."""
    step = deadlines.compensation_next_step(compensation_claim_steps(claim))
    return step.due if step is not None else None


SIMPLE_RECORDS = (VictimSupport, Activity, LegalInstrument, FriendlyInterviewRoom)


@transaction.atomic
def record_add(
    *, actor: User, model: type[Any], agency: Agency, token: str = "", **fields: Any
) -> Any:
    """Add a record without workflow (victim support, activity, legal instrument, friendly
    interview room): checked, validated and audited like the others. `token`: the form's
    (core.idempotency); sent twice, the record is added once (Duplicate names it)."""
    require_actor(actor)
    if model not in SIMPLE_RECORDS:
        raise InvalidInput("Loại hồ sơ này có thủ tục riêng.")
    _check_records(actor, agency)
    submission = submission_claim(
        actor=actor, token=token, action=f"{model._meta.model_name}.add:{agency.pk}"
    )
    if model is Activity:
        unknown = set(fields.get("audiences", [])) - set(Activity.AUDIENCES)
        if unknown:
            raise InvalidInput(f"Đối tượng không hợp lệ: {', '.join(sorted(unknown))}.")
    if model is FriendlyInterviewRoom:
        existing = FriendlyInterviewRoom.objects.filter(agency=agency).first()
        if existing is not None:
            raise InvalidInput(
                f"{agency.name} đã có phòng điều tra thân thiện (từ {existing.since:%d/%m/%Y})."
            )
    unit = fields.pop("unit", None)
    with acting_as(actor):
        record = model(**fields, **_record_fields(actor, agency, unit))
        validated(record)
        record.save()
        audit_record(actor=actor, action=f"{model._meta.model_name}.add", target=record)
    submission_done(submission, result_id=record.pk)
    return record


CLAIM_PROGRESS = (
    "verified_on",
    "negotiated_on",
    "decided_on",
    "outcome",
    "amount_decided",
    "amount_advanced",
)
# The outcomes a decision (or an agreement) grants an amount by.
CLAIM_GRANTED = (CompensationClaim.Outcome.AGREED, CompensationClaim.Outcome.DECIDED)


@transaction.atomic
def compensation_claim_progress(
    *, actor: User, claim: CompensationClaim, **changes: Any
) -> CompensationClaim:
    """Record a claim's later steps: damage verified (Art. 45), negotiation closed (Art. 46),
    decision with its outcome and amount (Art. 47), the amount advanced (Art. 44). The claim
    is locked, so two officers recording at once apply one after the other; audited with the
    fields changed. Payments are recorded one by one by compensation_claim_pay."""
    require_actor(actor)
    claim = CompensationClaim.objects.select_for_update().get(pk=claim.pk)
    _check_records(actor, claim.agency)
    if claim.withdrawn:
        raise InvalidInput("Hồ sơ đã bị loại bỏ: không cập nhật được.")
    unknown = set(changes) - set(CLAIM_PROGRESS)
    if unknown:
        raise InvalidInput(f"Không sửa được: {', '.join(sorted(unknown))}.")
    before = {name: getattr(claim, name) for name in changes}
    for name, value in changes.items():
        setattr(claim, name, value)
    steps = [claim.accepted_on, claim.verified_on, claim.negotiated_on, claim.decided_on]
    dated = [day for day in steps if day is not None]
    if dated != sorted(dated):
        raise InvalidInput(
            "Các ngày phải theo thứ tự: thụ lý, xác minh xong, thương lượng xong, quyết định."
        )
    claim.amount_advanced = amount_checked(claim.amount_advanced or 0, "Số tiền tạm ứng")
    for day, label in ((claim.verified_on, "Ngày xác minh xong"),
                       (claim.negotiated_on, "Ngày thương lượng xong"),
                       (claim.decided_on, "Ngày quyết định")):  # fmt: skip
        not_future(day, label)
    if claim.outcome not in CompensationClaim.Outcome.values:
        raise InvalidInput("Kết quả không hợp lệ.")
    closed = claim.outcome != CompensationClaim.Outcome.PENDING
    if closed and claim.outcome != CompensationClaim.Outcome.WITHDRAWN and not claim.decided_on:
        raise InvalidInput(
            f"Kết quả “{claim.get_outcome_display()}”: hãy ghi ngày quyết định giải quyết "
            "bồi thường (Luật TNBTCNN 2017, Điều 47)."
        )
    if claim.decided_on and not closed:
        raise InvalidInput("Đã có ngày quyết định: hãy chọn kết quả giải quyết.")
    if claim.outcome in CLAIM_GRANTED:
        if claim.amount_decided in (None, ""):
            raise InvalidInput(
                "Số tiền được bồi thường theo quyết định: bắt buộc khi thương lượng thành "
                "hoặc có quyết định giải quyết bồi thường."
            )
        claim.amount_decided = amount_checked(claim.amount_decided, "Số tiền được bồi thường")
        if claim.amount_decided < claim.amount_paid:
            raise InvalidInput(
                f"Số tiền được bồi thường ({claim.amount_decided:,.0f} đồng) không thể nhỏ hơn "
                f"số đã chi trả ({claim.amount_paid:,.0f} đồng).".replace(",", ".")
            )
    elif claim.amount_paid:
        raise InvalidInput(
            "Yêu cầu đã được chi trả một phần: kết quả phải là thương lượng thành hoặc có "
            "quyết định giải quyết bồi thường."
        )
    else:
        claim.amount_decided = None
    claim.paid_on = _claim_paid_on(claim)
    claim.next_due_on = compensation_next_due(claim)
    changed = sorted(name for name in changes if getattr(claim, name) != before[name])
    with acting_as(actor):
        validated(claim)
        claim.save()
        if changed:
            audit_record(actor=actor, action="compensation_claim.progress", target=claim,
                         data={"fields": changed})  # fmt: skip
    return claim


def _claim_paid_on(claim: CompensationClaim) -> datetime.date | None:
    """The day the claim was paid in full: the last payment's, once the sum reaches the amount
    decided."""
    if claim.amount_decided is None or claim.amount_paid < claim.amount_decided:
        return None
    last = claim.payments.order_by("-paid_on").values_list("paid_on", flat=True).first()
    return last


@transaction.atomic
def compensation_claim_pay(
    *, actor: User, claim: CompensationClaim, amount: Any, paid_on: datetime.date, note: str = ""
) -> CompensationPayment:
    """Record one payment of the compensation decided (Luật TNBTCNN 2017, Art. 53-54), dated;
    the claim is locked first, so two officers recording the same payment at once cannot pay
    more than decided: the second one is told what is left. Audited."""
    require_actor(actor)
    claim = CompensationClaim.objects.select_for_update().get(pk=claim.pk)
    _check_records(actor, claim.agency)
    if claim.withdrawn:
        raise InvalidInput("Hồ sơ đã bị loại bỏ: không chi trả được.")
    if claim.outcome not in CLAIM_GRANTED or claim.amount_decided is None:
        raise InvalidInput(
            "Chưa có quyết định giải quyết bồi thường (hoặc thương lượng thành) với số tiền "
            "được bồi thường: chưa chi trả được."
        )
    amount = amount_checked(amount, "Số tiền chi trả")
    if amount <= 0:
        raise InvalidInput("Số tiền chi trả phải lớn hơn 0.")
    not_future(paid_on, "Ngày chi trả")
    if claim.decided_on and paid_on < claim.decided_on:
        raise InvalidInput(
            f"Ngày chi trả không thể trước ngày quyết định ({claim.decided_on:%d/%m/%Y})."
        )
    left = claim.amount_decided - claim.amount_paid
    if amount > left:
        money = f"{left:,.0f}".replace(",", ".")
        raise InvalidInput(
            f"Số tiền chi trả vượt quá số còn phải trả: còn {money} đồng "
            "(có thể lần chi trả này đã được ghi)."
        )
    with acting_as(actor):
        payment = CompensationPayment.objects.create(
            claim=claim, province_id=claim.province_id, paid_on=paid_on, amount=amount,
            note=" ".join(note.split())[:255],
            recorded_by=actor_user(actor),
        )  # fmt: skip
        claim.amount_paid = claim.amount_paid + amount
        claim.paid_on = _claim_paid_on(claim)
        claim.next_due_on = compensation_next_due(claim)
        claim.save(update_fields=["amount_paid", "paid_on", "next_due_on", "updated_at"])
        audit_record(actor=actor, action="compensation_claim.pay", target=claim,
                     data={"payment": payment.pk, "amount": str(amount),
                           "paid_on": paid_on.isoformat()})  # fmt: skip
    return payment


def compensation_claims_overdue(*, user: Any, today: datetime.date, limit: int = 20) -> list[Any]:
    """The claims of the user's scope whose running step is past its due day, oldest first
    ("Việc của tôi")."""
    from .selectors import records_visible

    found = (
        records_visible(CompensationClaim, user=user)
        .filter(next_due_on__lt=today)
        .defer("damaging_act")
        .order_by("next_due_on", "id")
    )
    claims = list(found[:limit])
    for claim in claims:  # the step late, as the worklist names it
        step = deadlines.compensation_next_step(compensation_claim_steps(claim))
        claim.running_step = step.label if step is not None else ""  # type: ignore[attr-defined]
    return claims


# --- Use cases of the pages: a record and the people it names, in one transaction -------------


@transaction.atomic
def crime_report_receive(
    *,
    actor: User,
    agency: Agency,
    victim: PersonInput | None = None,
    token: str = "",
    **report: Any,
) -> CrimeReport:
    """A crime report as received at the desk, with its victim when known (Art. 147 CPC).
    `token`: the form's (core.idempotency): sent twice, one report (Duplicate names it)."""
    require_actor(actor)
    submission = submission_claim(actor=actor, token=token, action="crime_report.receive")
    involved = [(victim.find_or_create(actor=actor, agency=agency), "victim")] if victim else []
    created = crime_report_register(actor=actor, agency=agency, involved=involved, **report)
    submission_done(submission, result_id=created.pk)
    return created


@transaction.atomic
def complaint_receive(
    *, actor: User, agency: Agency, complainant: PersonInput, token: str = "", **complaint: Any
) -> Complaint:
    """A complaint or denunciation as handed in, with the person who wrote it. `token`: the
    form's (core.idempotency)."""
    require_actor(actor)
    submission = submission_claim(actor=actor, token=token, action="complaint.receive")
    person = complainant.find_or_create(actor=actor, agency=agency)
    created = complaint_register(actor=actor, agency=agency, complainant=person, **complaint)
    submission_done(submission, result_id=created.pk)
    return created


@transaction.atomic
def criminal_case_record(
    *,
    actor: User,
    agency: Agency,
    suspect: PersonInput | None = None,
    victim: PersonInput | None = None,
    token: str = "",
    **case: Any,
) -> CriminalCase:
    """A case as opened, with its suspect and victim when known. `token`: the form's
    (core.idempotency)."""
    require_actor(actor)
    submission = submission_claim(actor=actor, token=token, action="criminal_case.record")
    involved = [
        (person.find_or_create(actor=actor, agency=agency), role)
        for person, role in ((suspect, "suspect"), (victim, "victim"))
        if person is not None
    ]
    created = criminal_case_open(actor=actor, agency=agency, involved=involved, **case)
    submission_done(submission, result_id=created.pk)
    return created


@transaction.atomic
def compensation_claim_receive(
    *, actor: User, agency: Agency, claimant: PersonInput, token: str = "", **claim: Any
) -> CompensationClaim:
    """A claim for state compensation as accepted, with the claimant. `token`: the form's
    (core.idempotency)."""
    require_actor(actor)
    submission = submission_claim(actor=actor, token=token, action="compensation_claim.receive")
    person = claimant.find_or_create(actor=actor, agency=agency)
    created = compensation_claim_register(actor=actor, agency=agency, claimant=person, **claim)
    submission_done(submission, result_id=created.pk)
    return created


# --- Hand-over of an ended agency's records (issue 15) ---------------------------------------

# The record kinds whose keeping agency passes to the body that took over an ended agency's
# functions, in the order the hand-over page lists them (a visible declaration, STYLE 17).
HANDED_OVER_RECORDS: tuple[type[Record], ...] = (
    CrimeReport,
    Complaint,
    CriminalCase,
    CompensationClaim,
    VictimSupport,
    Activity,
    LegalInstrument,
    FriendlyInterviewRoom,
    Person,
)


def records_keeper_change(
    *,
    actor: Actor,
    model: type[Record],
    ids: Sequence[int],
    from_agency: Agency,
    to_agency: Agency,
    at: datetime.datetime,
) -> int:
    """Pass the records `ids` kept by `from_agency` to `to_agency` (a hand-over, or its
    reversal). The records' place, dates and authors stay as they were; `updated_at` becomes
    `at`, so a later change by the receiver is seen. The caller holds the transaction and
    writes the hand-over row, the history of who kept what."""
    require_actor(actor, system=True)
    if model not in HANDED_OVER_RECORDS:
        raise InvalidInput(f"Loại hồ sơ không bàn giao được: {model._meta.verbose_name}.")
    records = model.objects.filter(pk__in=list(ids), agency=from_agency)  # type: ignore[attr-defined]
    stale: set[tuple[int, int]] = set()
    if model is CrimeReport:  # the statistics count crime reports by keeping agency
        stale = {
            (p, received.year) for p, received in records.values_list("province_id", "received_on")
        }
    changed = int(records.update(agency=to_agency, updated_at=at))
    stats_stale(stale)
    return changed


def records_changed_since(
    *, model: type[Record], ids: Sequence[int], since: datetime.datetime
) -> bool:
    """Whether any of the records was changed after `since` (a hand-over's moment)."""
    return bool(model.objects.filter(pk__in=list(ids), updated_at__gt=since).exists())  # type: ignore[attr-defined]

"""Import and export of the people back in the community, as the registry's other records:
one row a person (the person's identity, the judgment, the responsible commune, the dates the
clocks run from, the helper, the classification, the support needed, the end of supervision).

Registered with the registry's import and export (`registry.transfer.register_kind`) from
`ReintegrationConfig.ready()`: `dondoc registry import|export|template reintegration` and the
registry's import page handle it. A saved row makes the person, the subject and the events of
the dates it gives (notice, reception, helper, end), recorded for the importing agency.

`synthetic_subjects` writes the demonstration's subjects (reintegration.synthetic) the same way.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from dondoc.core.actors import SYSTEM, Actor, actor_user, require_actor
from dondoc.core.crypto import lookup_hash, name_hash
from dondoc.core.exceptions import InvalidInput
from dondoc.core.paths import within
from dondoc.org.models import AdminUnit, Agency
from dondoc.registry.catalogues import offence_ids_by_article
from dondoc.registry.layouts import SEX, birth_year, bounded
from dondoc.registry.models import EthnicGroup, Person
from dondoc.registry.persons import persons_known_or_new
from dondoc.registry.services import _record_fields
from dondoc.registry.tabular import (
    Column,
    Layout,
    choice,
    parse_date,
    parse_int,
    text,
)
from dondoc.registry.transfer import (
    BATCH,
    Catalogues,
    KindHandler,
    PersonCellsOf,
    person_from_row,
    register_kind,
    row_problem,
)

from .models import (
    EndReason,
    Group,
    LegalStatus,
    ReintegrationSubject,
    SubjectEvent,
    SubjectSupport,
    SubjectTransfer,
    SupportKind,
)
from .selectors import subjects_visible
from .services import dated_events
from .synthetic import subjects

KIND = "reintegration"
_SUPPORT = choice(dict(SupportKind.choices))


def _needs(value: str) -> list[str]:
    """ "Đào tạo nghề; Vay vốn" → ["vocational", "loan"] (labels or keys, ";" between)."""
    found = {_SUPPORT(part) for part in value.split(";") if part.strip()}
    return [key for key in SupportKind.values if key in found]


LAYOUT = Layout(
    KIND,
    "Người thuộc diện tái hòa nhập cộng đồng",
    (
        Column("full_name", "Họ và tên", text, required=True, example="Hoàng Văn Tái"),
        Column("identity_number", "Số định danh", text, example="008090001234"),
        Column("birth_date", "Ngày sinh", parse_date, example="20/05/1990"),
        Column("birth_year", "Năm sinh", birth_year, example="1990"),
        Column("sex", "Giới tính", SEX, example="Nam"),
        Column("ethnicity", "Dân tộc", text, example="Tày"),
        Column("legal_status", "Diện quản lý", choice(dict(LegalStatus.choices)), required=True,
               example="Chấp hành xong án phạt tù"),
        Column("judgment", "Bản án", bounded(ReintegrationSubject, "judgment"),
               example="Bản án số 25/2022/HS-ST ngày 10/3/2022 của TAND huyện Sơn Dương"),
        Column("offence", "Điều luật (BLHS)", parse_int, example="173"),
        Column("sentence", "Hình phạt", bounded(ReintegrationSubject, "sentence"),
               example="03 năm tù"),
        Column("prison", "Trại giam/cơ quan thông báo", bounded(ReintegrationSubject, "prison"),
               example="Trại giam Quyết Tiến"),
        Column("start_on", "Ngày ra trại/bắt đầu chấp hành", parse_date, required=True,
               example="15/01/2026"),
        Column("supervision_until", "Hết thời hạn quản lý", parse_date, example="15/01/2027"),
        Column("commune", "Mã xã chịu trách nhiệm", text, example="02182"),
        Column("notice_on", "Ngày nhận thông báo", parse_date, example="10/11/2025"),
        Column("verified_on", "Ngày xác minh nơi cư trú", parse_date, example="12/11/2025"),
        Column("received_on", "Ngày tiếp nhận", parse_date, example="16/01/2026"),
        Column("helper", "Người giúp đỡ", text, example="Bà Lý Thị Hoa, Chi hội trưởng Phụ nữ"),
        Column("helper_on", "Ngày phân công người giúp đỡ", parse_date, example="19/01/2026"),
        Column("group", "Xếp loại", choice(dict(Group.choices)), example="A"),
        Column("needs", "Nhu cầu hỗ trợ (cách nhau dấu ;)", _needs,
               example="Đào tạo nghề; Vay vốn"),
        Column("ended_on", "Ngày kết thúc", parse_date),
        Column("end_reason", "Lý do kết thúc", choice(dict(EndReason.choices))),
    ),
)  # fmt: skip


def _commune(code: str, row: int, label: str, cat: Catalogues, fields: dict[str, Any]) -> AdminUnit:
    """The responsible commune: a unit of the importing agency's subtree (its own unit when
    the cell is empty)."""
    home: AdminUnit = fields["unit"]
    if not code:
        return home
    key = (KIND, "unit", home.pk, code)
    if key not in cat.memo:
        unit = (
            AdminUnit.objects.filter(map=home.map, code=code)
            .exclude(level=AdminUnit.Level.PROVINCE)
            .order_by("level")  # a commune before a district of the same code
            .first()
        )
        inside = unit is not None and within(unit.path, home.path)
        cat.memo[key] = (unit, inside)
    unit, inside = cat.memo[key]
    if unit is None:
        raise row_problem(row, label, f"“{code}”: không có đơn vị hành chính mang mã này")
    if not inside:
        raise row_problem(
            row, label, f"“{code}” ({unit.name}) không thuộc địa bàn của cơ quan ({home.name})"
        )
    return unit


def build_row(
    values: dict[str, Any], row: int, labels: dict[str, str], cat: Catalogues,
    fields: dict[str, Any],
) -> tuple[Any, ...]:  # fmt: skip
    """(person, subject, events) of one row, unsaved; a date out of order, a date to come, a
    value outside the catalogues rejects the row naming the column."""
    today = timezone.localdate()
    get = values.get
    for key in ("birth_date", "notice_on", "verified_on", "received_on", "helper_on", "ended_on"):
        day = get(key)
        if day is not None and day > today:
            raise row_problem(row, labels[key], f"{day:%d/%m/%Y}: ngày ở tương lai")
    for key in ("judgment", "sentence", "prison"):
        if len(get(key) or "") > 255:
            raise row_problem(row, labels[key], "dài quá 255 ký tự")
    start, until = values["start_on"], get("supervision_until")
    notice, received, helper_on = get("notice_on"), get("received_on"), get("helper_on")
    ended, reason, helper = get("ended_on"), get("end_reason"), get("helper") or ""
    if until is not None and until < start:
        raise row_problem(
            row, labels["supervision_until"], "trước ngày ra trại, ngày bắt đầu chấp hành"
        )
    if received is not None and notice is not None and received < notice:
        raise row_problem(row, labels["received_on"], "trước ngày nhận thông báo")
    verified = get("verified_on")
    if verified is not None and notice is not None and verified < notice:
        raise row_problem(row, labels["verified_on"], "trước ngày nhận thông báo")
    if helper_on is not None:
        if received is None:
            raise row_problem(row, labels["helper_on"], "chưa có ngày tiếp nhận")
        if helper_on < received:
            raise row_problem(row, labels["helper_on"], "trước ngày tiếp nhận")
        if not helper:
            raise row_problem(row, labels["helper"], "cần họ tên người giúp đỡ")
    elif helper:
        raise row_problem(row, labels["helper_on"], "cần ngày phân công người giúp đỡ")
    if ended is not None and not reason:
        raise row_problem(row, labels["end_reason"], "cần lý do kết thúc khi có ngày kết thúc")
    if reason and ended is None:
        raise row_problem(row, labels["ended_on"], "cần ngày kết thúc khi có lý do kết thúc")
    if ended is not None and received is not None:
        # As subject_end: a person never received may end before the start (died in prison …).
        if ended < start:
            raise row_problem(row, labels["ended_on"], "trước ngày ra trại, ngày bắt đầu")
        if ended < received:
            raise row_problem(row, labels["ended_on"], "trước ngày tiếp nhận")
    unit = _commune(get("commune") or "", row, labels["commune"], cat, fields)
    offence = cat.lookup(cat.offence, get("offence"), row, labels["offence"])
    person = person_from_row(values, "", row, labels, cat, fields)
    if person is None:
        raise row_problem(row, labels["full_name"], "bắt buộc, đang để trống")
    person.unit = person.residence_unit = unit
    subject = ReintegrationSubject(
        legal_status=values["legal_status"],
        judgment=get("judgment") or "",
        offence_id=offence,
        sentence=get("sentence") or "",
        prison=get("prison") or "",
        start_on=start,
        supervision_until=until,
        helper=helper,
        needs=get("needs") or [],
        group=get("group") or "",
        notice_on=notice,
        verified_on=verified,
        received_on=received,
        helper_on=helper_on,
        ended_on=ended,
        end_reason=reason or "",
        reoffended=reason == EndReason.SENTENCED_AGAIN,
        **(fields | {"unit": unit}),
    )
    return (person, subject)


def save(built: list[tuple[Any, ...]]) -> None:
    """Insert a batch of (person, subject[, other events]): the persons, their subjects, the
    events their dates stand for and the other events given."""
    # A person whose identity number is on record in the province is that person: linked,
    # not a second record (registry.persons).
    persons, new = persons_known_or_new([item[0] for item in built])
    Person.objects.bulk_create(new)
    for person, item in zip(persons, built, strict=True):
        item[1].person = person
    subjects = ReintegrationSubject.objects.bulk_create([item[1] for item in built])
    events = []
    for subject, item in zip(subjects, built, strict=True):
        events += dated_events(subject, actor=subject.created_by or SYSTEM)
        for event in item[2] if len(item) > 2 else ():
            event.subject, event.province_id = subject, subject.province_id
            events.append(event)
    SubjectEvent.objects.bulk_create(events)


def _day(value: datetime.date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def export_rows(records: QuerySet[Any], cells: PersonCellsOf) -> Iterable[list[str]]:
    """One row a subject, in the layout's order: an export can be imported again. The person
    through `cells` (masked for a role that does not need names, as on the pages)."""
    subjects = records.select_related("person__ethnicity", "person__religion", "offence", "unit")
    for s in subjects.iterator(chunk_size=BATCH):
        p = cells(s.person)
        yield [
            p.name,
            p.identity,
            p.birth_date,
            p.birth_year,
            p.sex,
            p.ethnicity,
            s.get_legal_status_display(),
            s.judgment,
            str(s.offence.article) if s.offence else "",
            s.sentence,
            s.prison,
            _day(s.start_on),
            _day(s.supervision_until),
            s.unit.code,
            _day(s.notice_on),
            _day(s.verified_on),
            _day(s.received_on),
            s.helper,
            _day(s.helper_on),
            s.group,
            "; ".join(SupportKind(need).label for need in s.needs if need in SupportKind.values),
            _day(s.ended_on),
            s.get_end_reason_display() if s.end_reason else "",
        ]


# --- Synthetic subjects (demonstration) ---------------------------------------------------------


def synthetic_subjects(
    *,
    actor: Actor,
    places: list[tuple[Agency, AdminUnit]],
    count: int,
    today: datetime.date | None = None,
    start: int = 0,
    seed: int = 7,
) -> int:
    """`count` generated subjects (reintegration.synthetic), marked synthetic, with their
    persons, events, support and, when there are two communes and no synthetic hand-over is
    pending yet, one pending hand-over to the first commune. `places`: the commune police and
    its commune; `start`: the index of the first subject (a top-up continues the names)."""
    require_actor(actor, system=True)
    if not places:
        raise InvalidInput("Không có địa bàn nào để tạo dữ liệu giả lập.")
    today = today or timezone.localdate()
    ethnic = dict(EthnicGroup.objects.values_list("code", "pk"))
    offence = offence_ids_by_article()  # 217, never 217a
    fields = [_record_fields(actor, agency, unit) | {"synthetic": True} for agency, unit in places]
    district = places[0][1].parent or places[0][1]
    court = f"Tòa án nhân dân {district.name[:1].lower()}{district.name[1:]}"
    transfer = not SubjectTransfer.objects.filter(
        subject__synthetic=True, state=SubjectTransfer.State.PENDING
    ).exists()
    Kind = SubjectEvent.Kind
    built: list[tuple[Any, ...]] = []
    items = []
    for item in subjects(
        count, units=len(places), today=today, start=start, court=court, transfer=transfer,
        province_code=fields[0]["province"].code, seed=seed,
    ):  # fmt: skip
        where = fields[item.unit_index]
        person = Person(
            full_name=item.name,
            identity_number=item.identity,
            identity_hash=lookup_hash(item.identity),
            name_hash=name_hash(item.name, item.birth_date.year),
            birth_date=item.birth_date,
            birth_year=item.birth_date.year,
            sex=item.sex,
            ethnicity_id=ethnic.get(item.ethnic_code),
            residence_unit=where["unit"],
            **where,
        )
        last = item.assessments[-1] if item.assessments else None
        subject = ReintegrationSubject(
            legal_status=item.legal_status,
            judgment=item.judgment,
            offence_id=offence.get(item.article),
            sentence=item.sentence,
            prison=item.prison,
            start_on=item.start_on,
            supervision_until=item.supervision_until,
            helper=item.helper,
            needs=item.needs,
            group=last[2] if last else "",
            notice_on=item.notice_on,
            verified_on=item.verified_on,
            received_on=item.received_on,
            helper_on=item.helper_on,
            assessed_quarter=last[1] if last else "",
            summoned_on=item.summoned_on,
            self_reported_month=item.self_reports[-1][1] if item.self_reports else "",
            reviewed_quarter=item.reviews[-1][1] if item.reviews else "",
            certificate_on=item.certificate_on,
            ended_on=item.ended_on,
            end_reason=item.end_reason,
            reoffended=item.reoffended_on is not None,
            **where,
        )
        # Besides the events its dates stand for (services.dated_events, added by save()).
        dated: list[tuple[str, datetime.date | None, dict[str, Any]]] = [
            *((Kind.ASSESSMENT, on, {"quarter": q, "group": g}) for on, q, g in item.assessments),
            *((Kind.SELF_REPORT, on, {"month": month}) for on, month in item.self_reports),
            *((Kind.REVIEW, on, {"quarter": quarter}) for on, quarter in item.reviews),
            *(
                (Kind.SUPPORT, on, {"note": SupportKind(kind).label})
                for kind, on, _ in item.supports
            ),
            (Kind.REOFFENDED, item.reoffended_on, {"note": "Bị khởi tố về tội phạm mới"}),
            (Kind.TRANSFER_REQUESTED, item.moved_on,
             {"note": places[item.moves_to][0].name} if item.moves_to is not None else {}),
        ]  # fmt: skip
        events = [
            SubjectEvent(
                kind=kind, on=day, agency=where["agency"], created_by=where["created_by"], **extra
            )
            for kind, day, extra in sorted(
                ((k, d, e) for k, d, e in dated if d is not None), key=lambda x: x[1]
            )
        ]
        built.append((person, subject, events))
        items.append(item)
    with transaction.atomic():
        save(built)
        SubjectSupport.objects.bulk_create(
            SubjectSupport(
                subject=subject,
                province_id=subject.province_id,
                kind=kind,
                provided_on=on,
                amount=amount,
            )
            for (_, subject, _), item in zip(built, items, strict=True)
            for kind, on, amount in item.supports
        )
        for (_, subject, _), item in zip(built, items, strict=True):
            if item.moves_to is not None and item.moved_on is not None:
                agency, unit = places[item.moves_to]
                SubjectTransfer.objects.create(
                    subject=subject,
                    province_id=subject.province_id,
                    from_agency=subject.agency,
                    from_unit=subject.unit,
                    to_agency=agency,
                    to_unit=unit,
                    moved_on=item.moved_on,
                    note="Chuyển về sống cùng gia đình",
                    requested_by=actor_user(actor),
                )
    return count


def _visible(user: Any) -> QuerySet[Any]:
    return subjects_visible(user=user)


HANDLER = KindHandler(
    layout=LAYOUT,
    model=ReintegrationSubject,
    build_row=build_row,
    save=save,
    export_rows=export_rows,
    visible=_visible,
)


def register() -> None:
    register_kind(HANDLER)

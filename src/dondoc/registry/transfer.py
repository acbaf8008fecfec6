"""Import of records from CSV/XLSX (all rows checked first; saved only when none is rejected,
or when the officer confirms saving the valid ones) and export of the records a user sees.

Imports write in batches (COPY on PostgreSQL, bulk inserts elsewhere: a million rows must not
take a night); the import is one audited action. Exports are reads of personal data: each
is audited with its size.

An app below the registry adds its own record kind (its layout, how a row is built, saved and
exported) with `register_kind(KindHandler(…))` from its `AppConfig.ready()`; the import, the
export, the template, the command and the import page then handle it as the registry's own.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, IntegrityError, connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model, QuerySet
from django.utils import timezone

from dondoc.core.actors import Actor, require_actor
from dondoc.core.audit import audit_record
from dondoc.core.crypto import (
    keyed_digest,
    keyed_digester,
    lookup_hash,
    lookup_hasher,
    name_hash,
    name_hasher,
)
from dondoc.core.dbstats import analyse
from dondoc.core.exceptions import InvalidInput, NotAllowed
from dondoc.core.paths import subtree_q
from dondoc.core.renderers.xlsx import Sheet, render_xlsx
from dondoc.org.models import Agency, User
from dondoc.org.scoping import can_export_personal_data

from . import deadlines
from .bulk import (
    Writer,
    copy_columns,
    copy_ids,
    copy_insert,
    copy_prepare,
    copy_rows,
    copy_supported,
    deferred_checks,
    new_instance,
    rows_by_unique_key,
)
from .catalogues import ETHNIC_VARIANTS, OffenceResolver, fold, offence_ids_by_article
from .layouts import LAYOUTS
from .listing import LISTINGS, filtered
from .models import (
    Activity,
    CompensationClaim,
    Complaint,
    ComplaintRound,
    CrimeReport,
    CrimeReportPerson,
    CriminalCase,
    EthnicGroup,
    ImportedRow,
    Person,
    Religion,
    TortureAct,
)
from .persons import persons_known_or_new
from .selectors import records_visible
from .services import (
    CASE_FLAGS,
    _check_records,
    _record_fields,
    complaint_round_due,
    identity_checked,
    stats_stale,
)
from .tabular import (
    Layout,
    RowError,
    TableError,
    is_template_example,
    match_key,
    neutralised,
    parse_rows,
    read_table,
)

BATCH = 2000
KEEP_ROWS = 100_000  # up to this many rows, the checked records are kept for saving


@dataclass(frozen=True)
class RowWarning:
    """A row left out without being an error: the template's example, a duplicate."""

    row: int
    message: str

    def describe(self) -> str:
        return f"Dòng {self.row}: {self.message}"


@dataclass
class ImportResult:
    kind: str
    rows: int  # data rows in the file
    valid: int  # rows to save (checked, and neither a duplicate nor the template's example)
    saved: int
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)  # rows skipped, and why
    sheet: str = ""  # what was read: "Đã đọc trang tính “…”." ("" for a CSV file)

    @property
    def rejected_rows(self) -> int:
        return len({e.row for e in self.errors})


class Catalogues:
    """Names and codes of the catalogues, matched without case or accents; loaded once per
    import. `memo` is where a registered kind's row builder keeps its own lookups (the
    administrative units of its codes …) for the length of the import."""

    def __init__(self) -> None:
        self.memo: dict[Any, Any] = {}
        # The keyed hashes with their keys derived once, not for each of a million rows.
        self.lookup_hash = lookup_hasher()
        self.name_hash = name_hasher()
        self.digest = keyed_digester()
        # Statutory deadlines by their inputs: a file spans a few hundred days at most.
        self.due: dict[tuple[Any, bool], Any] = {}
        self.this_year = _this_year()  # a birth year's upper bound, once per import
        self.ethnic = {
            match_key(v): pk
            for pk, name, code in EthnicGroup.objects.values_list("pk", "name", "code")
            for v in (name, code)
        }
        self.religion: dict[str, int] = {
            match_key(v): pk
            for pk, name, code in Religion.objects.values_list("pk", "name", "code")
            for v in (name, code)
        }
        for code, variants in ETHNIC_VARIANTS.items():  # "Mông" = "H'Mông" = "Hmông" …
            pk = self.ethnic.get(match_key(code))
            if pk is None:
                continue
            for variant in variants:
                self.ethnic.setdefault(match_key(variant), pk)
                self.ethnic.setdefault(match_key(fold(variant)), pk)
        for pk, name in EthnicGroup.objects.values_list("pk", "name"):
            self.ethnic.setdefault(match_key(fold(name)), pk)
        self.offences = OffenceResolver.load()
        none = Religion.objects.filter(code="00").values_list("pk", flat=True).first()
        if none is not None:
            self.religion[match_key("không")] = none
        self.offence = offence_ids_by_article()
        self.acts = {
            match_key(v): pk
            for pk, name, code in TortureAct.objects.values_list("pk", "name", "code")
            for v in (name, code)
        }

    def offence_id(self, value: str, row: int, column: str) -> int | None:
        """The offence written as "Điều 134", "134", "điều 134 BLHS" or its name."""
        try:
            found = self.offences.resolve(value)
        except InvalidInput as problem:
            raise RowProblem(RowError(row, column, problem.message)) from problem
        return found.pk if found else None

    def lookup(self, table: dict[Any, Any], value: Any, row: int, column: str) -> Any:
        if value in (None, ""):
            return None
        found = table.get(match_key(value) if isinstance(value, str) else value)
        if found is None:
            raise RowProblem(RowError(row, column, f"“{value}” không có trong danh mục"))
        return found


class RowProblem(Exception):
    """A row the checks reject: raised by a row builder, reported as its `RowError` (the row,
    the column's label, what is wrong) while the other rows are checked on."""

    def __init__(self, error: RowError) -> None:
        self.error = error
        super().__init__(error.describe())


def row_problem(row: int, column: str, message: str) -> RowProblem:
    """The rejection of `row` for the column labelled `column`: `raise row_problem(…)`."""
    return RowProblem(RowError(row, column, message))


def identity_cell(value: str, row: int, column: str) -> str:
    """An identity number as stored, or the row's rejection naming `column`."""
    try:
        return identity_checked(value)
    except InvalidInput as problem:
        message = problem.message
        if value.strip().isdigit() and len(value.strip()) in (10, 11):
            # 012345678901 typed in a number cell of Excel comes as 12345678901.
            message += " Có vẻ số 0 ở đầu đã bị mất: định dạng cột là Văn bản (Text) rồi gõ lại."
        raise RowProblem(RowError(row, column, message)) from problem


def _this_year() -> int:
    """The year of `timezone.localdate()` in the project's time zone (see layouts._today)."""
    return timezone.localdate(timezone=timezone.get_default_timezone()).year


@dataclass(frozen=True)
class _PersonKeys:
    """The column keys of one person's cells in a row: `full_name`, `identity_number`, … or,
    with a prefix, `victim_name`, `victim_identity`, …"""

    name: str
    identity: str
    birth_date: str
    birth_year: str
    sex: str
    ethnicity: str
    religion: str


@functools.cache
def _person_keys(prefix: str) -> _PersonKeys:
    if not prefix:
        return _PersonKeys("full_name", "identity_number", "birth_date", "birth_year", "sex",
                           "ethnicity", "religion")  # fmt: skip
    return _PersonKeys(*(f"{prefix}{k}" for k in ("name", "identity", "birth_date",
                       "birth_year", "sex", "ethnicity", "religion")))  # fmt: skip


def person_from_row(
    values: dict[str, Any], prefix: str, row: int, labels: dict[str, str], cat: Catalogues,
    fields: dict[str, Any],
) -> Person | None:  # fmt: skip
    """The person a row names (not saved), from the columns `full_name` (or `{prefix}name`),
    `identity_number` (`{prefix}identity`), birth date and year, sex, ethnicity, religion …;
    None when the name is empty. A layout may leave any column but the name out."""
    k = _person_keys(prefix)
    get = values.get
    name = get(k.name) or ""
    if not name:
        return None
    identity = identity_cell(get(k.identity) or "", row, labels.get(k.identity, ""))
    birth_date = get(k.birth_date)
    birth_year = birth_date.year if birth_date else get(k.birth_year)
    if birth_year is not None and not (1900 <= birth_year <= cat.this_year):
        column = labels.get(k.birth_year) or labels.get(k.birth_date, "")
        raise RowProblem(RowError(row, column, f"năm sinh {birth_year}?"))
    ethnicity, religion = get(k.ethnicity), get(k.religion)
    return new_instance(
        Person,
        dict(
            full_name=name,
            identity_number=identity,
            identity_hash=cat.lookup_hash(identity),
            name_hash=cat.name_hash(name, birth_year),
            birth_date=birth_date,
            birth_year=birth_year,
            sex=get(k.sex) or "unknown",
            ethnicity_id=None
            if ethnicity in (None, "")
            else cat.lookup(cat.ethnic, ethnicity, row, labels.get(k.ethnicity, "")),
            religion_id=None
            if religion in (None, "")
            else cat.lookup(cat.religion, religion, row, labels.get(k.religion, "")),
            nationality=get("nationality") or "Việt Nam",
            address=get("address") or "",
            phone=get("phone") or "",
            **fields,
        ),
    )


def _build(
    layout: Layout,
    parsed: list[tuple[int, dict[str, Any]]],
    fields: dict[str, Any],
    cat: Catalogues,
) -> tuple[list[tuple[int, tuple[Any, ...]]], list[RowError]]:
    """Model instances per row (not saved) with its row number, and the rows rejected by the
    catalogues."""
    labels = {c.key: c.label for c in layout.columns}
    built: list[tuple[int, tuple[Any, ...]]] = []
    errors: list[RowError] = []
    today = timezone.localdate()
    due = cat.due
    # The registry's own persons and reports get the importing agency's fields as ids: the
    # same records (and fingerprints), without a related-object check per row and field.
    ids = {
        f"{name}_id": (value.pk if value is not None else None) for name, value in fields.items()
    }
    for row, values in parsed:
        try:
            if layout.kind in HANDLERS:
                built.append(
                    (row, HANDLERS[layout.kind].build_row(values, row, labels, cat, fields))
                )
                continue
            if layout.kind == "persons":
                built.append((row, (person_from_row(values, "", row, labels, cat, ids),)))
                continue
            if layout.kind in ROW_BUILDERS:
                built.append((row, ROW_BUILDERS[layout.kind](values, row, labels, cat, fields)))
                continue
            received = values["received_on"]
            if received > today:
                raise RowProblem(RowError(row, labels["received_on"], "ngày ở tương lai"))
            decision = values.get("decision") or CrimeReport.Decision.PENDING
            decided_on = values.get("decided_on")
            if decision != "pending" and decided_on is None:
                raise RowProblem(RowError(row, labels["decided_on"], "cần ngày quyết định"))
            if decided_on is not None and decided_on < received:
                raise RowProblem(RowError(row, labels["decided_on"], "trước ngày tiếp nhận"))
            complex_ = bool(values.get("complex"))
            due_on = due.get((received, complex_))
            if due_on is None:
                due_on = due[received, complex_] = deadlines.crime_report_due(
                    received, complex=complex_
                )
            report = new_instance(
                CrimeReport,
                dict(
                    number=values.get("number") or "",
                    received_on=received,
                    source=values["source"],
                    summary=values.get("summary") or "",
                    offence_id=cat.offence_id(values.get("offence") or "", row, labels["offence"]),
                    offence_on=_offence_day(values, received, row, labels),
                    offence_address=values.get("offence_address") or "",
                    transferred_to=values.get("transferred_to") or "",
                    complex=complex_,
                    due_on=due_on,
                    decision=decision,
                    decided_on=decided_on,
                    **ids,
                ),
            )
            victim = person_from_row(values, "victim_", row, labels, cat, ids)
            suspect = person_from_row(values, "suspect_", row, labels, cat, ids)
            reporter = person_from_row(values, "reporter_", row, labels, cat, ids)
            built.append((row, (report, victim, suspect, reporter)))
        except RowProblem as problem:
            errors.append(problem.error)
    return built, errors


def _offence_day(values: dict[str, Any], received: Any, row: int, labels: dict[str, str]) -> Any:
    day = values.get("offence_on")
    if day is not None and day > received:
        raise RowProblem(RowError(row, labels["offence_on"], "sau ngày tiếp nhận"))
    return day


def _complaint_row(
    values: dict[str, Any], row: int, labels: dict[str, str], cat: Catalogues,
    fields: dict[str, Any],
) -> tuple[Any, ...]:  # fmt: skip
    received, accepted = values["received_on"], values.get("accepted_on")
    if accepted is not None and accepted < received:
        raise RowProblem(RowError(row, labels["accepted_on"], "trước ngày nhận đơn"))
    person = Person(
        full_name=values["complainant_name"],
        name_hash=name_hash(values["complainant_name"], values.get("complainant_birth_year")),
        sex=values.get("complainant_sex") or "unknown",
        birth_year=values.get("complainant_birth_year"),
        **fields,
    )
    complaint = Complaint(
        kind=values["kind"],
        respondent=values.get("respondent") or "",
        content=values["content"],
        torture_act_id=cat.lookup(cat.acts, values.get("torture_act"), row, labels["torture_act"]),
        received_on=received,
        complex=bool(values.get("complex")),
        remote=bool(values.get("remote")),
        **fields,
    )
    step = None
    if accepted is not None:
        step = ComplaintRound(
            number=1,
            accepted_on=accepted,
            due_on=complaint_round_due(complaint, 1, accepted),
            province_id=complaint.province_id,
        )
    return (complaint, person, step)


def _activity_row(
    values: dict[str, Any], row: int, labels: dict[str, str], cat: Catalogues,
    fields: dict[str, Any],
) -> tuple[Any, ...]:  # fmt: skip
    return (
        Activity(
            kind=values["kind"],
            subject=values["subject"],
            title=values["title"],
            held_on=values["held_on"],
            audiences=values.get("audiences") or [],
            participants_male=values.get("participants_male") or 0,
            participants_female=values.get("participants_female") or 0,
            languages=values.get("languages") or "",
            materials=values.get("materials") or 0,
            **fields,
        ),
    )


def _case_row(
    values: dict[str, Any], row: int, labels: dict[str, str], cat: Catalogues,
    fields: dict[str, Any],
) -> tuple[Any, ...]:  # fmt: skip
    articles = [part.strip() for part in values["offences"].split(";") if part.strip()]
    offences = []
    for article in articles:
        if not article.isdigit():
            raise RowProblem(RowError(row, labels["offences"], f"“{article}”: cần số điều"))
        offences.append(cat.lookup(cat.offence, int(article), row, labels["offences"]))
    case = CriminalCase(
        number=values["number"],
        opened_on=values["opened_on"],
        stage=values.get("stage") or CriminalCase.Stage.INVESTIGATION,
        outcome=values.get("outcome") or CriminalCase.Outcome.PENDING,
        sentence=values.get("sentence") or "",
        **{flag: bool(values.get(flag)) for flag in CASE_FLAGS},
        **fields,
    )
    return (case, offences)


def _claim_row(
    values: dict[str, Any], row: int, labels: dict[str, str], cat: Catalogues,
    fields: dict[str, Any],
) -> tuple[Any, ...]:  # fmt: skip
    act = cat.lookup(cat.acts, values.get("torture_act"), row, labels["torture_act"])
    person = Person(full_name=values["claimant_name"], **fields)
    claim = CompensationClaim(
        damaging_act=values["damaging_act"],
        torture_act_id=act,
        torture_victim=act is not None,
        amount_claimed=values["amount_claimed"],
        amount_advanced=values.get("amount_advanced") or 0,
        amount_paid=values.get("amount_paid") or 0,
        accepted_on=values["accepted_on"],
        complex=bool(values.get("complex")),
        outcome=values.get("outcome") or CompensationClaim.Outcome.PENDING,
        **fields,
    )
    from .services import compensation_next_due

    claim.next_due_on = compensation_next_due(claim)  # the worklist follows imported claims too
    return (claim, person)


ROW_BUILDERS = {
    "complaints": _complaint_row,
    "activities": _activity_row,
    "cases": _case_row,
    "compensation_claims": _claim_row,
}


# --- Record kinds of the apps below the registry ----------------------------------------------

RowBuilder = Callable[
    [dict[str, Any], int, dict[str, str], Catalogues, dict[str, Any]], tuple[Any, ...]
]


@dataclass(frozen=True)
class KindHandler:
    """How the import, the export and the template handle a record kind kept by an app below
    the registry (which may not import that app): the app registers one with `register_kind`
    from its `AppConfig.ready()`.

    - `layout`: the columns, as for the registry's own kinds (`layout.kind` names the kind);
    - `build_row(values, row, labels, catalogues, fields)`: the unsaved instances of one
      checked row (`values` by column key, `labels` column key → label, `fields` the record
      fields of the importing agency: agency, unit, province, created_by); a rejected row
      raises `row_problem(row, label, message)` (a `RowProblem`);
    - `save(built)`: insert one batch (at most `BATCH` rows) of what `build_row` returned,
      inside the import's transaction;
    - `export_rows(records, cells)`: the rows of an export, in the layout's column order, as
      text an import reads back; each person written through `cells` (PersonCells: masked
      for a role that does not need names, as on the pages);
    - `visible(user)`: the records a user may export (default: the registry's scope,
      `records_visible(model)`);
    - `personal_data`: whether its export holds personal data (needs the grant).
    """

    layout: Layout
    model: type[Model]
    build_row: RowBuilder
    save: Callable[[list[tuple[Any, ...]]], None]
    export_rows: Callable[[QuerySet[Any], PersonCellsOf], Iterable[list[str]]]
    visible: Callable[[Any], QuerySet[Any]] | None = None
    personal_data: bool = True  # its export needs the grant (`can_export_personal_data`)

    @property
    def kind(self) -> str:
        return self.layout.kind


BUILTIN_KINDS = frozenset(LAYOUTS)
HANDLERS: dict[str, KindHandler] = {}


def register_kind(handler: KindHandler) -> None:
    """Make another record kind importable and exportable (`registry import|export|template`,
    the registry's import page); registering the same kind again replaces it."""
    if handler.kind in BUILTIN_KINDS:
        raise ValueError(f"“{handler.kind}” is one of the registry's own kinds.")
    HANDLERS[handler.kind] = handler
    LAYOUTS[handler.kind] = handler.layout


def _batches(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def _made(item: tuple[Any, ...]) -> tuple[int | None, int | None]:
    """The ids of what one built row made: its record, and the person saved with it."""
    record = item[0] if isinstance(item[0], Model) else None
    person = next((part for part in item[1:] if isinstance(part, Person)), None)
    return (record.pk if record else None, person.pk if person else None)


def _stale_pairs(built: list[tuple[Any, ...]]) -> set[tuple[int, int]]:
    """The (province, year) pairs whose statistics the built records change."""
    return {(r.province_id, r.received_on.year) for r, *_ in built if isinstance(r, CrimeReport)}


# The tables an import's COPY path writes, analysed after its first batch (see `save`).
ANALYSED: dict[str, tuple[type[Model], ...]] = {
    "crime_reports": (ImportedRow, Person, CrimeReport, CrimeReportPerson),
}


Job = Callable[[BaseDatabaseWrapper], None]


def _crime_reports_prepared(built: list[tuple[Any, ...]]) -> dict[int, list[Any]]:
    """PostgreSQL: the COPY row of each report and person of a batch of built crime reports
    (bulk.copy_prepare: the personal fields encrypted), by the instance's id(): made while the
    writer still writes the batch before, since every look-up this batch needs (the digests
    imported before, the persons on record) waits for the writer, which holds the
    connection. A row left out after them (imported before) was encrypted for nothing: a
    file imported twice costs its encryption once more, and no write."""
    reports = [item[0] for item in built]
    people = [person for item in built for person in item[1:] if person is not None]
    rows: dict[int, list[Any]] = {}
    for objs in (people, reports):
        rows.update(zip(map(id, objs), copy_prepare(objs), strict=True))
    return rows


def _crime_reports_copied(
    built: list[tuple[Any, ...]],
    writer: Writer | None = None,
    prepared: dict[int, list[Any]] | None = None,
) -> Job:
    """PostgreSQL: a batch of crime reports with their people made ready for COPY (ids
    allocated up front, registry.bulk), and the job that writes them. `prepared`: their rows
    made earlier (`_crime_reports_prepared`), else made here, while `writer` still writes the
    batch before; then the writer is waited for: the look-up of the people on record must
    see the persons it wrote."""
    row_of = _crime_reports_prepared(built) if prepared is None else prepared
    reports = [item[0] for item in built]
    report_rows = [row_of[id(report)] for report in reports]
    if writer is not None:
        writer.wait()
    links, new = _linked_people(built)
    new_rows = [row_of[id(person)] for person in new]
    copy_ids(new, new_rows)
    copy_ids(reports, report_rows)
    link_rows = [(report.pk, person.pk, role, report.province_id) for report, person, role in links]

    def job(using: BaseDatabaseWrapper) -> None:
        copy_rows(Person, copy_columns(Person), new_rows, using=using)
        copy_rows(CrimeReport, copy_columns(CrimeReport), report_rows, using=using)
        copy_rows(
            CrimeReportPerson, ["report_id", "person_id", "role", "province_id"], link_rows,
            using=using,
        )  # fmt: skip

    return job


def _insert_built(kind: str, built: list[tuple[Any, ...]]) -> None:
    """Insert the built records in batches (persons, then reports and their victims)."""
    if kind == "crime_reports" and copy_supported():
        _crime_reports_copied(built)(connections[connection.alias])
        return
    if kind == "persons":
        # A person whose identity number is already on record in the province is that
        # person: the row links to it (nothing new is made), as the forms do.
        _, new = _linked_people([(None, item[0]) for item in built])
        if copy_supported():
            copy_insert(new)
            return
        for batch in _batches(new):
            Person.objects.bulk_create(batch)
        return
    if kind in HANDLERS:
        for batch in _batches(built):
            HANDLERS[kind].save(batch)
        return
    if kind == "activities":
        for batch in _batches([item[0] for item in built]):
            Activity.objects.bulk_create(batch)
        return
    if kind == "cases":
        for batch in _batches(built):
            cases = CriminalCase.objects.bulk_create([case for case, _ in batch])
            CriminalCase.offences.through.objects.bulk_create(
                CriminalCase.offences.through(criminalcase_id=case.pk, offence_id=offence)
                for case, (_, offences) in zip(cases, batch, strict=True)
                for offence in offences
            )
        return
    if kind == "compensation_claims":
        for batch in _batches(built):
            Person.objects.bulk_create([person for _, person in batch])
            for claim, person in batch:
                claim.claimant = person
            CompensationClaim.objects.bulk_create([claim for claim, _ in batch])
        return
    if kind == "complaints":
        for batch in _batches(built):
            Person.objects.bulk_create([person for _, person, _ in batch])
            for complaint, person, _ in batch:
                complaint.complainant = person
            Complaint.objects.bulk_create([complaint for complaint, _, _ in batch])
            steps = []
            for complaint, _, step in batch:
                if step is not None:
                    step.complaint = complaint
                    steps.append(step)
            ComplaintRound.objects.bulk_create(steps)
        return
    for batch in _batches(built):
        links, new = _linked_people(batch)
        Person.objects.bulk_create(new)
        CrimeReport.objects.bulk_create([item[0] for item in batch])
        CrimeReportPerson.objects.bulk_create(
            CrimeReportPerson(
                report=report, person=person, role=role, province_id=report.province_id
            )
            for report, person, role in links
        )


# The people a crime report's row names, in the order of its tuple after the report.
ROW_ROLES = ("victim", "suspect", "reporter")


def _linked_people(
    built: list[tuple[Any, ...]],
) -> tuple[list[tuple[Any, Person, str]], list[Person]]:
    """(report, person, role) of each row's people, and the persons to insert: one whose
    identity number is on record in the province (or met earlier in the file) is that
    person, never a second record (the unique constraint of Person)."""
    slots = [
        (item[0], role, person)
        for item in built
        for role, person in zip(ROW_ROLES, item[1:], strict=False)
        if person is not None
    ]
    linked, new = persons_known_or_new([person for _, _, person in slots])
    pairs = zip(slots, linked, strict=True)
    links = [(report, person, role) for (report, role, _), person in pairs]
    return links, new


def synthetic_crime_reports(
    *,
    actor: Actor,
    places: list[tuple[Agency, Any]],
    count: int,
    years: tuple[int, int],
    seed: int = 7,
) -> int:
    """`count` generated crime reports with their victims, marked synthetic, spread over
    `places` (the agency keeping them, the unit where they happened)."""
    require_actor(actor, system=True)
    from .synthetic import crime_reports

    if not places:
        raise InvalidInput("Không có địa bàn nào để tạo dữ liệu giả lập.")
    ethnic = dict(EthnicGroup.objects.values_list("code", "pk"))
    religion = dict(Religion.objects.values_list("code", "pk"))
    offence = offence_ids_by_article()
    fields = [_record_fields(actor, agency, unit) | {"synthetic": True} for agency, unit in places]
    province = fields[0]["province"].code
    built: list[tuple[Any, ...]] = []
    stale: set[tuple[int, int]] = set()
    with transaction.atomic():
        for item in crime_reports(
            count, units=len(places), years=years, province_code=province, seed=seed
        ):
            where = fields[item.unit_index]
            person = Person(
                full_name=item.victim_name,
                identity_number=item.victim_identity,
                identity_hash=lookup_hash(item.victim_identity),
                name_hash=name_hash(item.victim_name, item.victim_birth_date.year),
                birth_date=item.victim_birth_date,
                birth_year=item.victim_birth_date.year,
                sex=item.victim_sex,
                ethnicity_id=ethnic.get(item.ethnic_code),
                religion_id=religion.get(item.religion_code),
                **where,
            )
            report = CrimeReport(
                received_on=item.received_on,
                source=item.source,
                offence_id=offence.get(item.article),
                due_on=deadlines.crime_report_due(item.received_on),
                decision=item.decision,
                decided_on=item.decided_on,
                **where,
            )
            built.append((report, person, None, None))
            if len(built) >= BATCH:
                _insert_built("crime_reports", built)
                stale |= _stale_pairs(built)
                built = []
        _insert_built("crime_reports", built)
        stats_stale(stale | _stale_pairs(built))  # last: see registry_import
    return count


def _chunks(rows: Iterator[Any], size: int | None = None) -> Iterator[list[Any]]:
    size = size or BATCH  # read when called: a test makes batches small
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@contextmanager
def _one_import_at_a_time() -> Iterator[None]:
    """Two imports of the same rows at once: the unique digests let one save them; the other
    saves nothing and says why (IntegrityError would otherwise be a server error)."""
    try:
        yield
    except IntegrityError as error:
        raise InvalidInput(
            "Một lần nhập khác của cơ quan vừa lưu các dòng này cùng lúc; không lưu gì. Hãy "
            "nhập lại tệp: các dòng đã có sẽ được bỏ qua."
        ) from error


# Fields that say nothing of what a record holds: who entered it, when, its row id.
_NOT_CONTENT = frozenset({"id", "created_at", "updated_at", "created_by_id", "version"})


@functools.cache
def _content_names(model: type[Model]) -> tuple[str, ...]:
    return tuple(
        f.attname
        for f in model._meta.concrete_fields
        if f.attname not in _NOT_CONTENT and not f.primary_key
    )


@functools.cache
def _content_text_of(model: type[Model]) -> Callable[[dict[str, Any]], str]:
    """How an instance's `__dict__` becomes `repr([(field, repr(value)), …])` over its
    content fields: the text between the values written once here, each value's double
    repr made and joined in C (itemgetter, map, zip, join), as it is done once per record
    of a million-row import."""
    names = _content_names(model)
    if not names:
        return lambda values: "[]"
    pieces = [f"[({names[0]!r}, "] + [f"), ({name!r}, " for name in names[1:]]
    getter = operator.itemgetter(*names)
    read = getter if len(names) > 1 else lambda values: (getter(values),)
    chain, join = itertools.chain.from_iterable, "".join

    def text(values: dict[str, Any]) -> str:
        return join(chain(zip(pieces, map(repr, map(repr, read(values))), strict=True))) + ")]"

    return text


def _content_text(item: Any) -> str:
    """The text a fingerprint is made of: for a record, `repr([(field, repr(value)), …])` over
    its content fields; for a tuple or list, its parts' texts in brackets; else
    `repr(repr(item))`. Written straight, without the lists and tuples it reads as."""
    if isinstance(item, Model):
        return _content_text_of(type(item))(item.__dict__)
    if isinstance(item, list | tuple):
        return "[" + ", ".join(map(_content_text, item)) + "]"
    return repr(repr(item))


def _fingerprint(built: tuple[Any, ...], digest: Callable[[str], str] = keyed_digest) -> str:
    """The keyed digest of what one row makes (the unsaved records, their ids of catalogues):
    the same record however the file wrote it ("01/03/2024" or "2024-03-01", "Nữ" or "nu",
    with or without the birth year its birth date gives), so an export imported again is
    recognised. Its input text (`_content_text`) never changes: the digests of the
    rows imported before are kept in ImportedRow (tests/registry/test_import_fingerprint.py
    holds it)."""
    return digest(_content_text(built))


def registry_import(
    *,
    actor: User,
    agency: Agency,
    kind: str,
    data: bytes,
    filename: str,
    save_valid: bool = False,
    sheet: str = "",
    progress: Callable[[ImportResult, bool], None] | None = None,
) -> ImportResult:
    """Check every row; save all of them when none is rejected, or the valid ones when the
    officer confirmed (`save_valid`). A failure while saving saves nothing.

    Left out with a warning, never saved: the template's example row, a row repeating an
    earlier row of the file, a row this agency has imported before (rows are recognised by a
    keyed digest of the records they make, `ImportedRow`, never by the values themselves). In
    a workbook, `sheet` names the sheet to read (else the visible one: see
    `tabular.read_table`); the result says which was read. `progress(result, saving)`, if
    given, is told the counts after each batch checked (on PostgreSQL, checked and written:
    `result.saved` counts the rows written so far, rolled back to 0 if the file is refused),
    and, on the two-pass path, once more before the saving begins.

    A batch at a time, so memory stays bounded by the batch size. On PostgreSQL, one pass
    that checks and writes each batch (COPY, registry.bulk) in one transaction, rolled back
    when the file is refused; elsewhere two passes: the first checks every row, the second
    (only when saving) builds and inserts with the ORM."""
    require_actor(actor)
    layout = LAYOUTS.get(kind)
    if layout is None:
        raise InvalidInput(f"Loại hồ sơ “{kind}” không nhập được: {', '.join(LAYOUTS)}.")
    _check_records(actor, agency)
    fields = _record_fields(actor, agency, None)
    catalogues = Catalogues()
    result = ImportResult(kind, 0, 0, 0, [])

    # PostgreSQL, crime reports: each batch's COPY rows are made (and encrypted) before its
    # look-ups, which wait for the writer (`_crime_reports_prepared`).
    prepares = copy_supported() and kind == "crime_reports"

    def batches() -> Iterator[
        tuple[
            int,
            list[tuple[Any, ...]],
            list[str],
            list[RowError],
            list[RowWarning],
            dict[int, list[Any]] | None,
        ]
    ]:
        table = read_table(data, filename=filename, layout=layout, sheet=sheet)
        result.sheet = table.describe()
        digester = catalogues.digest
        seen: dict[int, int] = {}  # digest (its first 64 bits) → the first row holding it
        memo: dict[str, dict[str, Any]] = {}  # each column's cells parsed (tabular.parse_rows)
        for rows in _chunks(table.rows):
            warnings: list[RowWarning] = []
            kept = []
            for number, raw in rows:
                if is_template_example(layout, raw):
                    warnings.append(RowWarning(number, "dòng ví dụ của mẫu nhập, bỏ qua"))
                else:
                    kept.append((number, raw))
            parsed, errors = parse_rows(layout, kept, memo)
            built, more = _build(layout, parsed, fields, catalogues)
            digests = {number: _fingerprint(item, digester) for number, item in built}
            refused = (result.errors or errors or more) and not save_valid  # nothing saved
            prepared = (
                _crime_reports_prepared([item for _, item in built])
                if prepares and not refused
                else None
            )
            before = {
                row.digest: row.imported_at
                for row in rows_by_unique_key(
                    ImportedRow,
                    fixed={"agency_id": agency.pk, "kind": kind},
                    key="digest",
                    values=digests.values(),
                )
            }
            fresh: list[tuple[Any, ...]] = []
            fresh_digests: list[str] = []
            for number, item in built:
                digest = digests[number]
                key = int(digest[:16], 16)  # an int: a million rows stay a few dozen MB
                first, when = seen.get(key), before.get(digest)
                if first is not None:
                    warnings.append(RowWarning(number, f"trùng dòng {first} của tệp, bỏ qua"))
                elif when is not None:
                    day = timezone.localdate(when)
                    warnings.append(
                        RowWarning(number, f"đã nhập ngày {day:%d/%m/%Y}, không lưu lại")
                    )
                else:
                    seen[key] = number
                    fresh.append(item)
                    fresh_digests.append(digest)
            yield len(rows), fresh, fresh_digests, errors + more, warnings, prepared

    now, province_id = timezone.now(), fields["province"].pk
    # The statistics the saved rows change, marked once at the end of the import (one mark and
    # one rebuild task for the whole file, not one per batch), and last, so the mark's row lock
    # (registry.services.stats_stale) is held for the end of the transaction only.
    stale: set[tuple[int, int]] = set()
    batches_saved = 0
    # PostgreSQL: the deferred foreign-key checks of each batch run after it (bulk.deferred_checks).
    check_now = deferred_checks()

    # PostgreSQL: each batch's COPYs and checks run in a thread while the next batch is read,
    # checked and encrypted (bulk.Writer): the database's backend works on the other core.
    writer = Writer()

    def save(
        built: list[tuple[Any, ...]], digests: list[str], prepared: dict[int, list[Any]] | None
    ) -> None:
        nonlocal batches_saved
        if not copy_supported():
            _insert_built(kind, built)
        elif kind == "crime_reports":
            records = _crime_reports_copied(built, writer, prepared)
        else:
            writer.wait()
            _insert_built(kind, built)
            records = None
        stale.update(_stale_pairs(built))
        made = [_made(item) for item in built]  # what each row made, for an undo
        if copy_supported():
            imported = [
                (province_id, agency.pk, kind, digest, now, *ids)
                for digest, ids in zip(digests, made, strict=True)
            ]
            batches_saved += 1
            first = batches_saved == 1

            def write(using: BaseDatabaseWrapper) -> None:
                if records is not None:
                    records(using)
                copy_rows(
                    ImportedRow,
                    ["province_id", "agency_id", "kind", "digest", "imported_at", "record_id",
                     "person_id"],
                    imported, using=using,
                )  # fmt: skip
                if first:
                    # The later batches' look-ups read what this transaction wrote, and so do
                    # the foreign-key checks of the tables it writes: the planner must know
                    # those rows (dbstats.analyse, bulk.rows_by_unique_key) before it plans them
                    # once for all.
                    analyse(*ANALYSED.get(kind, (ImportedRow, Person)), using=using)
                check_now(using)

            writer.submit(write)
            return
        ImportedRow.objects.bulk_create(
            ImportedRow(
                province_id=province_id, agency_id=agency.pk, kind=kind, digest=digest,
                imported_at=now, record_id=ids[0], person_id=ids[1],
            )  # ids, not instances: a million rows, each set cheaply
            for digest, ids in zip(digests, made, strict=True)
        )  # fmt: skip

    def audit() -> None:
        audit_record(
            actor=actor,
            action="registry.import",
            target=agency,
            data={
                "kind": kind,
                "file": filename[:120],
                "saved": result.valid,
                "rejected": len(result.errors),
                "skipped": len(result.warnings),
            },
        )

    try:
        if copy_supported():
            # PostgreSQL: one pass, checking and writing each batch in one transaction, which
            # is rolled back if a row is rejected and the officer did not confirm saving the
            # valid ones (from the first rejected row on, batches are only checked). Reading
            # and checking the file twice would cost more than the writes.
            with _one_import_at_a_time(), transaction.atomic():
                try:
                    for count, built, digests, errors, warnings, prepared in batches():
                        result.rows += count
                        result.valid += len(built)
                        result.errors.extend(errors)
                        result.warnings.extend(warnings)
                        if not result.errors or save_valid:
                            save(built, digests, prepared)
                            result.saved += len(built)  # so far (one batch being written)
                        if progress is not None:
                            progress(result, False)
                    writer.wait()
                except DatabaseError:
                    # The thread's COPY failed first: its error (a key or unique violation)
                    # is the one to report, not the "aborted transaction" of a later statement.
                    failed = writer.close()
                    if failed is not None:
                        raise failed from None
                    raise
                finally:
                    writer.close()  # never a rollback beside a COPY
                if result.errors and not save_valid:
                    transaction.set_rollback(True)
                    result.saved = 0
                else:
                    stats_stale(stale)
                    audit()
            result.errors.sort(key=lambda e: e.row)
            result.warnings.sort(key=lambda w: w.row)
            if result.errors and not save_valid:
                return result
        else:
            kept: list[tuple[list[tuple[Any, ...]], list[str]]] | None = []  # while small
            for count, built, digests, errors, warnings, _ in batches():
                result.rows += count
                result.valid += len(built)
                result.errors.extend(errors)
                result.warnings.extend(warnings)
                if kept is not None:
                    kept.append((built, digests))
                    if result.rows > KEEP_ROWS:
                        kept = None  # a large file is read again rather than held
                if progress is not None:
                    progress(result, False)
            result.errors.sort(key=lambda e: e.row)
            result.warnings.sort(key=lambda w: w.row)
            if result.errors and not save_valid:
                return result
            if progress is not None:
                progress(result, True)
            with _one_import_at_a_time(), transaction.atomic():
                again = kept if kept is not None else ((b, d) for _, b, d, *_ in batches())
                for built, digests in again:
                    save(built, digests, None)
                stats_stale(stale)
                audit()
    except TableError as error:
        raise InvalidInput(f"{filename}: {error.message}") from error
    result.saved = result.valid
    return result


# --- Export ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonCells:
    """A person's cells in an export, as its reader may see them: the recorded values (an
    export an import reads back) for a role that needs names and holds the export grant, else
    what the pages show that role (privacy.masking.person_view: initials or "(đã ẩn)", the
    birth year to the roles that work the records, nothing identifying)."""

    name: str
    identity: str
    birth_date: str
    birth_year: str
    sex: str
    ethnicity: str
    religion: str
    nationality: str
    address: str
    phone: str


PersonCellsOf = Callable[[Person], PersonCells]


def full_cells(p: Person) -> PersonCells:
    return PersonCells(
        name=p.full_name,
        identity=p.identity_number,
        birth_date=f"{p.birth_date:%d/%m/%Y}" if p.birth_date else "",
        birth_year=str(p.birth_year or ""),
        sex=p.get_sex_display(),
        ethnicity=p.ethnicity.name if p.ethnicity_id and p.ethnicity else "",
        religion=p.religion.name if p.religion_id and p.religion else "",
        nationality=p.nationality,
        address=p.address,
        phone=p.phone,
    )


def cells_for(actor: Any) -> tuple[PersonCellsOf, bool]:
    """How `actor`'s export writes a person, and whether it is masked: through the one masking
    function of the pages (privacy.masking, pure: it reads the rules and the user's roles)."""
    from dondoc.privacy.masking import HIDDEN, can_reveal, person_view

    if can_reveal(actor):
        return full_cells, False

    def masked(p: Person) -> PersonCells:
        view = person_view(p, user=actor, reveal=False)
        return PersonCells(
            name=view.name,
            identity=HIDDEN if p.identity_number else "",
            birth_date=HIDDEN if p.birth_date else "",
            birth_year=view.birth if p.birth_year else "",
            sex=view.sex,
            ethnicity=HIDDEN if p.ethnicity_id else "",
            religion=HIDDEN if p.religion_id else "",
            nationality=p.nationality,
            address=HIDDEN if p.address else "",
            phone=HIDDEN if p.phone else "",
        )

    return masked, True


def _export_rows(
    kind: str, records: QuerySet[Any], cells: PersonCellsOf = full_cells
) -> Iterable[list[str]]:
    if kind == "complaints":
        for c in records.select_related(
            "complainant__ethnicity", "complainant__religion", "torture_act"
        ).prefetch_related("rounds"):
            first = next(iter(c.rounds.all()), None)
            who = cells(c.complainant)
            yield [
                c.get_kind_display(),
                f"{c.received_on:%d/%m/%Y}",
                f"{first.accepted_on:%d/%m/%Y}" if first else "",
                who.name,
                who.sex,
                who.birth_year,
                c.respondent,
                c.content,
                c.torture_act.name if c.torture_act else "",
                "có" if c.complex else "không",
                "có" if c.remote else "không",
            ]
        return
    if kind == "cases":
        for c in records.prefetch_related("offences"):
            yield [
                c.number,
                f"{c.opened_on:%d/%m/%Y}",
                "; ".join(str(o.article) for o in c.offences.all()),
                c.get_stage_display(),
                c.get_outcome_display(),
                c.sentence,
                *("có" if getattr(c, flag) else "không" for flag in CASE_FLAGS),
            ]
        return
    if kind == "compensation_claims":
        for claim in records.select_related(
            "claimant__ethnicity", "claimant__religion", "torture_act"
        ):
            yield [
                cells(claim.claimant).name,
                claim.damaging_act,
                claim.torture_act.name if claim.torture_act else "",
                str(int(claim.amount_claimed)),
                str(int(claim.amount_advanced)),
                str(int(claim.amount_paid)),
                f"{claim.accepted_on:%d/%m/%Y}",
                "có" if claim.complex else "không",
                claim.get_outcome_display(),
            ]
        return
    if kind == "activities":
        for a in records.iterator(chunk_size=BATCH):
            yield [
                a.get_kind_display(),
                a.get_subject_display(),
                a.title,
                f"{a.held_on:%d/%m/%Y}",
                "; ".join(Activity.AUDIENCES.get(x, x) for x in a.audiences),
                str(a.participants_male),
                str(a.participants_female),
                a.languages,
                str(a.materials),
            ]
        return
    if kind == "persons":
        for p in records.select_related("ethnicity", "religion").iterator(chunk_size=BATCH):
            c = cells(p)
            yield [
                c.name,
                c.identity,
                c.birth_date,
                c.birth_year,
                c.sex,
                c.ethnicity,
                c.religion,
                c.nationality,
                c.address,
                c.phone,
            ]
        return
    named: dict[tuple[int, str], Person] = {}
    reports = records.select_related("offence")
    links = (
        CrimeReportPerson.objects.filter(report__in=reports, role__in=ROW_ROLES)
        .select_related("person__ethnicity", "person__religion")
        .order_by("pk")
    )
    for link in links.iterator(chunk_size=BATCH):
        named.setdefault((link.report_id, link.role), link.person)
    blank = PersonCells("", "", "", "", "", "", "", "", "", "")
    for r in reports.iterator(chunk_size=BATCH):
        found = (named.get((r.pk, role)) for role in ("victim", "suspect", "reporter"))
        v, s, w = (cells(p) if p is not None else blank for p in found)
        yield [
            r.number,
            f"{r.received_on:%d/%m/%Y}",
            r.get_source_display(),
            r.summary,
            r.offence.code if r.offence else "",
            f"{r.offence_on:%d/%m/%Y}" if r.offence_on else "",
            r.offence_address,
            "có" if r.complex else "không",
            r.get_decision_display(),
            f"{r.decided_on:%d/%m/%Y}" if r.decided_on else "",
            r.transferred_to,
            v.name,
            v.identity,
            v.sex,
            v.birth_date,
            v.birth_year,
            v.ethnicity,
            v.religion,
            s.name,
            s.identity,
            s.birth_year,
            w.name,
            w.identity,
        ]


# Kinds whose export holds no personal data (numbers, dates, categories, titles): no grant.
IMPERSONAL_KINDS = frozenset({"cases", "activities"})
# Columns an officer types with leading zeros, which a spreadsheet must keep as text.
TEXT_COLUMNS = frozenset(
    {"identity_number", "victim_identity", "suspect_identity", "reporter_identity", "phone"}
)


def holds_personal_data(kind: str) -> bool:
    handler = HANDLERS.get(kind)
    return handler.personal_data if handler is not None else kind not in IMPERSONAL_KINDS


def id_ranges(ids: list[int]) -> str:
    """[1, 2, 3, 7, 9, 10] → "1-3,7,9-10": the ids of an export, short enough for one audit
    row even for a million records inserted in batches."""
    parts: list[str] = []
    start = previous = None
    for value in sorted(ids):
        if previous is not None and value == previous + 1:
            previous = value
            continue
        if start is not None:
            parts.append(str(start) if start == previous else f"{start}-{previous}")
        start = previous = value
    if start is not None:
        parts.append(str(start) if start == previous else f"{start}-{previous}")
    return ",".join(parts)


def registry_export(
    *,
    actor: User,
    kind: str,
    fmt: str,
    agency: Agency | None = None,
    unit_path: str = "",
    filters: Mapping[str, Any] | None = None,
) -> bytes:
    """The records of `kind` kept by `agency` that `actor` sees (in a unit's subtree if given),
    as the import template lays it out: an export can be imported again.

    A kind with personal data needs `agency` and the administrator's grant to export its
    records (`can_export_personal_data`), else NotAllowed; kinds without (cases, activities)
    export every record in scope when no agency is given. Each export is audited with the
    ids of the records it holds. Cells that a spreadsheet would run as a formula are written
    in a CSV file behind an apostrophe (`tabular.neutralised`), which an import takes off
    again; an XLSX file holds them as text cells."""
    layout, personal, handler, records = _export_records(
        actor=actor, kind=kind, fmt=fmt, agency=agency, unit_path=unit_path, filters=filters
    )
    ids = list(records.values_list("pk", flat=True))
    records = records.filter(pk__lte=ids[-1]) if ids else records.none()  # not one added since
    # A role that sees masked names on the pages gets them masked in the file too (the grant
    # alone does not show names: privacy.masking); the recorded values otherwise.
    cells, masked = cells_for(actor) if personal else (full_cells, False)
    rows = list(
        handler.export_rows(records, cells) if handler else _export_rows(kind, records, cells)
    )
    # One entry per export (who, when, which kind, which records): a read of personal data.
    audit_record(
        actor=actor,
        action="registry.export",
        target=agency if agency is not None else actor,
        data={
            "kind": kind,
            "records": len(rows),
            "ids": id_ranges(ids),
            "unit": unit_path,
            "filters": dict(filters or {}),
            "format": fmt,
            "personal_data": personal,
            "masked": masked,
        },
    )
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(layout.labels())
        writer.writerows([neutralised(cell) for cell in row] for row in rows)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens it as UTF-8
    sheet = Sheet(
        name=layout.title[:31],
        title=layout.title.upper(),
        subtitle=f"{len(rows)} hồ sơ"
        + (" — họ tên và thông tin định danh đã ẩn theo vai trò" if masked else "")
        + (" — có dữ liệu cá nhân: bảo quản theo quy định" if personal and not masked else ""),
        columns=[(label, 18) for label in layout.labels()],
        rows=[(list[object](row), False) for row in rows],
    )
    return render_xlsx([sheet])  # text cells, typed as text: nothing runs, zeros stay


def _export_records(
    *,
    actor: User,
    kind: str,
    fmt: str,
    agency: Agency | None,
    unit_path: str,
    filters: Mapping[str, Any] | None = None,
) -> tuple[Layout, bool, KindHandler | None, QuerySet[Any]]:
    """What an export of `kind` writes, after its refusals (kind, format, the grant)."""
    require_actor(actor)
    layout = LAYOUTS.get(kind)
    if layout is None:
        raise InvalidInput(f"Loại hồ sơ “{kind}”: {', '.join(LAYOUTS)}.")
    if fmt not in ("csv", "xlsx"):
        raise InvalidInput("Định dạng: csv hoặc xlsx.")
    personal = holds_personal_data(kind)
    if personal and agency is None:
        raise InvalidInput(
            f"“{layout.title}” có dữ liệu cá nhân: chọn cơ quan quản lý hồ sơ để xuất."
        )
    if personal and agency is not None and not can_export_personal_data(actor, agency):
        raise NotAllowed(
            f"Xuất dữ liệu cá nhân của {agency.name} cần quyền do quản trị hệ thống cấp cho "
            "từng cơ quan; bạn chưa được cấp."
        )
    handler = HANDLERS.get(kind)
    models: dict[str, type[Any]] = {
        "persons": Person,
        "crime_reports": CrimeReport,
        "complaints": Complaint,
        "cases": CriminalCase,
        "compensation_claims": CompensationClaim,
        "activities": Activity,
    }
    if handler is not None:
        records = (
            handler.visible(actor)
            if handler.visible is not None
            else records_visible(handler.model, user=actor)
        )
    else:
        records = records_visible(models[kind], user=actor)
    if agency is not None:
        records = records.filter(agency=agency)
    if unit_path:
        records = records.filter(subtree_q([unit_path], "unit__path"))
    if filters and kind in LISTINGS:  # the filters of the list the export was asked from
        records = filtered(LISTINGS[kind], records, filters)
    return layout, personal, handler, records.order_by("pk")


def registry_export_count(
    *,
    actor: User,
    kind: str,
    agency: Agency | None = None,
    unit_path: str = "",
    filters: Mapping[str, Any] | None = None,
) -> int:
    """How many records `registry_export` would write (refused alike when it would be)."""
    *_, records = _export_records(
        actor=actor, kind=kind, fmt="csv", agency=agency, unit_path=unit_path, filters=filters
    )
    return records.count()


def _text_columns(data: bytes, layout: Layout, *, first_row: int) -> bytes:
    """Format the identity number and phone columns as text ("@"), so that what an officer
    types there keeps its leading zeros (008090001234 stays 008090001234)."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    from dondoc.core.archives import DOCUMENT_LIMITS, check_archive

    check_archive(data, DOCUMENT_LIMITS)  # our own rendering, but every reader goes through it
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    for index, column in enumerate(layout.columns, start=1):
        if column.key in TEXT_COLUMNS:
            letter = get_column_letter(index)
            for row in range(first_row, first_row + 500):
                sheet[f"{letter}{row}"].number_format = "@"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_xlsx(kind: str) -> bytes:
    """The blank import template: the header row and one example row."""
    layout = LAYOUTS[kind]
    sheet = Sheet(
        name=layout.title[:31],
        title=f"MẪU NHẬP: {layout.title.upper()}",
        subtitle="Giữ dòng tiêu đề; xóa dòng ví dụ; cột có dấu * là bắt buộc",
        columns=[(c.label + (" *" if c.required else ""), 20) for c in layout.columns],
        rows=[([c.example for c in layout.columns], False)],
    )
    return _text_columns(render_xlsx([sheet]), layout, first_row=4)

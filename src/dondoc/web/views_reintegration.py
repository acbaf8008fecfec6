"""Reintegration registry pages: the commune officer's worklist, the subjects in scope, a new
subject, one subject with its clocks, history and the forms that record its steps, the
hand-overs between communes, and the province's overview.

Names are personal data: the lists show initials and birth year only; a subject's own page,
whose every read is audited, shows the name. Pages with personal data are never cached."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from dondoc.core import queryparams
from dondoc.core.actors import request_actor
from dondoc.core.exceptions import DomainError, InvalidInput
from dondoc.core.idempotency import Duplicate
from dondoc.core.paths import below, below_q
from dondoc.org.models import AdminUnit, Agency
from dondoc.org.scoping import units_visible
from dondoc.privacy.selectors import persons_shown
from dondoc.registry.models import Offence, Sex
from dondoc.registry.selectors import agencies_recording
from dondoc.reintegration import rules, selectors, services
from dondoc.reintegration.clocks import parse_month, parse_quarter
from dondoc.reintegration.models import (
    COMMUNITY_SENTENCES,
    Group,
    LegalStatus,
    ReintegrationSubject,
    SubjectEvent,
    SubjectTransfer,
    SupportKind,
)

from .forms_registry import PersonForm, RecordForm
from .forms_reintegration import (
    EndForm,
    EventForm,
    SubjectForm,
    SupportForm,
    TransferDecisionForm,
    TransferForm,
)
from .inputs import NumberField, OnceForm, VietnameseForm
from .views_plans import _found
from .views_registry import _recording_agencies

ACTIVE, ENDED = "dang", "ket-thuc"
UNIT_CHOICES_MAX = 500
TRANSFER_CHOICES_MAX = 500


def _today() -> datetime.date:
    return timezone.localdate()


def _quarter_text(label: str) -> str:
    """ "2026-Q3" → "3/2026" (as written in reports); anything else as it is."""
    parsed = parse_quarter(label or "")
    return f"{parsed[1]}/{parsed[0]}" if parsed else label


def _month_text(label: str) -> str:
    """ "2026-07" → "7/2026"; anything else as it is."""
    parsed = parse_month(label or "")
    return f"{parsed[1]}/{parsed[0]}" if parsed else label


# --- Worklist, list, overview ------------------------------------------------------------------


@login_required
def rules_page(request: HttpRequest) -> HttpResponse:
    """The versions of the rules, each rule with its time limit, bodies, source, and whether it
    was compared with the text (public law: the same for every signed-in user)."""
    today = _today()
    context = {
        "rulesets": rules.RULESETS,
        "current": rules.ruleset_on(today).code,
        "today": today,
        "can_record": agencies_recording(user=request.user).exists(),
    }
    return render(request, "web/reintegration/rules.html", context)


@never_cache
@login_required
def worklist(request: HttpRequest) -> HttpResponse:
    """What the user's communes owe, and the hand-overs waiting on either side."""
    work = selectors.worklist(user=request.user, today=_today())
    context = {
        "work": work,
        "can_record": agencies_recording(user=request.user).exists(),
        "arrival_days": selectors.ARRIVAL_DAYS,
    }
    return render(request, "web/reintegration/worklist.html", context)


def _filtered(request: HttpRequest) -> QuerySet[ReintegrationSubject]:
    subjects = (
        selectors.subjects_visible(user=request.user)
        .select_related("person", "unit")
        .order_by("-start_on", "-id")
    )
    if status := queryparams.choice(request.GET, "dien", LegalStatus.values):
        subjects = subjects.filter(legal_status=status)
    if group := queryparams.choice(request.GET, "xep_loai", Group.values):
        subjects = subjects.filter(group=group)
    state = queryparams.choice(request.GET, "tinh_trang", (ACTIVE, ENDED))
    if state == ACTIVE:
        subjects = subjects.filter(ended_on__isnull=True)
    elif state == ENDED:
        subjects = subjects.filter(ended_on__isnull=False)
    return subjects


@never_cache
@login_required
def subject_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(_filtered(request), 50).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    context = {
        "page": page,
        "statuses": LegalStatus.choices,
        "groups": Group.choices,
        "states": [(ACTIVE, "Đang quản lý"), (ENDED, "Đã kết thúc")],
        "query": query.urlencode(),
        "can_record": agencies_recording(user=request.user).exists(),
    }
    return render(request, "web/reintegration/list.html", context)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Counts per commune for a year, with the support given by kind: one printable page."""
    today = _today()
    year = queryparams.year(request.GET, "nam", default=today.year, today=today)
    units = units_visible(user=request.user).filter(
        level__in=[AdminUnit.Level.PROVINCE, AdminUnit.Level.DISTRICT]
    )
    picked = queryparams.object_id(request.GET, "don_vi")
    under = units.filter(pk=picked).first() if picked else None
    data = selectors.overview(user=request.user, year=year, under=under)
    columns = selectors.FIGURES
    rows = [(row.unit, [row.counts.get(key, 0) for key, _ in columns]) for row in data["rows"]]
    totals = [data["totals"].get(key) or 0 for key, _ in columns]
    context = {
        "year": year,
        "years": sorted({year, *range(today.year - 5, today.year + 1)}, reverse=True),
        "units": units.select_related("parent").order_by("map", "path")[:300],
        "under": under,
        "columns": columns,
        "status_count": len(LegalStatus.choices),
        "group_labels": Group.choices,
        "rows": rows,
        "totals": totals,
        "supports": data["supports"],
        "today": today,
        "can_record": agencies_recording(user=request.user).exists(),
    }
    return render(request, "web/reintegration/overview.html", context)


# --- A new subject -----------------------------------------------------------------------------


def _units_for(agencies: list[Agency]) -> list[AdminUnit]:
    """The communes an agency may make responsible for a subject: its own unit and the
    communes under it."""
    condition = Q(pk__in=[agency.unit_id for agency in agencies])
    for agency in agencies:
        condition |= below_q(agency.unit.path) & Q(level=AdminUnit.Level.COMMUNE)
    return list(
        AdminUnit.objects.filter(condition)
        .select_related("parent__parent")
        .order_by("path")[:UNIT_CHOICES_MAX]
    )


def _chosen_unit(picked: Any, agency: Agency) -> AdminUnit:
    """The commune made responsible: the agency's own unit, or a commune under it."""
    if picked is None:
        return agency.unit
    unit = AdminUnit.objects.filter(pk=picked).first()
    under = (
        unit is not None
        and unit.level == AdminUnit.Level.COMMUNE
        and below(unit.path, agency.unit.path)
    )
    if unit is None or not (unit.pk == agency.unit_id or under):
        raise DomainError("Xã chịu trách nhiệm phải thuộc địa bàn của cơ quan quản lý hồ sơ.")
    return unit


def _offence(article: int | None) -> Offence | None:
    if article is None:
        return None
    offence = Offence.objects.filter(article=article).first()
    if offence is None:
        raise DomainError(f"Tội danh: không có Điều “{article}” trong danh mục Bộ luật Hình sự.")
    return offence


class NewSubjectForm(RecordForm, SubjectForm):
    """The agency keeping the record, the responsible commune, and the subject's record."""

    unit = NumberField(label="Xã chịu trách nhiệm", integer=True, required=False, min_value=1,
                       max_value=queryparams.ID_MAX)  # fmt: skip


@login_required
def subject_new(request: HttpRequest) -> HttpResponse:
    """Open the record of a person the commune will supervise or help."""
    agencies = _recording_agencies(request)
    data = request.POST if request.method == "POST" else None
    form = NewSubjectForm(data, agencies=agencies)
    person = PersonForm(data, prefix="person", name_required=True,
                        only=("name", "identity", "birth_date", "birth_year", "sex", "ethnicity"),
                        initial={"sex": Sex.UNKNOWN})  # fmt: skip
    error = ""
    if request.method == "POST":
        valid = [form.is_valid(), person.is_valid()]
        try:
            if not all(valid):
                raise InvalidInput(" ".join(f.message() for f in (form, person) if f.errors))
            values = form.values()
            agency = values.pop("agency")
            unit = _chosen_unit(values.pop("unit"), agency)
            values["offence"] = _offence(values.pop("offence_article"))
            resident = person.person()
            if resident is None:
                raise InvalidInput("Họ và tên: bắt buộc.")
            subject = services.subject_open(
                actor=request_actor(request), agency=agency, person=resident, unit=unit,
                token=form.token(), **values,
            )  # fmt: skip
            messages.success(request, "Đã lập hồ sơ; các hạn theo quy định đã được tính.")
            return redirect("web:reintegration_detail", subject_id=subject.pk)
        except Duplicate as twice:  # sent twice: the first one opened it
            messages.info(request, twice.message)
            return redirect("web:reintegration_detail", subject_id=twice.result_id)
        except DomainError as problem:
            error = problem.message
    context = {
        "agencies": agencies,
        "units": _units_for(agencies),
        "form": form,
        "person": person,
        "error": error,
        "statuses": LegalStatus.choices,
        "needs": SupportKind.choices,
    }
    return render(request, "web/reintegration/new.html", context, status=400 if error else 200)


# --- One subject ------------------------------------------------------------------------------


def _transfer_targets(subject: ReintegrationSubject) -> QuerySet[Agency]:
    """The commune police of the subject's province, other than the one keeping it."""
    return (
        Agency.objects.filter(
            below_q(subject.province.path, "unit__path"),
            kind=Agency.Kind.POLICE,
            is_active=True,
            unit__level=AdminUnit.Level.COMMUNE,
        )
        .exclude(pk=subject.agency_id)
        .select_related("unit__parent")
        .order_by("unit__path", "name")
    )


def _providers(subject: ReintegrationSubject) -> QuerySet[Agency]:
    """Agencies that may have given support: those of the commune and of the units above."""
    return (
        Agency.objects.filter(unit__in=[subject.unit, *subject.unit.ancestors()], is_active=True)
        .select_related("unit")
        .order_by("-unit__path", "name")
    )


def _subject_forms(
    subject: ReintegrationSubject, today: datetime.date
) -> dict[str, VietnameseForm]:
    """The empty forms of a subject's page, each with a new token; what the officer most
    often types is already there (today, the quarter being reported)."""
    return {
        "event_form": EventForm(
            community=subject.legal_status in COMMUNITY_SENTENCES,
            initial={"on": today, "quarter": services.assessed_quarter_default(today)},
        ),
        "support_form": SupportForm(initial={"provided_on": today}, providers=_providers(subject)),
        "transfer_form": TransferForm(
            initial={"moved_on": today},
            targets=_transfer_targets(subject)[:TRANSFER_CHOICES_MAX],
        ),
        "end_form": EndForm(),
    }


def _detail_page(
    request: HttpRequest,
    subject: ReintegrationSubject,
    sent: dict[str, VietnameseForm] | None = None,
    error: str = "",
) -> HttpResponse:
    """The subject's page; `sent`: a form that came back refused, shown as it was typed
    (beside the message `error`) instead of its empty twin."""
    today = _today()
    writable = selectors.subject_may_write(user=request.user, subject=subject)
    events = list(subject.events.select_related("agency").order_by("on", "id"))
    transfers = list(
        subject.transfers.select_related("from_agency", "to_agency", "to_unit").order_by(
            "-created_at", "-id"
        )
    )
    # Names masked by default; "Hiện" (?hien=1) reveals them to the roles that need them,
    # audited (privacy.selectors.persons_shown), as on the crime report page.
    person = persons_shown(
        [subject.person], user=request.user, target=subject,
        reveal=queryparams.flag(request.GET, "hien"), day=today,
    )[0]  # fmt: skip
    context: dict[str, Any] = {
        "subject": subject,
        "person": person,
        "writable": writable,
        "clocks": selectors.clock_items(subject=subject, today=today),
        "community": subject.legal_status in COMMUNITY_SENTENCES,
        "last_month": _month_text(subject.self_reported_month),
        "last_review": _quarter_text(subject.reviewed_quarter),
        "events": events,
        "assessments": [
            (event, _quarter_text(event.quarter))
            for event in events
            if event.kind == SubjectEvent.Kind.ASSESSMENT
        ],
        "last_quarter": _quarter_text(subject.assessed_quarter),
        "supports": list(subject.supports.select_related("provider")),
        "transfers": transfers,
        "pending": next((t for t in transfers if t.state == SubjectTransfer.State.PENDING), None),
        "needs": [label for value, label in SupportKind.choices if value in subject.needs],
        "today": today,
        "can_record": agencies_recording(user=request.user).exists(),
        "form_error": error,
        "failed": next(iter(sent)) if sent else "",
    }
    if writable:
        context |= _subject_forms(subject, today) | (sent or {})
    return render(request, "web/reintegration/detail.html", context, status=400 if error else 200)


@never_cache
@login_required
def subject_detail(request: HttpRequest, subject_id: int) -> HttpResponse:
    subject = _found(selectors.access_subject, user=request.user, subject_id=subject_id)
    return _detail_page(request, subject)


def _valid(form: VietnameseForm) -> dict[str, Any]:
    """The form's values, or its messages as the refusal."""
    if not form.is_valid():
        raise InvalidInput(form.message())
    return form.values() if isinstance(form, OnceForm) else dict(form.cleaned_data)


def _subject_post(
    request: HttpRequest,
    subject_id: int,
    purpose: str,
    name: str,
    make: Callable[[ReintegrationSubject, Any], VietnameseForm],
    act: Callable[[ReintegrationSubject, Any], str],
) -> HttpResponse:
    """A form posted to a subject: 404 out of scope; a user who reads the record but does
    not keep it gets the message on the subject's page. `make(subject, data)` builds the
    form (`name`: its name on the page), `act(subject, form)` does the write and says what
    was done: back to the subject's page. The same form sent twice is written once and told
    so; refused input shows the page again with the form as it was typed and the message."""
    if request.method != "POST":
        raise Http404
    subject = _found(selectors.access_subject, user=request.user, subject_id=subject_id,
                     purpose=purpose)  # fmt: skip
    if not selectors.subject_may_write(user=request.user, subject=subject):
        messages.error(request, "Chỉ cán bộ của cơ quan đang quản lý hồ sơ mới ghi được.")
        return redirect("web:reintegration_detail", subject_id=subject.pk)
    form = make(subject, request.POST)
    try:
        messages.success(request, act(subject, form))
    except Duplicate as twice:
        messages.info(request, twice.message)
    except DomainError as problem:
        subject.refresh_from_db()
        return _detail_page(request, subject, {name: form}, problem.message)
    return redirect("web:reintegration_detail", subject_id=subject.pk)


@login_required
def event_add(request: HttpRequest, subject_id: int) -> HttpResponse:
    def act(subject: ReintegrationSubject, form: EventForm) -> str:
        values = _valid(form)
        event = services.event_record(
            actor=request_actor(request), subject=subject, token=form.token(), **values
        )
        return f"Đã ghi: {event.get_kind_display()}."

    return _subject_post(request, subject_id, "event", "event_form",
                         lambda subject, data: EventForm(
                             data, community=subject.legal_status in COMMUNITY_SENTENCES
                         ), act)  # fmt: skip


@login_required
def support_add(request: HttpRequest, subject_id: int) -> HttpResponse:
    def make(subject: ReintegrationSubject, data: Any) -> SupportForm:
        return SupportForm(data, providers=_providers(subject))

    def act(subject: ReintegrationSubject, form: SupportForm) -> str:
        values = _valid(form)
        support = services.support_give(
            actor=request_actor(request), subject=subject, token=form.token(), **values
        )
        return f"Đã ghi hỗ trợ: {support.get_kind_display()}."

    return _subject_post(request, subject_id, "support", "support_form", make, act)


@login_required
def subject_end_view(request: HttpRequest, subject_id: int) -> HttpResponse:
    def act(subject: ReintegrationSubject, form: EndForm) -> str:
        services.subject_end(actor=request_actor(request), subject=subject, **_valid(form))
        return "Đã kết thúc quản lý; hồ sơ và diễn biến được giữ lại."

    return _subject_post(request, subject_id, "end", "end_form",
                         lambda subject, data: EndForm(data), act)  # fmt: skip


@login_required
def transfer_add(request: HttpRequest, subject_id: int) -> HttpResponse:
    def make(subject: ReintegrationSubject, data: Any) -> TransferForm:
        return TransferForm(data, targets=_transfer_targets(subject))

    def act(subject: ReintegrationSubject, form: TransferForm) -> str:
        values = _valid(form)
        transfer = services.transfer_request(
            actor=request_actor(request), subject=subject, token=form.token(), **values
        )
        return f"Đã đề nghị chuyển hồ sơ cho {transfer.to_agency.name}; chờ nơi đến tiếp nhận."

    return _subject_post(request, subject_id, "transfer", "transfer_form", make, act)


@login_required
def transfer_decide_view(request: HttpRequest, transfer_id: int) -> HttpResponse:
    """The receiving commune accepts a hand-over (`accept=1`) or refuses it with a reason."""
    if request.method != "POST":
        raise Http404
    transfer = _found(selectors.access_transfer, user=request.user, transfer_id=transfer_id)
    form = TransferDecisionForm(request.POST)
    accept = False
    try:
        values = _valid(form)
        accept = values["accept"]
        values["on"] = values["on"] or _today()
        services.transfer_decide(actor=request_actor(request), transfer=transfer, **values)
    except DomainError as problem:
        messages.error(request, problem.message)
        return redirect("web:reintegration_worklist")
    if accept:
        messages.success(request, "Đã tiếp nhận hồ sơ; cần phân công người giúp đỡ.")
        return redirect("web:reintegration_detail", subject_id=transfer.subject_id)
    messages.success(request, "Đã ghi việc chưa tiếp nhận hồ sơ, kèm lý do.")
    return redirect("web:reintegration_worklist")

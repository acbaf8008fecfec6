"""Casework pages (issue 17): a complaint with its rounds and deadlines, a criminal case with
its stages, withdrawals, referrals. Thin: each POST goes to one service of registry.casework,
.corrections or .referrals and comes back to the record's page with the service's message."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from dondoc.core import queryparams
from dondoc.core.actors import request_actor
from dondoc.core.exceptions import DomainError, InvalidInput
from dondoc.privacy.masking import can_reveal
from dondoc.privacy.selectors import persons_shown
from dondoc.registry import casework, corrections, deadlines, overdue, referrals, selectors
from dondoc.registry.models import (
    CaseRecord,
    Complaint,
    CrimeReport,
    CriminalCase,
    Person,
    Referral,
)
from dondoc.registry.services import (
    complaint_round_deadline,
    complaint_round_due,
    complaint_rounds_max,
)

from .forms_casework import (
    CaseAdvanceForm,
    CasePersonForm,
    ComplaintPersonForm,
    ExtendForm,
    ReferralFeedbackForm,
    ReferralForm,
    ReferralRespondForm,
    RoundOpenForm,
    RoundResolveForm,
    WithdrawForm,
)
from .forms_registry import PersonForm
from .lists import list_context
from .views_plans import _found


def _writes(request: HttpRequest, record: Any) -> bool:
    return selectors.agencies_recording(user=request.user).filter(pk=record.agency_id).exists()


def _run(request: HttpRequest, form: Any, done: str, action: Any) -> None:
    """Validate `form`, call `action(cleaned_data)`; the outcome as a message."""
    try:
        if not form.is_valid():
            raise InvalidInput(form.message())
        action(form.cleaned_data)
        messages.success(request, done)
    except DomainError as problem:
        messages.error(request, problem.message)


# --- Complaints and denunciations ----------------------------------------------------------


def _complaint(request: HttpRequest, complaint_id: int, purpose: str = "view") -> Complaint:
    return _found(
        selectors.access_complaint, user=request.user, complaint_id=complaint_id, purpose=purpose
    )


def _names(request: HttpRequest, record: Any, persons: list[Any]) -> list[str]:
    """The names of `persons` as this user may see them: masked by default, "Hiện" (?hien=1)
    reveals them to the roles that need them, audited (privacy.selectors.persons_shown), as on
    the crime report's page."""
    shown = persons_shown(
        persons, user=request.user, target=record, reveal=queryparams.flag(request.GET, "hien")
    )
    return [view.name for view in shown]


def _involved(request: HttpRequest, record: Any, links: Any) -> list[tuple[Any, str]]:
    links = list(links)
    names = _names(request, record, [link.person for link in links])
    return list(zip(links, names, strict=True))


@never_cache
@login_required
def complaint_detail(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint = _complaint(request, complaint_id)
    today = timezone.localdate()
    rounds = list(complaint.rounds.order_by("number"))
    shown = []
    for round in rounds:
        rule = complaint_round_deadline(complaint, round.number, round.accepted_on,
                                        round.extensions)  # fmt: skip
        shown.append((round, rule, overdue.complaint_round_status(round, today=today)))
    last = rounds[-1] if rounds else None
    can_open = (not rounds and True) or (
        complaint.kind == Complaint.Kind.COMPLAINT
        and len(rounds) < complaint_rounds_max(complaint)
        and last is not None
        and last.outcome != "pending"
    )
    can_extend = (
        complaint.kind == Complaint.Kind.DENUNCIATION
        and last is not None
        and last.outcome == "pending"
        and last.extensions < 2
    )
    next_due = None
    if can_open:
        number = len(rounds) + 1
        next_due = complaint_round_due(complaint, number, today)
    involved = complaint.involved.select_related("person")
    context = {
        "complaint": complaint,
        "rounds": shown,
        "labels": deadlines.STATUS_LABELS,
        "can_write": _writes(request, complaint) and not complaint.withdrawn,
        "resolve_form": RoundResolveForm(initial={"round": last.pk if last else None}),
        "pending": last if last is not None and last.outcome == "pending" else None,
        "open_form": RoundOpenForm(initial={"expected": len(rounds) + 1}),
        "can_open": can_open,
        "next_number": len(rounds) + 1,
        "next_due": next_due,
        "can_extend": can_extend,
        "extend_form": ExtendForm(initial={"expected": (last.extensions + 1) if last else 1}),
        "involved": _involved(request, complaint, involved),
        "complainant": _names(request, complaint, [complaint.complainant])[0],
        "person_form": PersonForm(
            prefix="person",
            who="người liên quan",
            only=("name", "identity", "sex", "birth_year"),
            initial={"sex": "unknown"},
        ),
        "role_form": ComplaintPersonForm(),
        "withdraw_form": WithdrawForm(),
        "history": corrections.correction_history(complaint),
    }
    return render(request, "web/registry/complaint_detail.html", context)


@require_POST
@login_required
def complaint_round_resolve(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint = _complaint(request, complaint_id, "resolve")
    form = RoundResolveForm(request.POST)

    def act(data: dict[str, Any]) -> None:
        if not complaint.rounds.filter(pk=data["round"]).exists():
            raise InvalidInput("Lần giải quyết không thuộc đơn này.")
        casework.round_resolve(
            actor=request_actor(request),
            round_id=data["round"],
            outcome=data["outcome"],
            resolved_on=data["resolved_on"],
        )

    _run(request, form, "Đã ghi kết quả giải quyết.", act)
    return redirect("web:complaint_detail", complaint_id=complaint.pk)


@require_POST
@login_required
def complaint_round_open(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint = _complaint(request, complaint_id, "accept")
    form = RoundOpenForm(request.POST)
    _run(
        request,
        form,
        "Đã thụ lý; hạn giải quyết đã được tính.",
        lambda d: casework.round_open(
            actor=request_actor(request),
            complaint=complaint,
            accepted_on=d["accepted_on"],
            expected=d["expected"],
        ),
    )
    return redirect("web:complaint_detail", complaint_id=complaint.pk)


@require_POST
@login_required
def complaint_extend(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint = _complaint(request, complaint_id, "extend")
    form = ExtendForm(request.POST)
    _run(
        request,
        form,
        "Đã gia hạn giải quyết tố cáo.",
        lambda d: casework.denunciation_extend(
            actor=request_actor(request), complaint=complaint, expected=d["expected"]
        ),
    )
    return redirect("web:complaint_detail", complaint_id=complaint.pk)


@require_POST
@login_required
def complaint_person_add(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint = _complaint(request, complaint_id, "person_add")
    person_form = PersonForm(
        request.POST,
        prefix="person",
        who="người liên quan",
        only=("name", "identity", "sex", "birth_year"),
        name_required=True,
    )
    role = ComplaintPersonForm(request.POST)

    def act(data: dict[str, Any]) -> None:
        if not person_form.is_valid():
            raise InvalidInput(person_form.message())
        entered = person_form.person()
        assert entered is not None  # noqa: S101 - the name is required
        _add_person(
            request, complaint, entered, data["role"], casework.complaint_person_add, "complaint"
        )

    _run(request, role, "Đã thêm người liên quan.", act)
    return redirect("web:complaint_detail", complaint_id=complaint.pk)


def _add_person(
    request: HttpRequest, record: Any, entered: Any, role: str, add: Any, name: str
) -> None:
    from django.db import transaction

    actor = request_actor(request)
    with transaction.atomic():
        person = entered.create(actor=actor, agency=record.agency)
        add(actor=actor, person=person, role=role, **{name: record})


# --- Criminal cases ---------------------------------------------------------------------------


def _case(request: HttpRequest, case_id: int, purpose: str = "view") -> CriminalCase:
    return _found(
        selectors.access_record,
        model=CriminalCase,
        user=request.user,
        record_id=case_id,
        purpose=purpose,
    )


@never_cache
@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    steps = case.steps.select_related("recorded_by").order_by("on", "id")
    involved = case.involved.select_related("person")
    context = {
        "case": case,
        "steps": steps,
        "offences": case.offences.all(),
        "can_write": _writes(request, case) and not case.withdrawn,
        "next_stages": [
            (s, dict(CriminalCase.Stage.choices)[s]) for s in casework.NEXT_STAGES[case.stage]
        ],
        "advance_form": CaseAdvanceForm(
            initial={"expected_stage": case.stage, "stage": case.stage}
        ),
        "involved": _involved(request, case, involved),
        "person_form": PersonForm(
            prefix="person",
            who="người tham gia tố tụng",
            only=("name", "identity", "sex", "birth_year"),
            initial={"sex": "unknown"},
        ),
        "role_form": CasePersonForm(),
        "withdraw_form": WithdrawForm(),
        "history": corrections.correction_history(case),
    }
    return render(request, "web/registry/case_detail.html", context)


@require_POST
@login_required
def case_advance(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id, "advance")
    form = CaseAdvanceForm(request.POST)

    def act(d: dict[str, Any]) -> None:
        flags = {
            name: d[name]
            for name in ("appealed", "protested", "judgment_changed", "judgment_annulled")
        }
        casework.criminal_case_advance(
            actor=request_actor(request),
            case=case,
            expected_stage=d["expected_stage"],
            stage=d["stage"],
            on=d["on"],
            outcome=d["outcome"],
            note=d["note"],
            sentence=d["sentence"],
            flags=flags,
        )

    _run(request, form, "Đã cập nhật giai đoạn vụ án.", act)
    return redirect("web:case_detail", case_id=case.pk)


@require_POST
@login_required
def case_person_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id, "person_add")
    person_form = PersonForm(
        request.POST,
        prefix="person",
        who="người tham gia tố tụng",
        only=("name", "identity", "sex", "birth_year"),
        name_required=True,
    )
    role = CasePersonForm(request.POST)

    def act(data: dict[str, Any]) -> None:
        if not person_form.is_valid():
            raise InvalidInput(person_form.message())
        _add_person(
            request, case, person_form.person(), data["role"], casework.case_person_add, "case"
        )

    _run(request, role, "Đã thêm người tham gia tố tụng.", act)
    return redirect("web:case_detail", case_id=case.pk)


# --- Persons ---------------------------------------------------------------------------------


@never_cache
@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    """A person on record as this user may see him (masked by default, "Hiện" for the roles
    that need names, audited), the records naming him, his correction history; his agency's
    officers correct or withdraw him from here."""
    from dondoc.registry.models import (
        CasePerson,
        CompensationClaim,
        ComplaintPerson,
        CrimeReportPerson,
    )

    person = _found(selectors.access_person, user=request.user, person_id=person_id)
    view = persons_shown([person], user=request.user, target=person,
                         reveal=queryparams.flag(request.GET, "hien"))[0]  # fmt: skip
    reports = (
        CrimeReportPerson.objects.filter(person=person, report__withdrawn_at__isnull=True)
        .select_related("report")
        .order_by("-report__received_on")
    )
    named = {
        "reports": [(link.report, link.get_role_display()) for link in reports[:50]],
        "cases": CasePerson.objects.filter(person=person, case__withdrawn_at__isnull=True)
        .values("case_id")
        .distinct()
        .count(),
        "complaints": ComplaintPerson.objects.filter(
            person=person, complaint__withdrawn_at__isnull=True
        ).count()
        + Complaint.objects.filter(complainant=person, withdrawn_at__isnull=True).count(),
        "claims": list(
            CompensationClaim.objects.filter(claimant=person, withdrawn_at__isnull=True)
            .defer("damaging_act")
            .order_by("-accepted_on")[:50]
        ),
    }
    context = {
        "person": person,
        "view": view,
        "named": named,
        "can_write": _writes(request, person),
        "can_correct": _writes(request, person) and can_reveal(request.user),
        "withdraw_form": WithdrawForm(),
        "history": corrections.correction_history(person),
    }
    return render(request, "web/registry/person.html", context)


# --- Withdrawal -------------------------------------------------------------------------------

WITHDRAWABLE: dict[str, tuple[type[CaseRecord], str, str]] = {
    # slug: (model, the page of the record, its id's name in that route)
    "tin-bao": (CrimeReport, "web:crime_report_detail", "report_id"),
    "khieu-nai": (Complaint, "web:complaint_detail", "complaint_id"),
    "vu-an": (CriminalCase, "web:case_detail", "case_id"),
    "chuyen-gui": (Referral, "web:referral_detail", "referral_id"),
    "ca-nhan": (Person, "web:person_detail", "person_id"),
}


@require_POST
@login_required
def record_withdraw(request: HttpRequest, kind: str, record_id: int) -> HttpResponse:
    if kind not in WITHDRAWABLE:
        raise Http404
    model, page, name = WITHDRAWABLE[kind]
    record = _found(
        selectors.access_record,
        model=model,
        user=request.user,
        record_id=record_id,
        purpose="withdraw",
    )
    form = WithdrawForm(request.POST)
    withdrawn = False

    def act(d: dict[str, Any]) -> None:
        nonlocal withdrawn
        corrections.record_withdraw(
            actor=request_actor(request), record=record, reason=d["reason"], note=d["note"]
        )
        withdrawn = True

    _run(request, form, "Đã loại bỏ hồ sơ; hồ sơ không còn trong danh sách và thống kê.", act)
    if withdrawn or not name:
        return redirect("web:registry_home")
    return redirect(page, **{name: record.pk})


# --- Referrals --------------------------------------------------------------------------------


def _referral(request: HttpRequest, referral_id: int) -> Referral:
    found = referrals.referrals_visible(user=request.user).filter(pk=referral_id).first()
    if found is None:
        raise Http404
    from dondoc.core.audit import audit_record

    audit_record(
        actor=request_actor(request), action="registry.read", target=found, data={"purpose": "view"}
    )
    return found


@login_required
def referral_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    found = (
        referrals.referrals_visible(user=request.user)
        .select_related("provider", "agency")
        .defer("reason", "feedback", "consent_name")
    )
    shown, listing = list_context(request, "referrals", found, exportable=False)
    rows = [(r, referrals.referral_status(r, today=today)) for r in shown]
    context = {**listing, "rows": rows, "labels": deadlines.STATUS_LABELS}
    return render(request, "web/registry/referrals.html", context)


@never_cache
@login_required
def referral_new(request: HttpRequest, report_id: int) -> HttpResponse:
    """Refer a victim of a crime report to a service, with the consent recorded."""
    report = _found(
        selectors.access_crime_report, user=request.user, report_id=report_id, purpose="referral"
    )
    if not _writes(request, report):
        raise Http404
    victims = [
        link.person for link in report.involved.select_related("person") if link.role == "victim"
    ]
    data = request.POST if request.method == "POST" else None
    form = ReferralForm(
        data, initial={"referred_on": timezone.localdate(), "consent_on": timezone.localdate()}
    )
    form.fields["person"].widget.choices = [(p.pk, p.full_name) for p in victims]
    error = ""
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise InvalidInput(form.message())
            values = dict(form.cleaned_data)
            person = next((p for p in victims if p.pk == values.pop("person")), None)
            if person is None:
                raise InvalidInput("Người được chuyển gửi: chọn một bị hại của tin báo.")
            referral = referrals.referral_create(
                actor=request_actor(request),
                agency=report.agency,
                person=person,
                origin=Referral.Origin.VICTIM,
                crime_report=report,
                **values,
            )
            messages.success(request, "Đã chuyển gửi; hạn tiếp nhận đã được tính.")
            return redirect("web:referral_detail", referral_id=referral.pk)
        except DomainError as problem:
            error = problem.message
    context = {"report": report, "form": form, "error": error, "victims": victims}
    return render(request, "web/registry/referral_new.html", context, status=400 if error else 200)


@never_cache
@login_required
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id)
    today = timezone.localdate()
    mine = selectors.agencies_recording(user=request.user)
    context = {
        "referral": referral,
        "status": referrals.referral_status(referral, today=today),
        "labels": deadlines.STATUS_LABELS,
        "can_answer": mine.filter(pk__in=[referral.agency_id, referral.provider_id]).exists(),
        "respond_form": ReferralRespondForm(initial={"responded_on": today}),
        "feedback_form": ReferralFeedbackForm(initial={"feedback_on": today}),
        "withdraw_form": WithdrawForm(),
        "can_withdraw": _writes(request, referral),
    }
    return render(request, "web/registry/referral.html", context)


@require_POST
@login_required
def referral_respond(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id)
    form = ReferralRespondForm(request.POST)
    _run(
        request,
        form,
        "Đã ghi trả lời của cơ sở.",
        lambda d: referrals.referral_respond(actor=request_actor(request), referral=referral, **d),
    )
    return redirect("web:referral_detail", referral_id=referral.pk)


@require_POST
@login_required
def referral_feedback(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id)
    form = ReferralFeedbackForm(request.POST)
    _run(
        request,
        form,
        "Đã ghi phản hồi kết quả.",
        lambda d: referrals.referral_feedback(actor=request_actor(request), referral=referral, **d),
    )
    return redirect("web:referral_detail", referral_id=referral.pk)


# --- Imports and their undo -------------------------------------------------------------------


@login_required
def import_history(request: HttpRequest) -> HttpResponse:
    """The latest imports of the user's agencies; one can be undone while nothing depends on
    it."""
    from dondoc.registry.layouts import LAYOUTS

    agencies = {a.pk: a for a in selectors.agencies_recording(user=request.user)[:200]}
    if not agencies:
        raise Http404
    rows = [
        (
            agencies[agency_id],
            made,
            LAYOUTS[made.kind].title if made.kind in LAYOUTS else made.kind,
            made.kind in corrections.UNDOABLE_KINDS,
        )
        for agency_id, made in corrections.imports_of(agency_ids=list(agencies))
    ]
    return render(request, "web/registry/imports.html", {"rows": rows})


@require_POST
@login_required
def import_undo(request: HttpRequest) -> HttpResponse:
    from .forms_casework import ImportUndoForm

    if not selectors.agencies_recording(user=request.user).exists():
        raise Http404
    form = ImportUndoForm(request.POST)
    result: dict[str, int] = {}

    def act(d: dict[str, Any]) -> None:
        result["count"] = corrections.import_undo(
            actor=request_actor(request),
            agency_id=d["agency"],
            kind=d["kind"],
            imported_at=d["imported_at"],
        )

    _run(
        request,
        form,
        "Đã hoàn tác lần nhập: các hồ sơ đã được loại bỏ khỏi danh sách và thống kê.",
        act,
    )
    return redirect("web:import_history")


# --- Corrections ------------------------------------------------------------------------------

# The fields a page offers to correct, per kind (a subset of corrections.CORRECTABLE: the long
# lists of agencies and units are corrected by an administrator).
CORRECTED_ON_PAGE: dict[str, tuple[str, ...]] = {
    "tin-bao": ("number", "received_on", "source", "summary", "offence", "complex", "extended"),
    "khieu-nai": (
        "kind",
        "respondent",
        "content",
        "occurred_on",
        "place",
        "torture_act",
        "received_on",
        "complex",
        "remote",
    ),
    "vu-an": ("number", "opened_on", "occurred_on", "place", "facts", "sentence"),
    "chuyen-gui": ("service", "provider_name", "reason"),
    # A person: the identity number's keyed hash is rebuilt by the service (one person per
    # number in the province); the year of birth follows a birth date.
    "ca-nhan": ("full_name", "identity_number", "birth_date", "birth_year", "sex", "ethnicity"),
}


def _person_field(field: Any, **kwargs: Any) -> Any:
    """The form field of a person's column: the encrypted name and number as one-line text,
    the encrypted birth date read by the shared date field."""
    from django import forms

    from dondoc.core.crypto import EncryptedDateField, EncryptedTextField

    from .inputs import DateField
    from .views_registry import simple_field

    label = str(field.verbose_name).capitalize()
    if isinstance(field, EncryptedDateField):
        return DateField(label=label, not_future=True, required=False)
    if isinstance(field, EncryptedTextField):
        return forms.CharField(label=label, required=not field.blank, max_length=200)
    if field.name == "birth_year":
        return forms.IntegerField(label=label, required=False, min_value=1900)
    return simple_field(field, **kwargs)


@never_cache
@login_required
def record_correct(request: HttpRequest, kind: str, record_id: int) -> HttpResponse:
    """Correct a record's fields with a reason; the earlier values go to its history."""
    from django import forms

    from .forms_casework import CorrectReasonForm
    from .views_registry import simple_field

    if kind not in CORRECTED_ON_PAGE:
        raise Http404
    model, page, name = WITHDRAWABLE[kind]
    record = _found(
        selectors.access_record,
        model=model,
        user=request.user,
        record_id=record_id,
        purpose="correct",
    )
    if not _writes(request, record):
        raise Http404
    fields = CORRECTED_ON_PAGE[kind]
    if model is Person and not can_reveal(request.user):
        raise Http404  # the form shows the name and number: for the roles that need them
    callback = _person_field if model is Person else simple_field
    form_class = forms.modelform_factory(model, fields=fields, formfield_callback=callback)
    data = request.POST if request.method == "POST" else None
    form = form_class(data, instance=None, initial={f: getattr(record, f) for f in fields})
    reason = CorrectReasonForm(data)
    error = ""
    if request.method == "POST":
        try:
            if not (form.is_valid() and reason.is_valid()):
                raise InvalidInput(
                    reason.message() if reason.errors else "Hãy sửa các ô được đánh dấu."
                )
            changes = {f: form.cleaned_data[f] for f in fields}
            done = corrections.record_correct(
                actor=request_actor(request),
                record=record,
                reason=reason.cleaned_data["correction_reason"],
                **changes,
            )
            messages.success(
                request,
                "Đã sửa hồ sơ; giá trị cũ được lưu trong lịch sử."
                if done
                else "Không có gì thay đổi.",
            )
            return redirect(page, **{name: record.pk})
        except DomainError as problem:
            error = problem.message
    context = {
        "record": record,
        "form": form,
        "reason": reason,
        "error": error,
        "back": (page, {name: record.pk}),
        "kind": kind,
        "history": corrections.correction_history(record),
    }
    return render(request, "web/registry/correct.html", context, status=400 if error else 200)

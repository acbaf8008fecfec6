"""The crime report's pages: the receiving register's form (several people per role, each
looked up before a new record is made: "đã có trong hồ sơ"), the detail page with the steps
of BLTTHS Art. 147-149 as actions, each through its service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from dondoc.core import queryparams
from dondoc.core.actors import request_actor
from dondoc.core.exceptions import DomainError, InvalidInput
from dondoc.core.idempotency import Duplicate, new_token
from dondoc.privacy.masking import can_reveal
from dondoc.privacy.selectors import persons_shown
from dondoc.registry import crime, deadlines, overdue, selectors
from dondoc.registry.models import CrimeReport, Offence, VictimSupport
from dondoc.registry.persons import person_matches, person_picked

from .forms_casework import WithdrawForm
from .forms_crime import (
    NEW,
    SLOTS,
    CrimePersonForm,
    CrimeReportRegisterForm,
    StepForm,
    communes_now,
)
from .views_plans import _found
from .views_registry import _recording_agencies


def _people_forms(data: Any, communes: Any) -> list[tuple[str, str, list[CrimePersonForm]]]:
    """The person forms of each role: the first one's fields are `victim_name` … (its labels
    "Họ và tên bị hại"), the next ones `victim2_name` … ("Họ và tên (bị hại 2)")."""
    return [
        (role, legend, [
            CrimePersonForm(data, prefix=f"{role}{i if i > 1 else ''}", communes=communes,
                            initial={"sex": "unknown"}, who=f"({who} {i})" if i > 1 else who)
            for i in range(1, count + 1)
        ])
        for role, count, legend, who in SLOTS
    ]  # fmt: skip


def _named(request: HttpRequest, slots: Any) -> tuple[list[Any], bool]:
    """The people typed or picked, and whether one of them may already be on record and the
    officer has not chosen yet (the page then asks)."""
    named: list[Any] = []
    ask = False
    for role, _, person_forms in slots:
        for form in person_forms:
            picked = form.choice
            if picked and picked != NEW:
                named.append((person_picked(user=request.user, person_id=picked), role))
                continue
            typed = form.person()
            if typed is None:
                continue
            if picked != NEW:
                form.matches = person_matches(
                    user=request.user, identity_number=typed.identity_number,
                    full_name=typed.full_name, birth_year=typed.birth_year,
                    residence_unit=typed.residence_unit,
                )  # fmt: skip
                # The same identity number is the same person: linked without asking.
                ask = ask or any(not m.by_identity for m in form.matches)
            named.append((typed, role))
    return named, ask


@never_cache
@login_required
def crime_report_new(request: HttpRequest) -> HttpResponse:
    """Register a crime report as the receiving register records it."""
    agencies = _recording_agencies(request)
    communes = communes_now()
    data = request.POST if request.method == "POST" else None
    form = CrimeReportRegisterForm(data, agencies=agencies, communes=communes)
    slots = _people_forms(data, communes)
    error = ""
    if request.method == "POST":
        everything = [form, *(f for _, _, forms in slots for f in forms)]
        valid = [f.is_valid() for f in everything]
        try:
            if not all(valid):
                raise InvalidInput(" ".join(f.message() for f in everything if f.errors))
            named, ask = _named(request, slots)
            if ask:
                raise InvalidInput(
                    "Có người trùng họ tên, năm sinh và nơi cư trú với người đã có trong hồ sơ: "
                    "chọn người đã có, hoặc chọn “Tạo người mới”, rồi ghi nhận lại."
                )
            values = form.values()
            offence_id = values.pop("offence")
            values["offence"] = Offence.objects.get(pk=offence_id) if offence_id else None
            report = crime.crime_report_receive_register(
                actor=request_actor(request), named=named, token=form.token(), **values
            )
            messages.success(request, "Đã ghi nhận tin báo; hạn giải quyết đã được tính.")
            return redirect("web:crime_report_detail", report_id=report.pk)
        except Duplicate as twice:
            messages.info(request, twice.message)
            return redirect("web:crime_report_detail", report_id=twice.result_id)
        except DomainError as problem:
            error = problem.message
    context = {
        "form": form,
        "slots": slots,
        "error": error,
        "offences": Offence.objects.filter(repealed=False).only("code", "name"),
    }
    return render(request, "web/registry/crime_report_new.html", context,
                  status=400 if error else 200)  # fmt: skip


@never_cache
@login_required
def crime_report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _found(selectors.access_crime_report, user=request.user, report_id=report_id)
    involved = report.involved.select_related(
        "person__ethnicity", "person__religion", "person__residence_unit"
    ).prefetch_related("person__supports")
    today = timezone.localdate()
    links = list(involved)
    can_write = selectors.agencies_recording(user=request.user).filter(pk=report.agency_id).exists()
    # Names masked by default; "Hiện" (?hien=1) reveals them to the roles that need them,
    # audited (privacy.selectors.persons_shown). Ages as on the day of the offence.
    shown = persons_shown(
        [link.person for link in links], user=request.user, target=report,
        reveal=queryparams.flag(request.GET, "hien"),
        day=report.offence_on or report.received_on,
    )  # fmt: skip
    context = {
        "report": report,
        "involved": list(zip(links, shown, strict=True)),
        "revealable": can_reveal(request.user),
        "revealed": any(view.shown for view in shown),
        "steps": report.steps.select_related("created_by"),
        "allowed": crime.steps_allowed(report) if can_write else [],
        "deadline": deadlines.crime_report_deadline(
            report.received_on, complex=report.complex, extended=report.extended,
            resumed=report.resumed_on,
        ),
        "status": overdue.crime_report_status(report, today=today),
        "labels": deadlines.STATUS_LABELS,
        "support_forms": VictimSupport.Form.choices,
        "support_token": new_token(),
        # Casework (issue 17): correction, withdrawal and referral by the keeping agency.
        "can_write": can_write,
        "withdraw_form": WithdrawForm(),
    }  # fmt: skip
    return render(request, "web/registry/crime_report.html", context)


@login_required
def crime_report_step_view(request: HttpRequest, report_id: int) -> HttpResponse:
    """One step of BLTTHS Art. 147-149 (extension, suspension, resumption, decision)."""
    if request.method != "POST":
        raise Http404
    report = _found(
        selectors.access_crime_report, user=request.user, report_id=report_id, purpose="step"
    )
    form = StepForm(request.POST)
    try:
        if not form.is_valid():
            raise InvalidInput(form.message())
        values = dict(form.cleaned_data)
        kind = values.pop("kind")
        crime.crime_report_step(actor=request_actor(request), report=report, kind=kind, **values)
        report.refresh_from_db()
        messages.success(
            request,
            f"Đã ghi: {dict(crime.CrimeReportStep.Kind.choices)[kind]}. "
            f"Hạn giải quyết: {report.due_on:%d/%m/%Y}."
            if report.decision == CrimeReport.Decision.PENDING
            else f"Đã ghi: {report.get_decision_display()}.",
        )
    except DomainError as problem:
        messages.error(request, problem.message)
    return redirect("web:crime_report_detail", report_id=report.pk)

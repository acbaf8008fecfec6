"""Hand-over pages (issue 15): for the focal officers and administrators of a unit of today's
map, the plans and records of ended agencies in its area, each line proposed to a receiver;
the officer confirms, changes or drops each line, and may revert until the first report under
the successor. Thin: handover.selectors reads, handover.services writes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dondoc.core.actors import request_actor
from dondoc.core.exceptions import DomainError
from dondoc.handover import selectors, services
from dondoc.org.models import AdminUnit
from dondoc.plans.models import Handover

from .forms_handover import HandoverForm
from .views_plans import _found


def _unit(request: HttpRequest, unit_id: Any) -> AdminUnit:
    return _found(selectors.access_unit, user=request.user, unit_id=unit_id)


@login_required
def handover_home(request: HttpRequest) -> HttpResponse:
    """Every successor unit of the user, with what it has to take over."""
    units = selectors.successor_units(user=request.user)
    if not units:
        raise Http404("Trang bàn giao dành cho cán bộ đầu mối, quản trị của đơn vị hiện nay.")
    sections = [(unit, selectors.summaries_for(unit=unit)) for unit in units]
    return render(request, "web/handover/home.html", {"sections": sections})


def _page(request: HttpRequest, draft: selectors.HandoverDraft, form: HandoverForm | None,
          status: int = 200) -> HttpResponse:  # fmt: skip
    handover = draft.done
    context = {
        "draft": draft,
        "form": form,
        "handover": handover,
        "lines": list(handover.lines.select_related("from_agency", "to_agency", "proposed_agency"))
        if handover
        else [],
        "refusal": services.revert_refusal(handover) if handover else "",
    }
    return render(request, "web/handover/detail.html", context, status=status)


def _form_page(request: HttpRequest, draft: selectors.HandoverDraft, confirm: Any) -> HttpResponse:
    unit = draft.unit
    day = selectors.today()
    agencies = list(selectors.receivers_allowed(unit=unit, day=day))
    if draft.done is not None or request.method != "POST":
        form = None if draft.done else HandoverForm(draft=draft, agencies=agencies)
        return _page(request, draft, form)
    form = HandoverForm(request.POST, draft=draft, agencies=agencies)
    try:
        if not form.is_valid():
            if set(form.data.get("lines", "").split()) != {line.key for line in draft.lines}:
                raise services.HandoverChanged
            messages.error(request, form.message())
            return _page(request, draft, form, status=400)
        handover = confirm(actor=request_actor(request), choices=form.choices())
    except services.HandoverTaken as taken:
        messages.warning(request, taken.message)
        return redirect(request.path)
    except DomainError as problem:
        messages.error(request, problem.message)
        return _page(request, draft, form, status=problem.status_code)
    kept = sum(1 for line in handover.lines.all() if line.to_agency_id)
    messages.success(request, f"Đã bàn giao {kept} nội dung; nhật ký đã ghi người xác nhận.")
    return redirect(request.path)


@login_required
def handover_plan(request: HttpRequest, unit_id: int, document_id: int) -> HttpResponse:
    unit = _unit(request, unit_id)
    document = _found(selectors.access_plan, user=request.user, unit=unit, document_id=document_id)
    draft = selectors.plan_draft(document=document, unit=unit, day=selectors.today())

    def confirm(**kwargs: Any) -> Handover:
        return services.plan_handover_confirm(document=document, unit=unit, **kwargs)

    return _form_page(request, draft, confirm)


@login_required
def handover_records(request: HttpRequest, unit_id: int, agency_id: int) -> HttpResponse:
    unit = _unit(request, unit_id)
    agency = _found(selectors.access_keeper, user=request.user, unit=unit, agency_id=agency_id)
    draft = selectors.records_draft(agency=agency, unit=unit, day=selectors.today())

    def confirm(**kwargs: Any) -> Handover:
        return services.records_handover_confirm(agency=agency, unit=unit, **kwargs)

    return _form_page(request, draft, confirm)


@login_required
@require_POST
def handover_revert(request: HttpRequest, unit_id: int, handover_id: int) -> HttpResponse:
    unit = _unit(request, unit_id)
    handover = _found(selectors.access_handover, user=request.user, unit=unit,
                      handover_id=handover_id)  # fmt: skip
    try:
        services.handover_revert(actor=request_actor(request), handover=handover)
        messages.success(request, "Đã hủy bàn giao: mọi nội dung trở lại như trước.")
    except DomainError as problem:
        messages.error(request, problem.message)
    if handover.document_id:
        return redirect("web:handover_plan", unit_id=unit.pk, document_id=handover.document_id)
    return redirect("web:handover_records", unit_id=unit.pk, agency_id=handover.agency_id)

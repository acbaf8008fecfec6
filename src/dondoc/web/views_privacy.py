"""Privacy pages (Law 91/2025/QH15; Decree 356/2025/NĐ-CP): the record of processing, the
requests of data subjects and the breach register of the user's scope, the breach notification
and the impact-assessment dossier. Thin: forms in, privacy services and selectors, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from dondoc.core.actors import request_actor
from dondoc.core.exceptions import DomainError, InvalidInput
from dondoc.org.scoping import access_agency
from dondoc.privacy import documents, selectors, services
from dondoc.privacy.inventory import held_fields, rules
from dondoc.registry.selectors import agencies_recording

from .forms_privacy import BreachForm, NotifiedForm, RequestStepForm, SubjectRequestForm
from .views_plans import _found

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _agencies(request: HttpRequest) -> list[Any]:
    return list(agencies_recording(user=request.user).select_related("unit")[:200])


@never_cache
@login_required
def privacy_home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    now = timezone.now()
    requests = list(selectors.requests_visible(user=request.user)[:100])
    breaches = list(selectors.breaches_visible(user=request.user)[:100])
    context = {
        "rules": rules(),
        "held": held_fields(),
        "requests": [(r, selectors.request_status(r, today=today)) for r in requests],
        "breaches": [(b, selectors.breach_hours_left(b, now=now)) for b in breaches],
        "labels": selectors.STATUS_LABELS,
        "agencies": _agencies(request),
        # The privacy worklist: requests past a deadline, breaches not yet notified.
        "overdue": list(selectors.requests_overdue(user=request.user, today=today)[:50]),
        "unnotified": [
            b
            for b, left in zip(
                breaches, [selectors.breach_hours_left(b, now=now) for b in breaches], strict=True
            )
            if left is not None
        ],
    }
    return render(request, "web/privacy/home.html", context)


@login_required
def subject_request_new(request: HttpRequest) -> HttpResponse:
    agencies = _agencies(request)
    if not agencies:
        raise Http404
    form = SubjectRequestForm(request.POST if request.method == "POST" else None, agencies=agencies)
    error = ""
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise InvalidInput(form.message())
            created = services.subject_request_register(
                actor=request_actor(request), **form.cleaned_data
            )
            messages.success(
                request, "Đã ghi nhận yêu cầu; hạn phản hồi và hạn thực hiện đã được tính."
            )
            return redirect("web:subject_request_detail", request_id=created.pk)
        except DomainError as problem:
            error = problem.message
    context = {"form": form, "error": error, "rules": rules()}
    return render(request, "web/privacy/request_new.html", context, status=400 if error else 200)


@never_cache
@login_required
def subject_request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    subject_request = _found(selectors.access_request, user=request.user, request_id=request_id)
    error = ""
    form = RequestStepForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        actor = request_actor(request)
        try:
            if not form.is_valid():
                raise InvalidInput(form.message())
            step, on, note = (form.cleaned_data[k] for k in ("step", "on", "note"))
            if step == "acknowledge":
                services.subject_request_acknowledge(
                    actor=actor, request=subject_request, on=on, note=note
                )
            elif step == "extend":
                services.subject_request_extend(
                    actor=actor, request=subject_request, on=on, reason=note
                )
            else:
                services.subject_request_close(
                    actor=actor, request=subject_request, on=on, done=step == "done", answer=note
                )
            messages.success(request, "Đã ghi bước giải quyết.")
            return redirect("web:subject_request_detail", request_id=subject_request.pk)
        except DomainError as problem:
            error = problem.message
    today = timezone.localdate()
    context = {
        "item": subject_request,
        "status": selectors.request_status(subject_request, today=today),
        "labels": selectors.STATUS_LABELS,
        "events": subject_request.events.select_related("actor"),
        "form": form,
        "error": error,
        "can_act": agencies_recording(user=request.user)
        .filter(pk=subject_request.agency_id)
        .exists(),
    }
    return render(request, "web/privacy/request.html", context, status=400 if error else 200)


@login_required
def breach_new(request: HttpRequest) -> HttpResponse:
    agencies = _agencies(request)
    if not agencies:
        raise Http404
    form = BreachForm(request.POST if request.method == "POST" else None, agencies=agencies)
    error = ""
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise InvalidInput(form.message())
            values = {k: v for k, v in form.cleaned_data.items()}
            values["subjects_affected"] = int(values["subjects_affected"] or 0)
            values["records_affected"] = int(values["records_affected"] or 0)
            breach = services.breach_register(actor=request_actor(request), **values)
            messages.success(request, "Đã ghi nhận vi phạm; hạn thông báo 72 giờ đang được tính.")
            return redirect("web:breach_detail", breach_id=breach.pk)
        except DomainError as problem:
            error = problem.message
    context = {"form": form, "error": error, "rules": rules()}
    return render(request, "web/privacy/breach_new.html", context, status=400 if error else 200)


@never_cache
@login_required
def breach_detail(request: HttpRequest, breach_id: int) -> HttpResponse:
    breach = _found(selectors.access_breach, user=request.user, breach_id=breach_id)
    form = NotifiedForm(request.POST if request.method == "POST" else None)
    error = ""
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise InvalidInput(form.message())
            services.breach_notified(
                actor=request_actor(request), breach=breach, **form.cleaned_data
            )
            messages.success(request, "Đã ghi việc thông báo vi phạm.")
            return redirect("web:breach_detail", breach_id=breach.pk)
        except DomainError as problem:
            error = problem.message
    context = {
        "breach": breach,
        "hours_left": selectors.breach_hours_left(breach),
        "rules": rules(),
        "form": form,
        "error": error,
        "can_act": agencies_recording(user=request.user).filter(pk=breach.agency_id).exists(),
    }
    return render(request, "web/privacy/breach.html", context, status=400 if error else 200)


@login_required
def breach_notification_docx(request: HttpRequest, breach_id: int) -> HttpResponse:
    breach = _found(selectors.access_breach, user=request.user, breach_id=breach_id)
    data = documents.breach_notification_docx(breach, on=timezone.localdate())
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="thong-bao-vi-pham-{breach.pk}.docx"'
    return response


@login_required
def impact_assessment_docx(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = _found(access_agency, user=request.user, agency_id=agency_id)
    data = documents.impact_assessment_docx(agency, on=timezone.localdate())
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = 'attachment; filename="danh-gia-tac-dong.docx"'
    return response

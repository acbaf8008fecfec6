"""Requests about a task: the agency's "Đề nghị" form, the list of requests, one request with
its decision (accept / refuse with a comment)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dondoc.core.actors import request_actor
from dondoc.core.exceptions import DomainError, NotFound
from dondoc.core.idempotency import Duplicate
from dondoc.plans import requests as rules
from dondoc.plans.models import TaskRequest
from dondoc.plans.selectors import agencies_for_assignment
from dondoc.plans.services import requests as service
from dondoc.tracking.notify import notify_request_decided, notify_request_made, site_url_of

from .forms_requests import TaskRequestDecisionForm, TaskRequestForm


def _found(getter: Any, **kwargs: Any) -> Any:
    try:
        return getter(**kwargs)
    except NotFound as error:
        raise Http404(error.message) from error


@login_required
def task_request_new(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = _found(
        rules.access_assignment_to_request, user=request.user, assignment_id=assignment_id
    )
    task = assignment.task
    agencies = [
        a
        for a in agencies_for_assignment(unit=task.document.unit)
        if a.is_active and a.pk != assignment.agency_id
    ]
    error, status = "", 200
    if request.method == "POST":
        form = TaskRequestForm(request.POST, agencies=agencies)
        if form.is_valid():
            try:
                made = service.task_request_make(
                    actor=request_actor(request),
                    assignment=assignment,
                    token=form.token(),
                    **form.values(),
                )
                notify_request_made(request=made, site_url=site_url_of(request))
                messages.success(request, "Đã gửi đề nghị tới cơ quan đầu mối của kế hoạch.")
                return redirect("web:task_request_detail", request_id=made.pk)
            except Duplicate:
                return redirect("web:task_requests")
            except DomainError as problem:
                error, status = problem.message, problem.status_code
        else:
            error, status = form.message(), 400
    else:
        form = TaskRequestForm(agencies=agencies)
    context = {
        "assignment": assignment,
        "task": task,
        "form": form,
        "error": error,
        "earlier": task.requests.select_related("agency").order_by("-made_at")[:10],
    }
    return render(request, "web/plans/request_form.html", context, status=status)


@login_required
def task_requests(request: HttpRequest) -> HttpResponse:
    visible = rules.requests_visible(user=request.user).order_by("state", "-made_at", "-id")
    context = {
        "open": [r for r in visible if r.is_open],
        "decided": [r for r in visible if not r.is_open][:100],
    }
    return render(request, "web/plans/requests.html", context)


@login_required
def task_request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    item = _found(rules.access_request, user=request.user, request_id=request_id)
    context = {
        "item": item,
        "can_decide": item.is_open and rules.may_decide(request.user, item.task.document),
        "form": TaskRequestDecisionForm(),
        "changes": list(item.changes.order_by("changed_at", "id")),
    }
    return render(request, "web/plans/request_detail.html", context)


@login_required
@require_POST
def task_request_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    item = _found(rules.access_request, user=request.user, request_id=request_id)
    form = TaskRequestDecisionForm(request.POST)
    error, status = "", 200
    if form.is_valid():
        try:
            decide = (
                service.task_request_accept
                if form.cleaned_data["action"] == "accept"
                else service.task_request_refuse
            )
            decided: TaskRequest = decide(
                actor=request_actor(request), request=item, comment=form.cleaned_data["comment"]
            )
            notify_request_decided(request=decided, site_url=site_url_of(request))
            messages.success(request, f"Đã ghi quyết định: {decided.get_state_display().lower()}.")
            return redirect("web:task_request_detail", request_id=item.pk)
        except DomainError as problem:
            error, status = problem.message, problem.status_code
    else:
        error, status = form.message(), 400
    context = {
        "item": item,
        "can_decide": item.is_open and rules.may_decide(request.user, item.task.document),
        "form": form,
        "error": error,
        "changes": list(item.changes.order_by("changed_at", "id")),
    }
    return render(request, "web/plans/request_detail.html", context, status=status)

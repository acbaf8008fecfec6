"""Plan pages: upload and review, the plan's task tree, cascade, and each agency's inbox."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dondoc.core import queryparams
from dondoc.core.actors import request_actor
from dondoc.core.exceptions import DomainError, InvalidInput, NotAllowed, NotFound
from dondoc.core.idempotency import Duplicate, new_token, submission_result
from dondoc.org.models import Agency
from dondoc.org.scoping import agencies_visible, units_planned
from dondoc.plans import selectors
from dondoc.plans.importers import ACCEPTED_EXTENSIONS, MAX_BYTES
from dondoc.plans.importers.drafts import draft_from_dict
from dondoc.plans.issuing_unit import UnitNotInferred
from dondoc.plans.models import Assignment, DeadlineKind, Document
from dondoc.plans.services import (
    assignment_set_agency,
    document_set_upper,
    plan_upload_create,
    plan_upload_save,
    task_link_upper,
)
from dondoc.tracking import selectors as tracking_selectors

from .forms_plans import AssignmentAgencyForm, CascadeForm, PlanReviewForm, PlanUploadForm


def _found(getter: Any, **kwargs: Any) -> Any:
    try:
        return getter(**kwargs)
    except NotFound as error:
        raise Http404(error.message) from error


def _agency_choices(user: Any, document_or_unit: Any) -> list[Agency]:
    unit = getattr(document_or_unit, "unit", document_or_unit)
    return list(
        Agency.objects.filter(unit__in=[unit, *unit.ancestors()], is_active=True)
        .select_related("unit")
        .order_by("unit__level", "name")
    )


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    documents = selectors.documents_visible(user=request.user).select_related("unit__parent")
    context = {
        "documents": documents.order_by("-issued_year", "-issued_on", "-id")[:200],
        "can_upload": units_planned(user=request.user).exists(),
        "uploads": request.user.plan_uploads.select_related("unit").order_by("-created_at"),  # type: ignore[union-attr]
    }
    return render(request, "web/plans/list.html", context)


@login_required
def plan_upload(request: HttpRequest) -> HttpResponse:
    units = units_planned(user=request.user).order_by("map", "path")
    if not units.exists():
        raise PermissionDenied("Chỉ cán bộ đầu mối hoặc quản trị mới nhập kế hoạch.")
    error, ask_unit = "", False
    if request.method == "POST":
        form = PlanUploadForm(request.POST, request.FILES, units=units)
        sent = form.cleaned_data if form.is_valid() else {}
        upload, unit = sent.get("file"), sent.get("unit")
        if form.errors:
            error = form.message()
        elif upload is None:
            error = "Hãy chọn tệp kế hoạch."
        elif upload.size and upload.size > MAX_BYTES:
            error = f"Tệp lớn hơn {MAX_BYTES // (1024 * 1024)} MB."
        else:
            try:
                pending = plan_upload_create(
                    actor=request_actor(request),
                    data=upload.read(),
                    source_name=upload.name or "ke-hoach",
                    unit=unit,
                )
                return redirect("web:plan_review", upload_id=pending.pk)
            except UnitNotInferred as problem:
                error, ask_unit = problem.message, True
            except DomainError as problem:
                error = problem.message
    context = {
        "error": error,
        "ask_unit": ask_unit,
        "units": units.filter(level__in=["province", "district"])[:500]
        if ask_unit or units.count() > 1
        else [],
        "accepted": ",".join(ACCEPTED_EXTENSIONS),
    }
    return render(request, "web/plans/upload.html", context, status=400 if error else 200)


def _review_rows(draft: Any) -> list[dict[str, Any]]:
    rows = []
    for index, task in enumerate(draft.tasks):
        rows.append(
            {
                "index": index,
                "task": task,
                "depth": task.path.count("/"),
                "assignments": [
                    {
                        "field": f"a-{index}-{position}",
                        "item": item,
                        "review": not item.collective
                        and (item.agency_id is None or (item.confidence or 0) < 1),
                    }
                    for position, item in enumerate(task.assignments)
                ],
            }
        )
    return rows


def _saved_plan(request: HttpRequest, document_id: int | None) -> HttpResponse:
    """The answer to a review form sent again after it was saved: the document it made."""
    messages.info(request, "Kế hoạch đã được lưu ở lần bấm trước; đây là kế hoạch đã lưu.")
    if document_id is None:
        return redirect("web:plan_list")
    return redirect("web:plan_detail", document_id=document_id)


@login_required
def plan_review(request: HttpRequest, upload_id: int) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    head = PlanReviewForm(data, fields=[])  # the token, before the upload (gone once saved)
    token = head.cleaned_data["form_token"] if head.is_valid() else ""
    if token:  # sent again after the first one saved it (and removed the upload)
        done = submission_result(actor=request_actor(request), token=token, action="plan.save")
        if done is not None:
            return _saved_plan(request, done)
    upload = _found(selectors.access_upload, user=request.user, upload_id=upload_id)
    draft = draft_from_dict(upload.draft)
    agencies = _agency_choices(request.user, upload.unit)
    by_name = {a.name: a.pk for a in agencies}
    error = ""
    rows = _review_rows(draft)
    form = PlanReviewForm(data, fields=[a["field"] for row in rows for a in row["assignments"]])
    if data is not None and not form.is_valid():
        error = form.message()
    elif data is not None and form.cleaned_data["discard"]:
        upload.delete()
        messages.info(request, "Đã hủy tệp tải lên.")
        return redirect("web:plan_list")
    elif data is not None:
        overrides: dict[tuple[int, int], int | None] = {}
        unknown = []
        for index, task in enumerate(draft.tasks):
            for position, item in enumerate(task.assignments):
                name = form.typed(f"a-{index}-{position}")
                if name is None:  # not sent: left as read
                    continue
                chosen = by_name.get(name) if name else None
                if name and chosen is None:
                    unknown.append(f"{task.path}: “{name}”")
                elif chosen != item.agency_id:
                    overrides[(index, position)] = chosen
        if unknown:
            error = "Không có trong danh mục: " + "; ".join(unknown[:10])
        else:
            try:
                document = plan_upload_save(
                    actor=request_actor(request),
                    upload=upload,
                    agency_overrides=overrides,
                    replace=form.cleaned_data["replace"],
                    token=token,
                )
                messages.success(request, f"Đã lưu {document.label}.")
                return redirect("web:plan_detail", document_id=document.pk)
            except Duplicate as twin:  # the same form, sent twice at once: the first saved it
                return _saved_plan(request, twin.result_id)
            except DomainError as problem:
                error = problem.message
    context = {
        "upload": upload,
        "draft": draft,
        "rows": rows,
        "agencies": agencies,
        "error": error,
        "leaves": sum(1 for t in draft.tasks if t.leaf),
        "form_token": token or new_token(),
    }
    return render(request, "web/plans/review.html", context, status=400 if error else 200)


@login_required
def plan_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    document = _found(selectors.access_document, user=request.user, document_id=document_id)
    can_edit = selectors.documents_plannable(user=request.user).filter(pk=document.pk).exists()
    tasks = list(selectors.document_tasks(document=document))
    named = {a.agency_id for task in tasks for a in task.assignments.all() if a.agency_id}
    context = {
        "document": document,
        # An agency's inbox opens to those who see the agency: the others get its name only.
        "openable_agencies": set(
            agencies_visible(user=request.user).filter(pk__in=named).values_list("pk", flat=True)
        ),
        "tasks": tasks,
        "leaves": sum(1 for t in tasks if t.is_leaf),
        "references": list(document.references.all()),
        "can_edit": can_edit,
        "can_follow": tracking_selectors.can_follow(user=request.user, document=document),
        "agencies": _agency_choices(request.user, document) if can_edit else [],
        "lower_documents": selectors.lower_documents(user=request.user, document=document),
        **_handover_facts(document),
    }
    return render(request, "web/plans/detail.html", context)


def _handover_facts(document: Document) -> dict[str, Any]:
    """The confirmed hand-over of the plan (issue 15) and the focal agency it passed to."""
    handover = selectors.plan_handover(document=document)
    if handover is None:
        return {}
    focal = next((line.to_agency for line in handover.lines.all() if line.kind == "focal"), None)
    return {"handover": handover, "handover_focal": focal}


@login_required
@require_POST
def assignment_correct(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment: Assignment = _found(
        selectors.access_assignment, user=request.user, assignment_id=assignment_id
    )
    document = assignment.task.document
    form = AssignmentAgencyForm(request.POST)
    name = form.cleaned_data["agency"] if form.is_valid() else ""
    agency = None
    if name:
        agency = next((a for a in _agency_choices(request.user, document) if a.name == name), None)
        if agency is None:
            messages.error(request, f"“{name}” không có trong danh mục cơ quan.")
            return redirect("web:plan_detail", document_id=document.pk)
    try:
        assignment_set_agency(actor=request_actor(request), assignment=assignment, agency=agency)
        messages.success(request, f"Đã sửa phân công nhiệm vụ {assignment.task.path}.")
    except NotAllowed as problem:
        raise PermissionDenied(problem.message) from problem
    except DomainError as problem:
        messages.error(request, problem.message)
    return redirect("web:plan_detail", document_id=document.pk)


@login_required
def plan_cascade(request: HttpRequest, document_id: int) -> HttpResponse:
    document = _found(selectors.access_document, user=request.user, document_id=document_id)
    can_edit = selectors.documents_plannable(user=request.user).filter(pk=document.pk).exists()
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("Bạn không có quyền sửa kế hoạch này.")
        form = CascadeForm(request.POST)
        try:
            if not form.is_valid():
                raise InvalidInput(form.message())
            asked = form.cleaned_data
            if asked["upper"] is not None:
                upper = None
                if asked["upper"]:
                    upper = _found(
                        selectors.access_document, user=request.user, document_id=asked["upper"]
                    )
                document_set_upper(actor=request_actor(request), document=document, upper=upper)
            else:
                task = _found(selectors.access_task, user=request.user, task_id=asked["task"])
                if task.document_id != document.pk:
                    raise Http404
                upper_task = None
                if asked["upper_task"]:
                    upper_task = _found(
                        selectors.access_task, user=request.user, task_id=asked["upper_task"]
                    )
                task_link_upper(actor=request_actor(request), task=task, upper_task=upper_task)
        except DomainError as problem:
            messages.error(request, problem.message)
        return redirect("web:plan_cascade", document_id=document.pk)
    cascade = selectors.cascade_for(user=request.user, document=document)
    context = {
        "document": document,
        "cascade": cascade,
        "can_edit": can_edit,
        "candidates": selectors.upper_candidates(user=request.user, document=document).order_by(
            "-issued_year", "-id"
        )[:200],
    }
    return render(request, "web/plans/cascade.html", context)


@login_required
def agency_tasks(request: HttpRequest, agency_id: int) -> HttpResponse:
    document_id = queryparams.object_id(request.GET, "ke_hoach")
    role = queryparams.choice(request.GET, "vai_tro", Assignment.Role.values)
    kind = queryparams.choice(request.GET, "thoi_han", DeadlineKind.values)
    agency, assignments = _found(
        selectors.agency_assignments,
        user=request.user,
        agency_id=agency_id,
        document_id=document_id,
        role=role,
        deadline_kind=kind,
    )
    _, everything = selectors.agency_assignments(user=request.user, agency_id=agency.pk)
    documents = {a.task.document for a in everything}
    context = {
        "agency": agency,
        "assignments": assignments,
        "documents": sorted(documents, key=lambda d: (-(d.issued_year or 0), d.pk)),
        "document_id": document_id,
        "role": role,
        "kind": kind,
        "roles": Assignment.Role.choices,
        "kinds": DeadlineKind.choices,
        "lead_count": sum(1 for a in everything if a.role == Assignment.Role.LEAD),
        "total": len(everything),
    }
    return render(request, "web/plans/agency_tasks.html", context)


@login_required
def plan_template(request: HttpRequest) -> HttpResponse:
    from dondoc.plans.importers.xlsx import build_template

    response = HttpResponse(
        build_template(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-ke-hoach-dondoc.xlsx"'
    return response

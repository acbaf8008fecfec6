"""Plan pages: upload and review, the plan's task tree, cascade, and each agency's inbox."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from dondoc.core import queryparams
from dondoc.core.actors import request_actor
from dondoc.core.exceptions import DomainError, InvalidInput, NotAllowed, NotFound
from dondoc.core.idempotency import Duplicate, new_token, submission_result
from dondoc.core.models import Job
from dondoc.org.models import Agency
from dondoc.org.scoping import units_planned
from dondoc.plans import selectors
from dondoc.plans.corrections import StaleVersion
from dondoc.plans.importers import ACCEPTED_EXTENSIONS, MAX_BYTES, slow_reading
from dondoc.plans.importers.drafts import draft_from_dict
from dondoc.plans.issuing_unit import UnitNotInferred
from dondoc.plans.jobs import plan_parse_enqueue
from dondoc.plans.models import Assignment, DeadlineKind, Document, Task
from dondoc.plans.requests import agencies_requesting
from dondoc.plans.resolution import draft_name_proposals
from dondoc.plans.services import (
    assignment_set_agency,
    document_set_upper,
    kept_file_drop,
    kept_file_keep,
    kept_file_read,
    plan_upload_create,
    plan_upload_save,
    task_link_upper,
)
from dondoc.plans.services.amendments import (
    task_add,
    task_assignment_add,
    task_assignment_remove,
    task_withdraw,
)
from dondoc.plans.services.amendments import task_amend as task_amend_service
from dondoc.plans.services.review import (
    plan_draft_assignment_add,
    plan_draft_assignment_remove,
    plan_draft_header_set,
    plan_draft_name_decide,
    plan_draft_start,
    plan_draft_task_add,
    plan_draft_task_delete,
    plan_draft_task_merge,
    plan_draft_task_set,
    plan_draft_task_split,
)
from dondoc.tracking import selectors as tracking_selectors

from .forms_plans import (
    ActionForm,
    AgencyPickAmendForm,
    AgencyPickForm,
    AssignmentAgencyForm,
    AssignmentDropAmendForm,
    AssignmentDropForm,
    CascadeForm,
    DraftHeaderForm,
    ManualPlanForm,
    NameDecisionForm,
    PlanReviewForm,
    PlanUploadForm,
    SplitForm,
    TaskAddForm,
    TaskAmendForm,
    TaskFieldsForm,
    VersionOnlyForm,
    WithdrawForm,
)
from .paging import PAGE_PARAM, paged, query_without


def _found(getter: Any, **kwargs: Any) -> Any:
    try:
        return getter(**kwargs)
    except NotFound as error:
        raise Http404(error.message) from error


def _agency_choices(user: Any, document_or_unit: Any) -> list[Agency]:
    unit = getattr(document_or_unit, "unit", document_or_unit)
    return list(selectors.agencies_for_assignment(unit=unit))


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    documents = selectors.documents_visible(user=request.user).select_related("unit__parent")
    context = {
        "documents": documents.order_by("-issued_year", "-issued_on", "-id")[:200],
        "can_upload": units_planned(user=request.user).exists(),
        "uploads": request.user.plan_uploads.select_related("unit").order_by("-created_at"),  # type: ignore[union-attr]
    }
    return render(request, "web/plans/list.html", context)


def _upload_page(
    request: HttpRequest,
    units: Any,
    *,
    error: str = "",
    ask_unit: bool = False,
    kept: Any = None,
    chosen_unit: int | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "error": error,
        "ask_unit": ask_unit,
        "kept": kept,
        "chosen_unit": chosen_unit,
        "units": units.filter(level__in=["province", "district"])[:500]
        if ask_unit or units.count() > 1
        else [],
        "accepted": ",".join(ACCEPTED_EXTENSIONS),
    }
    return render(request, "web/plans/upload.html", context, status=status)


def _planned_units(request: HttpRequest) -> Any:
    units = units_planned(user=request.user).order_by("map", "path")
    if not units.exists():
        raise PermissionDenied("Chỉ cán bộ đầu mối hoặc quản trị mới nhập kế hoạch.")
    return units


@login_required
def plan_upload(request: HttpRequest) -> HttpResponse:
    units = _planned_units(request)
    error, ask_unit, kept, chosen_unit = "", False, None, None
    if request.method == "POST":
        form = PlanUploadForm(request.POST, request.FILES, units=units)
        sent = form.cleaned_data if form.is_valid() else {}
        upload, unit, kept_id = sent.get("file"), sent.get("unit"), sent.get("kept")
        chosen_unit = unit.pk if unit is not None else None
        actor = request_actor(request)
        name, data = "", b""
        try:
            if form.errors:
                raise InvalidInput(form.message())
            if upload is not None:
                if upload.size and upload.size > MAX_BYTES:
                    raise InvalidInput(f"Tệp lớn hơn {MAX_BYTES // (1024 * 1024)} MB.")
                name, data = upload.name or "ke-hoach", upload.read()
            elif kept_id:
                name, data = kept_file_read(actor=actor, kept_id=kept_id)
            else:
                raise InvalidInput("Hãy chọn tệp kế hoạch.")
            reason = slow_reading(data, file=name)
            if reason:  # a scan or an old Office file: read by the worker, followed on its page
                job = plan_parse_enqueue(
                    actor=actor, data=data, source_name=name, unit=unit, reason=reason
                )
            else:
                pending = plan_upload_create(actor=actor, data=data, source_name=name, unit=unit)
            if kept_id:
                kept_file_drop(actor=actor, kept_id=kept_id)
            if reason:
                return redirect("web:plan_parse", job_id=job.pk)
            return redirect("web:plan_review", upload_id=pending.pk)
        except DomainError as problem:
            error = problem.message
            ask_unit = isinstance(problem, UnitNotInferred)
        if data:  # the browser cannot keep a file input's file: the server keeps it
            kept = kept_file_keep(actor=actor, data=data, name=name)
    return _upload_page(
        request,
        units,
        error=error,
        ask_unit=ask_unit,
        kept=kept,
        chosen_unit=chosen_unit,
        status=400 if error else 200,
    )


@never_cache
@login_required
def plan_parse(request: HttpRequest, job_id: int) -> HttpResponse:
    """A slow file being read by the worker: the page being read, then the review screen; a
    file that could not be read: the upload form with the reason and the file kept."""
    job = _found(selectors.access_plan_parse_job, user=request.user, job_id=job_id)
    if job.status == Job.Status.DONE:
        upload_id = job.params.get("upload_id")
        if selectors.uploads_of(user=request.user).filter(pk=upload_id).exists():
            return redirect("web:plan_review", upload_id=upload_id)
        messages.info(request, "Tệp này đã được lưu thành kế hoạch hoặc đã hủy.")
        return redirect("web:plan_list")
    if job.status == Job.Status.FAILED:
        unit_id = job.params.get("unit_id")
        return _upload_page(
            request,
            _planned_units(request),
            error=job.error,
            ask_unit=bool(job.params.get("ask_unit")),
            kept=selectors.kept_file_of(user=request.user, kept_id=job.params.get("kept_id")),
            chosen_unit=unit_id if isinstance(unit_id, int) else None,
        )
    return render(request, "web/plans/parsing.html", {"job": job})


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
                    version=form.cleaned_data["version"],
                )
                messages.success(request, f"Đã lưu {document.label}.")
                return redirect("web:plan_detail", document_id=document.pk)
            except Duplicate as twin:  # the same form, sent twice at once: the first saved it
                return _saved_plan(request, twin.result_id)
            except StaleVersion as problem:
                messages.error(request, problem.message)
                return redirect("web:plan_review", upload_id=upload.pk)
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
        "deadline_kinds": dict(DeadlineKind.choices),
        "name_proposals": [
            {"proposal": proposal, "token": new_token()}
            for proposal in draft_name_proposals(upload=upload, draft=draft)
        ],
        "issued_on": datetime.date.fromisoformat(draft.document.date)
        if draft.document.date
        else None,
    }
    return render(request, "web/plans/review.html", context, status=400 if error else 200)


@login_required
def plan_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    """The plan: its facts, its sections with their task counts, and one page of its tasks
    (a section, the filters of the query string); `?nhiem_vu=<id>` goes to a task's page."""
    document = _found(selectors.access_document, user=request.user, document_id=document_id)
    outline = selectors.document_outline(document=document)
    asked_task = queryparams.object_id(request.GET, "nhiem_vu")
    if asked_task is not None:
        return _task_page_redirect(document, outline, asked_task)
    filters, late = _task_filters(request, outline)
    tasks = selectors.document_tasks_filtered(document=document, filters=filters)
    if late:
        tasks = tracking_selectors.tasks_late(tasks, on=timezone.localdate())
    # The outline has counted the rows of the plain pages: no COUNT query for them.
    plain = not filters.narrowing and not late
    cut = paged(
        request, tasks, selectors.TASKS_PER_PAGE,
        count=outline.rows_in(filters.section) if plain else None,
    )  # fmt: skip
    page = cut.page
    rows = _rows_with_headings(list(page.object_list), outline, filters.narrowing or late)
    can_edit = selectors.documents_plannable(user=request.user).filter(pk=document.pk).exists()
    named = list(selectors.document_agencies_named(document=document, user=request.user))
    # The list of agencies to correct an assignment with, only for a page that has one to
    # correct (a province's list is hundreds of agencies).
    correctable = can_edit and any(
        a.needs_review and not a.withdrawn_on for _, task in rows for a in task.assignments.all()
    )
    # An agency's inbox opens to those who see the agency: the others get its name only.
    openable = {agency.pk for agency in named if getattr(agency, "openable", False)}
    context = {
        "document": document,
        "rows": _task_rows(rows, openable),
        "page": page,
        "page_numbers": cut.page_numbers,
        "outline": outline,
        "filters": filters,
        "late": late,
        "filtered": filters.narrowing or late,
        "statuses": Task.Status.choices,
        "named_agencies": named,
        "keep": cut.keep,
        "keep_but_section": query_without(request, PAGE_PARAM, "muc"),
        "references": list(document.references.all()),
        "can_edit": can_edit,
        "can_follow": tracking_selectors.can_follow(user=request.user, document=document),
        "agencies": _agency_choices(request.user, document) if correctable else [],
        "lower_documents": selectors.lower_documents(user=request.user, document=document),
        "changes": list(selectors.document_changes(document=document)[:200]),
        **_handover_facts(document),
    }
    return render(request, "web/plans/detail.html", context)


def _task_filters(request: HttpRequest, outline: selectors.Outline) -> tuple[Any, bool]:
    """The plan page's filters from the query string: a section that is not the plan's, like
    an unknown status, shows every task rather than an error page."""
    section = outline.section(queryparams.object_id(request.GET, "muc"))
    filters = selectors.TaskFilters(
        section=section,
        status=queryparams.choice(request.GET, "trang_thai", Task.Status.values),
        agency_id=queryparams.object_id(request.GET, "co_quan"),
        query=queryparams.text(request.GET, "q", max_length=200).strip(),
    )
    return filters, queryparams.flag(request.GET, "qua_han")


@dataclass(frozen=True)
class TaskRow:
    """A row of the plan page: the section heading above it (or None), the task, and its
    assignments by role, each with the link to its agency's inbox when the viewer may open it
    ("" otherwise). Split and linked here once: 150 assignments a page through two role tests
    and a {% url %} each were a fifth of the page's CPU (issue 18)."""

    heading: selectors.Section | None
    task: Task
    leads: list[tuple[Assignment, str]]
    coordinators: list[tuple[Assignment, str]]


def _task_rows(
    rows: list[tuple[selectors.Section | None, Task]], openable: set[int]
) -> list[TaskRow]:
    links: dict[int, str] = {}

    def cell(a: Assignment) -> tuple[Assignment, str]:
        if a.agency_id is None or a.agency_id not in openable:
            return a, ""
        if a.agency_id not in links:
            links[a.agency_id] = reverse("web:agency_tasks", args=[a.agency_id])
        return a, links[a.agency_id]

    found = []
    for heading, task in rows:
        assignments = task.assignments.all()
        found.append(
            TaskRow(
                heading,
                task,
                [cell(a) for a in assignments if a.role == Assignment.Role.LEAD],
                [cell(a) for a in assignments if a.role == Assignment.Role.COORDINATING],
            )
        )
    return found


def _rows_with_headings(
    tasks: list[Task], outline: selectors.Outline, picked: bool
) -> list[tuple[selectors.Section | None, Task]]:
    """Each task of the page, with the section heading to show above it: when the filters pick
    tasks one by one, the heading of each section the page enters (its group row is not
    among the picked rows)."""
    rows: list[tuple[selectors.Section | None, Task]] = []
    shown: int | None = None
    for task in tasks:
        heading = None
        if picked:
            holder = outline.positions.get(task.pk, (0, None))[1]
            if holder is not None and holder != shown:
                heading = outline.section_at(holder)
            shown = holder
        rows.append((heading, task))
    return rows


def _task_page_redirect(
    document: Document, outline: selectors.Outline, task_id: int
) -> HttpResponse:
    """A link to one task (`?nhiem_vu=<id>`, or an old `#task-<id>` the page's script sends
    here): the page of its section that shows it, scrolled to its row."""
    if task_id not in outline.positions:
        raise Http404
    position, holder = outline.positions[task_id]
    section = outline.section_at(holder) if holder is not None else None
    before = sum(
        1
        for other, _ in outline.positions.values()
        if other < position and (section is None or section.holds(other))
    )
    query = {PAGE_PARAM: before // selectors.TASKS_PER_PAGE + 1}
    if section is not None:
        query = {"muc": section.pk, **query}
    address = reverse("web:plan_detail", args=[document.pk])
    return redirect(f"{address}?{urlencode(query)}#task-{task_id}")


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
    # Read once: the filters' choices and the totals count all of them, the page its share.
    agency, everything = _found(
        selectors.agency_assignments, user=request.user, agency_id=agency_id
    )
    shown = selectors.inbox_filtered(
        everything, document_id=document_id, role=role, deadline_kind=kind
    )
    cut = paged(request, shown, selectors.INBOX_PER_PAGE)
    documents = {a.task.document for a in everything}
    context = {
        "agency": agency,
        "assignments": cut.page.object_list,
        "shown": len(shown),
        "page": cut.page,
        "page_numbers": cut.page_numbers,
        "keep": cut.keep,
        "documents": sorted(documents, key=lambda d: (-(d.issued_year or 0), d.pk)),
        "document_id": document_id,
        "role": role,
        "kind": kind,
        "roles": Assignment.Role.choices,
        "kinds": DeadlineKind.choices,
        "lead_count": sum(1 for a in everything if a.role == Assignment.Role.LEAD),
        "total": len(everything),
        "can_request": agencies_requesting(user=request.user).filter(pk=agency.pk).exists(),
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


# --- Correcting a draft before it is saved, and a plan entered by hand ------------------------


def _run(
    request: HttpRequest,
    form: Any,
    call: Callable[[dict[str, Any]], Any],
    *,
    done: str,
    again: str,
    said: str,
) -> HttpResponse | None:
    """Run one correction for a valid `form`: redirect to `done` with `said`; to `again`
    (the page, fresh) when the draft or plan changed meanwhile; None when the page must show
    the form again with its errors (the service's refusal added to the form)."""
    if not form.is_valid():
        return None
    try:
        call(form.cleaned_data)
    except Duplicate:
        messages.info(request, "Thao tác này đã được thực hiện ở lần bấm trước.")
        return redirect(done)
    except StaleVersion as problem:
        messages.error(request, problem.message)
        return redirect(again)
    except NotAllowed as problem:
        raise PermissionDenied(problem.message) from problem
    except DomainError as problem:
        form.add_error(None, problem.message)
        return None
    messages.success(request, said)
    return redirect(done)


def _token(data: dict[str, Any]) -> str:
    return str(data.get("form_token") or "")


@login_required
def plan_manual(request: HttpRequest) -> HttpResponse:
    """A plan without a file: its unit and kind, then the review screen to fill it in."""
    units = units_planned(user=request.user).order_by("map", "path")
    if not units.exists():
        raise PermissionDenied("Chỉ cán bộ đầu mối hoặc quản trị mới nhập kế hoạch.")
    choices = units.filter(level__in=["province", "district", "commune"])[:500]
    form = ManualPlanForm(request.POST if request.method == "POST" else None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            upload = plan_draft_start(
                actor=request_actor(request),
                unit=form.cleaned_data["unit"],
                type_code=form.cleaned_data["type_code"],
                token=form.token(),
            )
            return redirect("web:plan_draft_header", upload_id=upload.pk)
        except Duplicate as twin:
            return redirect("web:plan_draft_header", upload_id=twin.result_id)
        except DomainError as problem:
            form.add_error(None, problem.message)
    form.fields["unit"].queryset = choices  # type: ignore[attr-defined]
    status = 400 if form.errors else 200
    return render(request, "web/plans/manual.html", {"form": form}, status=status)


@login_required
def plan_draft_header(request: HttpRequest, upload_id: int) -> HttpResponse:
    upload = _found(selectors.access_upload, user=request.user, upload_id=upload_id)
    header = draft_from_dict(upload.draft).document
    number, _, symbol = (header.number or "").partition("/")
    initial = {
        "number": number,
        "symbol": header.symbol or symbol,
        "issued_on": datetime.date.fromisoformat(header.date) if header.date else None,
        "issuer": header.issuer,
        "title": header.title,
    }
    data = request.POST if request.method == "POST" else None
    form = DraftHeaderForm(data, initial=initial, version=upload.version)
    review = reverse("web:plan_review", args=[upload.pk])
    if data is not None:
        done = _run(
            request,
            form,
            lambda d: plan_draft_header_set(
                actor=request_actor(request), upload=upload, version=d["version"],
                number=d["number"], symbol=d["symbol"], issued_on=d["issued_on"],
                issuer=d["issuer"], title=d["title"], token=_token(d),
            ),
            done=review, again=request.path, said="Đã sửa thông tin văn bản.",
        )  # fmt: skip
        if done is not None:
            return done
    context = {"upload": upload, "header": header, "form": form}
    return render(request, "web/plans/draft_header.html", context, status=400 if data else 200)


@require_POST
@login_required
def plan_draft_name(request: HttpRequest, upload_id: int) -> HttpResponse:
    """Adopt or decline a name the plan uses for an agency (the review screen's proposals)."""
    upload = _found(selectors.access_upload, user=request.user, upload_id=upload_id)
    form = NameDecisionForm(request.POST)
    review = reverse("web:plan_review", args=[upload.pk])
    accept = form.is_valid() and form.cleaned_data["decision"] == "nhan"
    said = "Đã nhận tên cơ quan theo văn bản." if accept else "Đã giữ tên cơ quan trong danh mục."
    done = _run(
        request,
        form,
        lambda d: plan_draft_name_decide(
            actor=request_actor(request), upload=upload, version=d["version"],
            token=_token(d), agency_id=d["agency"], name=d["name"],
            accept=d["decision"] == "nhan",
        ),
        done=review + "#name-proposals", again=review, said=said,
    )  # fmt: skip
    if done is not None:
        return done
    messages.error(request, form.message())
    return redirect(review)


_PREFIX = {"them_co_quan": "them"}  # the agency picker's fields: "them-role", "them-agency"


def _task_forms(
    data: Any,
    action: str,
    version: int,
    *,
    classes: dict[str, type[Any]],
    initial: dict[str, dict[str, Any]],
    agencies: list[Agency],
) -> dict[str, Any]:
    """The forms of a task page by their action (`classes`), each bound only when it is the
    one sent; the agency pickers are given the directory to choose from."""
    forms = {}
    for name, form_class in classes.items():
        extra = {"agencies": agencies} if issubclass(form_class, AgencyPickForm) else {}
        forms[name] = form_class(
            data if action == name else None,
            prefix=_PREFIX.get(name, name),
            version=version,
            initial=initial.get(name, {}),
            **extra,
        )
    return forms


@login_required
def plan_draft_task(request: HttpRequest, upload_id: int, index: int) -> HttpResponse:
    """One task of a draft: its text, deadline and expected result; its agencies added and
    removed; split in two, merged with the next, deleted."""
    upload = _found(selectors.access_upload, user=request.user, upload_id=upload_id)
    draft = draft_from_dict(upload.draft)
    if not 0 <= index < len(draft.tasks):
        raise Http404("Nhiệm vụ này không còn trong bản rà soát.")
    task = draft.tasks[index]
    agencies = _agency_choices(request.user, upload.unit)
    data = request.POST if request.method == "POST" else None
    chosen = ActionForm(data)
    action = chosen.cleaned_data["thao_tac"] if data is not None and chosen.is_valid() else ""
    forms = _task_forms(
        data,
        action,
        upload.version,
        agencies=agencies,
        classes={"sua": TaskFieldsForm, "them_co_quan": AgencyPickForm,
                 "bo_co_quan": AssignmentDropForm, "tach": SplitForm, "gop": VersionOnlyForm,
                 "xoa": VersionOnlyForm},
        initial={"sua": {"title": task.title,
                         "deadline": task.deadline.raw if task.deadline else "",
                         "deadline_kind": task.deadline.kind if task.deadline else "",
                         "expected_result": task.expected_result},
                 "tach": {"first": task.title}},
    )  # fmt: skip
    actor = request_actor(request)
    review = reverse("web:plan_review", args=[upload.pk]) + f"#task-{index}"
    here = request.path
    calls: dict[str, tuple[Callable[[dict[str, Any]], Any], str, str]] = {
        "sua": (lambda d: plan_draft_task_set(
            actor=actor, upload=upload, version=d["version"], index=index, title=d["title"],
            deadline=d["typed_deadline"], expected_result=d["expected_result"],
            token=_token(d)), review, f"Đã sửa nhiệm vụ {task.path}."),
        "them_co_quan": (lambda d: plan_draft_assignment_add(
            actor=actor, upload=upload, version=d["version"], index=index, role=d["role"],
            agency=d["agency"], token=_token(d)), here, f"Đã thêm cơ quan cho {task.path}."),
        "bo_co_quan": (lambda d: plan_draft_assignment_remove(
            actor=actor, upload=upload, version=d["version"], index=index,
            position=d["position"], token=_token(d)), here, f"Đã bỏ cơ quan khỏi {task.path}."),
        "tach": (lambda d: plan_draft_task_split(
            actor=actor, upload=upload, version=d["version"], index=index, first=d["first"],
            second=d["second"], token=_token(d)), review, f"Đã tách nhiệm vụ {task.path}."),
        "gop": (lambda d: plan_draft_task_merge(
            actor=actor, upload=upload, version=d["version"], index=index,
            token=_token(d)), review, f"Đã gộp nhiệm vụ {task.path} với nhiệm vụ sau."),
        "xoa": (lambda d: plan_draft_task_delete(
            actor=actor, upload=upload, version=d["version"], index=index,
            token=_token(d)), reverse("web:plan_review", args=[upload.pk]),
            f"Đã xóa mục {task.path}."),
    }  # fmt: skip
    if data is not None:
        if action not in calls:
            raise Http404
        call, done, said = calls[action]
        answer = _run(request, forms[action], call, done=done, again=here, said=said)
        if answer is not None:
            return answer
    context = {
        "upload": upload,
        "task": task,
        "index": index,
        "forms": forms,
        "agencies": agencies,
        "assignments": list(enumerate(task.assignments)),
    }
    return render(request, "web/plans/draft_task.html", context, status=400 if data else 200)


@login_required
def plan_draft_add(request: HttpRequest, upload_id: int) -> HttpResponse:
    """A task added to a draft: after the task `?sau=` names, or at the end."""
    upload = _found(selectors.access_upload, user=request.user, upload_id=upload_id)
    draft = draft_from_dict(upload.draft)
    after = queryparams.integer(request.GET, "sau", low=0, high=10**6)
    if after is not None and not 0 <= after < len(draft.tasks):
        raise Http404("Nhiệm vụ này không còn trong bản rà soát.")
    data = request.POST if request.method == "POST" else None
    form = TaskFieldsForm(data, prefix="them", version=upload.version)
    if data is not None:
        done = _run(
            request,
            form,
            lambda d: plan_draft_task_add(
                actor=request_actor(request), upload=upload, version=d["version"], after=after,
                title=d["title"], deadline=d["typed_deadline"],
                expected_result=d["expected_result"], token=_token(d),
            ),
            done=reverse("web:plan_review", args=[upload.pk]), again=request.get_full_path(),
            said="Đã thêm nhiệm vụ.",
        )  # fmt: skip
        if done is not None:
            return done
    context = {
        "upload": upload,
        "form": form,
        "after": draft.tasks[after] if after is not None else None,
    }
    return render(request, "web/plans/draft_add.html", context, status=400 if data else 200)


# --- Amending a saved plan ----------------------------------------------------------------


def _plannable(request: HttpRequest, document: Any) -> None:
    if not selectors.documents_plannable(user=request.user).filter(pk=document.pk).exists():
        raise PermissionDenied("Chỉ cán bộ đầu mối của địa bàn ban hành mới sửa được kế hoạch.")


def _source(d: dict[str, Any]) -> dict[str, Any]:
    return {"amending_document": d["amending_document"], "reason": d["reason"],
            "token": _token(d), "version": d["version"]}  # fmt: skip


@login_required
def task_amend(request: HttpRequest, document_id: int, task_id: int) -> HttpResponse:
    """One task of a saved plan, amended: text, deadline, expected result, agencies added or
    taken off, withdrawn; each change with its amending document or reason, into history."""
    document = _found(selectors.access_document, user=request.user, document_id=document_id)
    task = _found(selectors.access_task, user=request.user, task_id=task_id)
    if task.document_id != document.pk:
        raise Http404
    _plannable(request, document)
    agencies = _agency_choices(request.user, document)
    data = request.POST if request.method == "POST" else None
    chosen = ActionForm(data)
    action = chosen.cleaned_data["thao_tac"] if data is not None and chosen.is_valid() else ""
    today = timezone.localdate()
    forms = _task_forms(
        data,
        action,
        document.version,
        agencies=agencies,
        classes={"sua": TaskAmendForm, "them_co_quan": AgencyPickAmendForm,
                 "bo_co_quan": AssignmentDropAmendForm, "bai_bo": WithdrawForm},
        initial={"sua": {"title": task.title, "deadline": task.deadline_raw,
                         "deadline_kind": task.deadline_kind,
                         "expected_result": task.expected_result},
                 "bai_bo": {"on": today}, "bo_co_quan": {"on": today}},
    )  # fmt: skip
    actor = request_actor(request)
    detail = reverse("web:plan_detail", args=[document.pk]) + f"?nhiem_vu={task.pk}"
    here = request.path
    assignments = {a.pk: a for a in task.assignments.select_related("agency")}

    def drop(d: dict[str, Any]) -> Any:
        assignment = assignments.get(d["position"])
        if assignment is None:
            raise InvalidInput("Cơ quan này không còn trong nhiệm vụ: hãy tải lại trang.")
        return task_assignment_remove(
            actor=actor, assignment=assignment, on=d["on"] or today, **_source(d)
        )

    calls: dict[str, tuple[Callable[[dict[str, Any]], Any], str, str]] = {
        "sua": (lambda d: task_amend_service(
            actor=actor, task=task, title=d["title"], deadline=d["typed_deadline"],
            expected_result=d["expected_result"], **_source(d)),
            detail, f"Đã sửa nhiệm vụ {task.path}; thay đổi được ghi vào lịch sử kế hoạch."),
        "them_co_quan": (lambda d: task_assignment_add(
            actor=actor, task=task, agency=d["agency"], role=d["role"], **_source(d)),
            here, f"Đã thêm cơ quan cho nhiệm vụ {task.path}."),
        "bo_co_quan": (drop, here, f"Đã bỏ cơ quan khỏi nhiệm vụ {task.path}."),
        "bai_bo": (lambda d: task_withdraw(actor=actor, task=task, on=d["on"], **_source(d)),
                   detail, f"Đã bãi bỏ nhiệm vụ {task.path}; các báo cáo đã có được giữ."),
    }  # fmt: skip
    if data is not None:
        if action not in calls:
            raise Http404
        call, done, said = calls[action]
        answer = _run(request, forms[action], call, done=done, again=here, said=said)
        if answer is not None:
            return answer
    context = {
        "document": document,
        "task": task,
        "forms": forms,
        "agencies": agencies,
        "assignments": list(assignments.values()),
        "changes": list(selectors.document_changes(document=document).filter(task=task)[:50]),
    }
    return render(request, "web/plans/task_amend.html", context, status=400 if data else 200)


@login_required
def task_add_view(request: HttpRequest, document_id: int) -> HttpResponse:
    """A task added to a saved plan (after the task `?sau=` names, or at the end)."""
    document = _found(selectors.access_document, user=request.user, document_id=document_id)
    _plannable(request, document)
    after_id = queryparams.object_id(request.GET, "sau")
    after = None
    if after_id is not None:
        after = _found(selectors.access_task, user=request.user, task_id=after_id)
        if after.document_id != document.pk:
            raise Http404
    agencies = _agency_choices(request.user, document)
    data = request.POST if request.method == "POST" else None
    form = TaskAddForm(data, prefix="them", version=document.version, agencies=agencies)
    if data is not None:
        done = _run(
            request,
            form,
            lambda d: task_add(
                actor=request_actor(request), document=document, after=after,
                title=d["title"], deadline=d["typed_deadline"],
                expected_result=d["expected_result"], leads=d["leads"],
                coordinators=d["coordinators"], **_source(d),
            ),
            done=reverse("web:plan_detail", args=[document.pk]), again=request.get_full_path(),
            said="Đã thêm nhiệm vụ; thay đổi được ghi vào lịch sử kế hoạch.",
        )  # fmt: skip
        if done is not None:
            return done
    context = {"document": document, "form": form, "after": after, "agencies": agencies}
    return render(request, "web/plans/task_add.html", context, status=400 if data else 200)

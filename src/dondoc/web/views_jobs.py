"""Background jobs of the signed-in user (core.jobs): their progress and results; and the
health endpoint monitoring reads."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from dondoc.core.exceptions import DomainError
from dondoc.core.health import health_check
from dondoc.core.jobs import job_of_owner, job_report, job_result, jobs_of_owner
from dondoc.core.models import Job
from dondoc.registry.jobs import registry_import_save_valid

from .views_plans import _found


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For monitoring, without signing in: whether the database answers and the worker beats,
    in three words; 503 when either does not. Nothing else (no versions, no counts, no names)."""
    health = health_check()
    return JsonResponse(health.as_json(), status=200 if health.ok else 503)


@never_cache
@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    return render(request, "web/jobs/list.html", {"jobs": jobs_of_owner(user=request.user)})


@never_cache
@login_required
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _found(job_of_owner, user=request.user, job_id=job_id)
    if job.kind == Job.Kind.PLAN_PARSE:  # its own page opens the review screen when done
        return redirect("web:plan_parse", job_id=job.pk)
    report = job_report(job).splitlines() if job.finished else []
    can_save_valid = (
        job.kind == Job.Kind.REGISTRY_IMPORT
        and job.status == Job.Status.DONE
        and bool(job.input_file)
        and not job.params.get("save_valid")
    )
    context = {"job": job, "report": report, "can_save_valid": can_save_valid}
    return render(request, "web/jobs/detail.html", context)


@never_cache
@login_required
def job_download(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _found(job_of_owner, user=request.user, job_id=job_id)
    if job.status != Job.Status.DONE or not job.result_file:
        return redirect("web:job_detail", job_id=job.pk)
    data = _found(job_result, job=job)
    response = HttpResponse(data, content_type=job.result_type or "application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{job.result_name}"'
    return response


@require_POST
@login_required
def job_save_valid(request: HttpRequest, job_id: int) -> HttpResponse:
    """Save the valid rows of a large file the worker checked (the import page's confirm)."""
    job = _found(job_of_owner, user=request.user, job_id=job_id)
    try:
        new = registry_import_save_valid(actor=request.user, job=job)  # type: ignore[arg-type]
    except DomainError as problem:
        return render(
            request, "web/jobs/detail.html", {"job": job, "error": problem.message}, status=400
        )
    return redirect("web:job_detail", job_id=new.pk)

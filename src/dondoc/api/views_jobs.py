"""Background jobs through the API (core.jobs): a job's progress and its file, for its owner
only (anyone else is told it does not exist, as on the pages)."""

from __future__ import annotations

import datetime

from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dondoc.core.exceptions import DomainError
from dondoc.core.jobs import KEEP_RESULT, job_of_owner, job_result
from dondoc.core.models import Job


class JobSerializer(serializers.ModelSerializer[Job]):
    url = serializers.SerializerMethodField()
    file = serializers.SerializerMethodField()
    expires_at = serializers.SerializerMethodField()

    class Meta:
        model = Job
        fields = [
            "id", "kind", "title", "status", "phase", "rows_checked", "rows_saved",
            "rows_rejected", "summary", "error", "attempts", "created_at", "finished_at",
            "url", "file", "expires_at",
        ]  # fmt: skip

    def get_url(self, job: Job) -> str:
        return reverse("api:job_detail", args=[job.pk])

    def get_file(self, job: Job) -> str | None:
        """Where the result is downloaded, once there is one."""
        if job.status != Job.Status.DONE or not job.result_file:
            return None
        return reverse("api:job_file", args=[job.pk])

    def get_expires_at(self, job: Job) -> datetime.datetime | None:
        """When the result file is deleted (core.jobs.KEEP_RESULT after the job ended)."""
        if job.finished_at is None or not job.result_file:
            return None
        return job.finished_at + KEEP_RESULT


def _owned(request: Request, job_id: int) -> Job:
    try:
        return job_of_owner(user=request.user, job_id=job_id)
    except DomainError as error:
        raise NotFound from error


class JobDetailApi(APIView):
    """A job of the signed-in user: its status, progress (rows checked, saved, rejected), its
    summary or error, and the address of its file once done."""

    @extend_schema(responses={200: JobSerializer})
    def get(self, request: Request, job_id: int) -> Response:
        return Response(JobSerializer(_owned(request, job_id)).data)


class JobFileApi(APIView):
    """The file a finished job wrote (an export), for its owner; 404 before it is done or
    after it expired."""

    @extend_schema(responses={200: bytes})
    def get(self, request: Request, job_id: int) -> HttpResponse:
        job = _owned(request, job_id)
        if job.status != Job.Status.DONE or not job.result_file:
            raise NotFound("Việc chưa xong hoặc không có tệp kết quả.")
        data = job_result(job)  # NotFound (DomainError) once swept, with its message
        response = HttpResponse(data, content_type=job.result_type or "application/octet-stream")
        response["Content-Disposition"] = f'attachment; filename="{job.result_name}"'
        response["Cache-Control"] = "no-store"
        return response

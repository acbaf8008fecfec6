"""Registry and statistics endpoints: scoped like the pages; personal data only in exports,
which are audited."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dondoc.core import queryparams
from dondoc.core.actors import request_actor
from dondoc.core.routing import reporting
from dondoc.org.models import Agency
from dondoc.org.scoping import access_agency, units_visible
from dondoc.registry.jobs import registry_export_enqueue
from dondoc.registry.layouts import LAYOUTS
from dondoc.registry.listing import LISTINGS, chosen_filters
from dondoc.registry.models import CrimeReport
from dondoc.registry.selectors import records_visible
from dondoc.registry.transfer import registry_export, registry_export_count
from dondoc.stats.export import to_json
from dondoc.stats.tables import registry as table_registry

from .pagination import RecordKeysetPagination
from .views_jobs import JobSerializer


class CrimeReportListApi(generics.ListAPIView[CrimeReport]):
    """Crime reports in the user's scope, without personal data (export for that)."""

    @extend_schema_serializer(component_name="CrimeReport")
    class OutputSerializer(serializers.ModelSerializer[CrimeReport]):
        offence_article = serializers.IntegerField(source="offence.article", allow_null=True)
        unit_name = serializers.CharField(source="unit.name")

        class Meta:
            model = CrimeReport
            fields = [
                "id",
                "number",
                "received_on",
                "source",
                "offence_article",
                "unit",
                "unit_name",
                "agency",
                "complex",
                "extended",
                "due_on",
                "decision",
                "decided_on",
                "synthetic",
            ]

    serializer_class = OutputSerializer
    pagination_class = RecordKeysetPagination
    listing = LISTINGS["crime_reports"]  # its date and order, as the web list's

    @extend_schema(
        parameters=[
            OpenApiParameter("year", queryparams.YEAR_SCHEMA, description="năm tiếp nhận"),
            OpenApiParameter("decision", str, enum=CrimeReport.Decision.values),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[CrimeReport]:
        reports = (
            records_visible(CrimeReport, user=self.request.user)
            .select_related("offence", "unit")
            .defer("summary")
        )  # in the list's order, by key (RecordKeysetPagination)
        params = self.request.query_params
        if (year := queryparams.year(params, "year")) is not None:
            reports = reports.filter(received_on__year=year)
        if decision := queryparams.choice(params, "decision", CrimeReport.Decision.values):
            reports = reports.filter(decision=decision)
        return reports


EXPORT_PARAMETERS = [
    # Not "format": Django REST framework reads that one for content negotiation.
    OpenApiParameter("as", str, enum=["csv", "xlsx"]),
    OpenApiParameter(
        "agency", int, description="cơ quan quản lý hồ sơ (bắt buộc khi có dữ liệu cá nhân)"
    ),
    OpenApiParameter(
        "filters", str, description="các bộ lọc của danh sách (như trang danh sách: nam, …)"
    ),
]


def _export_request(request: Request, kind: str) -> tuple[str, Agency | None, dict[str, Any]]:
    """The format, agency and list filters an export request asks for (scoped: an agency out
    of the user's scope is not found)."""
    if kind not in LAYOUTS:
        raise NotFound
    params = request.query_params
    fmt = queryparams.choice(params, "as", ("csv", "xlsx"), default="csv")
    chosen = queryparams.object_id(params, "agency")
    agency = access_agency(user=request.user, agency_id=chosen) if chosen else None
    filters = chosen_filters(LISTINGS[kind], params) if kind in LISTINGS else {}
    return fmt, agency, filters


class RegistryExportApi(APIView):
    """The records of a kind kept by one agency (`agency`) in the user's scope, as CSV or XLSX;
    personal data needs the administrator's grant for that agency (audited with the ids).

    GET answers the file for up to DONDOC_BACKGROUND_ROWS records; a larger export is refused
    with 409 and its count (a GET writes nothing): POST the same address to have the worker
    write it (202 with the job's address, api:job_detail, where its progress and file are)."""

    @extend_schema(parameters=EXPORT_PARAMETERS, responses={200: bytes, 409: OpenApiTypes.OBJECT})
    def get(self, request: Request, kind: str) -> HttpResponse:
        fmt, agency, filters = _export_request(request, kind)
        actor = request_actor(request)
        count = registry_export_count(actor=actor, kind=kind, agency=agency, filters=filters)
        if count > settings.BACKGROUND_ROWS:
            return Response(
                {
                    "detail": f"{count} hồ sơ: quá {settings.BACKGROUND_ROWS} hồ sơ cho một "
                    "lần tải; gửi POST cùng địa chỉ để xuất trong nền.",
                    "count": count,
                },
                status=409,
            )
        data = registry_export(actor=actor, kind=kind, fmt=fmt, agency=agency, filters=filters)
        response = HttpResponse(
            data, content_type="text/csv" if fmt == "csv" else "application/octet-stream"
        )
        response["Content-Disposition"] = f'attachment; filename="{kind}.{fmt}"'
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(parameters=EXPORT_PARAMETERS, request=None, responses={202: JobSerializer})
    def post(self, request: Request, kind: str) -> Response:
        fmt, agency, filters = _export_request(request, kind)
        job = registry_export_enqueue(
            actor=request_actor(request), kind=kind, fmt=fmt, agency=agency, filters=filters
        )
        return Response(JobSerializer(job, context={"request": request}).data, status=202)


class StatsTableApi(APIView):
    """A statistics table for a unit in scope and a year; `public=1` hides small counts."""

    @extend_schema(
        parameters=[
            OpenApiParameter("year", queryparams.YEAR_SCHEMA, description="mặc định: năm nay"),
            OpenApiParameter("by", str, description="cách chia, theo bảng (mặc định: unit)"),
            OpenApiParameter("public", bool),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    @method_decorator(reporting)
    def get(self, request: Request, table: str, unit_id: int) -> HttpResponse:
        spec = table_registry().get(table)
        unit = units_visible(user=request.user).filter(pk=unit_id).first()
        if spec is None or unit is None:
            raise NotFound
        params = request.query_params
        year = queryparams.year(params, "year", default=timezone.localdate().year)
        by = queryparams.choice(params, "by", spec.breakdowns, default="unit")
        result = spec.compute(user=request.user, unit=unit, year=year, breakdown=by)
        public = queryparams.flag(params, "public")
        threshold = settings.SUPPRESSION_THRESHOLD if public else None
        return HttpResponse(to_json(result, threshold=threshold), content_type="application/json")

"""Registry and statistics endpoints: scoped like the pages; personal data only in exports,
which are audited."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dondoc.org.scoping import access_agency, units_visible
from dondoc.registry.layouts import LAYOUTS
from dondoc.registry.models import CrimeReport
from dondoc.registry.selectors import records_visible
from dondoc.registry.transfer import registry_export
from dondoc.stats.export import to_json
from dondoc.stats.tables import registry as table_registry


class CrimeReportListApi(generics.ListAPIView[CrimeReport]):
    """Crime reports in the user's scope, without personal data (export for that)."""

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

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int),
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
            .order_by("-received_on", "-id")
        )
        params = self.request.query_params
        if params.get("year", "").isdigit():
            reports = reports.filter(received_on__year=int(params["year"]))
        if params.get("decision") in CrimeReport.Decision.values:
            reports = reports.filter(decision=params["decision"])
        return reports


class RegistryExportApi(APIView):
    """The records of a kind kept by one agency (`agency`) in the user's scope, as CSV or XLSX;
    personal data needs the administrator's grant for that agency (audited with the ids)."""

    @extend_schema(
        # Not "format": Django REST framework reads that one for content negotiation.
        parameters=[
            OpenApiParameter("as", str, enum=["csv", "xlsx"]),
            OpenApiParameter(
                "agency", int, description="cơ quan quản lý hồ sơ (bắt buộc khi có dữ liệu cá nhân)"
            ),
        ],
        responses={200: bytes},
    )
    def get(self, request: Request, kind: str) -> HttpResponse:
        if kind not in LAYOUTS:
            raise NotFound
        fmt = request.query_params.get("as", "csv")
        if fmt not in ("csv", "xlsx"):
            raise ValidationError({"as": "csv hoặc xlsx"})
        chosen = request.query_params.get("agency")
        agency = access_agency(user=request.user, agency_id=chosen) if chosen else None
        data = registry_export(actor=request.user, kind=kind, fmt=fmt, agency=agency)
        response = HttpResponse(
            data, content_type="text/csv" if fmt == "csv" else "application/octet-stream"
        )
        response["Content-Disposition"] = f'attachment; filename="{kind}.{fmt}"'
        response["Cache-Control"] = "no-store"
        return response


class StatsTableApi(APIView):
    """A statistics table for a unit in scope and a year; `public=1` hides small counts."""

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="mặc định: năm nay"),
            OpenApiParameter("by", str),
            OpenApiParameter("public", bool),
        ]
    )
    def get(self, request: Request, table: str, unit_id: int) -> HttpResponse:
        spec = table_registry().get(table)
        unit = units_visible(user=request.user).filter(pk=unit_id).first()
        if spec is None or unit is None:
            raise NotFound
        params = request.query_params
        year = params.get("year", str(datetime.date.today().year))
        if not year.isdigit():
            raise ValidationError({"year": "cần năm, ví dụ 2024"})
        by = params.get("by", "unit")
        if by not in spec.breakdowns:
            raise ValidationError({"by": ", ".join(spec.breakdowns)})
        result = spec.compute(user=request.user, unit=unit, year=int(year), breakdown=by)
        public = params.get("public") in ("1", "true")
        threshold = settings.SUPPRESSION_THRESHOLD if public else None
        return HttpResponse(to_json(result, threshold=threshold), content_type="application/json")

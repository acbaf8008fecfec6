"""API endpoints: one class per operation, nested serializers, scoped by `org.scoping`."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import generics, serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dondoc.core import queryparams
from dondoc.org.models import AdminUnit, Agency
from dondoc.org.scoping import (
    access_agency,
    access_unit,
    agencies_search,
    memberships_of,
    search_text,
    units_visible,
)


class UnitBriefSerializer(serializers.ModelSerializer[AdminUnit]):
    class Meta:
        model = AdminUnit
        fields = ["id", "map", "level", "code", "name", "full_name"]


def _text_filter(request: Request) -> str:
    return search_text(queryparams.text(request.query_params, "q"))


class UnitListApi(generics.ListAPIView[AdminUnit]):
    """Administrative units in the user's scope."""

    # Named: nested classes are all "OutputSerializer", and the schema needs one name each.
    @extend_schema_serializer(component_name="Unit")
    class OutputSerializer(serializers.ModelSerializer[AdminUnit]):
        class Meta:
            model = AdminUnit
            fields = [
                "id",
                "map",
                "level",
                "code",
                "name",
                "short_name",
                "kind",
                "full_name",
                "parent",
                "valid_from",
                "valid_to",
            ]

    serializer_class = OutputSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("map", str, enum=AdminUnit.Map.values),
            OpenApiParameter("level", str, enum=AdminUnit.Level.values),
            OpenApiParameter("parent", queryparams.ID_SCHEMA, description="id của đơn vị cấp trên"),
            OpenApiParameter("q", str, description="tìm theo tên hoặc mã"),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[AdminUnit]:
        units = units_visible(user=self.request.user).select_related("parent__parent")
        params = self.request.query_params
        if map_ := queryparams.choice(params, "map", AdminUnit.Map.values):
            units = units.filter(map=map_)
        if level := queryparams.choice(params, "level", AdminUnit.Level.values):
            units = units.filter(level=level)
        if (parent := queryparams.object_id(params, "parent")) is not None:
            units = units.filter(parent_id=parent)
        if query := _text_filter(self.request):
            units = units.filter(Q(name__icontains=query) | Q(code=query))
        return units.order_by("path")


class UnitDetailApi(APIView):
    """One administrative unit, if in the user's scope (404 otherwise)."""

    @extend_schema(responses=UnitListApi.OutputSerializer)
    def get(self, request: Request, unit_id: int) -> Response:
        unit = access_unit(user=request.user, unit_id=unit_id)
        return Response(UnitListApi.OutputSerializer(unit).data)


class AgencyOutputSerializer(serializers.ModelSerializer[Agency]):
    unit = UnitBriefSerializer(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    aliases = serializers.SerializerMethodField()

    class Meta:
        model = Agency
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "kind_display",
            "unit",
            "parent",
            "is_active",
            "aliases",
        ]

    def get_aliases(self, agency: Agency) -> list[str]:
        # Prefetched by the list endpoint: .all() reads the cache.
        return [alias.name for alias in agency.aliases.all()]


class AgencyListApi(generics.ListAPIView[Agency]):
    """Agencies in the user's scope."""

    serializer_class = AgencyOutputSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", queryparams.ID_SCHEMA, description="id của đơn vị hành chính"),
            OpenApiParameter("kind", str, enum=Agency.Kind.values),
            OpenApiParameter("active", bool),
            OpenApiParameter("q", str, description="tìm theo tên, tên viết tắt, tên gọi khác"),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Agency]:
        agencies = (
            agencies_search(user=self.request.user, text=_text_filter(self.request))
            .select_related("unit__parent__parent")
            .prefetch_related("aliases")
        )
        params = self.request.query_params
        if (unit := queryparams.object_id(params, "unit")) is not None:
            agencies = agencies.filter(unit_id=unit)
        if kind := queryparams.choice(params, "kind", Agency.Kind.values):
            agencies = agencies.filter(kind=kind)
        if params.get("active"):
            agencies = agencies.filter(is_active=queryparams.flag(params, "active"))
        return agencies.order_by("unit__path", "name")


class AgencyDetailApi(APIView):
    """One agency, if in the user's scope (404 otherwise)."""

    @extend_schema(responses=AgencyOutputSerializer)
    def get(self, request: Request, agency_id: int) -> Response:
        agency = access_agency(user=request.user, agency_id=agency_id)
        return Response(AgencyOutputSerializer(agency).data)


class MeApi(APIView):
    """The signed-in user, its agencies and roles."""

    @extend_schema_serializer(component_name="Me")
    class OutputSerializer(serializers.Serializer[Any]):
        class MembershipSerializer(serializers.Serializer[Any]):
            role = serializers.CharField()
            role_display = serializers.CharField(source="get_role_display")
            agency = AgencyOutputSerializer()

        username = serializers.CharField()
        full_name = serializers.CharField(source="get_full_name")
        # Not EmailField: a user without an address has "", which is no e-mail address.
        email = serializers.CharField(allow_blank=True)
        memberships = MembershipSerializer(many=True)

    @extend_schema(responses=OutputSerializer)
    def get(self, request: Request) -> Response:
        user = request.user
        payload = {
            "username": user.get_username(),
            "get_full_name": user.get_full_name(),  # type: ignore[union-attr]
            "email": getattr(user, "email", ""),
            "memberships": memberships_of(user=user).prefetch_related("agency__aliases"),
        }
        return Response(self.OutputSerializer(payload).data)


class TokenObtainApi(ObtainAuthToken):
    """Exchange a user name and password for an API token (failed attempts count for lockout)."""

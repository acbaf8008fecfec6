"""API endpoints: one class per operation, nested serializers, scoped by `org.scoping`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.db.models import Q, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from knox.models import AuthToken
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dondoc.core import queryparams
from dondoc.core.exceptions import InvalidInput, NotFound
from dondoc.org.models import AdminUnit, Agency, User
from dondoc.org.scoping import (
    access_agency,
    access_unit,
    agencies_search,
    memberships_of,
    search_text,
    units_visible,
)
from dondoc.org.services.users import user_token_create, user_token_revoke, user_tokens_revoke


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


class TokenObtainApi(APIView):
    """Exchange a user name and password for an API token that expires (12 hours unless
    configured); failed attempts count for the lockout like the login page's."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema_serializer(component_name="TokenRequest")
    class InputSerializer(serializers.Serializer[Any]):
        # No longer than a username can be (as the sign-in form): the failed attempt is
        # recorded under the name given (django-axes, 255 characters), and a longer one made
        # PostgreSQL refuse the record, a 500 (found by tests/api/test_schema_fuzz.py).
        username = serializers.CharField(
            label="Tên đăng nhập", max_length=User._meta.get_field("username").max_length or 150
        )
        password = serializers.CharField(label="Mật khẩu", style={"input_type": "password"})

    @extend_schema_serializer(component_name="IssuedToken")
    class OutputSerializer(serializers.Serializer[Any]):
        token = serializers.CharField(help_text="gửi lại trong tiêu đề «Authorization: Token …»")
        token_key = serializers.CharField(help_text="phần đầu của token, để liệt kê và thu hồi")
        expiry = serializers.DateTimeField()

    @extend_schema(request=InputSerializer, responses=OutputSerializer)
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request=request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if not isinstance(user, User):
            raise InvalidInput("Tên đăng nhập hoặc mật khẩu không đúng.")
        token, secret = user_token_create(actor=user)
        payload = {"token": secret, "token_key": token.token_key, "expiry": token.expiry}
        return Response(self.OutputSerializer(payload).data)


def _token_user(request: Request) -> User:
    user = request.user
    if not isinstance(user, User):  # IsAuthenticated has let only users through
        raise NotFound
    return user


class TokenLogoutApi(APIView):
    """Revoke the token this request was sent with."""

    @extend_schema(request=None, responses={200: dict})
    def post(self, request: Request) -> Response:
        if not isinstance(request.auth, AuthToken):
            raise InvalidInput("Yêu cầu này không gửi kèm token.")
        user_token_revoke(actor=_token_user(request), token=request.auth)
        return Response({"revoked": 1})


class TokenLogoutAllApi(APIView):
    """Revoke every token of the signed-in user (a lost laptop, a leaked script)."""

    @extend_schema(request=None, responses={200: dict})
    def post(self, request: Request) -> Response:
        user = _token_user(request)
        return Response({"revoked": user_tokens_revoke(actor=user, user=user)})


class TokenListApi(generics.ListAPIView[AuthToken]):
    """The signed-in user's API tokens (never the secrets): when made, when they expire."""

    @extend_schema_serializer(component_name="Token")
    class OutputSerializer(serializers.ModelSerializer[AuthToken]):
        current = serializers.SerializerMethodField()

        class Meta:
            model = AuthToken
            fields = ["token_key", "created", "expiry", "current"]

        def get_current(self, token: AuthToken) -> bool:
            auth = self.context["request"].auth
            return isinstance(auth, AuthToken) and auth.digest == token.digest

    serializer_class = OutputSerializer

    def get_queryset(self) -> QuerySet[AuthToken]:
        return AuthToken.objects.filter(user=_token_user(self.request)).order_by("-created")


class TokenRevokeApi(APIView):
    """Revoke one of the signed-in user's tokens, named by its `token_key`."""

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, token_key: str) -> Response:
        user = _token_user(request)
        token = AuthToken.objects.filter(user=user, token_key=token_key).first()
        if token is None:
            raise NotFound
        user_token_revoke(actor=user, token=token)
        return Response(status=204)

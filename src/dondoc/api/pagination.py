"""Pages of a list endpoint: `limit` and `offset`, bounded so that no request asks the database
for an offset past what it can count; a registry list by key, as its web page (cursor)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework.pagination import BasePagination, LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from dondoc.core import queryparams
from dondoc.registry.listing import COUNT_BOUND, keyset_page, parse_cursor


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    default_limit = 100
    max_limit = 1000
    max_offset = 10**9

    def get_limit(self, request: Request) -> int | None:
        return queryparams.integer(
            request.query_params, self.limit_query_param, low=1, high=self.max_limit,
            default=self.default_limit,
        )  # fmt: skip

    def get_offset(self, request: Request) -> int:
        offset = queryparams.integer(
            request.query_params, self.offset_query_param, low=0, high=self.max_offset, default=0
        )
        return offset

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.limit_query_param: {"minimum": 1, "maximum": self.max_limit},
            self.offset_query_param: {"minimum": 0, "maximum": self.max_offset},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters


class RecordKeysetPagination(BasePagination):
    """Pages of a registry list read by key, as its web page reads them (the view's
    `listing`: registry.listing.keyset_page): newest first by the list's date then id,
    `cursor` naming where the next page starts (the `next` link carries it), `limit` rows a
    page, and a count bounded at COUNT_BOUND (`more`: there are more). An offset made
    PostgreSQL read and sort every earlier record (0.77 s at offset 470,000 of a province's
    480,000) and count them all on every page (0.1 s)."""

    cursor_query_param = "cursor"
    limit_query_param = "limit"
    default_limit = 100
    max_limit = 1000

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any]:
        params = request.query_params
        cursor = queryparams.text(params, self.cursor_query_param, max_length=40)
        if cursor and parse_cursor(cursor) is None:
            raise queryparams.BadQuery(
                f"Tham số “{self.cursor_query_param}” = “{cursor}”: cần giá trị của liên kết "
                "“next” (ngày.mã số, ví dụ 2024-03-05.1234)."
            )
        limit = queryparams.integer(
            params, self.limit_query_param, low=1, high=self.max_limit, default=self.default_limit
        )
        self.request = request
        self.page = keyset_page(view.listing, queryset, cursor=cursor, size=limit)
        return self.page.rows

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "count": self.page.count,
                "more": self.page.more,
                "next": self._next_link(),
                "results": data,
            }
        )

    def _next_link(self) -> str | None:
        if self.page.next_cursor is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, self.page.next_cursor)

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["count", "more", "next", "results"],
            "properties": {
                "count": {"type": "integer", "maximum": COUNT_BOUND,
                          "description": f"số hồ sơ, tính đến {COUNT_BOUND}"},
                "more": {"type": "boolean", "description": f"còn hơn {COUNT_BOUND} hồ sơ"},
                "next": {"type": "string", "format": "uri", "nullable": True},
                "results": schema,
            },
        }  # fmt: skip

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.cursor_query_param, "in": "query", "required": False,
                "description": "vị trí trang sau (lấy từ liên kết “next”)",
                "schema": {"type": "string", "maxLength": 40},
            },
            {
                "name": self.limit_query_param, "in": "query", "required": False,
                "description": "số hồ sơ một trang",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_limit},
            },
        ]  # fmt: skip

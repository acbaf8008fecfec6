"""Pages of a list endpoint: `limit` and `offset`, bounded so that no request asks the database
for an offset past what it can count."""

from __future__ import annotations

from typing import Any

from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

from dondoc.core import queryparams


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

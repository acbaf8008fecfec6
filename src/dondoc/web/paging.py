"""One page of a long list, as the plan page and the follow-up board cut theirs: the page
number in `?trang=`, the other filters kept in the pager's links (web/_pager.html)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

from dondoc.core import queryparams

PAGE_PARAM = "trang"


@dataclass(frozen=True)
class Paged:
    page: Page
    page_numbers: list[Any]  # numbers and Paginator.ELLIPSIS, around the current page
    keep: str  # the query string without the page number, for the pager's links


def paged(
    request: HttpRequest,
    items: QuerySet[Any] | list[Any],
    per_page: int,
    *,
    count: int | None = None,
) -> Paged:
    """The page `?trang=` asks for (the last one past the end; a number that is not one is
    refused with a 400 by queryparams); `count`: the number of items when the caller knows it
    already, which spares a COUNT query."""
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.__dict__["count"] = count  # Paginator.count is a cached_property
    number = queryparams.integer(request.GET, PAGE_PARAM, low=1, high=10**6, default=1)
    page = paginator.get_page(number)
    return Paged(
        page=page,
        page_numbers=list(paginator.get_elided_page_range(page.number, on_each_side=2)),
        keep=query_without(request, PAGE_PARAM),
    )


def query_without(request: HttpRequest, *names: str) -> str:
    """The request's query string without the parameters `names`, for links that set them."""
    kept = request.GET.copy()
    for name in names:
        kept.pop(name, None)
    return kept.urlencode()

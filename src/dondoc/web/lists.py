"""What every registry list page shares (registry.listing): its filters read from the query
string, its page read by key, its count bounded, and the export of what the filters select."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

from dondoc.org.scoping import agencies_exportable
from dondoc.registry.listing import LISTINGS, chosen_filters, filtered, keyset_page
from dondoc.registry.transfer import holds_personal_data

OLDEST = "cu"  # ?thu_tu=cu: oldest first


def list_context(
    request: HttpRequest, kind: str, records: QuerySet[Any], *, exportable: bool = True
) -> tuple[list[Any], dict[str, Any]]:
    """The rows of one page of the list `kind`, and what its template needs (`listing`:
    filters, count, cursors, export)."""
    listing = LISTINGS[kind]
    chosen = chosen_filters(listing, request.GET)
    oldest = request.GET.get("thu_tu") == OLDEST
    page = keyset_page(listing, filtered(listing, records, chosen), oldest_first=oldest,
                       cursor=request.GET.get("sau", ""))  # fmt: skip
    keep = QueryDict(mutable=True)
    for name in request.GET:
        if name != "sau":
            keep[name] = request.GET.get(name, "")
    filters = [
        (spec, str(chosen.get(spec.param, ""))) for spec in listing.filters
    ]  # the form shows what is chosen
    personal = holds_personal_data(kind) if exportable else False
    agencies = (
        list(agencies_exportable(user=request.user).order_by("name")[:300]) if exportable else []
    )
    export_filters = {name: value for name, value in chosen.items()}
    return page.rows, {
        "listing": {
            "kind": kind,
            "page": page,
            "filters": filters,
            "oldest": oldest,
            "query": keep.urlencode(),
            "exportable": exportable,
            "personal": personal,
            "agencies": agencies,
            "export_filters": sorted(export_filters.items()),
        }
    }

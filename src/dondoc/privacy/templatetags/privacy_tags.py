"""{% legal_basis "crime_reports" %}: the record of processing, shown where data is entered."""

from __future__ import annotations

from typing import Any

from django import template

from dondoc.privacy.inventory import processing_kind

register = template.Library()


@register.inclusion_tag("privacy/_legal_basis.html")
def legal_basis(kind: str) -> dict[str, Any]:
    return {"processing": processing_kind(kind)}

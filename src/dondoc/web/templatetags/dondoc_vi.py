"""Vietnamese formatting filters for templates."""

from __future__ import annotations

import datetime

from django import template

from dondoc.core.text import cut
from dondoc.privacy.masking import HIDDEN, can_reveal, mask_name

register = template.Library()


@register.filter
def duration_vi(value: datetime.timedelta | None) -> str:
    """30 minutes → "30 phút"; 2 hours → "2 giờ"; 90 minutes → "1 giờ 30 phút"."""
    if not value:
        return ""
    minutes = int(value.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} giờ")
    if minutes or not hours:
        parts.append(f"{minutes} phút")
    return " ".join(parts)


@register.filter(is_safe=True)
def cut_chars(value: object, limit: int) -> str:
    """{{ task.title|cut_chars:220 }}: truncatechars, by core.text.cut."""
    return cut(str(value), int(limit))


@register.filter
def get_item(mapping: dict, key: object) -> object:
    """{{ labels|get_item:state }}: a dictionary's value in a template."""
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def masked_name(person: object) -> str:
    """{{ subject.person|masked_name }} → "H. V. T. (1990)": initials and birth year, by the
    one masking rule of privacy.masking (lists show no personal data)."""
    initials = mask_name(str(getattr(person, "full_name", "") or "")) or "—"
    year = getattr(person, "birth_year", None)
    return f"{initials} ({year})" if year else initials


@register.simple_tag(takes_context=True)
def shown_name(context: template.Context, person: object) -> str:
    """{% shown_name subject.person %}: how a list names a person for the viewing user, by the
    one masking rule (privacy.masking): initials and birth year to the roles that work the
    records, "(đã ẩn)" to the others (a leader sees counts, age and sex, never names)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not can_reveal(user):
        return HIDDEN
    return masked_name(person)


@register.filter
def dong(value: object) -> str:
    """Money in đồng as an officer writes it: 150.000.000 (dots between thousands)."""
    if value in (None, ""):
        return "—"
    try:
        return f"{int(value):,}".replace(",", ".")  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return str(value)

"""The registry's lists at a million records (issue 17): one declaration per list of its
filters and its order, read from the query string by one parser; pages by key (keyset: the
next page starts after the last row shown, so page 500 costs what page 1 costs, served by the
list's order index), and counts bounded (COUNT(*) over everything is never asked).

The same filters select what an export of the list writes (transfer.registry_export), so a
file holds exactly what the officer saw filtered.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Final

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone

from dondoc.core import queryparams

from . import overdue
from .models import CompensationClaim, Complaint, CrimeReport, CriminalCase, Referral

COUNT_BOUND: Final = 2_000  # as the crime-report list has always counted
PAGE_SIZE: Final = 100


@dataclass(frozen=True)
class Filter:
    """One filter of a list: its query parameter, its label, the field it reads, its choices
    (none: a year of the list's date)."""

    param: str
    label: str
    field: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    # A yes/no filter: the condition it adds on the day the list is read ("chỉ quá hạn").
    condition: Callable[[datetime.date], Q] | None = None

    @property
    def flag(self) -> bool:
        """A yes/no filter (a template cannot test `condition`: it would call it)."""
        return self.condition is not None


@dataclass(frozen=True)
class Listing:
    """A list: its export kind (LAYOUTS), its model, the date it is ordered by (newest first;
    "cu" oldest first), its filters."""

    kind: str
    model: type[Any]
    date_field: str
    filters: tuple[Filter, ...] = field(default_factory=tuple)


YEAR = "nam"


def _year(label: str) -> Filter:
    return Filter(YEAR, label)


def _referrals_overdue(today: datetime.date) -> Q:
    from .referrals import overdue_q

    return overdue_q(today=today)


OVERDUE = "qua_han"


LISTINGS: Final[dict[str, Listing]] = {
    "crime_reports": Listing("crime_reports", CrimeReport, "received_on", (
        _year("Năm tiếp nhận"),
        Filter("ket_qua", "Kết quả", "decision", tuple(CrimeReport.Decision.choices)),
        Filter("nguon", "Nguồn tin", "source", tuple(CrimeReport.Source.choices)),
        Filter(OVERDUE, "Chỉ quá hạn",
               condition=lambda today: overdue.crime_reports_overdue_q(today=today)),
    )),
    "complaints": Listing("complaints", Complaint, "received_on", (
        _year("Năm nhận đơn"),
        Filter("loai", "Loại đơn", "kind", tuple(Complaint.Kind.choices)),
        Filter(OVERDUE, "Chỉ quá hạn",
               condition=lambda today: overdue.complaints_overdue_q(today=today)),
    )),
    "cases": Listing("cases", CriminalCase, "opened_on", (
        _year("Năm khởi tố"),
        Filter("giai_doan", "Giai đoạn", "stage", tuple(CriminalCase.Stage.choices)),
        Filter("ket_qua", "Kết quả", "outcome", tuple(CriminalCase.Outcome.choices)),
    )),
    "compensation_claims": Listing("compensation_claims", CompensationClaim, "accepted_on", (
        _year("Năm thụ lý"),
        Filter("ket_qua", "Kết quả", "outcome", tuple(CompensationClaim.Outcome.choices)),
    )),
    "referrals": Listing("referrals", Referral, "referred_on", (
        _year("Năm chuyển gửi"),
        Filter("trang_thai", "Trạng thái", "status", tuple(Referral.Status.choices)),
        Filter("dich_vu", "Dịch vụ", "service", tuple(Referral.Service.choices)),
        Filter(OVERDUE, "Chỉ quá hạn", condition=_referrals_overdue),
    )),
}  # fmt: skip


def chosen_filters(listing: Listing, params: Mapping[str, Any]) -> dict[str, Any]:
    """The filters of `listing` the query string sets, checked (a value that is not one of
    the choices, or not a year, is refused by queryparams with its message)."""
    chosen: dict[str, Any] = {}
    for spec in listing.filters:
        value: int | str | None
        if spec.param == YEAR:
            value = queryparams.year(params, YEAR)
        elif spec.condition is not None:
            value = "1" if queryparams.flag(params, spec.param) else None
        else:
            value = queryparams.choice(params, spec.param, [v for v, _ in spec.choices])
        if value not in (None, ""):
            chosen[spec.param] = value
    return chosen


def filtered(
    listing: Listing,
    records: QuerySet[Any],
    chosen: Mapping[str, Any],
    *,
    today: datetime.date | None = None,
) -> QuerySet[Any]:
    """`records` narrowed by the chosen filters (a year as a range of the date: the index on
    the date serves it)."""
    for spec in listing.filters:
        value = chosen.get(spec.param)
        if value is None:
            continue
        if spec.condition is not None:
            records = records.filter(spec.condition(today or timezone.localdate()))
        elif spec.param == YEAR:
            start, end = datetime.date(int(value), 1, 1), datetime.date(int(value), 12, 31)
            records = records.filter(**{f"{listing.date_field}__range": (start, end)})
        else:
            records = records.filter(**{spec.field: value})
    return records


class BoundedPaginator(Paginator):
    """Pages of a list of up to `BOUND` records (COUNT_BOUND): counting stops there, so
    neither the count nor a deep page reads (and sorts) every record the user may see;
    further back, the list is narrowed (a year, an outcome). The registry's home counts by
    it, and the admin's lists of records page by it (registry.admin)."""

    BOUND = COUNT_BOUND

    @cached_property
    def _counted(self) -> int:
        return self.object_list[: self.BOUND + 1].count()  # type: ignore[attr-defined]

    @property
    def count(self) -> int:
        return min(self._counted, self.BOUND)

    @property
    def more(self) -> bool:
        """Whether the list holds more records than the pages reach."""
        return self._counted > self.BOUND

    @property
    def label(self) -> str:
        return count_text(self.count, self.more, self.BOUND)


def count_text(count: int, more: bool, bound: int) -> str:
    """A bounded count as the pages write it: "1.234", or "hơn 2.000" past the bound."""
    return f"hơn {bound:,}".replace(",", ".") if more else f"{count:,}".replace(",", ".")


@dataclass
class KeysetPage:
    """One page of a list read by key: its rows, the cursor of the next page (None: last
    page), and the list's count, bounded."""

    rows: list[Any]
    next_cursor: str | None
    count: int
    more: bool  # more than COUNT_BOUND records
    first: bool  # this is the first page

    @property
    def count_label(self) -> str:
        return count_text(self.count, self.more, COUNT_BOUND).capitalize()


def _cursor_of(record: Any, date_field: str) -> str:
    return f"{getattr(record, date_field):%Y-%m-%d}.{record.pk}"


def parse_cursor(value: str) -> tuple[datetime.date, int] | None:
    try:
        day, pk = value.split(".", 1)
        return datetime.date.fromisoformat(day), int(pk)
    except (ValueError, TypeError):
        return None  # a cursor typed by hand: the first page


def keyset_page(
    listing: Listing,
    records: QuerySet[Any],
    *,
    cursor: str = "",
    oldest_first: bool = False,
    size: int = PAGE_SIZE,
) -> KeysetPage:
    """The page of `records` after `cursor`, ordered by the list's date then id (newest first,
    or oldest first), with the list's count bounded at COUNT_BOUND."""
    date = listing.date_field
    order = [date, "pk"] if oldest_first else [f"-{date}", "-pk"]
    page = records.order_by(*order)
    after = parse_cursor(cursor) if cursor else None
    if after is not None:
        day, pk = after
        # (date, id) after (day, pk), written so that the date bound is an index condition:
        # PostgreSQL then walks the order index from the cursor and stops after one page,
        # where a plain OR of the two cases made it collect and sort every later row.
        if oldest_first:
            page = page.filter(Q(**{f"{date}__gte": day}),
                               Q(**{f"{date}__gt": day}) | Q(pk__gt=pk))  # fmt: skip
        else:
            page = page.filter(Q(**{f"{date}__lte": day}),
                               Q(**{f"{date}__lt": day}) | Q(pk__lt=pk))  # fmt: skip
    rows = list(page[: size + 1])
    next_cursor = _cursor_of(rows[size - 1], date) if len(rows) > size else None
    counted = records.order_by()[: COUNT_BOUND + 1].count()
    return KeysetPage(
        rows=rows[:size],
        next_cursor=next_cursor,
        count=min(counted, COUNT_BOUND),
        more=counted > COUNT_BOUND,
        first=after is None,
    )

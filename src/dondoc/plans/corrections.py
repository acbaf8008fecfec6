"""What the officer's corrections of plans share, pure: the deadline he types read by the
importers' one parser (typed_deadline) and stored as a task's columns (deadline_fields), and
the refusal of a change made on a page older than the draft or plan (StaleVersion)."""

from __future__ import annotations

import datetime
from dataclasses import replace
from typing import Any

from dondoc.core.exceptions import InvalidInput

from .importers.deadlines import parse_deadline
from .importers.drafts import Deadline
from .models import DeadlineKind


class StaleVersion(InvalidInput):
    """The draft or plan changed since the form was shown (another tab, another officer)."""

    status_code = 409

    def __init__(self, what: str = "Bản rà soát") -> None:
        super().__init__(
            f"{what} vừa được sửa ở nơi khác (một cửa sổ khác hoặc một cán bộ khác) sau khi "
            "anh/chị mở trang, nên thay đổi này chưa được lưu. Trang đã hiện bản mới nhất: hãy "
            "xem lại rồi sửa tiếp."
        )


# --- One reading of a deadline ----------------------------------------------------------------

_NEEDS = {
    DeadlineKind.DATE: (
        "date",
        "một ngày, tháng hoặc quý, ví dụ “Trước ngày 30/11/2025”, “Tháng 10/2025”, “Quý II/2025”",
    ),
    DeadlineKind.PERIOD: (
        "end_year",
        "các năm, ví dụ “2025 - 2027” hoặc “Quý IV/2025 - Quý II/2026”",
    ),
    DeadlineKind.PER_DOCUMENT: ("document", "số văn bản, ví dụ “Theo Quyết định số 1252/QĐ-TTg”"),
}


def typed_deadline(raw: str, kind: str = "") -> Deadline | None:
    """The deadline an officer typed: read by the importers' one parser (parse_deadline), its
    kind chosen by the officer when the text alone does not say it. Raises InvalidInput when
    the chosen kind needs what the text does not give (a date, years, a document)."""
    deadline = parse_deadline(raw)
    if not kind:
        return deadline
    if kind not in DeadlineKind.values:
        raise InvalidInput(f"Loại thời hạn “{kind}” không có trong danh sách.")
    if deadline is None:
        if kind in _NEEDS:
            raise InvalidInput(
                f"Thời hạn: loại “{DeadlineKind(kind).label}” cần ghi "
                f"{_NEEDS[DeadlineKind(kind)][1]}."
            )
        return Deadline(kind=kind, raw=DeadlineKind(kind).label)
    if (
        kind != deadline.kind
        and kind in _NEEDS
        and getattr(deadline, _NEEDS[DeadlineKind(kind)][0]) is None
    ):
        raise InvalidInput(
            f"Thời hạn “{raw}”: loại “{DeadlineKind(kind).label}” cần ghi "
            f"{_NEEDS[DeadlineKind(kind)][1]}."
        )
    return replace(deadline, kind=kind)


def deadline_label(deadline: Deadline | None) -> str:
    if deadline is None:
        return ""
    kind = DeadlineKind(deadline.kind).label if deadline.kind in DeadlineKind.values else ""
    return f"{deadline.raw} ({kind})" if kind else deadline.raw


def deadline_fields(deadline: Deadline | None) -> dict[str, Any]:
    """The Task columns of a deadline (none: every column empty)."""
    if deadline is None:
        return {
            "deadline_kind": "",
            "deadline_raw": "",
            "deadline_start_year": None,
            "deadline_end_year": None,
            "deadline_date": None,
            "deadline_document": "",
            "deadline_starts_on": None,
        }
    return {
        "deadline_kind": deadline.kind if deadline.kind in DeadlineKind.values else "other",
        "deadline_raw": deadline.raw,
        "deadline_start_year": deadline.start_year,
        "deadline_end_year": deadline.end_year,
        "deadline_date": datetime.date.fromisoformat(deadline.date) if deadline.date else None,
        "deadline_document": (deadline.document or "")[:80],
        "deadline_starts_on": datetime.date.fromisoformat(deadline.start)
        if deadline.start
        else None,
    }

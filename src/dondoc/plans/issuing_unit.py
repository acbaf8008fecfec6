"""Which administrative unit issued a document, from what its head says.

Seed 000 has no issuer line; its appendix says "của Ủy ban nhân dân huyện", its place line
"Sơn Dương", and the plan it carries out is "của Ủy ban nhân dân tỉnh Tuyên Quang": together,
Huyện Sơn Dương of Tuyên Quang on the pre-2025 map (it was issued in 2023). A document dated
from 1 July 2025 belongs to the 2025 map, where districts no longer exist.
"""

from __future__ import annotations

import datetime
import re

from dondoc.core.dates import vn_date
from dondoc.org.models import AdminUnit
from dondoc.org.unit_lookup import (
    AmbiguousUnit,
    is_central_issuer,
    is_central_symbol,
    unit_current,
    unit_find,
    unit_national,
)

from .importers.drafts import DocumentHeader
from .remedies import CHOOSE_UNIT, LOAD_UNITS, RemedyError

MAP_CHANGE = datetime.date(2025, 7, 1)  # Resolution 202/2025/QH15: two-level local government
_AREA_RE = re.compile(
    r"\b(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|TP\.|TX\.)\s*(?P<name>.*)$",
    re.IGNORECASE,
)


class UnitNotInferred(RemedyError):
    """The document does not say which unit issued it precisely enough."""


def _area(body: str) -> str:
    """ "Ủy ban nhân dân huyện Sơn Dương" → "huyện Sơn Dương"; "UBND tỉnh" → ""."""
    match = _AREA_RE.search(body)
    if not match or not match.group("name").strip():
        return ""
    return match.group(0).strip(" .,")


def _kind_word(body: str) -> str:
    match = re.search(r"\b(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)\s*$", body, re.I)
    return match.group(1) if match else ""


def map_for(header: DocumentHeader) -> str | None:
    if header.year is None:
        return None
    when = datetime.date(header.year, header.month or 1, header.day or 1)
    return AdminUnit.Map.V2025 if when >= MAP_CHANGE else AdminUnit.Map.PRE2025


def _ended_unit(attempts: list[str], header: DocumentHeader) -> str:
    """Why a document of the current map names a unit of the earlier one (a district, or a
    commune merged on 1 July 2025): no body of that unit issues a document dated after its end."""
    for text in attempts:
        try:
            unit = unit_find(text, map=AdminUnit.Map.PRE2025)
        except AmbiguousUnit:
            continue
        if unit is None or unit.valid_to is None:
            continue
        current = unit_current(unit)
        after = f"; địa bàn nay thuộc {current.full_name}" if current is not None else ""
        if header.year and header.month and header.day:
            dated = f"ngày {vn_date(datetime.date(header.year, header.month, header.day))}"
        else:
            dated = f"năm {header.year}"
        return (
            f"Văn bản đề {dated} nhưng ghi địa bàn «{text}»: "
            f"{unit.full_name} chỉ tồn tại đến hết ngày {vn_date(unit.valid_to)} (bản đồ trước "
            f"01/7/2025){after}. Cơ quan của địa bàn đã kết thúc không ban hành văn bản đề ngày "
            "sau khi kết thúc: kiểm tra lại ngày ban hành, hoặc chọn địa bàn đang tồn tại vào "
            "ngày đó."
        )
    return ""


def infer_unit(header: DocumentHeader) -> AdminUnit:
    """The issuing unit, or UnitNotInferred (its remedy: choose the unit)."""
    if is_central_issuer(header.issuer) or is_central_symbol(header.symbol):
        # The Prime Minister, the Government, a ministry…: the national unit, whatever the map.
        national = unit_national()
        if national is None:
            raise UnitNotInferred(
                f"Văn bản của «{header.issuer or header.symbol}» thuộc cấp trung ương, nhưng chưa "
                "nạp đơn vị cấp trung ương.",
                LOAD_UNITS,
            )
        return national
    area = _area(header.issuer)
    place = re.sub(r"^(TP|TX|TT|H)\.\s*", "", header.place).strip()
    if not area and place:
        kind = _kind_word(header.issuer)
        area = f"{kind} {place}".strip() if kind else place
    if not area:
        raise UnitNotInferred(
            "Không xác định được địa bàn ban hành văn bản (không có dòng cơ quan ban hành, "
            "địa danh).",
            CHOOSE_UNIT,
        )
    ancestors = [a for a in (_area(ref.issuer) for ref in header.implements) if a and a != area]
    map_name = map_for(header)
    attempts = [", ".join([area, *ancestors[:1]]), area] if ancestors else [area]
    ambiguous: AmbiguousUnit | None = None
    for text in attempts:
        try:
            unit = unit_find(text, map=map_name)
        except AmbiguousUnit as error:
            ambiguous = error
            continue
        if unit is not None:
            return unit
    if ambiguous is not None:
        raise UnitNotInferred(ambiguous.message, CHOOSE_UNIT)
    if map_name == AdminUnit.Map.V2025:
        ended = _ended_unit(attempts, header)
        if ended:
            raise UnitNotInferred(ended, CHOOSE_UNIT)
    raise UnitNotInferred(
        f"Không tìm thấy đơn vị hành chính «{area}» trên bản đồ "
        f"{'trước 1/7/2025' if map_name == AdminUnit.Map.PRE2025 else 'hiện hành'}.",
        LOAD_UNITS,
    )

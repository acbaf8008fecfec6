"""CSV and XLSX tables of records, read into rows of labelled text; the column layouts of
each record kind. Pure (no Django): the services turn rows into records.

A layout names its columns in Vietnamese, as the template has them; a file may order them
freely, may omit optional ones, and may use a column's key instead of its label. Values are
parsed here (dates as 31/12/2024 or 2024-12-31, "có"/"không", Nam/Nữ …) with errors that
name the row, the column and what was expected.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dondoc.core.numbers import parse_integer

MAX_BYTES = 200 * 1024 * 1024


class TableError(Exception):
    """The file cannot be read as a table (not the rows' contents)."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def describe(self) -> str:
        return f"Dòng {self.row}, cột “{self.column}”: {self.message}"


def _match_key(text: str) -> str:
    text = unicodedata.normalize("NFD", str(text).strip().lower()).replace("đ", "d")
    return re.sub(
        r"[^a-z0-9]+", " ", "".join(c for c in text if not unicodedata.combining(c))
    ).strip()


# A column's values repeat (Nam/Nữ, Tày, Tố giác …): cached. Cells that do not repeat (names,
# numbers) go through `_match_key`, so that they do not push the repeating ones out.
match_key = functools.lru_cache(maxsize=8192)(_match_key)


# --- Values ---------------------------------------------------------------------------------

_DATE_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_date(value: str) -> datetime.date | None:
    value = value.strip()
    if not value:
        return None
    match = _DATE_RE.match(value)
    try:
        if match:
            return datetime.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        return datetime.date.fromisoformat(value[:10])
    except ValueError as error:
        raise ValueError("cần một ngày có thật, dạng 31/12/2024") from error


def parse_bool(value: str) -> bool:
    key = match_key(value)
    if key in ("", "khong", "k", "no", "false", "0"):
        return False
    if key in ("co", "c", "x", "yes", "true", "1"):
        return True
    raise ValueError("cần “có” hoặc “không”")


def parse_int(value: str) -> int | None:
    """A whole number not below 0, written the Vietnamese way ("1.000.000.000") by the one
    number parser of core.numbers; "" → None."""
    number = parse_integer(value)
    if number is not None and number < 0:
        raise ValueError("cần một số không âm")
    return number


def choice(options: dict[str, str]) -> Callable[[str], str | None]:
    """A parser accepting the labels (any case, with or without accents) or the keys."""
    by_key = {match_key(label): key for key, label in options.items()} | {
        match_key(key): key for key in options
    }

    def parse(value: str) -> str | None:
        if not value.strip():
            return None
        found = by_key.get(match_key(value))
        if found is None:
            raise ValueError("cần một trong: " + ", ".join(options.values()))
        return found

    return parse


def text(value: str) -> str:
    return " ".join(value.split())


# --- Layouts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    parse: Callable[[str], Any] = text
    required: bool = False
    example: str = ""


@dataclass(frozen=True)
class Layout:
    kind: str
    title: str
    columns: tuple[Column, ...]

    def labels(self) -> list[str]:
        return [c.label for c in self.columns]


# What a column's parser returns that may be shared between rows (never a list or a dict).
_SHAREABLE = (str, int, bool, float, datetime.date, Decimal, type(None))
MEMO_CELLS = 4096  # per column: the repeating values (days, choices, catalogues) fit


def parse_rows(
    layout: Layout,
    rows: list[tuple[int, dict[str, str]]],
    memo: dict[str, dict[str, Any]] | None = None,
) -> tuple[list[tuple[int, dict[str, Any]]], list[RowError]]:
    """Parse each row's values; a row with an error is reported and left out.

    `memo`, kept by the caller for one import, holds each column's parsed values by their
    text: a column's cells repeat (a few hundred days, "Nữ", "Tày", "Tố giác …"), and each is
    parsed once (up to MEMO_CELLS texts a column; a rejected cell is parsed again, to be
    reported with its row)."""
    memo = {} if memo is None else memo
    columns = [(c, memo.setdefault(c.key, {})) for c in layout.columns]
    good, errors = [], []
    for number, raw in rows:
        values: dict[str, Any] = {}
        row_errors = []
        get = raw.get
        for column, known in columns:
            cell = get(column.key, "")
            value = known.get(cell, known)  # the memo itself: not parsed yet
            if value is not known:
                values[column.key] = value
                continue
            if column.required and not cell.strip():
                row_errors.append(RowError(number, column.label, "bắt buộc, đang để trống"))
                continue
            try:
                value = values[column.key] = column.parse(cell)
            except ValueError as error:
                row_errors.append(RowError(number, column.label, f"“{cell}”: {error}"))
                continue
            if len(known) < MEMO_CELLS and isinstance(value, _SHAREABLE):
                known[cell] = value
        if row_errors:
            errors.extend(row_errors)
        else:
            good.append((number, values))
    return good, errors


# --- Files ----------------------------------------------------------------------------------

# OWASP "CSV injection": a cell starting with one of these is read as a formula by Excel and
# LibreOffice; an export writes it behind an apostrophe, and an import takes the apostrophe off.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(cell: str) -> str:
    """The text of an exported cell, safe to open in a spreadsheet: "=1+1" → "'=1+1"."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _restored(cell: str) -> str:
    """What `neutralised` wrote, read back: "'=1+1" → "=1+1" (other cells as they are)."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


@dataclass
class Table:
    """The rows of a file, read one at a time, and which sheet of a workbook they come from
    (`sheet` is "" for a CSV file; `skipped` names the hidden sheets passed over)."""

    rows: Iterator[tuple[int, dict[str, str]]]
    sheet: str = ""
    skipped: tuple[str, ...] = ()

    def describe(self) -> str:
        """ "Đã đọc trang tính “Tin báo” (bỏ qua trang ẩn “Cũ”)." or "" for a CSV file."""
        if not self.sheet:
            return ""
        hidden = ", ".join(f"“{name}”" for name in self.skipped)
        return f"Đã đọc trang tính “{self.sheet}”" + (
            f" (bỏ qua trang ẩn {hidden})." if hidden else "."
        )


def read_table(data: bytes, *, filename: str, layout: Layout, sheet: str = "") -> Table:
    """The rows of a CSV or XLSX file as {column key: text} with their row numbers, one at a
    time (a million-row file is never held as rows in memory); a file that is not a table, or
    whose header names a column the layout does not have, raises TableError before the first
    row. In a workbook, the sheet named `sheet` is read; else the visible sheet named as the
    layout's title (the template's), else the first visible sheet: never a hidden one."""
    if len(data) > MAX_BYTES:
        raise TableError(f"Tệp lớn hơn {MAX_BYTES // (1024 * 1024)} MB.")
    if data.startswith(b"PK\x03\x04"):
        name, skipped, lines = _xlsx_sheet(data, layout, sheet)
        return Table(rows=_labelled(lines, layout), sheet=name, skipped=skipped)
    if filename.lower().endswith((".xlsx", ".xls")):
        raise TableError("Tệp Excel phải ở dạng .xlsx (Excel 2007 trở lên).")
    return Table(rows=_labelled(_csv_lines(data), layout))


def iter_table(
    data: bytes, *, filename: str, layout: Layout
) -> Iterator[tuple[int, dict[str, str]]]:
    """`read_table(…).rows`."""
    return read_table(data, filename=filename, layout=layout).rows


def _csv_lines(data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TableError(
            "Tệp CSV không ở bảng mã UTF-8: trong Excel chọn “CSV UTF-8” khi lưu."
        ) from error
    sample = decoded[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    for number, cells in enumerate(csv.reader(io.StringIO(decoded), dialect), start=1):
        yield number, [_restored(cell) for cell in cells]


def _xlsx_sheet(
    data: bytes, layout: Layout, wanted: str
) -> tuple[str, tuple[str, ...], Iterator[tuple[int, list[str]]]]:
    """(the sheet read, the hidden sheets passed over, its lines)."""
    from openpyxl import load_workbook

    from dondoc.core.archives import TABLE_LIMITS, UnsafeArchive, check_archive

    try:
        check_archive(data, TABLE_LIMITS)
    except UnsafeArchive as error:
        raise TableError(f"Tệp Excel: {error.message}.") from error
    except Exception as error:  # not a zip after all
        raise TableError("Tệp Excel bị hỏng, không đọc được.") from error
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise TableError("Tệp Excel bị hỏng, không đọc được.") from error
    sheets = workbook.worksheets
    visible = [s for s in sheets if getattr(s, "sheet_state", "visible") == "visible"]
    if wanted:
        chosen = next((s for s in sheets if match_key(s.title) == match_key(wanted)), None)
        if chosen is None:
            names = ", ".join(f"“{s.title}”" for s in sheets)
            workbook.close()
            raise TableError(f"Tệp không có trang tính “{wanted}” (các trang: {names}).")
    else:
        title = match_key(layout.title[:31])
        chosen = next((s for s in visible if match_key(s.title) == title), None)
        chosen = chosen or (visible[0] if visible else None)
        if chosen is None:
            workbook.close()
            raise TableError("Tệp Excel không có trang tính nào đang hiện.")
    skipped = tuple(s.title for s in sheets if s not in visible and s is not chosen)

    def lines() -> Iterator[tuple[int, list[str]]]:
        for number, cells in enumerate(chosen.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(value) for value in cells]
        workbook.close()

    return chosen.title, skipped, lines()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):  # 95.5 in a cell is read back as Vietnamese writes it: "95,5"
        return format(Decimal(repr(value)), "f").replace(".", ",")
    return str(value)


def is_template_example(layout: Layout, raw: dict[str, str]) -> bool:
    """Whether a row is the template's example row, left in the file as it was downloaded:
    the file has every column of the layout, each holding its example (empty where none)."""
    if len(raw) != len(layout.columns):  # the template has every column; a file of a few, its own
        return False
    examples = _examples(layout)
    return raw.keys() == examples.keys() and all(
        _match_key(cell) == examples[key] for key, cell in raw.items()
    )


_EXAMPLES: dict[int, tuple[Layout, dict[str, str]]] = {}


def _examples(layout: Layout) -> dict[str, str]:
    """Each column's example, as `match_key` writes it; kept by the layout's identity (a
    frozen Layout hashes every column and its parser: once per row of a million)."""
    found = _EXAMPLES.get(id(layout))
    if found is None or found[0] is not layout:
        examples = {c.key: match_key(c.example) for c in layout.columns}
        found = _EXAMPLES[id(layout)] = (layout, examples)
    return found[1]


def _labelled(
    lines: Iterator[tuple[int, list[str]]], layout: Layout
) -> Iterator[tuple[int, dict[str, str]]]:
    known = {match_key(c.label): c.key for c in layout.columns} | {
        match_key(c.key): c.key for c in layout.columns
    }
    header: list[str | None] | None = None
    ignored = {match_key(name) for name in IGNORED_COLUMNS}
    for number, cells in lines:
        if header is None:
            keys = [known.get(match_key(cell)) for cell in cells]
            if any(k is not None for k in keys):
                _check_header(number, cells, keys, layout, ignored)
                header = keys
            continue
        if not any(cell.strip() for cell in cells):
            continue
        yield number, {key: cell for key, cell in zip(header, cells, strict=False) if key}
    if header is None:
        raise TableError(
            "Không tìm thấy dòng tiêu đề với tên các cột của mẫu ("
            + ", ".join(layout.labels()[:4])
            + " …)."
        )


# Columns a table may have besides the layout's, read as nothing: the row numbers.
IGNORED_COLUMNS = ("STT", "TT", "Số TT", "Số thứ tự")


def _check_header(
    number: int, cells: list[str], keys: list[str | None], layout: Layout, ignored: set[str]
) -> None:
    """Refuse a header naming a column the layout lacks (a misspelt "Số định danh/CCCD" would
    otherwise be dropped with every value under it), or one column twice, or missing a
    required one: the message names the column and the expected ones."""
    expected = ", ".join(f"“{label}”" for label in layout.labels())
    unknown = [
        cell.strip()
        for cell, key in zip(cells, keys, strict=True)
        if cell.strip() and not key and match_key(cell) not in ignored
    ]
    if unknown:
        names = ", ".join(f"“{name}”" for name in unknown)
        raise TableError(
            f"Dòng tiêu đề (dòng {number}) có cột không thuộc mẫu: {names}. "
            f"Các cột của mẫu: {expected}."
        )
    labels = {c.key: c.label for c in layout.columns}
    seen: set[str] = set()
    for key in keys:
        if key is not None and key in seen:
            raise TableError(f"Dòng tiêu đề (dòng {number}): cột “{labels[key]}” có hai lần.")
        if key is not None:
            seen.add(key)
    missing = [c.label for c in layout.columns if c.required and c.key not in seen]
    if missing:
        raise TableError(f"Thiếu cột bắt buộc: {', '.join(missing)}.")

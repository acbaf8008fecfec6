"""The registry's catalogues read as people write them: one resolver for the ethnic groups
(official names of the General Statistics Office list and their common spellings) and for the
offences of the Penal Code ("Điều 134", "134", "điều 134 BLHS", the article's name), used by
the forms and the imports alike; and the loader of the Penal Code's special part
(data/penal_code.json)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dondoc.core.exceptions import InvalidInput

PENAL_CODE = Path(__file__).resolve().parent / "data" / "penal_code.json"

# Spellings met in records and forms for the official names of the General Statistics
# Office's list (Quyết định 121-TCTK/PPCĐ, 02/3/1979), by the group's code. Every official
# name also matches written with spaces or hyphens, in any case, with or without "dân tộc".
ETHNIC_VARIANTS: dict[str, tuple[str, ...]] = {
    "01": ("Việt", "Kinh (Việt)", "Người Kinh"),
    "05": ("Khmer", "Khơ Me", "Khơme"),
    "08": ("Mông", "H'Mông", "H’Mông", "Hmông", "Hmong", "Mèo"),
    "10": ("Gia Lai", "Jrai", "Giarai"),
    "12": ("Êđê", "Ê Đê", "Rađê", "Ede"),
    "13": ("Bana", "Ba-na"),
    "14": ("Xơ Đăng", "Xê Đăng"),
    "16": ("Cơ Ho", "K'Ho", "Kơ Ho"),
    "20": ("M'Nông", "Mơ Nông"),
    "21": ("Raglai", "Ra Glai"),
    "22": ("Xtiêng", "X'Tiêng", "Stiêng"),
    "23": ("Bru Vân Kiều", "Vân Kiều", "Bru"),
    "26": ("Cơ Tu", "Katu", "Ca Tu"),
    "27": ("Gié Triêng", "Triêng", "Gié"),
    "29": ("Khơ Mú", "Khmú", "Kho Mú"),
    "31": ("Tà Ôi", "Tà-Ôi", "Pa Cô"),
    "32": ("Chơ Ro", "Chơro"),
    "34": ("Xinh Mun",),
    "36": ("Chu Ru", "Churu"),
    "54": ("Rơ Măm", "Romam"),
}


def fold(text: str) -> str:
    """What two spellings of one name share: NFC, lower case, no "dân tộc"/"người", and
    no hyphen, apostrophe or space (“H'Mông” = “Hmông” = “hmông”). Diacritics are kept:
    “Thái” and “Thai” are not the same word."""
    value = unicodedata.normalize("NFC", text).casefold().strip()
    value = re.sub(r"^(dân tộc|người)\s+", "", value)
    return re.sub(r"[\s\-‐‑–'’ʼ`.]+", "", value)


@dataclass(frozen=True)
class Resolved:
    """What a resolver found: the row's id and its official name."""

    pk: int
    name: str


class EthnicResolver:
    """The 54 groups by official name, code or common spelling (`resolve`)."""

    def __init__(self, groups: Iterable[tuple[int, str, str]]) -> None:
        self.by_key: dict[str, Resolved] = {}
        for pk, code, name in groups:
            found = Resolved(pk, name)
            for spelling in (name, code, *ETHNIC_VARIANTS.get(code, ())):
                self.by_key.setdefault(fold(spelling), found)
            self.by_key[code.lstrip("0")] = found  # "8" as "08"

    @classmethod
    def load(cls) -> EthnicResolver:
        from .models import EthnicGroup

        return cls(EthnicGroup.objects.values_list("pk", "code", "name"))

    def resolve(self, text: str) -> Resolved | None:
        """The group written as `text` ("" → None); InvalidInput when none matches."""
        if not text.strip():
            return None
        found = self.by_key.get(fold(text))
        if found is None:
            raise InvalidInput(
                f"Dân tộc “{text.strip()}” không có trong Danh mục các dân tộc Việt Nam "
                "(Tổng cục Thống kê): ghi tên hoặc mã dân tộc, ví dụ “Kinh”, “Mông”, “08”."
            )
        return found


_ARTICLE = re.compile(
    r"^(?:điều\s*)?(\d{1,3}[a-z]?)\b\.?\s*(?:(?:của\s+)?(?:bộ luật hình sự|blhs)(?:\s*\d{4})?)?\.?$"
)

# "Điều 134. Tội cố ý gây thương tích …", as the form's list of articles offers it.
_ARTICLE_NAMED = re.compile(r"^điều\s*(\d{1,3}[a-z]?)\.\s+\S")


class OffenceResolver:
    """The articles of the Penal Code's special part by "Điều 134", "134", "điều 134 BLHS",
    "Điều 134 Bộ luật Hình sự 2015" or by the article's name ("Tội trộm cắp tài sản",
    "trộm cắp tài sản")."""

    def __init__(self, offences: Iterable[tuple[int, str, str, bool]]) -> None:
        self.by_code: dict[str, Resolved] = {}
        self.by_name: dict[str, Resolved] = {}
        self.repealed: set[str] = set()
        for pk, code, name, repealed in offences:
            found = Resolved(pk, f"Điều {code}. {name}")
            self.by_code[code.lower()] = found
            if repealed:
                self.repealed.add(code.lower())
                continue
            self.by_name[fold(name)] = found
            self.by_name[fold(re.sub(r"^tội\s+", "", name, flags=re.IGNORECASE))] = found

    @classmethod
    def load(cls) -> OffenceResolver:
        from .models import Offence

        return cls(Offence.objects.values_list("pk", "code", "name", "repealed"))

    def resolve(self, text: str) -> Resolved | None:
        value = unicodedata.normalize("NFC", text).casefold().strip()
        value = " ".join(value.split())
        if not value:
            return None
        match = _ARTICLE.match(value) or _ARTICLE_NAMED.match(value)
        if match:
            code = match.group(1)
            if code in self.repealed:
                raise InvalidInput(f"Điều {code} Bộ luật Hình sự đã bị bãi bỏ: chọn điều khác.")
            found = self.by_code.get(code)
            if found is None:
                raise InvalidInput(
                    f"Điều luật “{text.strip()}”: không có trong phần các tội phạm của Bộ luật "
                    "Hình sự (Điều 108 đến Điều 425)."
                )
            return found
        found = self.by_name.get(fold(value))
        if found is None:
            raise InvalidInput(
                f"Tội danh “{text.strip()}”: ghi số điều (ví dụ “Điều 134” hoặc “134”) hoặc "
                "đúng tên tội trong Bộ luật Hình sự."
            )
        return found


def offence_ids_by_article() -> dict[int, int]:
    """{article number: offence id} of the plainly numbered articles (134, never 217a), for
    the readers that take a bare number."""
    from .models import Offence

    rows = Offence.objects.filter(code__regex=r"^[0-9]+$").values_list("article", "pk")
    return dict(rows)


# --- Loading the Penal Code ----------------------------------------------------------------


def penal_code_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(PENAL_CODE.read_text(encoding="utf-8"))
    return data


def load_penal_code(offence_model: Any, data: dict[str, Any] | None = None) -> tuple[int, int]:
    """Create or update the offences of data/penal_code.json (the model is a parameter: the
    migration passes its historical one). An article already present keeps its id and its
    `child_abuse` flag unless the data sets it. Returns (created, updated)."""
    data = data or penal_code_data()
    created = updated = 0
    for item in data["articles"]:
        if not item.get("offence", True):
            continue
        defaults: dict[str, Any] = {
            "article": item["article"],
            "chapter": item["chapter"],
            "name": item["name"],
            "repealed": bool(item.get("repealed", False)),
            "note": item.get("note", ""),
        }
        if "child_abuse" in item:
            defaults["child_abuse"] = item["child_abuse"]
        existing = offence_model.objects.filter(code=item["code"]).first()
        if existing is None and item["code"].isdigit():
            # Offences loaded before the codes existed: found by their number, kept.
            existing = offence_model.objects.filter(article=item["article"], code="").first()
        if existing is None:
            offence_model.objects.create(code=item["code"], **defaults)
            created += 1
            continue
        for name, value in {"code": item["code"], **defaults}.items():
            setattr(existing, name, value)
        existing.save()
        updated += 1
    return created, updated

"""The head of an administrative document → DocumentHeader, and the documents it cites. Pure.

Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP, Appendix I) open with the
issuing body in capitals, "Số: 284/KH-UBND", "Sơn Dương, ngày 04 tháng 7 năm 2023", the
type in capitals ("KẾ HOẠCH") and the title; the first paragraph says what the document
carries out ("Thực hiện Kế hoạch số 125/KH-UBND ngày 01/6/2023 của …"). Texts converted from
PDF or Word may lose the issuer lines or blank the number and day (a draft); every part is
therefore optional, and what is missing is reported by the caller as a warning.
"""

from __future__ import annotations

import re

from .drafts import DocumentHeader, DocumentRef
from .markup import one_line

DOCUMENT_TYPES = {
    "KH": "Kế hoạch",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "NQ": "Nghị quyết",
    "CTr": "Chương trình",
    "HD": "Hướng dẫn",
    "TB": "Thông báo",
    "BC": "Báo cáo",
    "ĐA": "Đề án",
    "CV": "Công văn",
}
_TYPE_BY_NAME = {name.upper(): code for code, name in DOCUMENT_TYPES.items()}
_KINDS = (
    "Kế hoạch|Quyết định|Chỉ thị|Nghị quyết|Nghị định|Thông tư|Công văn|Hướng dẫn|"
    "Chương trình|Đề án|Quy chế|Thông báo|Luật"
)

_NUMBER_RE = re.compile(
    r"^\s*Số\s*[:.]?\s*(?P<n>\d*)\s*(?P<suffix>[a-zđ]?)\s*/\s*(?P<symbol>[0-9A-ZĐa-zđ][\wĐđ\-/.]*)",
    re.IGNORECASE,
)
# A Party document's number: "Số 3260-KH/ĐĐQH15", "Số 57-NQ/TW" (number-kind/issuer).
_LETTER_SUBJECT_RE = re.compile(r"(?:^|\s)V/v\b")
_PARTY_NUMBER_RE = re.compile(
    r"^\s*Số\s*[:.]?\s*(?P<n>\d+)\s*-\s*(?P<kind>[A-ZĐ]{2,5})\s*/\s*(?P<issuer>[0-9A-ZĐ][\wĐđ\-]*)"
)
_PLACE_DATE_RE = re.compile(
    r"^(?P<place>[^,\d]{2,60}?),?\s*ngày\s*(?P<d>\d{0,2})\s*tháng\s*(?P<m>\d{0,2})\s*năm\s*"
    r"(?P<y>\d{4})",
    re.IGNORECASE,
)
_DATE = (
    r"(?:ngày\s*)?(?P<d>\d{1,2})\s*(?:/|-|\s*tháng\s*)(?P<m>\d{1,2})\s*(?:/|-|\s*năm\s*)"
    r"(?P<y>\d{4})"
)
_REF_RE = re.compile(
    rf"(?P<kind>{_KINDS})\s+(?:số\s*)?(?P<number>\d+[a-zđ]?\s*/\s*[0-9A-ZĐ][\wĐđ\-/]*[\wĐđ])"
    rf"(?:\s*,?\s*(?:ban hành\s*)?{_DATE})?"
    r"(?:\s+của\s+(?P<issuer>[^,;:]+?)(?=\s+(?:về|phê duyệt|ban hành|triển khai|tăng cường|"
    r"thực hiện|V/v)\b|[,;:.]|$))?",
    re.IGNORECASE,
)
# The appendix heading: "(Kèm theo Kế hoạch số 224/KH-UBND ngày 04 tháng 7 năm 2023 của …)".
_APPENDIX_RE = re.compile(
    rf"^\W*(?:Ban hành\s+)?Kèm theo\s+(?P<kind>{_KINDS})\s+số\s*:?\s*"
    r"(?P<number>\d*\s*/\s*[0-9A-ZĐ][\wĐđ\-/]*[\wĐđ])"
    r"(?:\s*ngày\s*(?P<d>\d{0,2})\s*(?:/|tháng)\s*(?P<m>\d{0,2})\s*(?:/|năm)\s*(?P<y>\d{4}))?"
    r"(?:\s*của\s+(?P<issuer>[^)]+))?",
    re.IGNORECASE,
)
_MOTTO = (
    "CỘNG HÒA XÃ HỘI",
    "CỘNG HOÀ XÃ HỘI",
    "ĐỘC LẬP - TỰ DO",
    "ĐỘC LẬP – TỰ DO",
    "ĐẢNG CỘNG SẢN VIỆT NAM",  # a Party document's motto line
)
_ISSUER_START_RE = re.compile(
    # "BAN HÀNH KẾ HOẠCH …" is a decision's title (the verb "ban hành"), not a board.
    r"^(ỦY BAN|UỶ BAN|UBND|CÔNG AN|BỘ |SỞ |PHÒNG |TÒA ÁN|VIỆN KIỂM SÁT|BAN (?!HÀNH\b)|HỘI ĐỒNG|"
    r"BỘ CHỈ HUY|THANH TRA|VĂN PHÒNG|CHI CỤC|CỤC |TRUNG TÂM|TỈNH ỦY|HUYỆN ỦY|THÀNH ỦY|"
    r"ĐẢNG ĐOÀN|ĐẢNG ỦY|ĐẢNG UỶ|BAN CÁN SỰ ĐẢNG|THỦ TƯỚNG CHÍNH PHỦ|CHÍNH PHỦ$)",
)
# The body named above a Party organ ("BAN CHẤP HÀNH TRUNG ƯƠNG" over "ĐẢNG ĐOÀN QUỐC HỘI",
# "BAN CÁN SỰ ĐẢNG …"): not the issuer when the organ follows it.
_SUPERIOR_RE = re.compile(r"^BAN CHẤP HÀNH TRUNG ƯƠNG\s+(?=\S)")
_PREAMBLE_RE = re.compile(r"^(Thực hiện|Triển khai|Để triển khai|Nhằm triển khai)\b", re.IGNORECASE)
_BODY_START_RE = re.compile(
    r"^(Thực hiện|Căn cứ|Triển khai|Để |Nhằm |Theo đề nghị|I\.|Phần|Chương|Điều \d|A\.)",
    re.IGNORECASE,
)
# "…, UBND thành phố xây dựng Kế hoạch …", "Công an tỉnh ban hành Kế hoạch …".
_SUBJECT_RE = re.compile(
    r"(?:^|,\s*)(?P<body>(?:Ủy ban nhân dân|UBND|Công an|Sở|Phòng|Ban)[^,.;]{0,60}?)\s+"
    r"(?:xây dựng|ban hành|triển khai)\b"
)
# A directive speaks in its issuer's name: "Thủ tướng Chính phủ yêu cầu …", "Chủ tịch Ủy ban
# nhân dân tỉnh chỉ thị: …".
_SPEAKER_RE = re.compile(
    r"\b(Thủ tướng Chính phủ|Chủ tịch (?:Ủy ban nhân dân|UBND) (?:tỉnh|thành phố|huyện|quận|thị xã)"
    r"(?: [A-ZĐÀ-Ỹ][\wÀ-ỹ]*)*)\s+(?:yêu cầu|chỉ thị)\b"
)
# A scan read by OCR: the type line with the marks printed beside it ("ĐẾN" and the number of
# a received-mail stamp) read into the same line, "DEN i: : _¬ CHỈ THỊ". Only short lines whose
# words before the type are not words of a sentence.
_STAMPED_TYPE_RE = re.compile(
    r"^(?P<noise>(?:\S{1,4}\s+){1,6}?)(?P<kind>[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ ]{3,20}[A-ZĐÀ-Ỹ])\s*:?\s*$"
)
_SIGNATURE_RE = re.compile(r"^(?:TM\.|T/M|KT\.)\s*(?P<body>.+)$", re.IGNORECASE)
_KIND_AT_END_RE = re.compile(r"\b(huyện|quận|thị xã|thành phố|tỉnh|xã|phường|thị trấn)$", re.I)
_ABBREVIATIONS = (
    (re.compile(r"\bUBND\b"), "Ủy ban nhân dân"),
    (re.compile(r"\bTP\.\s*"), "thành phố "),
    (re.compile(r"\bTX\.\s*"), "thị xã "),
)


def iso_date(year: str | int | None, month: str | int | None, day: str | int | None) -> str | None:
    try:
        y, m, d = int(year or 0), int(month or 0), int(day or 0)
    except ValueError:
        return None
    if not (1900 <= y <= 2200 and 1 <= m <= 12 and 1 <= d <= 31):
        return None
    import datetime

    try:
        return datetime.date(y, m, d).isoformat()
    except ValueError:
        return None


_NAMING_WORDS = {"ban", "bộ", "sở", "cục", "phòng"}


def capitalise_body(text: str) -> str:
    """ "ỦY BAN NHÂN DÂN HUYỆN SƠN DƯƠNG" → "Ủy ban nhân dân huyện Sơn Dương".

    Vietnamese capitalises the first word of a body's name and proper names; in capitals the
    proper name is what follows the last unit-kind word, or nothing.
    """
    text = " ".join(text.split())
    if text != text.upper():
        return text
    words = text.lower().split()
    fields = words[0] in _FIELD_NAMED
    if fields:
        # "LAO ĐỘNG-THƯƠNG BINH": the dash between two fields stands between spaces.
        words = " ".join(re.sub(r"(?<=\w)-(?=\w)", " - ", w) for w in words).split()
    kinds = {"tỉnh", "huyện", "quận", "thị", "xã", "phường", "thành", "trấn", "phố"}
    # "XÃ HỘI" (society) is a field of a ministry's name, not a commune.
    is_kind = [
        w in kinds and not (w == "xã" and words[i + 1 : i + 2] == ["hội"])
        for i, w in enumerate(words)
    ]
    last_kind = max((i for i, k in enumerate(is_kind) if k), default=-1)
    first_kind = next((i for i, k in enumerate(is_kind) if k), len(words))
    out = []
    for i, word in enumerate(words):
        # "BAN CHỈ ĐẠO …" → "Ban Chỉ đạo …", "BỘ QUỐC PHÒNG" → "Bộ Quốc phòng": after these
        # words the name of the body starts.
        named = i == 1 and words[0] in _NAMING_WORDS and not is_kind[i]
        # A ministry or department names its fields, each capitalised (Nghị định 30/2020/NĐ-CP,
        # Phụ lục II): "Bộ Lao động - Thương binh và Xã hội", "Sở Văn hóa, Thể thao và Du lịch".
        field = (
            fields
            and 1 < i < first_kind
            and (words[i - 1] in {"-", "và"} or words[i - 1].endswith(","))
        )
        if i == 0 or named or field or i > last_kind >= 0:
            word = word[:1].upper() + word[1:]
        out.append(word)
    text = _PROPER_NAMES_RE.sub(lambda m: _PROPER_NAMES[m.group(0)], " ".join(out))
    return _NAMED_UNIT_RE.sub(lambda m: m.group(1).capitalize(), text)


# Bodies whose name is the list of their fields: ministries and provincial departments.
_FIELD_NAMED = {"bộ", "sở"}


# Names of national institutions and of the country, capitalised wherever they stand in a body's
# name ("Đảng đoàn Quốc hội", "Ban cán sự đảng Chính phủ", "… Mặt trận Tổ quốc Việt Nam").
_PROPER_NAMES = {
    "thường vụ quốc hội": "Thường vụ Quốc hội",  # Ủy ban Thường vụ Quốc hội
    "quốc hội": "Quốc hội",
    "chính phủ": "Chính phủ",
    "tổ quốc": "Tổ quốc",
    "việt nam": "Việt Nam",
}
_PROPER_NAMES_RE = re.compile(
    r"(?<=\s)(?:thường vụ quốc hội|quốc hội|chính phủ|tổ quốc|việt nam)\b"
)


# A unit named after a number or a person writes its kind with a capital ("Quận 1", "Thành phố
# Hồ Chí Minh"). Which names are persons' names cannot be told from the letters: the list is
# configurable and holds the one such province-level city.
UNITS_NAMED_AFTER_PERSONS = ("Hồ Chí Minh",)
_NAMED_UNIT_RE = re.compile(
    r"\b(thành phố|quận|phường|huyện|xã|thị xã|thị trấn)(?= (?:\d+\b|"
    + "|".join(re.escape(n) for n in UNITS_NAMED_AFTER_PERSONS)
    + r"))"
)


def expand_abbreviations(text: str) -> str:
    for pattern, replacement in _ABBREVIATIONS:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())


def find_references(text: str) -> list[DocumentRef]:
    """Every "Kế hoạch số 125/KH-UBND ngày 01/6/2023 của …" in a paragraph, in order."""
    refs: list[DocumentRef] = []
    for match in _REF_RE.finditer(text):
        number = re.sub(r"\s+", "", match.group("number"))
        issuer = expand_abbreviations(match.group("issuer") or "").strip()
        refs.append(
            DocumentRef(
                number=number,
                date=iso_date(match.group("y"), match.group("m"), match.group("d")),
                raw=" ".join(match.group(0).split()).rstrip(" ,;."),
                kind=match.group("kind")[:1].upper() + match.group("kind")[1:].lower(),
                issuer=issuer,
            )
        )
    return refs


_CAPTION_INSIDE_RE = re.compile(r"\((?=\s*(?:Ban hành\s+)?kèm theo\s)", re.IGNORECASE)


def find_appendix_reference(lines: list[str]) -> DocumentRef | None:
    for line in lines:
        match = _APPENDIX_RE.match(line)
        inside = None if match else _CAPTION_INSIDE_RE.search(line)
        if inside:
            # The caption run into the title line before it ("… CÁCH MẠNG (Ban hành kèm theo …)").
            line = line[inside.start() :]
            match = _APPENDIX_RE.match(line)
        if match:
            number = re.sub(r"\s+", "", match.group("number"))
            return DocumentRef(
                number=number if not number.startswith("/") else None,
                date=iso_date(match.group("y"), match.group("m"), match.group("d")),
                raw=line.strip(" ()*"),
                kind=match.group("kind"),
                issuer=expand_abbreviations((match.group("issuer") or "").strip(" .)")),
            )
    return None


# Where the parts of a header block meet when they come squashed on one line or inside table
# cells (a Markdown table, a web page's blocks between "|" lines, a Word two-column table).
_HEADER_CUT_RE = re.compile(
    r"\s*\|\s*|\s*-{3,}\s*|\s+(?=Số\s*[:.]\s*\d*\s*/)|\s+(?=CỘNG HÒA XÃ HỘI|CỘNG HOÀ XÃ HỘI)"
    r"|(?<=Hạnh phúc)\s+"
    r"|(?<=[A-ZĐ0-9])\s+(?=(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ.\-]*\s+){0,4}[A-ZĐÀ-Ỹ][\wÀ-ỹ.\-]*,\s*ngày\s*\d)"
)
# The issuer's second line: "ỦY BAN NHÂN DÂN" / "HUYỆN SƠN DƯƠNG".
_UNIT_LINE_RE = re.compile(r"^(TỈNH|HUYỆN|THÀNH PHỐ|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|TP\.)\b")


_HEAD_LINES = 80  # a web page's metadata table and notices may come before the header block
# A legal-document site's metadata table ("Số hiệu: | 89/2025/QĐ-UBND | Ngày ban hành: | …").
_SITE_FIELD_RE = re.compile(
    r"^(?P<name>Số hiệu|Ngày ban hành|Cơ quan ban hành|Nơi ban hành)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_NUMBER_VALUE_RE = re.compile(r"^(?P<n>\d+[a-zđ]?)\s*/\s*(?P<symbol>[0-9A-ZĐ][\wĐđ\-/]*[\wĐđ])$")
_DATE_VALUE_RE = re.compile(r"^(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})$")


def _from_site_metadata(lines: list[str], header: DocumentHeader) -> None:
    """What the document's own header lacks, from the site's metadata table when the text comes
    from a legal-document site: the number, the date, the issuing body."""
    fields: dict[str, str] = {}
    for index, line in enumerate(lines):
        found = _SITE_FIELD_RE.match(line)
        if found:
            value = found.group("value").strip()
            if not value and index + 1 < len(lines):
                value = lines[index + 1].strip()
            fields.setdefault(found.group("name").lower(), value)
    number = _NUMBER_VALUE_RE.match(fields.get("số hiệu", ""))
    if header.number is None and not header.symbol and number:
        header.symbol = number.group("symbol")
        header.number = f"{number.group('n')}/{header.symbol}"
        header.type = header.type or header.symbol.split("-")[0].split("/")[-1]
        header.type_name = header.type_name or DOCUMENT_TYPES.get(header.type, "")
    date = _DATE_VALUE_RE.match(fields.get("ngày ban hành", ""))
    if header.year is None and date:
        header.year, header.month, header.day = (int(date.group(g)) for g in ("y", "m", "d"))
        header.date = iso_date(header.year, header.month, header.day)
    body = fields.get("cơ quan ban hành", "")
    if not header.issuer and _ISSUER_START_RE.match(body.upper()):
        header.issuer = capitalise_body(body.upper()) if body.isupper() else body


HARD_WRAPPED_LINES = 12  # a block this long is hard-wrapped text, not one heading


# Letters a PDF extraction split apart ("ỦY B AN NHÂN D Â N T HÀNH P HỐ", "T hành phố Hồ Chí
# M inh"): a Vietnamese syllable always holds a vowel, so a run of letters without one is a
# piece of the syllable beside it: its onset when the next piece starts a syllable with it, its
# coda after a vowel otherwise. Abbreviations ("HĐND", "TP.") are neither and stay as they are.
_VOWELS = set("aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
_ONSETS = {
    *"bcdđghklmnpqrstvx",
    *("ch", "gh", "gi", "kh", "ng", "ngh", "nh", "ph", "qu", "th", "tr"),
}
_CODAS = {"c", "ch", "m", "n", "ng", "nh", "p", "t"}


def _onset(word: str) -> str:
    index = next((i for i, ch in enumerate(word) if ch in _VOWELS), len(word))
    return word[:index]


def rejoin_split_letters(line: str) -> str:
    """ "ỦY B AN NHÂN D Â N" → "ỦY BAN NHÂN DÂN"; a line with no lone consonant is unchanged."""
    words = line.split(" ")
    lone = [w for w in words if w.isalpha() and not (set(w.lower()) & _VOWELS)]
    if not any(len(w) == 1 for w in lone):
        return line
    out: list[str] = []
    pending = ""
    for index, word in enumerate(words):
        word = pending + word
        pending = ""
        low = word.lower()
        if not word.isalpha() or set(low) & _VOWELS:
            out.append(word)
            continue
        following = words[index + 1].lower().rstrip(",.;:") if index + 1 < len(words) else ""
        if (
            following.isalpha()
            and _onset(low + following) in _ONSETS
            and (set(following) & _VOWELS or (low + following) in _ONSETS)
        ):
            pending = word
        elif out and out[-1][-1:].lower() in _VOWELS and low in _CODAS:
            out[-1] += word
        else:
            out.append(word)
    if pending:
        out.append(pending)
    return " ".join(out)


def header_lines(paragraphs: list[str]) -> list[str]:
    """The head's lines, one part each: cells, squashed parts and decoration rules split apart,
    stray emphasis marks dropped. Only the block before the document type is cut; the title and
    the body are left as they are."""
    lines: list[str] = []
    in_head = True
    # A text with no blank line at all is one long block: its lines are the head's lines.
    pieces_of = [
        part
        for p in paragraphs
        for part in (p.split("\n") if p.count("\n") >= HARD_WRAPPED_LINES else [p])
    ]
    for paragraph in pieces_of:
        line = one_line(paragraph)
        if not line:
            continue
        if in_head and _BODY_START_RE.match(line):
            in_head = False
        pieces = _HEADER_CUT_RE.split(line) if in_head else [line]
        for piece in pieces:
            piece = piece.strip(" *_#")
            if in_head:
                piece = rejoin_split_letters(piece)
            if piece:
                lines.append(piece)
                if piece.upper().rstrip(":") in _TYPE_BY_NAME and piece == piece.upper():
                    in_head = False
    return lines


def parse_header(paragraphs: list[str]) -> DocumentHeader:
    """The header of a document given its paragraphs before the task table, in order."""
    lines = header_lines(paragraphs)
    header = DocumentHeader()
    issuer_lines: list[str] = []
    type_index: int | None = None
    for index, line in enumerate(lines[:_HEAD_LINES]):
        upper = line.upper()
        if any(upper.startswith(m) for m in _MOTTO):
            continue
        party = _PARTY_NUMBER_RE.match(line)
        if party and not header.symbol:
            kind = party.group("kind")
            header.symbol = f"{kind}/{party.group('issuer')}"
            header.number = f"{party.group('n')}-{header.symbol}"
            header.type, header.type_name = kind, DOCUMENT_TYPES.get(kind, "")
            continue
        # "Số: 3210/QĐ - UBND": the symbol's dash set between spaces.
        number = _NUMBER_RE.match(re.sub(r"(?<=[A-ZĐ])\s*-\s*(?=[A-ZĐ])", "-", line))
        if number and not header.symbol:
            symbol = number.group("symbol").rstrip(".")
            header.symbol = symbol
            n = number.group("n") + number.group("suffix")
            header.number = f"{n}/{symbol}" if number.group("n") else None
            code = symbol.split("-")[0]
            header.type = code
            header.type_name = DOCUMENT_TYPES.get(code, "")
            continue
        place = _PLACE_DATE_RE.match(line)
        # "Căn cứ Luật … ngày 19 tháng 6 năm 2015": a date the body cites, not the place-date.
        # A place is a name, capitalised: "quyền địa phương ngày 19 tháng 6 năm 2015" is the
        # wrapped end of a "Căn cứ …" line.
        if (
            place
            and header.year is None
            and not _BODY_START_RE.match(line)
            and not line[:1].islower()
            and not line.rstrip().endswith(";")  # a citation's wrapped end, never a place-date
        ):
            header.place = place.group("place").strip(" ,")
            header.year = int(place.group("y"))
            header.month = int(place.group("m")) if place.group("m") else None
            header.day = int(place.group("d")) if place.group("d") else None
            header.date = iso_date(header.year, header.month, header.day)
            continue
        stamped = _STAMPED_TYPE_RE.match(line) if type_index is None else None
        if stamped and stamped.group("kind") not in _TYPE_BY_NAME:
            stamped = None
        if type_index is None and (
            (upper == line and upper.rstrip(":") in _TYPE_BY_NAME) or stamped
        ):
            type_index = index
            code = _TYPE_BY_NAME[stamped.group("kind") if stamped else upper.rstrip(":")]
            if not header.type:
                header.type, header.type_name = code, DOCUMENT_TYPES[code]
            continue
        if (
            type_index is None
            and not header.symbol
            and (_ISSUER_START_RE.match(line) or (issuer_lines and _UNIT_LINE_RE.match(line)))
            and (line == upper)
        ):
            issuer_lines.append(line)
    # A công văn carries no type name: its subject line starts "V/v" (Nghị định 30/2020/NĐ-CP,
    # Phụ lục I), on the number's line or its own.
    if (
        not header.type_name
        and type_index is None
        and header.symbol
        and any(_LETTER_SUBJECT_RE.search(line) for line in lines[:_HEAD_LINES])
    ):
        header.type, header.type_name = "CV", DOCUMENT_TYPES["CV"]
    if type_index is not None:
        title: list[str] = []
        for line in lines[type_index + 1 :]:
            if not title and re.match(r"Điều\s+\d", line):
                break  # "QUYẾT ĐỊNH:" before the articles is the enacting word: no title after it
            if title and (
                _BODY_START_RE.match(line) or (_ISSUER_START_RE.match(line) and line.isupper())
            ):
                break
            title.append(line)
        header.title = " ".join(title).strip()
        if not issuer_lines:
            # A decision names its issuer after the title ("ỦY BAN NHÂN DÂN TỈNH ĐẮK NÔNG").
            after = lines[type_index + 1 + len(title) : type_index + 4 + len(title)]
            issuer_lines = [ln for ln in after[:1] if _ISSUER_START_RE.match(ln) and ln.isupper()]
    if issuer_lines:
        # The body above the issuer comes first ("BAN CHẤP HÀNH TRUNG ƯƠNG" / "ĐẢNG ĐOÀN QUỐC
        # HỘI"): the issuer is the last body named, with the unit lines that follow it.
        header.issuer = capitalise_body(_SUPERIOR_RE.sub("", " ".join(issuer_lines)))
    _from_site_metadata(lines[:_HEAD_LINES], header)
    body = lines[type_index + 1 :] if type_index is not None else lines
    header.implements = _implemented(body[1:] if header.title else body, header)
    if not header.issuer:
        header.issuer = _issuer_from_body(lines, header)
    return header


def _implemented(lines: list[str], header: DocumentHeader) -> list[DocumentRef]:
    """The documents the title and the opening "Thực hiện …" paragraphs say it carries out."""
    found: dict[str, DocumentRef] = {}
    texts = []
    for line in lines:
        if _PREAMBLE_RE.match(line):
            texts.append(line)
        elif texts and re.match(r"^(I|1)\.", line):
            break
    texts.append(header.title)
    for text in texts:
        for ref in find_references(text):
            if ref.number and ref.number != header.number and ref.number not in found:
                found[ref.number] = ref
    return list(found.values())


def _issuer_from_body(lines: list[str], header: DocumentHeader) -> str:
    """Without an issuer line: the appendix's "của …", the preamble's subject, the signature."""
    candidates: list[str] = []
    appendix = find_appendix_reference(lines)
    if appendix and appendix.issuer:
        candidates.append(appendix.issuer)
    for line in lines[:60]:
        match = _SUBJECT_RE.search(line)
        if match and (_PREAMBLE_RE.match(line) or match.start() == 0):
            candidates.append(match.group("body"))
        signature = _SIGNATURE_RE.match(line)
        if signature and "CHỦ TỊCH" not in signature.group("body").upper():
            candidates.append(capitalise_body(signature.group("body")))
    if not candidates and header.type == "CT":
        for line in lines[:60]:
            speaker = _SPEAKER_RE.search(line)
            if speaker:
                candidates.append(speaker.group(1))
                break
    for candidate in candidates:
        issuer = expand_abbreviations(candidate.strip(" .,"))
        if _KIND_AT_END_RE.search(issuer) and header.place:
            place = re.sub(r"^(TP|TX|TT|Tp|H)\.\s*", "", header.place)
            issuer = f"{issuer} {place}"
        if issuer:
            return issuer[:1].upper() + issuer[1:]
    return ""

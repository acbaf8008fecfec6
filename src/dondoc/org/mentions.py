"""Splitting a table cell or a sentence into the agencies it names. Pure, no Django.

"Công an huyện, Viện Kiểm sát nhân dân huyện và các cơ quan, ban, ngành có liên quan" names
three: two agencies and one collective assignee. Commas and "và" also occur inside names
("Sở Văn hóa, Thể thao và Du lịch", "Phòng Lao động - Thương binh và Xã hội") and inside
collective phrases ("các cơ quan, ban, ngành, đơn vị"), so a piece starts a new mention only
when it begins the way agency names and collective phrases begin; otherwise it belongs to the
piece before it.
"""

from __future__ import annotations

import html
import re

from .names import match_key, normalize_text

_TAGS_RE = re.compile(r"<\s*(li|br|p|/p|/li)\b[^>]*>", re.IGNORECASE)
_ANY_TAG_RE = re.compile(r"<[^>]+>")
# Separators between mentions: newlines, bullets, ";", ",", and the word "và".
# A full stop ends a sentence, except after the abbreviations of unit kinds ("TP. Trà Vinh").
_SPLIT_RE = re.compile(
    r"\n+|(?:^|\s)[-+•]\s+|;|,|\s+và\s+|\s+cùng\s+|(?<!TP)(?<!Tp)(?<!TX)(?<!TT)\.\s+",
    re.IGNORECASE,
)
_LEADING_AND_RE = re.compile(r"^(\s*và\s+)+", re.IGNORECASE)
_PREFIX_RE = re.compile(r"^(đề nghị|giao|đề xuất)\s+", re.IGNORECASE)

# How agency names and collective phrases begin (as match keys). A piece whose key starts
# with one of these (followed by a space or the end) starts a new mention.
_HEADS = (
    "cong an",
    "vien kiem sat",
    "vks",
    "toa an",
    "tand",
    "phong",
    "so",
    "ban chi huy",
    "ban chq",
    "ban tuyen giao",
    "ban dan toc",
    "ban quan ly",
    "ban chi dao",
    "bo chi huy",
    "bo doi",
    "uy ban",
    "ubnd",
    "ubmttq",
    "mttq",
    "mat tran",
    "trung tam",
    "hoi",
    "doan thanh nien",
    "tinh doan",
    "huyen doan",
    "thanh doan",
    "lien doan",
    "cuc",
    "chi cuc",
    "tram",
    "dai",
    "van phong",
    "thanh tra",
    "bao",
    "bao hiem",
    "truong",
    "benh vien",
    "trai",
    "co quan",
    "cac",
    "cong chuc",
    "hoi dong",
    "bo",
    # Bodies of the national level that a ministry list runs into ("Bộ Giao thông vận tải,
    # Ngân hàng Nhà nước Việt Nam", "Bộ Tài chính, Kho bạc Nhà nước", "…, Viện Hàn lâm …").
    "ngan hang",
    "kho bac",
    "vien",
    "hoc vien",
    "dai hoc",
    "tap doan",
    "tong cong ty",
    # Office-holders named for their body ("Thủ trưởng các sở, ban, ngành; Chủ tịch UBND các
    # xã, phường", "Giám đốc Sở Y tế"): each starts a mention, kept as written.
    "thu truong",
    "chu tich",
    "giam doc",
    "bo truong",
    "chanh van phong",
    "nguoi dung dau",
    # Central bodies ("Bộ Lao động - Thương binh và Xã hội, Trung ương Hội Cựu chiến binh").
    "trung uong",
    "tong lien doan",
    "kiem toan",
    "chinh phu",
    "thu tuong",
)


def _starts_mention(piece: str) -> bool:
    key = match_key(strip_prefix(piece))
    return any(key == head or key.startswith(head + " ") for head in _HEADS)


def clean_cell(cell: str) -> str:
    """HTML list items and line breaks to newlines, other tags removed, entities decoded."""
    text = _TAGS_RE.sub("\n", cell)
    text = html.unescape(_ANY_TAG_RE.sub(" ", text))
    return "\n".join(normalize_text(line) for line in text.splitlines() if line.strip())


def split_agency_mentions(cell: str) -> list[str]:
    """The agencies and collective assignees a cell names, in order, each as written."""
    text = clean_cell(cell)
    mentions: list[str] = []
    position = 0
    pieces: list[tuple[str, str]] = []  # (separator before, piece)
    separator = ""
    for match in _SPLIT_RE.finditer(text):
        pieces.append((separator, text[position : match.start()]))
        separator = match.group(0)
        position = match.end()
    pieces.append((separator, text[position:]))
    for separator, piece in pieces:
        piece = _LEADING_AND_RE.sub("", piece).strip(" .-–:")
        if not piece:
            continue
        if mentions and not _starts_mention(piece):
            # Part of the previous name or phrase: put its separator back as it was.
            mark = separator.strip()
            glue = {",": ", ", ";": "; ", "": " "}.get(mark, f" {mark} ")
            mentions[-1] = normalize_text(mentions[-1] + glue + piece)
        else:
            mentions.append(piece)
    return [m.strip(" .") for m in mentions if m.strip(" .")]


def strip_prefix(mention: str) -> str:
    """ "Đề nghị Viện kiểm sát nhân dân huyện" → "Viện kiểm sát nhân dân huyện"."""
    return _PREFIX_RE.sub("", mention).strip()


# Words after the name that say what the agency does, not who it is.
SUFFIX_RE = re.compile(
    # Not after "Phòng": "Phòng Tham mưu" (the staff department of a police) is a name.
    r"(?<!phòng)\s+(chủ trì|phối hợp|thực hiện|theo thẩm quyền|theo chức năng|trong phạm vi|"
    r"có liên quan|liên quan|được giao|căn cứ|tham mưu|hướng dẫn|chủ động)\b.*$",
    re.IGNORECASE,
)
# Collective assignees: groups of agencies or of units, never one agency.
_COLLECTIVE_RE = re.compile(
    r"^(cac|co quan ban|co quan don vi|co quan lien quan|co quan co lien quan|ban nganh"
    r"|bo nganh)\b"
    r"|\bcac (xa|phuong|huyen|thi tran|don vi|dia phuong|cap|so|ban|nganh|co quan|to chuc"
    r"|doan the|hoi|tinh|thanh pho|tp|bo|quan khu)\b"
    r"|\b(phuong xa|xa phuong|xa thi tran|phuong thi tran|ban nganh|don vi dia phuong)\b"
    # The Government's wordings: "cơ quan ngang bộ", "cơ quan thuộc Chính phủ", "cơ quan Lao
    # động - Thương binh và Xã hội ở địa phương": a kind of body everywhere, not one agency.
    r"|^co quan (ngang bo|thuoc chinh phu|thuoc cp|trung uong|to chuc)\b"
    r"|\b(o|tai) dia phuong$"
    # "Công an địa phương", "Công an cấp huyện": the police of every unit below, not one agency.
    r"|^cong an (dia phuong|cap (huyen|xa|co so))\b"
)


def without_prefix(text: str) -> str:
    """ "- Đề nghị Tòa án nhân dân thành phố chủ trì." → "Tòa án nhân dân thành phố chủ trì"."""
    return strip_prefix(normalize_text(clean_cell(text).replace("\n", " ")).strip(" .;,-"))


def clean_mention(text: str) -> str:
    """ "- Đề nghị Tòa án nhân dân thành phố chủ trì." → "Tòa án nhân dân thành phố"."""
    return SUFFIX_RE.sub("", without_prefix(text)).strip(" .;,-")


def is_collective(mention: str) -> bool:
    return bool(_COLLECTIVE_RE.search(match_key(mention)))

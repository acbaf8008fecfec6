"""Vietnamese name normalisation: NFC, one tone placement, one dash, and a diacritic-free key.

Pure functions, no Django: used by the unit loader, the agency resolver and the importers.
"""

from __future__ import annotations

import re
import unicodedata

# Dashes and minus signs that documents use between the parts of an agency name
# ("Lao động – Thương binh và Xã hội", "Văn hóa—Thông tin").
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_DASH_RE = re.compile(rf"\s*[{_DASHES}-]\s*")
_SPACE_RE = re.compile(r"\s+")

# Tone marks as combining characters (NFD), in the order Vietnamese keyboards list them.
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng

# Old ("kiểu cũ") placement puts the tone on the second vowel of an open "oa", "oe", "uy"
# syllable: "Toà", "hoè", "Thuỷ". Most documents today write "Tòa", "hòe", "Thủy"
# (the placement of Decision 240/QĐ of 1984 and of the Unicode fonts' input methods).
# "qu" is a consonant, so "quý", "quà" are the same in both styles and are left alone.
_OLD_TONE_RE = re.compile(
    rf"(?<![qQ])([oOuU])([aAeEyY])([{_TONES}])(?![\w\u0300-\u036f])",
)


def _move_tone(match: re.Match[str]) -> str:
    first, second, tone = match.groups()
    # "uy" in NFD has no other marks; "oa"/"oe" neither. Put the tone on the first vowel.
    return first + tone + second


def normalize_text(text: str) -> str:
    """NFC, new tone placement, "-" for every dash, single spaces, stripped.

    >>> normalize_text("Toà án  nhân dân – huyện")
    'Tòa án nhân dân - huyện'
    """
    decomposed = unicodedata.normalize("NFD", text)
    decomposed = _OLD_TONE_RE.sub(_move_tone, decomposed)
    composed = unicodedata.normalize("NFC", decomposed)
    composed = _DASH_RE.sub(" - ", composed)
    return _SPACE_RE.sub(" ", composed).strip()


def strip_diacritics(text: str) -> str:
    """ "Tòa án Đắk Nông" → "Toa an Dak Nong"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_NON_WORD_RE = re.compile(r"[^0-9a-z]+")


def match_key(text: str) -> str:
    """Key for comparing names: lower case, no diacritics, punctuation as single spaces.

    >>> match_key("Phòng Lao động - Thương binh và Xã hội")
    'phong lao dong thuong binh va xa hoi'
    """
    plain = strip_diacritics(normalize_text(text)).lower()
    return _NON_WORD_RE.sub(" ", plain).strip()

"""Vietnamese normalisation: NFC, tone placement, dashes, match keys."""

from __future__ import annotations

import unicodedata

import pytest

from dondoc.org.names import match_key, normalize_text, strip_diacritics


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Toà án nhân dân huyện", "Tòa án nhân dân huyện"),
        ("Thuỷ", "Thủy"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("Khoẻ", "Khỏe"),
        ("quý", "quý"),  # "qu" is a consonant: same in both styles
        ("hoàn thành", "hoàn thành"),  # closed syllable: same in both styles
        ("Lao động – Thương binh—Xã hội", "Lao động - Thương binh - Xã hội"),
        ("  Phòng   Tư pháp \n", "Phòng Tư pháp"),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_decomposed_input_is_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Tòa án")
    assert decomposed != "Tòa án"
    assert normalize_text(decomposed) == unicodedata.normalize("NFC", "Tòa án")


def test_match_key() -> None:
    assert match_key("Phòng Lao động - Thương binh và Xã hội") == (
        "phong lao dong thuong binh va xa hoi"
    )
    assert match_key("Toà án") == match_key("TÒA ÁN") == "toa an"
    assert match_key("Phòng LĐ-TB&XH") == "phong ld tb xh"
    assert strip_diacritics("Đắk Nông") == "Dak Nong"

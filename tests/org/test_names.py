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
        ("Thuỵ", "Thụy"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("Khoẻ", "Khỏe"),
        ("Hoà Bình", "Hòa Bình"),
        ("quý", "quý"),  # "qu" is a consonant: same in both styles
        ("Quỳnh", "Quỳnh"),
        ("hoàn thành", "hoàn thành"),  # closed syllable: same in both styles
        ("Hoằng Hóa", "Hoằng Hóa"),
        ("Nguyệt", "Nguyệt"),
        ("Bình Thuận", "Bình Thuận"),
        ("hoặc", "hoặc"),
        ("kỹ thuật", "kỹ thuật"),
        ("Lao động – Thương binh—Xã hội", "Lao động - Thương binh - Xã hội"),
        ("Văn hóa‐Thông tin", "Văn hóa - Thông tin"),
        ("LĐ-TB&XH", "LĐ - TB&XH"),
        ("  Phòng   Tư pháp \n", "Phòng Tư pháp"),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize("text", ["Tòa án", "Thủy", "Đắk Nông", "Ủy ban nhân dân"])
def test_decomposed_input_is_composed(text: str) -> None:
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    result = normalize_text(decomposed)
    assert result == text
    assert unicodedata.is_normalized("NFC", result)


def test_old_and_new_tone_placement_give_one_text() -> None:
    assert normalize_text("Toà") == normalize_text("Tòa") == "Tòa"
    assert normalize_text(unicodedata.normalize("NFD", "Thuỷ")) == "Thủy"


def test_match_key() -> None:
    assert match_key("Phòng Lao động - Thương binh và Xã hội") == (
        "phong lao dong thuong binh va xa hoi"
    )
    assert match_key("Toà án") == match_key("TÒA ÁN") == match_key("Tòa  án") == "toa an"
    assert match_key("Phòng LĐ-TB&XH") == "phong ld tb xh"
    assert match_key("Đắk Nông") == match_key("Đăk Nông") == match_key("DAK NONG") == "dak nong"
    assert match_key("TP. Trà Vinh") == "tp tra vinh"
    assert match_key(unicodedata.normalize("NFD", "Sơn Dương")) == "son duong"
    assert strip_diacritics("Đắk Nông") == "Dak Nong"

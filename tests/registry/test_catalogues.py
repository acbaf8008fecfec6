"""The catalogues read as people write them, and the Penal Code's special part as data."""

from __future__ import annotations

import io

import pytest

from dondoc.core.exceptions import InvalidInput
from dondoc.registry.catalogues import EthnicResolver, OffenceResolver, penal_code_data
from dondoc.registry.models import EthnicGroup, Offence

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("written", "code"),
    [("Mông", "08"), ("H'Mông", "08"), ("Hmông", "08"), ("HMông", "08"), ("dân tộc Mông", "08"),
     ("Ê Đê", "12"), ("Ê-đê", "12"), ("Kinh (Việt)", "01"), ("kinh", "01"), ("8", "08"),
     ("Khmer", "05"), ("Tày", "02"), ("Ba Na", "13")],
)  # fmt: skip
def test_ethnic_groups_by_official_name_and_common_spellings(written: str, code: str) -> None:
    found = EthnicResolver.load().resolve(written)
    assert found is not None
    assert found.pk == EthnicGroup.objects.get(code=code).pk


def test_an_unknown_ethnic_group_is_refused() -> None:
    with pytest.raises(InvalidInput, match="Danh mục các dân tộc"):
        EthnicResolver.load().resolve("Thai")  # "Thái" without its accents is another word
    assert EthnicGroup.objects.count() == 54


@pytest.mark.parametrize(
    "written",
    ["Điều 134", "134", "Điều 134. Tội cố ý gây thương tích hoặc gây tổn hại cho sức khỏe",
     "điều 134 BLHS", "Điều 134 Bộ luật Hình sự 2015", "Điều 134.",
     "Tội cố ý gây thương tích hoặc gây tổn hại cho sức khỏe của người khác",
     "cố ý gây thương tích hoặc gây tổn hại cho sức khỏe của người khác"],
)  # fmt: skip
def test_offences_by_article_or_name(written: str) -> None:
    found = OffenceResolver.load().resolve(written)
    assert found is not None
    assert found.pk == Offence.objects.get(code="134").pk


def test_offence_refusals() -> None:
    resolver = OffenceResolver.load()
    with pytest.raises(InvalidInput, match="bãi bỏ"):
        resolver.resolve("Điều 292")
    with pytest.raises(InvalidInput, match="Điều 108 đến Điều 425"):
        resolver.resolve("Điều 51")
    with pytest.raises(InvalidInput, match="số điều"):
        resolver.resolve("đánh nhau")
    assert resolver.resolve("217a") is not None
    assert resolver.resolve("") is None


def test_the_whole_special_part_is_loaded() -> None:
    data = penal_code_data()
    assert "diepxuan/diepxuan.github.io" in data["source"]["text"]
    chapters = [c["number"] for c in data["chapters"]]
    romans = ["XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI", "XXII", "XXIII",
              "XXIV", "XXV", "XXVI"]  # fmt: skip
    assert chapters == romans
    assert len(data["articles"]) == 319  # 108-425 and 217a
    assert Offence.objects.count() == 315  # without 122, 352, 367, 392 (no offence defined)
    assert set(Offence.objects.values_list("chapter", flat=True)) == set(romans)
    assert Offence.objects.get(code="134").name == (
        "Tội cố ý gây thương tích hoặc gây tổn hại cho sức khỏe của người khác"
    )
    assert Offence.objects.get(code="173").name == "Tội trộm cắp tài sản"
    assert Offence.objects.get(code="173").chapter == "XVI"
    assert Offence.objects.get(code="292").repealed


def test_the_twenty_earlier_offences_keep_their_ids() -> None:
    assert Offence.objects.get(code="127").pk == 1  # the first of the earlier catalogue
    assert Offence.objects.filter(child_abuse=True).count() == 13


def test_the_loader_command_updates_and_keeps_ids(tmp_path) -> None:
    import json

    from django.core.management import CommandError, call_command

    pk = Offence.objects.get(code="134").pk
    Offence.objects.filter(code="134").update(name="(sửa tay)")
    out = io.StringIO()
    call_command("load_penal_code", stdout=out)
    assert "cập nhật 315 tội danh" in out.getvalue()
    assert Offence.objects.get(code="134").pk == pk
    assert Offence.objects.get(code="134").name.startswith("Tội cố ý gây thương tích")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"articles": [{"code": "999"}]}), encoding="utf-8")
    with pytest.raises(CommandError, match="thiếu article"):
        call_command("load_penal_code", str(bad))
    assert not Offence.objects.filter(code="999").exists()

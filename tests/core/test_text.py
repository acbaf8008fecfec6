"""core.text.cut, the pages' truncatechars: the same text as Django's on every task title of
the seed plans (but no space left before the "…"), and never a letter without its accent."""

from __future__ import annotations

import functools
import unicodedata

import pytest
from django.utils.text import Truncator

from dondoc.core.text import cut
from dondoc.plans.importers.drafts import PlanParseError
from dondoc.plans.importers.text import parse_text
from tests.plans.conftest import SEEDS


@functools.cache
def _titles() -> tuple[str, ...]:
    titles = []
    for seed in sorted(SEEDS.glob("*.txt")):
        try:
            draft = parse_text(seed.read_text(encoding="utf-8"))
        except PlanParseError:  # seed 004, a report, assigns no tasks
            continue
        titles += [task.title for task in draft.tasks]
    return tuple(titles)


@pytest.mark.parametrize("limit", [1, 2, 40, 90, 120, 160, 220])
def test_cut_is_truncatechars_on_the_seed_titles(limit: int) -> None:
    titles = _titles()
    assert len(titles) > 100
    assert [cut(t, limit) for t in titles] == [_django(t, limit) for t in titles]


def _django(text: str, limit: int) -> str:
    shown = Truncator(text).chars(limit)
    return shown if shown == text else shown[:-1].rstrip() + "…"


def test_a_cut_never_parts_a_letter_from_its_accent() -> None:
    title = unicodedata.normalize("NFD", "Tuyên truyền, phổ biến pháp luật về phòng, chống tra tấn")
    for limit in range(2, len(title)):
        shown = cut(title, limit)
        assert len(shown) <= limit
        assert shown.endswith("…")
        kept = shown[:-1]
        assert title.startswith(kept)
        assert not unicodedata.combining(title[len(kept)])  # no accent left behind


def test_short_texts_are_kept_whole() -> None:
    assert cut("", 10) == ""
    assert cut("Công an tỉnh", 12) == "Công an tỉnh"

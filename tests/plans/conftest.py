"""Shared plan fixtures: the seed files and their parsed drafts (pure, parsed once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dondoc.plans.importers.drafts import PlanDraft, draft_from_dict, draft_to_dict
from dondoc.plans.importers.text import parse_text

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"


def seed_path(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


_PARSED: dict[str, dict] = {}


def seed_draft(prefix: str) -> PlanDraft:
    """A fresh copy of the parsed seed (services fill in agencies, so copies do not leak)."""
    if prefix not in _PARSED:
        _PARSED[prefix] = draft_to_dict(parse_text(seed_path(prefix).read_text(encoding="utf-8")))
    return draft_from_dict(_PARSED[prefix])


@pytest.fixture
def tra_vinh_city(world):
    from dondoc.org.models import AdminUnit

    from ..org.factories import make_unit

    return make_unit(
        AdminUnit.Map.PRE2025, AdminUnit.Level.DISTRICT, "842", "Thành phố Trà Vinh", world.tra_vinh
    )

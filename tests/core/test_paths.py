"""core.paths: one rule for "inside a subtree", in Python and in a query, that never takes a
bare prefix for a parent ("I/1" is not above "I/10"; "2025/08" not above "2025/080")."""

from __future__ import annotations

import pytest

from dondoc.core.paths import below, below_q, subtree_q, within, within_any
from dondoc.org.models import AdminUnit


def test_python_side() -> None:
    assert within("I/1", "I/1") and within("I/1/a", "I/1")
    assert not within("I/10", "I/1") and not within("I", "I/1")
    assert below("I/1/a", "I/1") and not below("I/1", "I/1") and not below("I/10", "I/1")
    inside = within_any(["2025/08", "pre2025/02/026"])
    assert [inside(p) for p in ("2025/08", "2025/08/09877", "2025/080", "pre2025/02")] == [
        True,
        True,
        False,
        False,
    ]
    assert within_any([])("2025/08") is False


@pytest.mark.django_db
def test_query_side_finds_what_python_finds(world) -> None:
    province = world.province  # Tuyên Quang before 2025: its districts, their communes
    # A unit whose path has the province's as a bare prefix, not as a parent.
    neighbour = AdminUnit.objects.create(
        map=province.map,
        level="province",
        code=f"{province.code}0",
        name="Tỉnh Thử",
        short_name="Thử",
        kind="tỉnh",
        path=f"{province.path}0",
    )
    paths = list(AdminUnit.objects.values_list("path", flat=True))
    for roots in ([province.path], [province.path, neighbour.path], []):
        found = set(AdminUnit.objects.filter(subtree_q(roots)).values_list("path", flat=True))
        assert found == {p for p in paths if within_any(roots)(p)}, roots
    found = set(AdminUnit.objects.filter(subtree_q([province.path])).values_list("pk", flat=True))
    assert province.pk in found and neighbour.pk not in found
    under = set(AdminUnit.objects.filter(below_q(province.path)).values_list("path", flat=True))
    assert under and under == {p for p in paths if below(p, province.path)}
    # Through a relation, as the scope selectors filter agencies by their unit's path.
    assert set(AdminUnit.objects.filter(subtree_q([province.path], "parent__path"))) == {
        world.son_duong,
        world.yen_son,
        world.commune_sd,
        world.commune_ys,
    }

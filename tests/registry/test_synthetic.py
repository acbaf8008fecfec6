"""Synthetic records: unique names and identity numbers, plausible shares, all marked."""

from __future__ import annotations

from collections import Counter

from dondoc.registry.synthetic import crime_reports, identity_of, name_of


def test_names_and_identities_are_unique() -> None:
    names = {name_of(i) for i in range(0, 3_800_000, 997)}
    assert len(names) == len(range(0, 3_800_000, 997))
    rows = list(crime_reports(5000, units=5, years=(2023, 2024)))
    assert len({r.victim_identity for r in rows}) == 5000
    assert all(len(r.victim_identity) == 12 and r.victim_identity.isdigit() for r in rows)
    assert identity_of(5, "08", "female", 2012) == "008312000005"


def test_shares_are_plausible() -> None:
    rows = list(crime_reports(5000, units=5, years=(2023, 2024)))
    decisions = Counter(r.decision for r in rows)
    assert 0.15 < decisions["pending"] / 5000 < 0.25
    assert sum(r.article in (146, 142, 141, 145, 151, 140, 147, 185) for r in rows) / 5000 > 0.5
    assert {r.unit_index for r in rows} == set(range(5))
    assert all(r.decided_on is None or r.decided_on >= r.received_on for r in rows)

"""A single write moves its own counts in the facts (stats.facts.report_changed): after each
write of a few random sequences, the facts equal a full rebuild, and the change of day
rebuilds nothing (overdue is counted when read)."""

from __future__ import annotations

import datetime
import random
from collections import Counter

import pytest

from dondoc.registry.models import CrimeReport, EthnicGroup, Offence
from dondoc.registry.services import crime_report_decide, crime_report_register, person_create
from dondoc.stats import facts
from dondoc.stats.facts import facts_refresh, stale_pairs
from dondoc.stats.models import CrimeReportFact
from dondoc.stats.tables.crime_reports import compute

from .test_rollup import rollup, summed_facts

pytestmark = pytest.mark.django_db

D = datetime.date
YEARS = (2024, 2025)
KEY_FIELDS = (
    "kind", "unit_id", "agency_id", "decision", "due_on", "offence_group", "synthetic",
    "dimension", "value",
)  # fmt: skip


def stored(province_id: int, year: int) -> Counter:
    rows = CrimeReportFact.objects.filter(province_id=province_id, year=year)
    return Counter({tuple(r[f] for f in KEY_FIELDS): r["count"] for r in rows.values()})


def rebuilt(province_id: int, year: int) -> Counter:
    rows = facts._count(province_id, year, D(2026, 11, 30))
    return Counter({tuple(getattr(r, f) for f in KEY_FIELDS): r.count for r in rows})


def _random_write(world, rng: random.Random, people: list) -> str:
    pending = list(CrimeReport.objects.filter(decision="pending"))
    if pending and rng.random() < 0.4:
        report = rng.choice(pending)
        decided = report.received_on + datetime.timedelta(days=rng.randint(0, 60))
        crime_report_decide(
            actor=world.focal,
            report=report,
            decision=rng.choice(["prosecute", "not_prosecute", "suspend"]),
            decided_on=min(decided, D(2026, 11, 30)),
        )
        return f"decide #{report.pk}"
    received = D(rng.choice(YEARS), rng.randint(1, 12), rng.randint(1, 28))
    involved = [(p, "victim") for p in rng.sample(people, rng.randint(0, 2))]
    report = crime_report_register(
        actor=world.focal,
        agency=world.police_sd,
        received_on=received,
        source=rng.choice(["report", "denunciation", "petition"]),
        offence=rng.choice([None, Offence.objects.get(article=146), Offence.objects.first()]),
        complex=rng.random() < 0.3,
        involved=involved,
        unit=rng.choice([world.son_duong, world.commune_sd]),
    )
    return f"register #{report.pk} {received} with {len(involved)} victims"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_after_each_single_write_the_facts_equal_a_full_rebuild(world, seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - a repeatable sequence of writes, not a secret
    tay = EthnicGroup.objects.get(name="Tày")
    people = [
        person_create(
            actor=world.focal,
            agency=world.police_sd,
            full_name=f"Bị hại {n}",
            sex=rng.choice(["male", "female", "unknown"]),
            birth_date=D(rng.randint(2005, 2020), 1, 1) if n % 2 else None,
            birth_year=rng.randint(1960, 2020) if n % 3 == 0 else None,
            ethnicity=tay if n % 2 else None,
        )
        for n in range(5)
    ]
    province = world.province.pk
    for year in YEARS:  # built once, empty: from now on only deltas keep them
        facts_refresh(province_id=province, year=year)
    for step in range(25):
        done = _random_write(world, rng, people)
        assert not stale_pairs(), f"step {step} ({done}) left the facts stale"
        for year in YEARS:
            assert stored(province, year) == rebuilt(province, year), f"step {step}: {done}"
        assert rollup() == summed_facts(), f"step {step} ({done}): the rollup left the facts"


def test_the_change_of_day_rebuilds_nothing_and_overdue_follows_the_day(world) -> None:
    province = world.province.pk
    facts_refresh(province_id=province, year=2026)
    crime_report_register(
        actor=world.focal, agency=world.police_sd, received_on=D(2026, 11, 20), source="report"
    )  # due 20 days later: 10/12/2026
    assert not stale_pairs(today=D(2026, 12, 11))
    before = compute(user=world.focal, unit=world.province, year=2026, today=D(2026, 12, 10))
    after = compute(user=world.focal, unit=world.province, year=2026, today=D(2026, 12, 11))
    assert (before.total.values["overdue"], after.total.values["overdue"]) == (0, 1)
    assert not after.stale

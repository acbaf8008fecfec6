"""Pre-aggregated facts behind the tables, in the manner of DHIS2's analytics tables.

A table over a million records is not computed from the records at each request: the facts
hold the counts per (agency, unit, year, outcome, offence group, and for victims their sex,
age group at the event, ethnicity and religion). A write raises its (province, year)'s
generation (registry.StaleStats); a single write (a report registered, decided) moves its own
counts in the facts in its transaction (stats.facts.report_changed), so they stay current; a
bulk import marks them stale and the background task rebuilds them (facts_current), never a
page, which shows when its facts were built. Overdue is not a fact: pending reports keep their
due day and a table counts overdue for the day it is read, so the change of day rebuilds
nothing. The registry records what changed; statistics (below it) only read the marks.
"""

from __future__ import annotations

from django.db import models

from dondoc.org.models import AdminUnit, Agency


class CrimeReportFact(models.Model):
    """Counts of crime reports (kind "report") and of their victims (kind "victim", one row
    set per person dimension: a table breaks down by one dimension at a time, so the facts do
    not hold the cross product)."""

    class Kind(models.TextChoices):
        REPORT = "report", "Tin báo"
        VICTIM = "victim", "Bị hại"

    kind = models.CharField(max_length=6, choices=Kind.choices)
    # Led by crimereportfact_unique_keys: no index of its own (tests/core/test_indexes.py).
    province = models.ForeignKey(
        AdminUnit, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    unit = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    decision = models.CharField(max_length=16)
    # The due day of pending reports (None once decided): overdue is counted when the facts
    # are read, for the day they are read for, so the change of day rebuilds nothing.
    due_on = models.DateField(null=True)
    offence_group = models.CharField(max_length=12)
    dimension = models.CharField(max_length=12, blank=True)  # sex, age_group, ethnic, religion
    value = models.CharField(max_length=10, blank=True)
    synthetic = models.BooleanField(default=False)
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [
            # A province-year's facts (a rebuild's delete, a province's reads) are read by
            # the unique constraint below, which leads with the province, year, kind and
            # dimension (tests/core/test_indexes.py). The tables' reads: a unit's subtree (by
            # path, not by province: a record's unit need not lie in its province) in one
            # year, of one kind and dimension. Without it each read scanned every fact of
            # every year and kind (684,000 rows at 1 M reports, 130-150 ms; with it 15-25 ms).
            models.Index(fields=["year", "kind", "dimension"], name="crimereportfact_read"),
        ]
        constraints = [
            # One row per combination: a rebuild that ran twice at once fails, never doubles.
            # Decided reports have no due day (NULL, which a plain unique constraint does not
            # compare): a second constraint covers them.
            models.UniqueConstraint(
                fields=[
                    "province", "year", "kind", "dimension", "value", "unit", "agency",
                    "decision", "due_on", "offence_group", "synthetic",
                ],
                name="crimereportfact_unique_keys",
            ),
            models.UniqueConstraint(
                fields=[
                    "province", "year", "kind", "dimension", "value", "unit", "agency",
                    "decision", "offence_group", "synthetic",
                ],
                condition=models.Q(due_on__isnull=True),
                name="crimereportfact_unique_keys_decided",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.count}"


class CrimeReportRollup(models.Model):
    """The report facts (kind "report") summed over what a targets page does not read: the
    due day of pending reports and the synthetic flag. A province-year at 1 M records has
    about 165,000 report facts (a pending report's due day splits them) and a few thousand
    rollup rows. Kept exact by the code that writes the facts, in the same transaction: a
    rebuild writes both from one count (stats.facts._rebuild), a single write moves both
    (stats.facts.report_changed). Only the targets page reads it (stats.queries)."""

    # Led by crimereportrollup_unique_keys: no index of its own (tests/core/test_indexes.py).
    province = models.ForeignKey(
        AdminUnit, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    year = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(max_length=16)
    offence_group = models.CharField(max_length=12)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            # One row per combination (a rebuild that ran twice never doubles); its index,
            # led by the province and the year, is the one the page's query reads.
            models.UniqueConstraint(
                fields=["province", "year", "unit", "agency", "decision", "offence_group"],
                name="crimereportrollup_unique_keys",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.decision}/{self.offence_group}: {self.count}"


class FactsBuilt(models.Model):
    """When the facts of a province and year were built (overdue counts hold for that day),
    and from which generation of the records (registry.StaleStats.generation)."""

    # Led by factsbuilt_unique: no index of its own (tests/core/test_indexes.py).
    province = models.ForeignKey(
        AdminUnit, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    year = models.PositiveSmallIntegerField()
    as_of = models.DateField()
    built_at = models.DateTimeField(null=True)
    generation = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="factsbuilt_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.province_id}/{self.year} ({self.as_of})"

"""Pre-aggregated facts behind the tables, in the manner of DHIS2's analytics tables.

A table over a million records is not computed from the records at each request: the facts
hold the counts per (agency, unit, year, outcome, offence group, and for victims their sex,
age group at the event, ethnicity and religion). A write raises its (province, year)'s
generation (registry.StaleStats) and enqueues the rebuild; the background task rebuilds what
is stale (stats.facts.facts_current), never a page, which shows when its facts were built.
Overdue counts depend on the day: facts built on an earlier day are rebuilt too (the daily
task). The registry records what changed; statistics (below it) only read the marks.
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
    province = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    decision = models.CharField(max_length=16)
    overdue = models.BooleanField(default=False)  # as of the day the facts were built
    offence_group = models.CharField(max_length=12)
    dimension = models.CharField(max_length=12, blank=True)  # sex, age_group, ethnic, religion
    value = models.CharField(max_length=10, blank=True)
    synthetic = models.BooleanField(default=False)
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["province", "year", "kind", "dimension"])]
        constraints = [
            # One row per combination: a rebuild that ran twice at once fails, never doubles.
            models.UniqueConstraint(
                fields=[
                    "province", "year", "kind", "dimension", "value", "unit", "agency",
                    "decision", "overdue", "offence_group", "synthetic",
                ],
                name="crimereportfact_unique_dimensions",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.count}"


class FactsBuilt(models.Model):
    """When the facts of a province and year were built (overdue counts hold for that day),
    and from which generation of the records (registry.StaleStats.generation)."""

    province = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="+")
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

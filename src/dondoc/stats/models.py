"""Pre-aggregated facts behind the tables, in the manner of DHIS2's analytics tables.

A table over a million records is not computed from the records at each request: the facts
hold the counts per (agency, unit, year, outcome, offence group, and for victims their sex,
age group at the event, ethnicity and religion). A write marks its (province, year) stale;
the stale facts are rebuilt before the next read (stats.facts.facts_current) or by the
background task, so a table always matches the records. The marks are registry.StaleStats:
the registry records what changed, statistics (below it) read and clear the marks.
"""

from __future__ import annotations

from django.db import models

from dondoc.org.models import AdminUnit, Agency


class CrimeReportFact(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", "Tin báo"
        VICTIM = "victim", "Bị hại"

    kind = models.CharField(max_length=6, choices=Kind.choices)
    province = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    decision = models.CharField(max_length=16)
    late = models.BooleanField(default=False)  # decided after its statutory deadline
    pending_due_on = models.DateField(null=True)  # pending: overdue once today passes it
    offence_group = models.CharField(max_length=12)
    sex = models.CharField(max_length=8, blank=True)
    age_group = models.CharField(max_length=10, blank=True)
    ethnic_code = models.CharField(max_length=2, blank=True)
    religion_code = models.CharField(max_length=2, blank=True)
    synthetic = models.BooleanField(default=False)
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["province", "year", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.count}"

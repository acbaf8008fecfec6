"""Django app configuration of `tracking`."""

from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "dondoc.tracking"
    label = "tracking"
    verbose_name = "Theo dõi, báo cáo"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.ReportingSchedule)
        auditlog.register(models.ReportingPeriod)
        # The texts are long and in the report's own history (ReportEvent); log the states.
        auditlog.register(
            models.ProgressReport,
            exclude_fields=["done_text", "reason", "difficulties", "proposals"],
        )
        auditlog.register(models.Evidence)

        from .notify import review_waits_send
        from .reminders import OTHER_REMINDERS

        if review_waits_send not in OTHER_REMINDERS:  # submissions waiting for review
            OTHER_REMINDERS.append(review_waits_send)

        from dondoc.plans.signals import plan_imported

        plan_imported.connect(_schedule_on_import, dispatch_uid="tracking.schedule_on_import")
        plan_imported.connect(_lives_on_import, dispatch_uid="tracking.lives_on_import")


def _schedule_on_import(
    sender: object, *, document: object, actor: object, **kwargs: object
) -> None:
    """A plan's schedule and periods are made by its import (a page never creates them)."""
    from .services import schedule_ensure

    schedule_ensure(document=document, actor=actor)  # type: ignore[arg-type]


def _lives_on_import(sender: object, *, document: object, **kwargs: object) -> None:
    """A plan of a unit the map says has ended (the earlier map, `valid_to` set) made or used its
    agencies: the 2025 reforms are applied to them once the import commits, so that on a fresh
    install the reports and the hand-over of 2025 are right without a command run by hand.
    Idempotent; after the commit, so that its locks never nest in the import's."""
    from django.db import transaction

    from dondoc.core.actors import SYSTEM
    from dondoc.org.models import AdminUnit
    from dondoc.org.services.reforms import reforms_load

    unit = document.unit  # type: ignore[attr-defined]
    if unit.map != AdminUnit.Map.PRE2025 or unit.valid_to is None:
        return
    transaction.on_commit(lambda: reforms_load(actor=SYSTEM), robust=True)

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


def _schedule_on_import(
    sender: object, *, document: object, actor: object, **kwargs: object
) -> None:
    """A plan's schedule and periods are made by its import (a page never creates them)."""
    from .services import schedule_ensure

    schedule_ensure(document=document, actor=actor)  # type: ignore[arg-type]

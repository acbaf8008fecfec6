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

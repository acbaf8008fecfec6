"""Django app configuration of `indicators`."""

from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "dondoc.indicators"
    label = "indicators"
    verbose_name = "Chỉ tiêu"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Target)
        auditlog.register(models.Value)

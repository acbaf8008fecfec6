"""Django app configuration of `plans`."""

from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "dondoc.plans"
    label = "plans"
    verbose_name = "Kế hoạch, nhiệm vụ"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Document)
        auditlog.register(models.Task, exclude_fields=["title", "expected_result"])
        auditlog.register(models.Assignment)

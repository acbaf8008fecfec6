"""Django app configuration of `reintegration`."""

from django.apps import AppConfig


class ReintegrationConfig(AppConfig):
    name = "dondoc.reintegration"
    label = "reintegration"
    verbose_name = "Tái hòa nhập cộng đồng"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        # The helper's name and the notes are personal: the log keeps which record changed.
        auditlog.register(models.ReintegrationSubject, exclude_fields=["helper"])
        auditlog.register(models.SubjectEvent, exclude_fields=["note"])
        auditlog.register(models.SubjectSupport)
        auditlog.register(models.SubjectTransfer)

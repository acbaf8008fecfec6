"""Django app configuration of `reintegration`."""

from django.apps import AppConfig


class ReintegrationConfig(AppConfig):
    name = "dondoc.reintegration"
    label = "reintegration"
    verbose_name = "Tái hòa nhập cộng đồng"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models, transfer

        # The helper's name and the notes are personal: the log keeps which record changed.
        auditlog.register(models.ReintegrationSubject, exclude_fields=["helper"])
        auditlog.register(models.SubjectEvent, exclude_fields=["note"])
        auditlog.register(models.SubjectSupport)
        auditlog.register(models.SubjectTransfer)
        # Imported and exported with the registry's records (`dondoc registry … reintegration`).
        transfer.register()
        # `dondoc remind` also reminds the communes of their late clocks.
        from dondoc.tracking.reminders import OTHER_REMINDERS

        from .reminders import send_clock_reminders

        if send_clock_reminders not in OTHER_REMINDERS:
            OTHER_REMINDERS.append(send_clock_reminders)

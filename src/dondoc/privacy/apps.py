"""The privacy app: record of processing, masking, data-subject requests, breaches, retention."""

from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "dondoc.privacy"
    verbose_name = "Bảo vệ dữ liệu cá nhân"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        # The subject's name and the request's text are personal: the log keeps which row
        # changed, never those values (as registry.apps does for the records).
        auditlog.register(
            models.SubjectRequest, exclude_fields=["subject_name", "detail", "answer"]
        )
        auditlog.register(models.Breach, exclude_fields=["description"])

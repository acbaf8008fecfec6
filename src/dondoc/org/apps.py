"""Django app configuration of `org`."""

from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "dondoc.org"
    label = "org"
    verbose_name = "Tổ chức, đơn vị hành chính"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Agency)
        auditlog.register(models.AgencyAlias)
        auditlog.register(models.Membership)
        auditlog.register(
            models.User,
            exclude_fields=["password", "last_login"],
        )
        auditlog.register(models.UnitSuccession)

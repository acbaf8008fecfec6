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

        from dondoc.plans.signals import plan_imported

        plan_imported.connect(_targets_on_import, dispatch_uid="indicators.targets_on_import")


def _targets_on_import(
    sender: object, *, document: object, actor: object, **kwargs: object
) -> None:
    from .services import targets_sync

    targets_sync(document=document, actor=actor)  # type: ignore[arg-type]

"""Django app configuration of `core`."""

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "dondoc.core"
    label = "core"
    verbose_name = "Lõi hệ thống"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the deployment checks
        from .lookups import register

        register()  # field__any (core.lookups)
        post_migrate.connect(_analyse_after_migrate, sender=self)


def _analyse_after_migrate(using: str = "default", **kwargs: Any) -> None:
    """The planner's statistics of the tables never analysed (core.dbstats)."""
    from .dbstats import analyse_never_analysed

    analyse_never_analysed(using)

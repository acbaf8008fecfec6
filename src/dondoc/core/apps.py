"""Django app configuration of `core`."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dondoc.core"
    label = "core"
    verbose_name = "Lõi hệ thống"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the deployment checks
        from .lookups import register

        register()  # field__any (core.lookups)

"""Django app configuration of `stats`."""

from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "dondoc.stats"
    label = "stats"
    verbose_name = "Thống kê"

    def ready(self) -> None:
        from . import queries  # noqa: F401 - registers the computed indicators

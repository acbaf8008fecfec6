"""Django app configuration of `web`."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "dondoc.web"
    label = "web"
    verbose_name = "Giao diện web"

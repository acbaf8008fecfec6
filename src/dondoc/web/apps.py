"""Django app configuration of `web`."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "dondoc.web"
    label = "web"
    verbose_name = "Giao diện web"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import stamp_at_login

        user_logged_in.connect(stamp_at_login, dispatch_uid="dondoc-session-stamp")

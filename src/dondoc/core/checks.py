"""Deployment checks of dondoc's own settings (`dondoc check --deploy`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_check(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """E-mails link to pages by DONDOC_SITE_URL: unset, every link in a reminder is dead."""
    url = settings.SITE_URL
    if not url:
        return [
            Warning(
                "DONDOC_SITE_URL is not set: links in e-mails (reminders) are relative and "
                "lead nowhere from a mailbox.",
                hint="Set DONDOC_SITE_URL to the address officers open, e.g. "
                "https://dondoc.congan.example",
                id="dondoc.W001",
            )
        ]
    if not url.startswith("https://"):
        return [
            Warning(
                f"DONDOC_SITE_URL ({url}) is not an https:// address.",
                hint="dondoc in production is served over TLS only (SECURE_SSL_REDIRECT).",
                id="dondoc.W002",
            )
        ]
    return []

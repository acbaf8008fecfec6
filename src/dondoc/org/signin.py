"""The name a sign-in attempt is counted under by django-axes (AXES_USERNAME_CALLABLE), on
every path that signs in (the sign-in page, the admin's, the API's token).

Axes records each failed attempt under the name typed, in a column of 255 characters. Django's
sign-in forms call `authenticate` before checking the name's length (AuthenticationForm sets
its max_length after the field is made, without a validator), so a longer name made
PostgreSQL refuse the record: a 500 on the sign-in page (found by the API's schema fuzzing).
No account has such a name (150 characters at most): the attempt is counted under its first
255 characters, and refused as any wrong name is.
"""

from __future__ import annotations

from typing import Any

from axes.conf import settings as axes_settings
from axes.models import AccessAttempt

LONGEST = AccessAttempt._meta.get_field("username").max_length


def attempt_username(request: Any, credentials: dict[str, Any] | None = None) -> str | None:
    """The name typed (axes' own order: the credentials given, else the form's field), cut to
    what axes can record."""
    field = axes_settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        name = credentials.get(field)
    else:
        name = getattr(request, "data", request.POST).get(field)
    return name[:LONGEST] if isinstance(name, str) else name

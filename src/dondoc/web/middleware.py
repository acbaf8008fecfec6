"""A session ends after an idle half hour, without a database write on every request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

TOUCHED = "_dondoc_touched"  # when the session's expiry was last moved on (seconds since epoch)


class SessionActivityMiddleware:
    """Move an active session's expiry on (SESSION_COOKIE_AGE, the idle time) at most once a
    SESSION_TOUCH_SECONDS: the session is saved then, and only then. Django's own way,
    SESSION_SAVE_EVERY_REQUEST, writes the session row on every page an officer opens; here a
    read writes at most this one stamp a minute, and the idle time is kept to that minute."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.is_empty():
            now = int(time.time())
            if now - int(session.get(TOUCHED, 0)) >= settings.SESSION_TOUCH_SECONDS:
                session[TOUCHED] = now  # modified: SessionMiddleware saves it, expiry moved on
        return self.get_response(request)


def stamp_at_login(sender: object, request: HttpRequest | None = None, **kwargs: object) -> None:
    """user_logged_in: a new session starts touched, so the first pages after signing in
    write nothing either (the login itself saves the session)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[TOUCHED] = int(time.time())

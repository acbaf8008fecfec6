"""Form tokens: a create sent twice (a double click, a retried request) happens once.

Each form that creates something carries a random token. The service claims it inside its
transaction (`submission_claim`); a second request with the same token waits for the first
(the token's unique constraint) and then gets the first one's result instead of creating a
twin (`Duplicate`). A request whose first attempt failed claims the token again.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.db import IntegrityError, transaction

from .exceptions import DomainError
from .models import Submission

TOKEN_BYTES = 16


def new_token() -> str:
    """A token for a form about to be shown (nothing is stored until it is sent)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


class Duplicate(DomainError):
    """The same form was already sent and saved: `result_id` names what it created."""

    status_code = 409

    def __init__(self, submission: Submission) -> None:
        self.result_id = submission.result_id
        super().__init__("Biểu mẫu này đã được gửi và lưu trước đó; đây là kết quả lần gửi ấy.")


def submission_claim(*, actor: Any, token: str, action: str) -> Submission | None:
    """Claim `token` for `action` inside the caller's transaction. None without a token (a
    caller that sends none, such as a command); raises Duplicate when it was already used."""
    token = (token or "").strip()[:64]
    if not token:
        return None
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("submission_claim() must run inside the transaction of the write")
    user = actor if getattr(actor, "pk", None) else None
    try:
        with transaction.atomic():
            return Submission.objects.create(token=token, action=action, user=user)
    except IntegrityError:
        earlier = Submission.objects.filter(token=token).first()
        if (
            earlier is None
            or earlier.action != action
            or earlier.user_id != getattr(user, "pk", None)
        ):
            raise DomainError("Mã biểu mẫu không hợp lệ: hãy tải lại trang.") from None
        raise Duplicate(earlier) from None


def submission_result(*, actor: Any, token: str, action: str) -> int | None:
    """What an earlier, saved submission of this form created (None: not sent before)."""
    if not token or not getattr(actor, "pk", None):
        return None
    return (
        Submission.objects.filter(token=token[:64], action=action, user=actor)
        .values_list("result_id", flat=True)
        .first()
    )


def submission_done(submission: Submission | None, *, result_id: int) -> None:
    """Record what the claimed submission created, for a twin request to find."""
    if submission is not None:
        submission.result_id = result_id
        submission.save(update_fields=["result_id"])

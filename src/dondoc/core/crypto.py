"""Field-level encryption of personal data, and keyed hashes for exact look-up (DESIGN.md §7).

Keys come from the environment (settings.ENCRYPTION_KEY): one or more secrets separated by
commas. The first encrypts; every one decrypts, so a key is rotated by putting a new secret
first and re-saving the records (`dondoc registry rotate_keys`), then removing the old one.
Each secret is stretched into its own keys with HKDF-SHA256 (one for Fernet, one for the
look-up hash), so the secret itself is never used directly.

Look-up hashes (an identity number searched exactly) are HMAC-SHA256 under a key derived
from the LAST secret of the list (the oldest): rotating the encryption key does not change
them; replacing the oldest secret needs the hashes recomputed, which rotate_keys does.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models

PREFIX = "enc1:"  # marks an encrypted value in the database


def _derive(secret: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"dondoc", info=purpose).derive(
        secret.encode("utf-8")
    )


def _secrets() -> tuple[str, ...]:
    secrets = tuple(s.strip() for s in str(settings.ENCRYPTION_KEY).split(",") if s.strip())
    if not secrets:
        raise RuntimeError("DONDOC_ENCRYPTION_KEY is empty")
    return secrets


@cache
def _single(secret: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive(secret, b"dondoc-field-encryption")))


@cache
def _fernet(secrets: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([_single(secret) for secret in secrets])


@cache
def _lookup_key(secret: str) -> bytes:
    return _derive(secret, b"dondoc-lookup-hash")


def encrypt(text: str) -> str:
    if text == "":
        return ""
    token = _fernet(_secrets()).encrypt(text.encode("utf-8"))
    return PREFIX + token.decode("ascii")


def decrypt(stored: str) -> str:
    if not stored or not stored.startswith(PREFIX):
        return stored  # empty, or written before encryption (never for personal fields)
    try:
        return _fernet(_secrets()).decrypt(stored[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        raise RuntimeError(
            "cannot decrypt a personal-data field: DONDOC_ENCRYPTION_KEY lacks the key it was "
            "written with"
        ) from error


def is_current(stored: str) -> bool:
    """Whether a stored value is encrypted under the first (current) key."""
    if not stored.startswith(PREFIX):
        return stored == ""
    token = stored[len(PREFIX) :].encode("ascii")
    try:
        Fernet(
            base64.urlsafe_b64encode(_derive(_secrets()[0], b"dondoc-field-encryption"))
        ).decrypt(token)
    except InvalidToken:
        return False
    return True


def normalize_identity(number: str) -> str:
    """ "001 090 012 345" / "001090012345 " → "001090012345": what is hashed and compared."""
    return "".join(ch for ch in number.upper() if ch.isalnum())


def lookup_hash(value: str) -> str:
    """A keyed hash for exact search ("" for no value); never reversible without the key."""
    value = normalize_identity(value)
    if not value:
        return ""
    return hmac.new(_lookup_key(_secrets()[-1]), value.encode("utf-8"), hashlib.sha256).hexdigest()


def keyed_digest(text: str) -> str:
    """A keyed digest (HMAC-SHA256, 128 bits in hex) of any text holding personal data, to
    recognise the same text again without keeping it; under the look-up key (the oldest
    secret), so rotating the encryption key keeps it."""
    mac = hmac.new(_lookup_key(_secrets()[-1]), text.encode("utf-8"), hashlib.sha256)
    return mac.hexdigest()[:32]


def encrypt_bytes(data: bytes) -> bytes:
    """A file's bytes encrypted under the current key (Fernet: AES-128-CBC with HMAC, the
    time of encryption inside the token)."""
    return _fernet(_secrets()).encrypt(data)


def decrypt_bytes(token: bytes, *, max_age: int | None = None) -> bytes:
    """What `encrypt_bytes` encrypted; `max_age` seconds: older tokens are refused
    (ValueError), as are tokens under no key of the list."""
    try:
        return _fernet(_secrets()).decrypt(token, ttl=max_age)
    except InvalidToken as error:
        raise ValueError("expired, or not encrypted under DONDOC_ENCRYPTION_KEY") from error


class EncryptedTextField(models.TextField):
    """Text stored encrypted (Fernet, AES-128-CBC with HMAC); read back as plain text.

    Not searchable nor sortable in the database; pair it with a look-up hash where an exact
    search is needed."""

    description = "Văn bản mã hóa"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return decrypt(value) if isinstance(value, str) else value

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith(PREFIX):
            return decrypt(value)
        return value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt(str(value))

"""What production mode refuses to start with: public keys, weak keys, debug pages.

Pure functions over the configured values, so each refusal is tested without starting Django.
The settings module calls `production_problems` and stops the process on the first list that
is not empty: a server that would decrypt personal data with a key printed in the README, or
show tracebacks to the public, must not start at all.
"""

from __future__ import annotations

import base64
import binascii

# Django's own rule for a secret key that `check --deploy` accepts (security.W009).
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE = 5
GENERATE_ENCRYPTION_KEY = (
    'python3 -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)
GENERATE_SECRET_KEY = 'python3 -c "import secrets; print(secrets.token_urlsafe(64))"'  # noqa: S105


def encryption_key_problems(value: str, *, development_key: str) -> list[str]:
    """Every entry of the comma-separated list must be a generated key (32 random bytes in
    URL-safe base64, as Fernet makes them) and none the development key: the first entry
    encrypts and every entry decrypts, so one weak entry weakens every record."""
    entries = [entry.strip() for entry in value.split(",")]
    if not value.strip():
        return [f"DONDOC_ENCRYPTION_KEY is not set; generate one with: {GENERATE_ENCRYPTION_KEY}"]
    problems = []
    for position, entry in enumerate(entries, start=1):
        where = f"DONDOC_ENCRYPTION_KEY entry {position} of {len(entries)}"
        if not entry:
            problems.append(f"{where} is empty (a stray comma?)")
        elif entry == development_key:
            problems.append(f"{where} is the public development key")
        elif not _is_generated_key(entry):
            problems.append(
                f"{where} is not a generated key (44 characters of URL-safe base64 holding "
                f"32 bytes); generate one with: {GENERATE_ENCRYPTION_KEY}"
            )
    if len(set(entries)) != len(entries) and not problems:
        problems.append("DONDOC_ENCRYPTION_KEY lists the same key twice")
    return problems


def _is_generated_key(entry: str) -> bool:
    try:
        raw = base64.urlsafe_b64decode(entry.encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return False
    return len(raw) == 32 and len(set(raw)) >= 16


def secret_key_problems(value: str, *, development_key: str) -> list[str]:
    if value == development_key or value.startswith("django-insecure-"):
        return [
            f"DONDOC_SECRET_KEY is the development key; generate one with: {GENERATE_SECRET_KEY}"
        ]
    if len(value) < SECRET_KEY_MIN_LENGTH or len(set(value)) < SECRET_KEY_MIN_UNIQUE:
        return [
            f"DONDOC_SECRET_KEY must be at least {SECRET_KEY_MIN_LENGTH} random characters "
            f"with at least {SECRET_KEY_MIN_UNIQUE} different ones; generate one with: "
            f"{GENERATE_SECRET_KEY}"
        ]
    return []


def production_problems(
    *,
    secret_key: str,
    encryption_key: str,
    debug: bool,
    development_secret_key: str,
    development_encryption_key: str,
) -> list[str]:
    problems = secret_key_problems(secret_key, development_key=development_secret_key)
    problems += encryption_key_problems(encryption_key, development_key=development_encryption_key)
    if debug:
        problems.append(
            "DONDOC_DEBUG must not be on in production: debug pages show code, settings and "
            "the data of the request to whoever asks"
        )
    return problems

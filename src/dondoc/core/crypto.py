"""Field-level encryption of personal data, and keyed hashes for exact look-up (DESIGN.md §7).

Keys come from the environment (settings.ENCRYPTION_KEY): one or more secrets separated by
commas. The first encrypts; every one decrypts, so a key is rotated by putting a new secret
first and re-saving the records (`dondoc registry rotate_keys`), then removing the old one.
Each secret is stretched into its own keys with HKDF-SHA256 (one for Fernet, one for the
look-up hash), so the secret itself is never used directly.

Look-up hashes (an identity number searched exactly) are HMAC-SHA256 under a key derived
from the LAST secret of the list (the oldest): rotating the encryption key does not change
them; replacing the oldest secret needs the hashes recomputed, which rotate_keys does.

Files (evidence attached to reports) are encrypted whole with keys of their own purpose
(`encrypt_bytes`); `dondoc evidence encrypt` re-encrypts them after a rotation.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import os
import re
import time
import unicodedata
from collections.abc import Callable
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
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


# --- Files (evidence of reports; registry imports waiting for confirmation) -----------------

FILE_MAGIC = b"dondoc-enc1\n"  # opens an encrypted file; a file without it was stored plain


@cache
def _single_file(secret: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive(secret, b"dondoc-file-encryption")))


def _file_fernet() -> MultiFernet:
    return MultiFernet([_single_file(secret) for secret in _secrets()])


def encrypt_bytes(data: bytes) -> bytes:
    """A file's bytes as stored: FILE_MAGIC then a Fernet token under the first key, kept as
    raw bytes rather than Fernet's base64 (a third less disk for a 20 MB scan)."""
    return FILE_MAGIC + base64.urlsafe_b64decode(_file_fernet().encrypt(data))


def _token(stored: bytes) -> bytes:
    return base64.urlsafe_b64encode(stored[len(FILE_MAGIC) :])


def is_encrypted_bytes(stored: bytes) -> bool:
    return stored.startswith(FILE_MAGIC)


class CannotDecrypt(ValueError):
    """A stored file under no key of DONDOC_ENCRYPTION_KEY, or older than it may be."""


def decrypt_bytes(stored: bytes, *, max_age: int | None = None) -> bytes:
    """The original bytes of a stored file; a file stored before encryption comes back as it
    is (`dondoc evidence encrypt` encrypts those). `max_age` seconds: an older file is refused
    (a registry import waiting for confirmation lives 24 hours)."""
    if not is_encrypted_bytes(stored):
        return stored
    try:
        return _file_fernet().decrypt(_token(stored), ttl=max_age)
    except InvalidToken as error:
        raise CannotDecrypt(
            "cannot decrypt a stored file: DONDOC_ENCRYPTION_KEY lacks the key it was written "
            "with, or the file is older than allowed"
        ) from error


def bytes_are_current(stored: bytes) -> bool:
    """Whether a stored file is encrypted under the first (current) key."""
    if not is_encrypted_bytes(stored):
        return False
    try:
        _single_file(_secrets()[0]).decrypt(_token(stored))
    except InvalidToken:
        return False
    return True


def normalize_identity(number: str) -> str:
    """ "001 090 012 345" / "001090012345 " → "001090012345": what is hashed and compared."""
    if number.isascii() and number.isalnum():  # already clean (a bulk import's million rows)
        return number.upper()
    return "".join(ch for ch in number.upper() if ch.isalnum())


def lookup_hash(value: str) -> str:
    """A keyed hash for exact search ("" for no value); never reversible without the key."""
    value = normalize_identity(value)
    if not value:
        return ""
    return hmac.new(_lookup_key(_secrets()[-1]), value.encode("utf-8"), hashlib.sha256).hexdigest()


def _name_key(secret: str) -> bytes:
    return _derive(secret, b"dondoc-name-index")


# What two spellings of one name share (as registry.catalogues.fold): NFC, case folded, no
# whitespace, hyphen, apostrophe or dot ("Hoàng  Văn-Tái" = "hoàng văn tái"); diacritics kept,
# as the decrypting look-up compared them ("Thái" and "Thai" are two names).
_NAME_NOISE = re.compile(r"[\s\-‐‑–'’ʼ`.]+")


def normalize_name(name: str) -> str:
    return _NAME_NOISE.sub("", unicodedata.normalize("NFC", name).casefold())


def name_hash(name: str, birth_year: int | None) -> str:
    """A blind index of a person's name and year of birth ("" if either is missing): HMAC-SHA256
    under a key of its own (derived from the oldest secret, as `lookup_hash`), so "same name,
    same year" is one indexed equality and no name is decrypted to find it."""
    value = normalize_name(name)
    if not value or not birth_year:
        return ""
    text = f"{value}|{int(birth_year)}".encode()
    return hmac.new(_name_key(_secrets()[-1]), text, hashlib.sha256).hexdigest()


def lookup_hasher() -> Callable[[str], str]:
    """`lookup_hash` with its key derived once, for a loop over a million values (a bulk
    import): the same digests."""
    signing = hmac.new(_lookup_key(_secrets()[-1]), digestmod=hashlib.sha256)

    def lookup_hash_one(value: str) -> str:
        value = normalize_identity(value)
        if not value:
            return ""
        mac = signing.copy()
        mac.update(value.encode("utf-8"))
        return mac.hexdigest()

    return lookup_hash_one


def name_hasher() -> Callable[[str, int | None], str]:
    """`name_hash` with its key derived once (HKDF is most of one hash's cost), for a bulk
    import: the same digests."""
    signing = hmac.new(_name_key(_secrets()[-1]), digestmod=hashlib.sha256)

    def name_hash_one(name: str, birth_year: int | None) -> str:
        value = normalize_name(name)
        if not value or not birth_year:
            return ""
        mac = signing.copy()
        mac.update(f"{value}|{int(birth_year)}".encode())
        return mac.hexdigest()

    return name_hash_one


def keyed_digester() -> Callable[[str], str]:
    """`keyed_digest` with its key taken once, for the fingerprints of a bulk import."""
    signing = hmac.new(_lookup_key(_secrets()[-1]), digestmod=hashlib.sha256)

    def keyed_digest_one(text: str) -> str:
        mac = signing.copy()
        mac.update(text.encode("utf-8"))
        return mac.hexdigest()[:32]

    return keyed_digest_one


def keyed_digest(text: str) -> str:
    """A keyed digest (HMAC-SHA256, 128 bits in hex) of any text holding personal data, to
    recognise the same text again without keeping it; under the look-up key (the oldest
    secret), so rotating the encryption key keeps it."""
    mac = hmac.new(_lookup_key(_secrets()[-1]), text.encode("utf-8"), hashlib.sha256)
    return mac.hexdigest()[:32]


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


class EncryptedDateField(EncryptedTextField):
    """A date stored encrypted (as its ISO text), read back as a `datetime.date`: an exact
    birth date is personal data the statistics need only as an age at an event, computed in
    Python from the decrypted value (privacy, Law 91/2025/QH15). Not filterable by range."""

    description = "Ngày mã hóa"
    # What django-stubs' plugin types the attribute as (a date, not the stored text).
    _pyi_private_set_type: datetime.date | models.expressions.Combinable | None  # type: ignore[assignment]
    _pyi_private_get_type: datetime.date | None  # type: ignore[assignment]

    @staticmethod
    def _as_date(value: Any) -> Any:
        if isinstance(value, str):
            if not value:
                return None
            return datetime.date.fromisoformat(value[:10])
        if isinstance(value, datetime.datetime):
            return value.date()
        return value

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return self._as_date(super().from_db_value(value, expression, connection))

    def to_python(self, value: Any) -> Any:
        return self._as_date(super().to_python(value))

    def get_prep_value(self, value: Any) -> Any:
        value = self._as_date(value)
        if value is None:
            return None
        return encrypt(value.isoformat())

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        from django import forms

        return forms.DateField(**{"required": not self.blank, **kwargs})


def key_fingerprints() -> list[str]:
    """A short name of each key in DONDOC_ENCRYPTION_KEY, current first, derived so that it
    tells nothing of the key: a backup records them, so that a restore can say at once whether
    the keys it is given open the data (core.backup)."""
    return [_derive(secret, b"dondoc-key-fingerprint").hex()[:16] for secret in _secrets()]


def field_encryptor() -> Callable[[str], str]:
    """`encrypt`, bound to the current key once, for a loop over a million values (a bulk
    import). The tokens are Fernet's own (version, time, IV, AES-128-CBC with PKCS7 padding,
    HMAC-SHA256; https://github.com/fernet/spec/blob/master/Spec.md), read by `decrypt` as
    any other; what is saved per value is Fernet's setup: the key split, the cipher object,
    the padder and the HMAC key schedule are made once here, not for each value."""
    key = _derive(_secrets()[0], b"dondoc-field-encryption")  # as `_single` stretches it
    signing = hmac.new(key[:16], digestmod=hashlib.sha256)
    aes = algorithms.AES(key[16:])
    prefix = PREFIX

    def encrypt_one(text: str) -> str:
        if text == "":
            return ""
        data = text.encode("utf-8")
        pad = 16 - len(data) % 16
        iv = os.urandom(16)
        encryptor = Cipher(aes, modes.CBC(iv)).encryptor()
        body = encryptor.update(data + bytes((pad,)) * pad) + encryptor.finalize()
        basic = b"\x80" + int(time.time()).to_bytes(8, "big") + iv + body
        mac = signing.copy()
        mac.update(basic)
        return prefix + base64.urlsafe_b64encode(basic + mac.digest()).decode("ascii")

    return encrypt_one

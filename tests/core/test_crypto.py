"""Field encryption: round trip, key rotation, keyed hashes; nothing personal in a dump."""

from __future__ import annotations

import pytest

from dondoc.core import crypto


def test_round_trip_and_no_plain_text(settings) -> None:
    settings.ENCRYPTION_KEY = "khóa thử nghiệm số một"
    stored = crypto.encrypt("Nguyễn Thị Hoa")
    assert stored.startswith(crypto.PREFIX) and "Hoa" not in stored
    assert crypto.encrypt("Nguyễn Thị Hoa") != stored  # randomised: equal names look different
    assert crypto.decrypt(stored) == "Nguyễn Thị Hoa"
    assert crypto.encrypt("") == "" and crypto.decrypt("") == ""


def test_rotation_reads_old_values_and_writes_with_the_new_key(settings) -> None:
    settings.ENCRYPTION_KEY = "khóa cũ"
    old = crypto.encrypt("079203001234")
    digest = crypto.lookup_hash("079203001234")
    settings.ENCRYPTION_KEY = "khóa mới, khóa cũ"
    assert crypto.decrypt(old) == "079203001234"
    assert not crypto.is_current(old)
    new = crypto.encrypt("079203001234")
    assert crypto.is_current(new)
    assert crypto.lookup_hash("079 203 001 234") == digest  # hashes survive the rotation
    settings.ENCRYPTION_KEY = "khóa mới"
    with pytest.raises(RuntimeError, match="DONDOC_ENCRYPTION_KEY"):
        crypto.decrypt(old)


def test_lookup_hash_is_keyed(settings) -> None:
    settings.ENCRYPTION_KEY = "một"
    first = crypto.lookup_hash("001090012345")
    settings.ENCRYPTION_KEY = "hai"
    assert crypto.lookup_hash("001090012345") != first
    assert crypto.lookup_hash("") == ""


def test_the_bulk_encryptor_writes_fernet_tokens_that_decrypt_reads(settings) -> None:
    settings.ENCRYPTION_KEY = "new-secret,old-secret"
    encrypt_one = crypto.field_encryptor()
    fernet = crypto._single("new-secret")
    for text in ["", "a", "Nguyễn Thị Bình", "x" * 16, "y" * 31, "001090012345"]:
        token = encrypt_one(text)
        assert crypto.decrypt(token) == text
        if text:
            assert token.startswith(crypto.PREFIX) and (len(text) < 5 or text not in token)
            raw = token.removeprefix(crypto.PREFIX).encode("ascii")
            assert fernet.decrypt(raw, ttl=60).decode("utf-8") == text  # a valid, fresh token
            assert crypto.is_current(token)
    assert encrypt_one("a") != encrypt_one("a")  # a fresh IV each time

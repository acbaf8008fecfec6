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

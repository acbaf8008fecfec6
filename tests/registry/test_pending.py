"""Import files waiting for confirmation: encrypted at rest, deleted once saved or abandoned,
swept after 24 hours; a clean file is never kept at all."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from dondoc.core.exceptions import InvalidInput
from dondoc.registry.models import CrimeReport
from dondoc.registry.pending import (
    MAX_AGE,
    pending_import_read,
    pending_import_store,
    pending_imports_sweep,
)
from tests.world import signed_in

pytestmark = pytest.mark.django_db

VICTIM = "Nguyễn Thị Bình"
CSV = (
    "Ngày tiếp nhận,Nguồn tin,Họ tên bị hại,Số định danh bị hại\n"
    f"01/03/2024,Tố giác về tội phạm,{VICTIM},008210001234\n"
    "31/02/2024,Tố giác về tội phạm,,\n"
)


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


def stored(media: Path) -> list[Path]:
    folder = media / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_a_waiting_file_is_encrypted_then_deleted_once_saved(world, media) -> None:
    client = signed_in(world.focal)
    url = reverse("web:registry_import", args=["crime_reports"])
    preview = client.post(
        url, {"agency": world.police_sd.pk, "file": SimpleUploadedFile("tb.csv", CSV.encode())}
    )
    assert preview.status_code == 400 and "no-store" in preview["Cache-Control"]
    [kept] = stored(media)
    raw = kept.read_bytes()
    assert VICTIM.encode() not in raw and b"008210001234" not in raw and b"Ng" not in raw[:2]
    confirmed = client.post(url, {"agency": world.police_sd.pk, "confirm": "1"})
    assert "Đã lưu 1/2 dòng" in confirmed.content.decode() and CrimeReport.objects.count() == 1
    assert stored(media) == []


def test_a_clean_file_is_not_kept_and_an_abandoned_one_is_deleted(world, media) -> None:
    client = signed_in(world.focal)
    url = reverse("web:registry_import", args=["crime_reports"])
    clean = CSV.splitlines(keepends=True)[:2]
    saved = client.post(
        url,
        {
            "agency": world.police_sd.pk,
            "file": SimpleUploadedFile("tb.csv", "".join(clean).encode()),
        },
    )
    assert saved.status_code == 200 and stored(media) == []
    other = CSV.replace("01/03/2024", "02/03/2024")  # not the row saved above
    client.post(
        url, {"agency": world.police_sd.pk, "file": SimpleUploadedFile("tb.csv", other.encode())}
    )
    assert len(stored(media)) == 1
    # Another file replaces it: the first is deleted.
    client.post(
        url, {"agency": world.police_sd.pk, "file": SimpleUploadedFile("tb2.csv", other.encode())}
    )
    assert len(stored(media)) == 1
    abandoned = client.post(url, {"agency": world.police_sd.pk, "abandon": "1"})
    assert abandoned.status_code == 302 and stored(media) == []
    again = client.post(url, {"agency": world.police_sd.pk, "confirm": "1"})
    assert "Hãy chọn tệp để nhập" in again.content.decode()


def test_files_older_than_a_day_are_swept_and_refused(world, media) -> None:
    token = pending_import_store(b"Ho va ten\nAn\n")
    legacy = media / "imports" / "a1b2c3d4e5f6a7b8"  # a plain copy kept before this change
    legacy.write_bytes(VICTIM.encode())
    old = time.time() - MAX_AGE - 60
    os.utime(legacy, (old, old))
    assert pending_import_read(token) == b"Ho va ten\nAn\n"
    assert pending_imports_sweep() == 1 and [p.name for p in stored(media)] == [f"{token}.enc"]
    assert pending_imports_sweep(now=time.time() + MAX_AGE + 1) == 1 and stored(media) == []
    late = pending_import_store(b"x")
    with (
        pytest.raises(InvalidInput, match="quá 24 giờ"),
        time_machine.travel(time.time() + MAX_AGE + 5),
    ):
        pending_import_read(late)
    assert stored(media) == []  # refused, and deleted with it
    with pytest.raises(InvalidInput):
        pending_import_read("../../settings")
    pending_import_store(b"y")
    out = io.StringIO()
    call_command("registry", "sweep", stdout=out)
    assert "Đã xóa 0 tệp" in out.getvalue()

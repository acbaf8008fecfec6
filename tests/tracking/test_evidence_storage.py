"""Evidence files at rest, through the services: encrypted on disk, whole for the user in
scope, and never left behind by a refused save or a removal."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from dondoc.core.exceptions import InvalidInput
from dondoc.tracking.models import Evidence, ProgressReport
from dondoc.tracking.services import evidence_remove, progress_report_save
from tests.tracking.factories import world_tracking
from tests.world import World, signed_in

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Title (Bien ban hoi nghi Son Duong) >> endobj\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _stored(media: Path) -> list[Path]:
    return sorted(p for p in media.rglob("*") if p.is_file())


def _save(world: World, *evidence: tuple[str, bytes], version: int | None = None):
    tracked = world_tracking(world)
    assignment = tracked.plan.tasks.get(path="I/2").assignments.get(role="lead")
    return progress_report_save(
        actor=world.officer,
        assignment=assignment,
        period=tracked.period,
        version=version,
        task_status="in_progress",
        done_text="Đang tổng hợp",
        evidence=evidence,
    )


def test_a_file_is_encrypted_at_rest_and_whole_for_the_user_in_scope(
    world: World, media: Path
) -> None:
    report = _save(world, ("bien-ban.pdf", PDF))
    evidence = report.evidence.get()
    stored = (media / evidence.file.name).read_bytes()
    assert b"Son Duong" not in stored and not stored.startswith(b"%PDF")
    url = reverse("web:evidence_download", args=[evidence.pk])
    response = signed_in(world.officer).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert signed_in(world.outsider).get(url).status_code == 404


def test_a_refused_save_leaves_no_file_behind(world: World, media: Path) -> None:
    """Regression: the first file was written, the second refused, the transaction rolled
    back, and the first file stayed on disk without its row."""
    world_tracking(world)
    before = _stored(media)  # the world's own report and its file
    with pytest.raises(InvalidInput, match="không phải PDF"):
        _save(world, ("bien-ban.pdf", PDF), ("virus.pdf", b"MZ\x90\x00"))
    tracked = world_tracking(world)
    assert not ProgressReport.objects.filter(period=tracked.period, agency=world.justice_sd)
    assert _stored(media) == before


def test_a_removed_file_goes_once_the_removal_commits(
    world: World, media: Path, django_capture_on_commit_callbacks
) -> None:
    report = _save(world, ("bien-ban.pdf", PDF), ("anh.pdf", PDF + b"2"))
    first, second = report.evidence.order_by("pk")
    first_file, second_file = media / first.file.name, media / second.file.name
    with django_capture_on_commit_callbacks(execute=False) as pending:
        evidence_remove(actor=world.officer, evidence=first)
    assert first_file.exists()  # not committed (yet): a rollback would keep row and file
    for callback in pending:  # … and it goes with the commit
        callback()
    assert not first_file.exists()
    with django_capture_on_commit_callbacks(execute=True):
        evidence_remove(actor=world.officer, evidence=second)
    assert not second_file.exists()
    assert not Evidence.objects.filter(report=report).exists()

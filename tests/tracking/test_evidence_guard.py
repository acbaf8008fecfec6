"""Evidence files pass the zip guard before their parts are read: a Word or Excel file that
would inflate to gigabytes is refused with the reason, and nothing is stored."""

from __future__ import annotations

import pytest

from dondoc.core.actors import SYSTEM
from dondoc.core.archives import UnsafeArchive
from dondoc.core.exceptions import InvalidInput
from dondoc.plans.models import Document
from dondoc.tracking.evidence import sniff
from dondoc.tracking.services import evidence_add, progress_report_save, schedule_ensure
from tests.core.test_archives import CONTENT_TYPES, MB, archive, bomb
from tests.plans.factories import world_plan


def content_types_bomb() -> bytes:
    """A .docx whose [Content_Types].xml, the one part sniff reads, inflates to 40 MB."""
    return archive({"[Content_Types].xml": b" " * (40 * MB), "word/document.xml": b"<w:document/>"})


def test_sniff_refuses_a_bomb_before_reading_it() -> None:
    for data in (bomb(), content_types_bomb()):
        with pytest.raises(UnsafeArchive, match="bom nén"):
            sniff(data)
    assert sniff(archive({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<a/>"}))


@pytest.mark.django_db
def test_a_bomb_is_refused_as_evidence_and_nothing_is_stored(world) -> None:
    plan: Document = world_plan(world)
    schedule_ensure(actor=SYSTEM, document=plan)
    assignment = plan.tasks.get(path="I/1").assignments.get(role="lead")
    report = progress_report_save(
        actor=world.focal,
        assignment=assignment,
        period=plan.periods.get(label="2025"),
        version=None,
        task_status="in_progress",
        done_text="Đã tổ chức 02 hội nghị tuyên truyền.",
    )
    with pytest.raises(InvalidInput, match=r"Tệp “bien-ban\.docx”: phần .*bom nén"):
        evidence_add(actor=world.focal, report=report, name="bien-ban.docx", data=bomb())
    assert not report.evidence.exists()

"""The reports' shared fixtures.

- `rendered`: one rendering of every generated Word document for the session: seed 000's
  consolidated report of 2024 (as generated, and as the officer issues it) and its reminder
  letter, printed to PDF by LibreOffice in one run (its start takes most of the time: 2 cores).
- `stored`: the stored consolidated report's world: the small plan of the test world with its
  schedule, one report sent by the focal officer, and a leader of the plan's focal agency.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest

from dondoc.org.models import User
from dondoc.plans.models import Document
from dondoc.tracking.models import ReportingPeriod
from tests.tracking.factories import Tracked, world_tracking

from .factories import world_chief


@dataclass
class Rendered:
    """What the session rendered: name → Word bytes, PDF path; the texts it was built from."""

    docx: dict[str, bytes]
    pdf: dict[str, Path]
    xlsx: bytes = b""
    facts: dict[str, Any] = field(default_factory=dict)


@pytest.fixture(scope="session")
def rendered(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Rendered:
    from django.core.management import call_command
    from django.db import transaction

    from dondoc.plans.models import Document
    from dondoc.reports.consolidated import consolidated_docx, consolidated_xlsx, draft_texts
    from dondoc.reports.options import ReportOptions, Signer
    from dondoc.reports.reminder_letter import reminder_letter_docx
    from dondoc.tracking.consolidation import consolidate
    from dondoc.tracking.reminders import owing_for
    from dondoc.tracking.services import progress_report_accept, progress_report_save
    from tests.org.factories import MembershipFactory, UserFactory
    from tests.plans.conftest import seed_path
    from tests.plans.importers.builders import docx_to_pdfs
    from tests.world import build_world

    workdir = tmp_path_factory.mktemp("rendered")
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        call_command("plan", "import", str(seed_path("000")), stdout=StringIO())
        document = Document.objects.get(number="284/KH-UBND")
        period = document.periods.get(label="2024")
        assignment = document.tasks.get(path="A/I").assignments.get(role="lead")
        writer = UserFactory(username="tuphap_rendered")
        MembershipFactory(user=writer, agency=assignment.agency, role="agency_officer")
        report = progress_report_save(
            actor=writer, assignment=assignment, period=period, version=None,
            task_status="done",
            done_text="Đã rà soát 03 dự thảo văn bản, không phát hiện điểm chưa tương thích.",
            figure=Decimal("3"), figure_note="văn bản",
            difficulties="Thiếu cán bộ pháp chế chuyên trách.",
            proposals="Đề nghị tỉnh mở lớp tập huấn về Công ước CAT.",
            submit=True,
        )  # fmt: skip
        progress_report_accept(actor=world.focal, report=report)
        content = consolidate(user=None, document=document, period=period)
        issued = ReportOptions(
            number="7",
            issued_on=datetime.date(2026, 12, 3),
            signer=Signer(
                mode="KT.", authority="Trưởng Công an huyện", title="Phó Trưởng Công an huyện",
                name="Nguyễn Văn An",
            ),
            texts={"direction": "Công an huyện đã ban hành văn bản hướng dẫn các cơ quan."},
        )  # fmt: skip
        owing = owing_for(document=document, period=period)
        on = datetime.date(2026, 11, 30)
        docs = {
            "report": consolidated_docx(content),
            "issued": consolidated_docx(content, issued),
            "letter": reminder_letter_docx(document=document, period=period, owing=owing, on=on),
        }
        facts = {
            "counts": content.counts,
            "missing": len(content.missing),
            "owing": len(owing),
            "texts": draft_texts(content),
        }
        xlsx = consolidated_xlsx(content)
        transaction.set_rollback(True)  # nothing of this outlives the fixture
    pdfs = docx_to_pdfs(docs, workdir)
    paths = {}
    for name, data in pdfs.items():
        paths[name] = workdir / f"{name}.pdf"
        paths[name].write_bytes(data)
    (workdir / "annex.xlsx").write_bytes(xlsx)
    return Rendered(docs, paths, xlsx, facts)


@dataclass
class Stored:
    tracked: Tracked
    plan: Document
    period: ReportingPeriod
    chief: User  # leader of Công an huyện Sơn Dương, the plan's focal agency


def stored_world(world) -> Stored:
    tracked = world_tracking(world)
    return Stored(tracked, tracked.plan, tracked.period, world_chief(world))


@pytest.fixture
def stored(world) -> Stored:
    return stored_world(world)

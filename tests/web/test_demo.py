"""`dondoc demo`: idempotent, prints one user per role whose password works, and the accounts
the README lists open every demo plan."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from dondoc.org.models import Agency, Membership, Role, User
from dondoc.web.management.commands.demo import DEMO_USERS

README = Path(__file__).resolve().parents[2] / "README.md"

pytestmark = pytest.mark.django_db


def test_demo_prints_working_accounts_and_is_idempotent(loaded_map, capsys, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", "--skip-migrate", "--records", "300")
    out = capsys.readouterr().out
    counts = (User.objects.count(), Agency.objects.count(), Membership.objects.count())
    call_command("demo", "--skip-migrate", "--records", "300")
    assert (User.objects.count(), Agency.objects.count(), Membership.objects.count()) == counts
    from dondoc.registry.models import CrimeReport, Person

    assert CrimeReport.objects.filter(synthetic=True).count() == 300  # topped up, not doubled
    names = [p.full_name for p in Person.objects.filter(reintegration__isnull=True)]
    assert len(set(names)) == len(names) == 300
    _reintegration_is_ready()
    assert {m.role for m in Membership.objects.all()} == set(Role.values)
    for demo in DEMO_USERS:
        assert demo.username in out and demo.password in out
        client = Client()
        response = client.post(
            reverse("web:login"), {"username": demo.username, "password": demo.password}
        )
        assert response.status_code == 302, demo.username
        home = client.get(reverse("web:home")).content.decode()
        agency = (
            Membership.objects.select_related("agency__unit")
            .get(user__username=demo.username)
            .agency
        )
        assert agency.unit.full_name in home, demo.username
    # The seed plans' issuers have their directories, and so do their 2025 successors.
    for name in (
        "Công an huyện Sơn Dương",
        "Công an thành phố Trà Vinh",
        "Phòng Cảnh sát hình sự Công an tỉnh Kiên Giang",
        "Sở Tư pháp tỉnh Đắk Nông",
        "Sở Nội vụ tỉnh Lâm Đồng",
    ):
        assert Agency.objects.filter(name=name).exists(), name
    # Every seed plan is imported (tables, narrative, regulation), each with its periods.
    from dondoc.plans.models import Document

    numbers = set(Document.objects.values_list("number", flat=True))
    seeds = {"284/KH-UBND", "", "111/KH-CAT-CSHS", "1320/QĐ-UBND"}
    assert numbers == seeds | {"01/KH-UBND", "02/KH-UBND"}  # + the plans of today's map
    assert all(d.periods.exists() for d in Document.objects.all())
    _today_is_ready()
    _readme_accounts_open_every_plan()


def _today_is_ready() -> None:
    """Issue 15: every seed plan continues under a body in office today (handed over once, by
    the system, whatever the number of runs), and the plans of today's map are in their
    current period, partly reported."""
    from dondoc.plans.models import Document, Handover
    from dondoc.tracking.models import ProgressReport
    from dondoc.tracking.selectors import current_period

    for document in Document.objects.exclude(unit__map="2025"):
        handovers = Handover.objects.filter(document=document)
        assert handovers.count() == 1 and handovers.get().state == "confirmed", document.label
        focal = document.reporting.focal_agency
        assert focal is not None and focal.existed_until is None, document.label
    plan_284 = Document.objects.get(number="284/KH-UBND")
    assert plan_284.reporting.focal_agency.name == "Công an tỉnh Tuyên Quang"
    for document in Document.objects.filter(unit__map="2025"):
        period = current_period(document=document)
        reports = ProgressReport.objects.filter(period=period)
        assert reports.exclude(state="draft").exists(), document.label
        assert reports.count() < len(
            [a for t in document.tasks.all() for a in t.assignments.all() if a.agency_id]
        ), document.label


def _readme_accounts() -> dict[str, str]:
    """username → password, from the demo accounts table of the README."""
    rows = re.findall(r"^\| `([a-z_]+)` \| `([^`]+)` \|", README.read_text(), re.MULTILINE)
    return dict(rows)


def _readme_accounts_open_every_plan() -> None:
    """Regression: 3 of the 4 demo plans answered 404 to every documented account. Each plan
    now opens, with its follow-up board, to a documented account; the Kiên Giang plan's
    targets page and the Đắk Nông regulation's report with its reintegration section too."""
    import docx

    from dondoc.plans.models import Document

    accounts = _readme_accounts()
    assert set(accounts) == {demo.username for demo in DEMO_USERS}
    clients = {}
    for username, password in accounts.items():
        clients[username] = Client()
        signed = clients[username].post(
            reverse("web:login"), {"username": username, "password": password}
        )
        assert signed.status_code == 302, username
    for document in Document.objects.all():
        plan = reverse("web:plan_detail", args=[document.pk])
        board = reverse("web:plan_board", args=[document.pk])
        opening = [
            name
            for name, client in clients.items()
            if client.get(plan).status_code == 200 and client.get(board).status_code == 200
        ]
        assert opening, f"{document.label}: no documented account opens it"
    kien_giang = Document.objects.get(number="111/KH-CAT-CSHS")
    targets = clients["daumoi_kg"].get(reverse("web:plan_targets", args=[kien_giang.pk]))
    assert targets.status_code == 200 and "100%" in targets.content.decode()
    dak_nong = Document.objects.get(number="1320/QĐ-UBND")
    from dondoc.reports.reintegration import HEADING
    from dondoc.tracking.selectors import current_period

    period = current_period(document=dak_nong)
    assert period is not None
    report = clients["daumoi_dn"].get(
        reverse("web:consolidated_docx", args=[dak_nong.pk, period.pk])
    )
    assert report.status_code == 200
    issued = docx.Document(io.BytesIO(report.content))
    text = "\n".join(p.text for p in issued.paragraphs)
    assert HEADING in text
    # Handed over by the demo: the current period's report is the receiving body's, on the
    # map of its date (Đắk Nông merged into Lâm Đồng on 1/7/2025).
    header = " ".join(c.text for t in issued.tables for row in t.rows for c in row.cells)
    assert "LÂM ĐỒNG" in header and "ĐẮK NÔNG" not in header, header
    assert "trên địa bàn quản lý 0 người" not in text  # the ward's synthetic people count


def _reintegration_is_ready() -> None:
    """Synthetic people back in the community, supervised by the communes' police, in every
    situation the worklist shows; the commune officer has work waiting."""
    from dondoc.reintegration import selectors
    from dondoc.reintegration.models import (
        Group,
        LegalStatus,
        ReintegrationSubject,
        SubjectSupport,
        SubjectTransfer,
    )

    subjects = ReintegrationSubject.objects.filter(
        synthetic=True, agency__unit__parent__name="Huyện Sơn Dương"
    )
    # … and a few in a ward of Đắk Nông, for the report of the Đắk Nông regulation.
    assert ReintegrationSubject.objects.filter(synthetic=True).count() == 30 + 12
    assert subjects.count() == 30  # max(30, 300 / 1000), not doubled by the second run
    assert set(subjects.values_list("legal_status", flat=True)) == set(LegalStatus.values)
    assert set(subjects.exclude(group="").values_list("group", flat=True)) == set(Group.values)
    assert subjects.filter(ended_on__isnull=False, end_reason="sentenced_again").exists()
    assert subjects.filter(reoffended=True).exists()
    assert SubjectSupport.objects.filter(subject__synthetic=True).exists()
    assert all(s.person.synthetic and s.agency.name.startswith("Công an") for s in subjects)
    names = [s.person.full_name for s in subjects.select_related("person")]
    assert len(set(names)) == 30
    transfer = SubjectTransfer.objects.get(state="pending")
    officer = User.objects.get(username="canbo_xa")
    work = selectors.worklist(user=officer)
    assert work.arriving and work.overdue and work.incoming == [transfer]
    assert {item.clock.code for item in work.overdue if item.clock} >= {"notice", "verification"}

"""`dondoc demo`: idempotent, prints one user per role whose password works."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from dondoc.org.models import Agency, Membership, Role, User
from dondoc.web.management.commands.demo import DEMO_USERS

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
        assert "Huyện Sơn Dương, Tỉnh Tuyên Quang" in home
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
    assert numbers == {"284/KH-UBND", "", "111/KH-CAT-CSHS", "1320/QĐ-UBND"}
    assert all(d.periods.exists() for d in Document.objects.all())


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

    subjects = ReintegrationSubject.objects.filter(synthetic=True)
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

"""`dondoc remind` also reminds the communes of their late reintegration clocks: one digest a
week per agency, record numbers only, never a name."""

from __future__ import annotations

import datetime
from io import StringIO

from django.core import mail
from django.core.management import call_command

from dondoc.registry.services import person_create
from dondoc.reintegration.services import subject_register
from dondoc.tracking.models import Notification

from .factories import SUBJECT_NAME, world_subject


def test_weekly_digest_of_late_clocks_without_names(world) -> None:
    subject = world_subject(world)
    world.focal.email = "daumoi@example.vn"
    world.focal.save()
    out = StringIO()
    call_command("remind", "--date", "2026-11-30", stdout=out)
    assert "Công an huyện Sơn Dương — Tái hòa nhập cộng đồng: 3 việc quá hạn" in out.getvalue()
    notice = Notification.objects.get(user=world.focal, key__startswith="reintegration:")
    assert f"Hồ sơ #{subject.pk}: Phân công người giúp đỡ, hạn 21/01/2026" in notice.body
    assert notice.url.endswith("/du-lieu/tai-hoa-nhap/")
    assert SUBJECT_NAME not in notice.body and SUBJECT_NAME not in mail.outbox[-1].body
    # The same week: not again. The next week: again.
    call_command("remind", "--date", "2026-12-02", stdout=StringIO())
    assert Notification.objects.filter(key__startswith="reintegration:").count() == 1
    call_command("remind", "--date", "2026-12-07", stdout=StringIO())
    assert Notification.objects.filter(key__startswith="reintegration:").count() == 2


def test_the_digest_lists_the_clocks_of_community_sentences(world) -> None:
    person = person_create(actor=world.focal, agency=world.police_sd, full_name="Lê Thị Mận")
    subject = subject_register(
        actor=world.focal, agency=world.police_sd, person=person, legal_status="non_custodial",
        start_on=datetime.date(2026, 5, 4), received_on=datetime.date(2026, 5, 6),
        supervision_until=datetime.date(2027, 5, 4), unit=world.commune_sd,
    )  # fmt: skip
    call_command("remind", "--date", "2026-11-30", stdout=StringIO())
    body = Notification.objects.get(user=world.focal, key__startswith="reintegration:").body
    # October's report and the third quarter's review arose under Law 127/2025/QH15.
    assert f"Hồ sơ #{subject.pk}: Người chấp hành án báo cáo tháng 10/2026, hạn 31/10/2026" in body
    assert f"Hồ sơ #{subject.pk}: Nhận xét quá trình chấp hành án quý 3/2026" in body
    assert "Luật Thi hành án hình sự 2025 (127/2025/QH15)" in body
    assert "Lê Thị Mận" not in body

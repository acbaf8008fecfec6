"""Follow-up pages: "Việc của tôi" on the home page, "Nhắc" on the board, the reminder letter."""

from __future__ import annotations

import io
import shutil
import subprocess

import docx
import pytest
from django.urls import reverse

from dondoc.tracking.models import Notification, Nudge
from tests.plans.importers.builders import docx_to_pdf
from tests.tracking.factories import world_court_owes, world_tracking
from tests.world import signed_in

pytestmark = pytest.mark.django_db


def test_home_shows_each_user_his_work(world) -> None:
    tracked = world_tracking(world)
    officer = signed_in(world.officer).get(reverse("web:home")).content.decode()
    assert "Việc của tôi" in officer and 'id="work-owed"' in officer
    edit = reverse("web:report_edit", args=[tracked.period.pk, tracked.assignment.pk + 1])
    assert "Quá hạn 329 ngày" in officer and "/bao-cao/" in officer
    assert 'id="work-review"' not in officer  # an agency officer reviews nothing
    focal = signed_in(world.focal).get(reverse("web:home")).content.decode()
    assert 'id="work-review"' in focal
    assert reverse("web:report_detail", args=[tracked.report.pk]) in focal
    assert 'data-agency="Phòng Tư pháp huyện Sơn Dương"' in focal
    leader = signed_in(world.leader).get(reverse("web:home")).content.decode()
    assert "Chưa có báo cáo nào chờ bạn phê duyệt" in leader
    assert 'data-agency="Phòng Tư pháp huyện Sơn Dương"' in leader
    outsider = signed_in(world.outsider).get(reverse("web:home")).content.decode()
    assert "Phòng Tư pháp huyện Sơn Dương" not in outsider and "15/KH-UBND" not in outsider
    del edit


def test_nudge_from_the_board_tells_what_was_sent_to_whom_once_a_day(world) -> None:
    tracked = world_tracking(world)
    world.officer.email = "canbo@example.vn"
    world.officer.save()
    client = signed_in(world.focal)
    url = reverse("web:plan_remind", args=[tracked.plan.pk])
    form = {"period": tracked.period.pk, "agency": world.justice_sd.pk}
    response = client.post(url, form, follow=True)
    page = response.content.decode()
    assert "Đã nhắc Phòng Tư pháp huyện Sơn Dương (2 nhiệm vụ chưa gửi báo cáo)" in page
    assert "canbo@example.vn" in page
    notice = Notification.objects.get(user=world.officer, key__startswith="nudge:")
    assert notice.email_wanted and notice.site_url == "http://testserver"
    again = client.post(url, form, follow=True).content.decode()
    assert "đã được nhắc hôm nay" in again
    assert Nudge.objects.count() == 1
    assert Notification.objects.filter(user=world.officer, key__startswith="nudge:").count() == 1


def test_nudge_and_letter_are_refused_outside_the_plans_focal_officers(world) -> None:
    tracked = world_tracking(world)
    url = reverse("web:plan_remind", args=[tracked.plan.pk])
    letter = reverse("web:reminder_letter_docx", args=[tracked.plan.pk, tracked.period.pk])
    form = {"period": tracked.period.pk, "agency": world.justice_sd.pk}
    for user in (world.outsider, world.officer, world.leader):
        client = signed_in(user)
        assert client.post(url, form).status_code == 404
        assert client.get(f"{letter}?co_quan={world.justice_sd.pk}").status_code == 404
    assert client.get(url).status_code == 405  # a GET never reminds
    assert not Nudge.objects.exists()


def _text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs) + "\n".join(
        cell.text
        for t in docx.Document(io.BytesIO(data)).tables
        for row in t.rows
        for cell in row.cells
    )


def test_board_offers_the_letter_for_agencies_with_no_account(world) -> None:
    tracked = world_tracking(world)
    world_court_owes(world)
    client = signed_in(world.focal)
    board = client.get(reverse("web:plan_board", args=[tracked.plan.pk])).content.decode()
    assert 'id="download-letter"' in board and 'id="remind-all"' in board
    response = client.get(
        reverse("web:reminder_letter_docx", args=[tracked.plan.pk, tracked.period.pk])
    )
    assert response.status_code == 200
    text = _text(response.content)
    assert "Kính gửi: \n- Phòng Văn hóa và Thông tin huyện Sơn Dương;\n- Tòa án nhân dân" in text
    assert "V/v đôn đốc báo cáo năm 2025" in text
    assert "phối hợp: I.2" in text  # the table: agency × what it owes, the plan's numbering
    assert "hạn báo cáo ngày 05/01/2026" in text and "Phòng Tư pháp" not in text  # has an account
    assert "CÔNG AN HUYỆN SƠN DƯƠNG" in text and "năm 2026" in text  # issuer, year of issue
    assert "Như trên;" in text and "Lưu: VT, CAH." in text
    assert "Ủy ban nhân dân huyện Sơn Dương (để báo cáo);" in text


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_the_letter_renders_as_a_decree_30_cong_van(world, tmp_path) -> None:
    tracked = world_tracking(world)
    world_court_owes(world)
    data = (
        signed_in(world.focal)
        .get(reverse("web:reminder_letter_docx", args=[tracked.plan.pk, tracked.period.pk]))
        .content
    )
    source = tmp_path / "letter.pdf"
    source.write_bytes(docx_to_pdf(data, tmp_path))
    pdf = subprocess.run(  # noqa: S603 - fixed arguments
        ["/usr/bin/pdftotext", "-layout", str(source), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    lines = [line for line in pdf.splitlines() if line.strip()]
    head = next(line for line in lines if "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line)
    assert head.index("CỘNG HÒA") > head.index("CÔNG AN")  # the two columns of the head
    assert any(line.strip().startswith("V/v đôn đốc") for line in lines)
    assert "Kính gửi:" in pdf and "- Tòa án nhân dân huyện Sơn Dương." in pdf
    assert "Nơi nhận:" in pdf and "Như trên;" in pdf

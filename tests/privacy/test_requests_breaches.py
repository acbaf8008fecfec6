"""Requests of data subjects (deadlines, history, overdue on the worklist) and the breach
register (72-hour clock, the notification and the impact-assessment dossier as DOCX)."""

from __future__ import annotations

import datetime
import io

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from dondoc.core.exceptions import InvalidInput, NotAllowed
from dondoc.privacy import documents, selectors, services
from dondoc.privacy.models import SubjectRequest
from tests.nowrite import no_writes
from tests.world import signed_in

pytestmark = pytest.mark.django_db
D = datetime.date


def _text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_a_request_gets_its_deadlines_in_working_days_and_its_history(world) -> None:
    # Friday 20/11/2026: acknowledged within 2 working days (Mon 23, then Wed 25: the 24th is a
    # public holiday of core.dates' calendar), done within 10 days.
    request = services.subject_request_register(
        actor=world.focal, agency=world.police_sd, kind="access", subject_name="Nguyễn Văn Ba",
        received_on=D(2026, 11, 20), detail="Xin xem dữ liệu của tôi",
    )  # fmt: skip
    assert (request.acknowledge_due, request.due_on) == (D(2026, 11, 25), D(2026, 11, 30))
    assert selectors.request_status(request, today=D(2026, 11, 25)) == "open"
    assert selectors.request_status(request, today=D(2026, 11, 26)) == "ack_overdue"
    assert list(selectors.requests_overdue(user=world.focal, today=D(2026, 11, 26))) == [request]
    services.subject_request_acknowledge(actor=world.focal, request=request, on=D(2026, 11, 23))
    with pytest.raises(InvalidInput, match="không được gia hạn"):
        services.subject_request_extend(
            actor=world.focal, request=request, on=D(2026, 11, 23), reason="Phức tạp"
        )
    request = services.subject_request_close(
        actor=world.focal, request=request, on=D(2026, 11, 27), done=True, answer="Đã cung cấp"
    )
    assert request.status == SubjectRequest.Status.DONE
    assert [e.action for e in request.events.all()] == ["received", "acknowledged", "done"]
    assert not selectors.requests_overdue(user=world.focal, today=D(2026, 12, 31)).exists()


def test_a_deletion_is_extended_once_and_goes_overdue(world) -> None:
    request = services.subject_request_register(
        actor=world.focal, agency=world.police_sd, kind="deletion", subject_name="Lê Thị Tư",
        received_on=D(2026, 10, 1),
    )  # fmt: skip
    assert request.due_on == D(2026, 10, 21)
    services.subject_request_extend(
        actor=world.focal, request=request, on=D(2026, 10, 10), reason="Cần xác minh"
    )
    request.refresh_from_db()
    assert request.due_on == D(2026, 11, 5) and request.extended
    with pytest.raises(InvalidInput, match="một lần"):
        services.subject_request_extend(
            actor=world.focal, request=request, on=D(2026, 10, 11), reason="Lần nữa"
        )
    assert selectors.request_status(request, today=D(2026, 11, 30)) == "overdue"
    work = signed_in(world.focal).get(reverse("web:privacy_home")).content.decode()
    assert f"Xóa dữ liệu cá nhân #{request.pk}</a> — quá hạn" in work


def test_only_the_agencys_officers_register_and_outsiders_see_nothing(world) -> None:
    for user in (world.leader, world.outsider, world.inspector):
        with pytest.raises(NotAllowed):
            services.subject_request_register(
                actor=user, agency=world.police_sd, kind="access", subject_name="A",
                received_on=D(2026, 11, 2),
            )  # fmt: skip
    request = services.subject_request_register(
        actor=world.focal, agency=world.police_sd, kind="correction", subject_name="Trần Văn Năm",
        received_on=D(2026, 11, 2),
    )  # fmt: skip
    url = reverse("web:subject_request_detail", args=[request.pk])
    for user in (world.outsider, world.officer_ys, world.nobody):
        page = signed_in(user).get(url)
        assert page.status_code == 404 and "Trần Văn Năm" not in page.content.decode()
    assert signed_in(world.leader).get(reverse("web:subject_request_new")).status_code == 404
    inspector = signed_in(world.inspector)
    with no_writes():
        assert "Trần Văn Năm" in inspector.get(url).content.decode()


def test_the_request_pages_register_and_answer(world) -> None:
    client = signed_in(world.focal)
    bad = client.post(
        reverse("web:subject_request_new"), {"kind": "access", "received_on": "31/02/2026"}
    )
    assert bad.status_code == 400 and "Ngày nhận yêu cầu" in bad.content.decode()
    assert not SubjectRequest.objects.exists()
    made = client.post(
        reverse("web:subject_request_new"),
        {"agency": world.police_sd.pk, "kind": "objection", "subject_name": "Phạm Thị Sáu",
         "received_on": "16/11/2026", "detail": "Phản đối"},
    )  # fmt: skip
    request = SubjectRequest.objects.get()
    assert made.status_code == 302 and request.subject_name == "Phạm Thị Sáu"
    client.post(
        reverse("web:subject_request_detail", args=[request.pk]),
        {"step": "refuse", "on": "20/11/2026", "note": "Xử lý theo nghĩa vụ luật định"},
    )
    request.refresh_from_db()
    assert request.status == SubjectRequest.Status.REFUSED and request.answered_on == D(
        2026, 11, 20
    )


def test_a_breach_has_its_72_hour_clock_and_its_notification(world) -> None:
    now = timezone.now()
    breach = services.breach_register(
        actor=world.focal, agency=world.police_sd,
        discovered_at=now - datetime.timedelta(hours=10),
        description="Máy tính xách tay chứa tệp xuất dữ liệu bị mất",
        categories="Họ tên, số định danh",
        subjects_affected=12, records_affected=30, measures="Khóa tài khoản, đổi khóa mã hóa",
    )  # fmt: skip
    assert breach.notify_due == breach.discovered_at + datetime.timedelta(hours=72)
    assert round(selectors.breach_hours_left(breach, now=now)) == 62
    assert list(selectors.breaches_unnotified(user=world.focal)) == [breach]
    text = _text(documents.breach_notification_docx(breach, on=timezone.localdate()))
    assert "Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao (A05)" in text
    assert "Máy tính xách tay" in text and "12" in text and "72 giờ" in text
    page = signed_in(world.focal).get(reverse("web:breach_notification_docx", args=[breach.pk]))
    assert page.status_code == 200 and page.content[:2] == b"PK"
    assert (
        signed_in(world.outsider)
        .get(reverse("web:breach_notification_docx", args=[breach.pk]))
        .status_code
        == 404
    )
    services.breach_notified(
        actor=world.focal, breach=breach, notified_at=now, notice_number="15/CV"
    )
    assert not selectors.breaches_unnotified(user=world.focal).exists()
    with pytest.raises(InvalidInput):
        services.breach_notified(actor=world.focal, breach=breach, notified_at=now)


def test_the_impact_assessment_is_written_from_the_inventory(world) -> None:
    text = _text(documents.impact_assessment_docx(world.police_sd, on=D(2026, 11, 30)))
    for expected in (
        "Tiếp nhận, giải quyết tố giác, tin báo về tội phạm",
        "Bộ luật Tố tụng hình sự 2015, Điều 144–147",
        "họ và tên (cơ bản; mã hóa)",
        "dân tộc (nhạy cảm; không mã hóa, dùng cho thống kê)",
        "ngày sinh (nhạy cảm; mã hóa)",
        "20 năm kể từ ngày tiếp nhận",
    ):
        assert expected in text, expected
    page = signed_in(world.focal).get(
        reverse("web:impact_assessment_docx", args=[world.police_sd.pk])
    )
    assert page.status_code == 200
    outsider = signed_in(world.outsider).get(
        reverse("web:impact_assessment_docx", args=[world.police_sd.pk])
    )
    assert outsider.status_code == 404

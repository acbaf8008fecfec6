"""The casework pages as an officer uses them (issue 17): each form goes through its service and
comes back to the record's page with the service's message; what is withdrawn leaves the lists."""

from __future__ import annotations

import datetime

from django.contrib.messages import get_messages
from django.urls import reverse

from dondoc.registry import corrections
from dondoc.registry.models import CrimeReport, Referral
from tests.registry.factories import (
    COMPLAINANT,
    VICTIM,
    world_case,
    world_complaint,
    world_crime_report,
    world_referral,
)
from tests.world import signed_in


def _told(response) -> list[str]:
    """The message the request added (the last: the earlier ones wait for a page to show)."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1:]


def test_the_complaint_page_shows_the_deadline_and_its_rule(world) -> None:
    complaint = world_complaint(world)
    url = reverse("web:complaint_detail", args=[complaint.pk])
    assert COMPLAINANT not in signed_in(world.focal).get(url).content.decode()  # masked
    page = signed_in(world.focal).get(url + "?hien=1")  # "Hiện", audited
    text = page.content.decode()
    assert page.status_code == 200
    assert COMPLAINANT in text
    assert "02/12/2026" in text and "30 ngày kể từ ngày thụ lý" in text
    assert "Luật Khiếu nại 2011, Điều 28" in text and 'id="resolve"' in text


def test_a_leader_sees_the_complaint_but_no_form(world) -> None:
    complaint = world_complaint(world)
    page = signed_in(world.leader).get(
        reverse("web:complaint_detail", args=[complaint.pk]) + "?hien=1"
    )
    assert page.status_code == 200 and 'id="resolve"' not in page.content.decode()
    assert COMPLAINANT not in page.content.decode()  # a leader's role sees no names
    url = reverse("web:complaint_round_resolve", args=[complaint.pk])
    sent = signed_in(world.leader).post(
        url, {"round": complaint.rounds.get().pk, "outcome": "upheld", "resolved_on": "10/11/2026"}
    )
    assert "Chỉ cán bộ của cơ quan" in _told(sent)[0]
    assert complaint.rounds.get().outcome == "pending"


def test_resolving_twice_from_two_pages_tells_the_second(world) -> None:
    complaint = world_complaint(world)
    url = reverse("web:complaint_round_resolve", args=[complaint.pk])
    form = {"round": complaint.rounds.get().pk, "outcome": "upheld", "resolved_on": "10/11/2026"}
    client = signed_in(world.focal)
    assert _told(client.post(url, form)) == ["Đã ghi kết quả giải quyết."]
    again = client.post(url, form | {"outcome": "rejected"})
    assert "đã có kết quả “Đúng” ngày 10/11/2026" in _told(again)[0]


def test_a_bad_date_is_told_by_field(world) -> None:
    complaint = world_complaint(world)
    url = reverse("web:complaint_round_resolve", args=[complaint.pk])
    sent = signed_in(world.focal).post(
        url, {"round": complaint.rounds.get().pk, "outcome": "upheld", "resolved_on": "31/02/2026"}
    )
    assert sent.status_code == 302 and "Ngày giải quyết" in _told(sent)[0]


def test_a_case_is_advanced_and_a_person_added_from_its_page(world) -> None:
    case = world_case(world)
    client = signed_in(world.focal)
    sent = client.post(
        reverse("web:case_advance", args=[case.pk]),
        {"expected_stage": "investigation", "stage": "prosecution", "on": "01/11/2026",
         "outcome": "pending", "note": "Cáo trạng 12/CT-VKS"},
    )  # fmt: skip
    assert _told(sent) == ["Đã cập nhật giai đoạn vụ án."]
    sent = client.post(
        reverse("web:case_person_add", args=[case.pk]),
        {"person_name": "Trần Văn Can", "person_sex": "male", "role": "suspect"},
    )
    assert _told(sent) == ["Đã thêm người tham gia tố tụng."]
    page = client.get(reverse("web:case_detail", args=[case.pk]) + "?hien=1").content.decode()
    assert "Cáo trạng 12/CT-VKS" in page and "Trần Văn Can" in page and "Truy tố" in page


def test_a_withdrawn_report_leaves_the_list(world) -> None:
    report = world_crime_report(world)
    client = signed_in(world.focal)
    sent = client.post(
        reverse("web:record_withdraw", args=["tin-bao", report.pk]), {"reason": "duplicate"}
    )
    assert sent["Location"] == reverse("web:registry_home")
    assert CrimeReport.objects.get(pk=report.pk).withdrawn
    listing = client.get(reverse("web:crime_report_list")).content.decode()
    assert report.number not in listing
    assert client.get(reverse("web:crime_report_detail", args=[report.pk])).status_code == 404


def test_a_victim_is_referred_from_the_report(world) -> None:
    report = world_crime_report(world)
    victim = report.involved.get(role="victim").person
    client = signed_in(world.focal)
    url = reverse("web:referral_new", args=[report.pk])
    assert VICTIM in client.get(url).content.decode()
    form = {"person": victim.pk, "service": "legal_aid", "provider_name": "Trung tâm TGPL tỉnh",
            "referred_on": "20/11/2026", "consent_by": "self",
            "consent_on": "20/11/2026"}  # fmt: skip
    refused = client.post(url, form)
    assert refused.status_code == 400 and "cha, mẹ hoặc người giám hộ" in refused.content.decode()
    sent = client.post(url, form | {"consent_by": "parent", "consent_name": "Đinh Văn Bố"})
    referral = Referral.objects.get()
    assert sent["Location"] == reverse("web:referral_detail", args=[referral.pk])
    assert referral.respond_by == datetime.date(2026, 11, 23)


def test_an_overdue_referral_is_on_the_worklist_until_answered(world) -> None:
    referral = world_referral(world)
    client = signed_in(world.focal)
    assert 'id="overdue-referrals"' in client.get(reverse("web:home")).content.decode()
    assert (
        'id="overdue-referrals"'
        not in signed_in(world.outsider).get(reverse("web:home")).content.decode()
    )
    sent = client.post(
        reverse("web:referral_respond", args=[referral.pk]),
        {"accepted": "1", "responded_on": "22/11/2026"},
    )
    assert _told(sent) == ["Đã ghi trả lời của cơ sở."]
    assert 'id="overdue-referrals"' not in client.get(reverse("web:home")).content.decode()


def test_an_import_is_undone_from_the_history_page(world) -> None:
    from dondoc.registry.transfer import registry_import

    data = "Ngày tiếp nhận,Nguồn tin\n02/11/2026,Tin báo về tội phạm\n"
    registry_import(actor=world.focal, agency=world.police_sd, kind="crime_reports",
                    data=data.encode(), filename="tb.csv")  # fmt: skip
    client = signed_in(world.focal)
    page = client.get(reverse("web:import_history")).content.decode()
    assert "Hoàn tác lần nhập" in page
    [(_, made)] = corrections.imports_of(agency_ids=[world.police_sd.pk])
    sent = client.post(
        reverse("web:import_undo"),
        {"agency": world.police_sd.pk, "kind": "crime_reports",
         "imported_at": made.imported_at.isoformat()},
    )  # fmt: skip
    assert _told(sent)[0].startswith("Đã hoàn tác lần nhập")
    assert not CrimeReport.objects.filter(withdrawn_at__isnull=True).exists()
    outsider = signed_in(world.outsider).post(
        reverse("web:import_undo"),
        {"agency": world.police_sd.pk, "kind": "crime_reports",
         "imported_at": made.imported_at.isoformat()},
    )  # fmt: skip
    assert "Chỉ cán bộ" in _told(outsider)[0] or "Không tìm thấy" in _told(outsider)[0]


def test_a_complaint_is_corrected_from_its_page_and_its_history_shown(world) -> None:
    complaint = world_complaint(world)
    client = signed_in(world.focal)
    url = reverse("web:record_correct", args=["khieu-nai", complaint.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Khiếu nại quyết định xử phạt" in page.content.decode()
    form = {"kind": "complaint", "respondent": "", "content": "Khiếu nại quyết định xử phạt",
            "occurred_on": "", "place": "", "torture_act": "", "received_on": "29/10/2026",
            "complex": "on"}  # fmt: skip
    refused = client.post(url, form)
    assert refused.status_code == 400 and "Lý do sửa" in refused.content.decode()
    sent = client.post(url, form | {"correction_reason": "Nhập sai ngày nhận đơn"})
    assert sent["Location"] == reverse("web:complaint_detail", args=[complaint.pk])
    complaint.refresh_from_db()
    assert complaint.received_on == datetime.date(2026, 10, 29) and complaint.complex
    assert complaint.rounds.get().due_on == datetime.date(2026, 12, 17)  # 45 days: complex
    detail = client.get(reverse("web:complaint_detail", args=[complaint.pk])).content.decode()
    history = detail.split('id="history"')[-1]
    assert "Nhập sai ngày nhận đơn" in history
    assert "Ngày nhận đơn: 30/10/2026" in history and "Vụ việc phức tạp: Không" in history
    assert signed_in(world.leader).get(url).status_code == 404  # sees it, does not keep it

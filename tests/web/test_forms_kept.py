"""The last hand-parsed forms, now Django Forms: the reporting schedule and ad hoc periods,
the registry import's confirmation, the small forms of a reintegration subject's page. A
refused value comes back as it was typed, with a Vietnamese message naming the field, and
nothing changes."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dondoc.registry.models import CrimeReport
from dondoc.reintegration.models import SubjectEvent, SubjectSupport
from dondoc.tracking.models import ReportingPeriod, ReportingSchedule
from tests.reintegration.factories import world_subject
from tests.tracking.factories import world_tracking
from tests.world import World, signed_in

pytestmark = pytest.mark.django_db

SCHEDULE = {
    "action": "schedule", "frequencies": ["year"], "due_day": "30", "due_month": "11",
    "days_after_end": "5", "cutoff": "national", "start_year": "2024", "end_year": "2025",
}  # fmt: skip


@pytest.mark.parametrize(
    ("field", "typed", "says"),
    [
        ("due_day", "32", "Hạn báo cáo năm: ngày: “32”: không được lớn hơn 31."),
        ("due_day", "ba mươi", "Hạn báo cáo năm: ngày: “ba mươi”:"),
        ("due_month", "0", "Hạn báo cáo năm: tháng: “0”: không được nhỏ hơn 1."),
        ("start_year", "2.024,5", "Từ năm: “2.024,5”:"),
        ("days_after_end", "61", "Các kỳ khác: số ngày hạn nộp sau khi hết kỳ: “61”"),
    ],
)
def test_a_schedule_value_refused_is_named_and_kept(
    world: World, field: str, typed: str, says: str
) -> None:
    plan = world_tracking(world).plan
    before = list(ReportingSchedule.objects.filter(document=plan).values())
    url = reverse("web:plan_schedule", args=[plan.pk])
    response = signed_in(world.focal).post(url, {**SCHEDULE, field: typed})
    html = response.content.decode()
    assert response.status_code == 400 and says in html
    assert f'name="{field}" value="{typed}"' in html  # the box keeps what was typed
    assert 'name="end_year" value="2025"' in html  # and so do the others
    assert list(ReportingSchedule.objects.filter(document=plan).values()) == before


def test_an_ad_hoc_period_reads_dates_as_officers_write_them(world: World) -> None:
    plan = world_tracking(world).plan
    url = reverse("web:plan_schedule", args=[plan.pk])
    client = signed_in(world.focal)
    form = {"action": "add_period", "title": "Báo cáo phục vụ đoàn kiểm tra",
            "starts_on": "01/01/2026", "ends_on": "31/10/2026", "due_on": "20/11/2026"}  # fmt: skip
    refused = client.post(url, {**form, "ends_on": "31/09/2026"})
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "Số liệu đến ngày: “31/09/2026”: cần một ngày có thật, dạng 31/12/2024." in html
    assert 'value="31/09/2026"' in html and 'value="Báo cáo phục vụ đoàn kiểm tra"' in html
    assert not ReportingPeriod.objects.filter(kind="ad_hoc").exists()
    assert client.post(url, form).status_code == 302
    period = ReportingPeriod.objects.get(kind="ad_hoc")
    assert (period.ends_on.isoformat(), period.due_on.isoformat()) == ("2026-10-31", "2026-11-20")


def test_the_import_confirmation_keeps_the_agency_and_refuses_another(world: World) -> None:
    client = signed_in(world.focal)
    url = reverse("web:registry_import", args=["crime_reports"])
    csv = (
        "Ngày tiếp nhận,Nguồn tin,Điều luật (BLHS),Họ tên bị hại,Năm sinh bị hại\n"
        "01/03/2024,Tố giác về tội phạm,146,Lê Thị Hoa,2012\n"
        "31/02/2024,Tố giác về tội phạm,146,,\n"
    )
    upload = SimpleUploadedFile("tb.csv", csv.encode("utf-8"))
    preview = client.post(url, {"agency": world.police_sd.pk, "file": upload, "sheet": "Tin báo"})
    html = preview.content.decode()
    assert f'name="agency" value="{world.police_sd.pk}"' in html  # the confirm form's agency
    assert 'name="sheet" size="16" maxlength="31" value="Tin báo"' in html
    other = client.post(url, {"agency": world.justice_sd.pk, "confirm": "1"})
    assert other.status_code == 400
    assert "Cơ quan được chọn không thuộc các cơ quan bạn nhập hồ sơ." in other.content.decode()
    assert not CrimeReport.objects.exists()
    confirmed = client.post(url, {"agency": world.police_sd.pk, "confirm": "1"})
    assert confirmed.status_code == 200 and CrimeReport.objects.count() == 1


def test_a_subject_form_refused_comes_back_as_typed(world: World) -> None:
    subject = world_subject(world)
    client = signed_in(world.focal)
    event = client.post(
        reverse("web:reintegration_event", args=[subject.pk]),
        {"kind": "note", "on": "31/02/2026", "note": "Đến làm việc tại xã"},
    )
    html = event.content.decode()
    assert event.status_code == 400
    assert "Ngày: “31/02/2026”: cần một ngày có thật, dạng 31/12/2024." in html
    event_form = html.split('id="event-form"', 1)[1].split("</form>", 1)[0]
    assert 'value="31/02/2026"' in event_form and "Đến làm việc tại xã" in event_form
    assert '<option value="note" selected>' in event_form
    assert not SubjectEvent.objects.filter(kind="note").exists()

    support = client.post(
        reverse("web:reintegration_support", args=[subject.pk]),
        {"kind": "loan", "provided_on": "20/11/2026", "amount": "20.000.000,5",
         "provider": "999999"},
    )  # fmt: skip
    html = support.content.decode()
    assert support.status_code == 400
    assert "Cơ quan hỗ trợ được chọn không thuộc danh sách." in html
    assert "Số tiền (đồng): “20.000.000,5”: cần số đồng, không có phần lẻ" in html
    support_form = html.split('id="support-form"', 1)[1].split("</form>", 1)[0]
    assert 'value="20.000.000,5"' in support_form
    assert not SubjectSupport.objects.exists()

"""Registry and statistics pages as an officer uses them."""

from __future__ import annotations

from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from dondoc.registry.models import CrimeReport
from dondoc.registry.transfer import synthetic_crime_reports
from tests.registry.factories import NUMBER, VICTIM, grant_personal_export, world_crime_report
from tests.world import signed_in

pytestmark = pytest.mark.django_db

CSV = (
    "Ngày tiếp nhận,Nguồn tin,Điều luật (BLHS),Họ tên bị hại,Năm sinh bị hại\n"
    "01/03/2024,Tố giác về tội phạm,146,Lê Thị Hoa,2012\n"
    "31/02/2024,Tố giác về tội phạm,146,,\n"
)


def test_import_preview_then_confirm(world) -> None:
    client = signed_in(world.focal)
    url = reverse("web:registry_import", args=["crime_reports"])
    upload = SimpleUploadedFile("tb.csv", CSV.encode("utf-8"))
    preview = client.post(url, {"agency": world.police_sd.pk, "file": upload})
    assert preview.status_code == 400
    html = preview.content.decode()
    assert "1/2 dòng bị từ chối: chưa lưu dòng nào" in html and "Ngày tiếp nhận" in html
    assert not CrimeReport.objects.exists()
    confirmed = client.post(url, {"agency": world.police_sd.pk, "confirm": "1"})
    assert confirmed.status_code == 200 and "Đã lưu 1/2 dòng" in confirmed.content.decode()
    assert CrimeReport.objects.count() == 1


def test_detail_shows_the_victim_and_the_read_is_audited(world) -> None:
    report = world_crime_report(world)
    listing = signed_in(world.leader).get(reverse("web:crime_report_list")).content.decode()
    assert NUMBER in listing and VICTIM not in listing  # no personal data in lists
    page = signed_in(world.leader).get(reverse("web:crime_report_detail", args=[report.pk]))
    html = page.content.decode()
    # A leader sees the record, the victim's sex and age, never her name (privacy.masking).
    assert VICTIM not in html and "Điều 146" in html and "Quá hạn" in html and "Nữ" in html
    entry = LogEntry.objects.get(additional_data__action="registry.read")
    assert entry.actor == world.leader and entry.object_pk == str(report.pk)
    # The police's focal officer reveals it ("Hiện"), and the reveal is audited.
    url = reverse("web:crime_report_detail", args=[report.pk])
    assert VICTIM not in signed_in(world.focal).get(url).content.decode()
    assert VICTIM in signed_in(world.focal).get(url, {"hien": 1}).content.decode()
    reveal = LogEntry.objects.get(additional_data__action="privacy.reveal")
    assert reveal.actor == world.focal and reveal.object_pk == str(report.pk)


def test_stats_page_table_public_version_and_synthetic_notice(world) -> None:
    world_crime_report(world)
    synthetic_crime_reports(
        actor=world.focal, places=[(world.police_sd, world.commune_sd)], count=30,
        years=(2024, 2024),
    )  # fmt: skip
    client = signed_in(world.focal)
    query = {"don_vi": world.province.pk, "nam": 2024, "chia_theo": "sex"}
    waiting = client.get(reverse("web:stats"), query).content.decode()
    assert "Số liệu chưa được tính" in waiting and "Tính lại ngay" in waiting  # a GET builds none
    url = reverse("web:stats") + "?" + "&".join(f"{k}={v}" for k, v in query.items())
    assert client.post(url).status_code == 302  # "Tính lại ngay": the background task's rebuild
    html = client.get(reverse("web:stats"), query).content.decode()
    assert "Số liệu tính đến" in html and "Tính lại ngay" not in html
    assert "Tố giác, tin báo về tội phạm và kiến nghị khởi tố" in html
    assert "Dữ liệu giả lập" in html and 'data-key="female"' in html
    public = client.get(reverse("web:stats"), {**query, "cong_bo": "1"}).content.decode()
    assert "được ẩn" in public
    download = client.get(reverse("web:stats_download"), query)
    assert download.status_code == 200 and download.content[:2] == b"PK"
    outsider = signed_in(world.outsider).get(reverse("web:stats"), query).content.decode()
    assert 'data-key="female"' not in outsider  # Tuyên Quang is not in its scope


def test_api_lists_without_personal_data_and_exports_with_audit(world) -> None:
    from tests.world import signed_in_api

    world_crime_report(world)
    client = signed_in_api(world.focal)
    listing = client.get("/api/registry/crime-reports/").json()
    rows = listing["results"] if isinstance(listing, dict) else listing
    assert len(rows) == 1 and rows[0]["number"] == NUMBER
    assert VICTIM not in str(listing) and NUMBER in str(listing)
    url = f"/api/registry/crime_reports/export/?as=csv&agency={world.police_sd.pk}"
    assert client.get(url).status_code == 403  # personal data: no grant yet
    grant_personal_export(world.focal, world.police_sd)
    export = client.get(url)
    assert export.status_code == 200 and VICTIM in export.content.decode("utf-8-sig")
    assert export["Cache-Control"] == "no-store"
    assert LogEntry.objects.filter(additional_data__action="registry.export").exists()
    call_command("stats", "refresh", stdout=StringIO())  # what the background task does
    table = client.get(f"/api/stats/crime_reports/{world.son_duong.pk}/?year=2024&by=sex")
    assert table.json()["rows"][-2][1] == 1  # the total row: one report received


def test_an_officer_registers_a_report_with_its_victim_then_decides(world) -> None:
    from dondoc.registry.models import EthnicGroup, Person

    client = signed_in(world.focal)
    url = reverse("web:crime_report_new")
    bad = client.post(url, {"agency": world.police_sd.pk, "received_on": "31/02/2024"})
    assert bad.status_code == 400 and "ngày có thật" in bad.content.decode()
    response = client.post(
        url,
        {
            "agency": world.police_sd.pk,
            "received_on": "02/05/2024",
            "source": "denunciation",
            "offence": "Điều 146",
            "victim_name": "Hà Thị Lan",
            "victim_sex": "female",
            "victim_birth_year": "2013",
            "victim_ethnicity": EthnicGroup.objects.get(name="Tày").pk,
        },
    )
    assert response.status_code == 302
    report = CrimeReport.objects.get()
    assert report.due_on.isoformat() == "2024-05-22"
    assert Person.objects.get().full_name == "Hà Thị Lan"
    decided = client.post(
        reverse("web:crime_report_decide", args=[report.pk]),
        {"decision": "prosecute", "decided_on": "10/05/2024"},
    )
    assert decided.status_code == 302
    report.refresh_from_db()
    assert (report.decision, report.decided_on.isoformat()) == ("prosecute", "2024-05-10")
    assert (
        signed_in(world.leader)
        .post(
            reverse("web:crime_report_decide", args=[report.pk]),
            {"decision": "suspend", "decided_on": "11/05/2024"},
        )
        .status_code
        == 302
    )
    report.refresh_from_db()
    assert report.decision == "prosecute"  # a leader reads, does not record


def test_a_complaint_is_registered_with_its_deadline(world) -> None:
    from dondoc.registry.models import Complaint, TortureAct

    client = signed_in(world.focal)
    response = client.post(
        reverse("web:complaint_new"),
        {
            "agency": world.police_sd.pk,
            "kind": "complaint",
            "complainant_name": "Bà E",
            "complainant_sex": "female",
            "content": "Khiếu nại việc bị giữ quá thời hạn",
            "torture_act": TortureAct.objects.get(code="bat_giu_giam_trai_phap_luat").pk,
            "received_on": "02/01/2024",
            "accepted_on": "05/01/2024",
        },
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.rounds.get().due_on.isoformat() == "2024-02-04"  # 30 days
    listing = client.get(reverse("web:complaint_list")).content.decode()
    assert "Bắt, giữ hoặc giam người trái pháp luật" in listing and "Bà E" not in listing
    empty = client.post(reverse("web:complaint_new"), {"agency": world.police_sd.pk})
    assert empty.status_code == 400


def test_an_activity_is_recorded_and_listed_in_scope(world) -> None:
    from dondoc.registry.models import Activity

    client = signed_in(world.officer)
    response = client.post(
        reverse("web:simple_new", args=["hoat-dong"]),
        {
            "agency": world.justice_sd.pk,
            "kind": "conference",
            "subject": "cat",
            "title": "Hội nghị phổ biến Công ước chống tra tấn",
            "held_on": "26/06/2024",
            "participants_male": "40",
            "participants_female": "35",
            "languages": "Tiếng Việt",
            "materials": "150",
            "audiences": ["officials", "women"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    activity = Activity.objects.get()
    assert (activity.agency, activity.audiences) == (world.justice_sd, ["officials", "women"])
    listing = client.get(reverse("web:simple_list", args=["hoat-dong"])).content.decode()
    assert "Hội nghị phổ biến Công ước chống tra tấn" in listing and "Hội nghị" in listing
    other = signed_in(world.officer_ys).get(reverse("web:simple_list", args=["hoat-dong"]))
    assert "Hội nghị phổ biến" not in other.content.decode()
    bad = client.post(
        reverse("web:simple_new", args=["hoat-dong"]), {"agency": world.justice_sd.pk}
    )
    assert bad.status_code == 400
    assert client.get(reverse("web:simple_list", args=["khong-co"])).status_code == 404


def test_cases_claims_and_victim_support_on_the_web(world) -> None:
    from dondoc.registry.models import CompensationClaim, CriminalCase, Offence, VictimSupport

    client = signed_in(world.focal)
    case = client.post(
        reverse("web:case_new"),
        {
            "agency": world.police_sd.pk,
            "number": "5/2024/HS",
            "opened_on": "01/04/2024",
            "offences": [Offence.objects.get(article=374).pk],
            "suspect_name": "Cán bộ H",
            "suspect_sex": "male",
            "victim_name": "Anh K",
        },
    )
    assert case.status_code == 302
    recorded = CriminalCase.objects.get()
    assert recorded.involved.count() == 2 and recorded.offences.get().article == 374
    assert "5/2024/HS" in client.get(reverse("web:case_list")).content.decode()
    claim = client.post(
        reverse("web:compensation_new"),
        {
            "agency": world.police_sd.pk,
            "claimant_name": "Anh K",
            "damaging_act": "Bị bức cung",
            "amount_claimed": "150.000.000",
            "accepted_on": "02/05/2024",
        },
    )
    assert claim.status_code == 302
    assert CompensationClaim.objects.get().amount_claimed == 150_000_000
    listing = client.get(reverse("web:compensation_list")).content.decode()
    assert "Xác minh thiệt hại, hạn 17/05/2024" in listing  # 15 days after acceptance
    report = world_crime_report(world)
    link = report.involved.get()
    added = client.post(
        reverse("web:victim_support_add", args=[report.pk]),
        {"link": link.pk, "form": "counselling", "provided_on": "10/05/2024"},
    )
    assert added.status_code == 302
    assert VictimSupport.objects.get().person == link.person
    detail = client.get(reverse("web:crime_report_detail", args=[report.pk])).content.decode()
    assert "Tư vấn tâm lý (10/05/2024)" in detail


def test_a_claim_moves_through_its_steps(world) -> None:
    from tests.registry.factories import world_claim

    claim = world_claim(world)
    client = signed_in(world.focal)
    url = reverse("web:compensation_detail", args=[claim.pk])
    page = client.get(url).content.decode()
    assert "Xác minh thiệt hại" in page and "17/05/2024" in page
    wrong = client.post(url, {"verified_on": "20/05/2024", "negotiated_on": "10/05/2024",
                              "outcome": "pending"})  # fmt: skip
    assert wrong.status_code == 400 and "theo thứ tự" in wrong.content.decode()
    done = client.post(
        url,
        {"verified_on": "15/05/2024", "negotiated_on": "24/05/2024", "decided_on": "30/05/2024",
         "outcome": "decided", "amount_decided": "8.000.000"},
    )  # fmt: skip
    assert done.status_code == 302
    claim.refresh_from_db()
    assert (claim.outcome, claim.amount_decided, claim.amount_paid) == ("decided", 8_000_000, 0)
    pay = reverse("web:compensation_pay", args=[claim.pk])
    too_much = client.post(pay, {"paid_on": "10/06/2024", "amount": "9.000.000"}, follow=True)
    assert "còn 8.000.000 đồng" in too_much.content.decode()
    paid = client.post(pay, {"paid_on": "10/06/2024", "amount": "8.000.000", "note": "UNC 12"})
    assert paid.status_code == 302
    page = client.get(url).content.decode()
    # The steps as dated entries: the day each was done, the payment among them.
    assert "30/05/2024" in page and "10/06/2024" in page and "UNC 12" in page
    assert 'id="step-payment"' in page and "Đã giải quyết đúng hạn" in page
    assert "Ghi chi trả" not in page  # nothing left to pay
    leader = signed_in(world.leader).get(url).content.decode()
    assert "Cập nhật" not in leader  # leaders read
    # Out of scope: refused, nothing paid.
    outsider = signed_in(world.officer_ys).post(pay, {"paid_on": "11/06/2024", "amount": "1"})
    assert outsider.status_code == 404
    assert claim.payments.count() == 1


def test_stats_page_opens_on_the_highest_unit_the_user_sees(world) -> None:
    """A provincial focal officer starts from the province, not from a district whose level
    name happens to sort first ("district" < "province")."""
    from dondoc.org.models import Role
    from tests.org.factories import MembershipFactory, UserFactory

    officer = UserFactory(username="daumoi_tinh")
    MembershipFactory(user=officer, agency=world.police_province, role=Role.FOCAL_OFFICER)
    response = signed_in(officer).get(reverse("web:stats"))
    assert response.status_code == 200
    assert response.context["unit"] == world.province

"""Every page that creates a row creates it once: the same form sent twice (a double click, a
retried request: the same token) makes one record, and the second answer lands on the first
one's result with a message. A first attempt that was refused leaves its token free."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from dondoc.core.models import Submission
from dondoc.registry.models import (
    Activity,
    CompensationClaim,
    Complaint,
    CrimeReport,
    CrimeReportPerson,
    CriminalCase,
    FriendlyInterviewRoom,
    LegalInstrument,
    Offence,
    VictimSupport,
)
from dondoc.reintegration.models import (
    ReintegrationSubject,
    SubjectEvent,
    SubjectSupport,
    SubjectTransfer,
)
from dondoc.tracking.models import ReportingPeriod
from tests.reintegration.factories import world_communes, world_subject
from tests.tracking.factories import world_tracking
from tests.world import World, signed_in

pytestmark = pytest.mark.django_db

SENT_BEFORE = "Biểu mẫu này đã được gửi và lưu trước đó"


@dataclass
class Create:
    """A page that creates a row: where it posts, what it posts, what it creates (the rows
    of one query) and where its answer goes (from the created row)."""

    url: Callable[[World], str]
    data: Callable[[World], dict[str, Any]]
    rows: Callable[[], Any]
    lands: Callable[[World, Any], str]


def _crime_report(world: World) -> CrimeReport:
    """A report received by the Sơn Dương police, with a victim (through the page)."""
    client = signed_in(world.focal)
    client.post(reverse("web:crime_report_new"), CREATES["crime_report"].data(world))
    return CrimeReport.objects.get()


def _report_id() -> int:
    return CrimeReport.objects.get().pk


def _subject_url(name: str) -> Callable[[World], str]:
    return lambda world: reverse(name, args=[world_subject(world).pk])


def _subject_page(world: World, row: Any) -> str:
    return reverse("web:reintegration_detail", args=[world_subject(world).pk])


CREATES: dict[str, Create] = {
    "crime_report": Create(
        url=lambda w: reverse("web:crime_report_new"),
        data=lambda w: {"agency": w.police_sd.pk, "received_on": "02/01/2026",
                        "source": "denunciation", "summary": "Tố giác hành vi đánh người",
                        "victim_name": "Nguyễn Thị Hoa", "victim_sex": "female"},
        rows=lambda: CrimeReport.objects.all(),
        lands=lambda w, row: reverse("web:crime_report_detail", args=[row.pk]),
    ),
    "complaint": Create(
        url=lambda w: reverse("web:complaint_new"),
        data=lambda w: {"agency": w.police_sd.pk, "kind": "complaint", "content": "Khiếu nại",
                        "received_on": "02/01/2026", "complainant_name": "Bà E"},
        rows=lambda: Complaint.objects.all(),
        lands=lambda w, row: reverse("web:complaint_list"),
    ),
    "criminal_case": Create(
        url=lambda w: reverse("web:case_new"),
        data=lambda w: {"agency": w.police_sd.pk, "number": "12/2026", "opened_on": "01/04/2026",
                        "offences": [Offence.objects.get(article=374).pk],
                        "victim_name": "Anh K"},
        rows=lambda: CriminalCase.objects.all(),
        lands=lambda w, row: reverse("web:case_list"),
    ),
    "compensation_claim": Create(
        url=lambda w: reverse("web:compensation_new"),
        data=lambda w: {"agency": w.police_sd.pk, "claimant_name": "Anh K",
                        "damaging_act": "Bị bức cung", "amount_claimed": "150.000.000",
                        "accepted_on": "02/05/2026"},
        rows=lambda: CompensationClaim.objects.all(),
        lands=lambda w, row: reverse("web:compensation_detail", args=[row.pk]),
    ),
    "activity": Create(
        url=lambda w: reverse("web:simple_new", args=["hoat-dong"]),
        data=lambda w: {"agency": w.police_sd.pk, "kind": "conference", "subject": "cat",
                        "title": "Hội nghị phổ biến Công ước", "held_on": "26/06/2026",
                        "participants_male": "40", "audiences": ["officials", "women"]},
        rows=lambda: Activity.objects.all(),
        lands=lambda w, row: reverse("web:simple_list", args=["hoat-dong"]),
    ),
    "legal_instrument": Create(
        url=lambda w: reverse("web:simple_new", args=["van-ban"]),
        data=lambda w: {"agency": w.police_sd.pk, "number": "05/2026/QĐ-UBND",
                        "doc_type": "Quyết định", "issuer": "UBND huyện Sơn Dương",
                        "issued_on": "10/03/2026", "subject": "Quy chế phối hợp"},
        rows=lambda: LegalInstrument.objects.all(),
        lands=lambda w, row: reverse("web:simple_list", args=["van-ban"]),
    ),
    "friendly_room": Create(  # a second one would be refused: the token says it was this one
        url=lambda w: reverse("web:simple_new", args=["phong-dieu-tra-than-thien"]),
        data=lambda w: {"agency": w.police_sd.pk, "since": "01/06/2026"},
        rows=lambda: FriendlyInterviewRoom.objects.all(),
        lands=lambda w, row: reverse("web:simple_list", args=["phong-dieu-tra-than-thien"]),
    ),
    "victim_support": Create(
        url=lambda w: reverse("web:victim_support_add", args=[_crime_report(w).pk]),
        data=lambda w: {"link": CrimeReportPerson.objects.get().pk, "form": "health",
                        "provided_on": "03/01/2026"},
        rows=lambda: VictimSupport.objects.all(),
        lands=lambda w, row: reverse("web:crime_report_detail", args=[_report_id()]),
    ),
    "reintegration_subject": Create(
        url=lambda w: reverse("web:reintegration_new"),
        data=lambda w: {"agency": w.police_sd.pk, "person_name": "Lò Thị Mai",
                        "person_birth_year": "1995", "legal_status": "suspended",
                        "judgment": "Bản án số 7/2026/HS-ST", "start_on": "01/03/2026"},
        rows=lambda: ReintegrationSubject.objects.all(),
        lands=lambda w, row: reverse("web:reintegration_detail", args=[row.pk]),
    ),
    "reintegration_event": Create(
        url=_subject_url("web:reintegration_event"),
        data=lambda w: {"kind": "note", "on": "20/11/2026", "note": "Đến làm việc tại xã"},
        rows=lambda: SubjectEvent.objects.filter(kind="note"),
        lands=_subject_page,
    ),
    "reintegration_support": Create(
        url=_subject_url("web:reintegration_support"),
        data=lambda w: {"kind": "loan", "provided_on": "20/11/2026", "amount": "20.000.000"},
        rows=lambda: SubjectSupport.objects.all(),
        lands=_subject_page,
    ),
    "reintegration_transfer": Create(
        url=_subject_url("web:reintegration_transfer"),
        data=lambda w: {"to_agency": world_communes(w).police_tm.pk, "moved_on": "20/11/2026"},
        rows=lambda: SubjectTransfer.objects.all(),
        lands=_subject_page,
    ),
    "ad_hoc_period": Create(
        url=lambda w: reverse("web:plan_schedule", args=[world_tracking(w).plan.pk]),
        data=lambda w: {"action": "add_period", "title": "Báo cáo phục vụ đoàn kiểm tra",
                        "starts_on": "01/01/2026", "ends_on": "31/10/2026",
                        "due_on": "20/11/2026"},
        rows=lambda: ReportingPeriod.objects.filter(kind="ad_hoc"),
        lands=lambda w, row: reverse("web:plan_schedule", args=[world_tracking(w).plan.pk]),
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", CREATES)
def test_the_same_form_sent_twice_creates_one_row(world: World, name: str) -> None:
    create = CREATES[name]
    url = create.url(world)
    client = signed_in(world.focal)
    form = {**create.data(world), "form_token": "t" * 22}
    first = client.post(url, form)
    assert first.status_code == 302, first.content.decode()[:2000]
    row = create.rows().get()
    assert first["Location"] == create.lands(world, row)
    again = client.post(url, form, follow=True)
    assert again.redirect_chain == [(create.lands(world, row), 302)]
    assert create.rows().count() == 1
    assert Submission.objects.get(token="t" * 22).result_id == row.pk
    page = again.content.decode()
    assert SENT_BEFORE in page or "đã được thêm ở lần bấm trước" in page
    other = client.post(url, {**create.data(world), "form_token": "u" * 22})
    if name not in ("friendly_room", "reintegration_transfer"):  # one per agency, one pending
        assert other.status_code == 302 and create.rows().count() == 2  # another form: another


@pytest.mark.parametrize("name", ["crime_report", "reintegration_subject"])
def test_the_empty_form_carries_a_new_token_each_time(world: World, name: str) -> None:
    create = CREATES[name]
    client = signed_in(world.focal)
    tokens = [
        client.get(create.url(world)).content.decode().split('name="form_token" value="', 1)[1][:22]
        for _ in range(2)
    ]
    assert len(set(tokens)) == 2 and all(len(t) == 22 for t in tokens)
    assert not Submission.objects.exists()  # showing a form stores nothing


def test_a_refused_form_keeps_its_token_and_is_saved_when_corrected(world: World) -> None:
    create = CREATES["crime_report"]
    client = signed_in(world.focal)
    form = {**create.data(world), "form_token": "v" * 22}
    refused = client.post(create.url(world), {**form, "received_on": "31/02/2026"})
    assert refused.status_code == 400
    assert 'value="' + "v" * 22 + '"' in refused.content.decode()  # sent again with the fix
    assert not Submission.objects.exists() and not CrimeReport.objects.exists()
    assert client.post(create.url(world), form).status_code == 302
    assert CrimeReport.objects.count() == 1


def test_a_token_of_another_user_is_refused_not_shown(world: World) -> None:
    create = CREATES["crime_report"]
    form = {**create.data(world), "form_token": "w" * 22}
    assert signed_in(world.focal).post(create.url(world), form).status_code == 302
    deputy = signed_in(world.officer)  # Phòng Tư pháp: records its own agency's records
    data = {**CREATES["legal_instrument"].data(world), "agency": world.justice_sd.pk}
    url = reverse("web:simple_new", args=["van-ban"])
    stolen = deputy.post(url, {**data, "form_token": "w" * 22})
    assert stolen.status_code == 400 and "Mã biểu mẫu không hợp lệ" in stolen.content.decode()
    assert not LegalInstrument.objects.exists()

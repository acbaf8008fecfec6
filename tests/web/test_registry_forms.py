"""The registry's forms read what officers type the Vietnamese way and refuse the rest with a
message naming the field, keeping the page as typed and saving nothing: amounts of a billion
đồng and more, "95,5" đồng, dates in the future, people born next year, text too long."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dondoc.registry.models import CompensationClaim, Complaint, CriminalCase, Offence, Person
from tests.world import signed_in

pytestmark = pytest.mark.django_db


def _future() -> str:
    return f"{timezone.localdate() + datetime.timedelta(days=1):%d/%m/%Y}"


def _claim(world, amount: str):
    return signed_in(world.focal).post(
        reverse("web:compensation_new"),
        {"agency": world.police_sd.pk, "claimant_name": "Anh K", "damaging_act": "Bị bức cung",
         "amount_claimed": amount, "accepted_on": "02/05/2024"},
    )  # fmt: skip


def test_a_claim_of_a_billion_dong_and_more(world) -> None:
    assert _claim(world, "1.500.000.000").status_code == 302
    assert CompensationClaim.objects.get().amount_claimed == 1_500_000_000


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("95,5", "cần số đồng, không có phần lẻ"),
        ("150,000,000", "viết 150.000.000"),
        ("-1", "không được nhỏ hơn 0"),
        ("1" + "0" * 16, "quá lớn"),
        ("", "Số tiền yêu cầu: bắt buộc."),
    ],
)
def test_an_amount_that_is_not_whole_dong_keeps_the_page(world, typed: str, says: str) -> None:
    response = _claim(world, typed)
    assert response.status_code == 400
    html = response.content.decode()
    assert says in html and 'value="Anh K"' in html and f'value="{typed}"' in html
    assert not CompensationClaim.objects.exists() and not Person.objects.exists()


def test_a_complaint_dated_tomorrow_or_by_someone_born_next_year(world) -> None:
    client = signed_in(world.focal)
    form = {"agency": world.police_sd.pk, "kind": "complaint", "complainant_name": "Bà E",
            "content": "Khiếu nại", "received_on": "02/01/2024"}  # fmt: skip
    future = client.post(reverse("web:complaint_new"), {**form, "received_on": _future()})
    assert future.status_code == 400 and "Ngày nhận đơn: " in future.content.decode()
    assert "ở tương lai" in future.content.decode()
    unborn = client.post(
        reverse("web:complaint_new"),
        {**form, "complainant_birth_year": str(timezone.localdate().year + 1)},
    )
    html = unborn.content.decode()
    assert unborn.status_code == 400 and "Năm sinh người khiếu nại, tố cáo" in html
    assert not Complaint.objects.exists() and not Person.objects.exists()
    assert client.post(reverse("web:complaint_new"), form).status_code == 302


def test_a_case_number_too_long_for_its_column_is_a_message(world) -> None:
    client = signed_in(world.focal)
    response = client.post(
        reverse("web:case_new"),
        {"agency": world.police_sd.pk, "number": "1" * 41, "opened_on": "01/04/2024",
         "offences": [Offence.objects.get(article=374).pk], "victim_name": "Anh K"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Số vụ án: tối đa 40 ký tự (đang có 41)." in response.content.decode()
    assert not CriminalCase.objects.exists() and not Person.objects.exists()


def test_the_service_names_the_field_a_column_refuses(world) -> None:
    """What a service's full_clean refuses is an InvalidInput naming the field, not a 500."""
    from dondoc.core.exceptions import InvalidInput
    from dondoc.registry.services import criminal_case_open

    with pytest.raises(InvalidInput, match="Số vụ án: "):
        criminal_case_open(actor=world.focal, agency=world.police_sd, number="1" * 41,
                           opened_on=datetime.date(2024, 4, 1),
                           offences=[Offence.objects.get(article=374)])  # fmt: skip


def test_an_activity_counts_people_the_vietnamese_way(world) -> None:
    from dondoc.registry.models import Activity

    client = signed_in(world.focal)
    url = reverse("web:simple_new", args=["hoat-dong"])
    form = {"agency": world.police_sd.pk, "kind": "conference", "subject": "cat",
            "title": "Hội nghị", "held_on": "26/06/2024", "participants_male": "1.234",
            "participants_female": "", "materials": "2.000"}  # fmt: skip
    assert client.post(url, form).status_code == 302
    activity = Activity.objects.get()
    assert (activity.participants_male, activity.participants_female) == (1234, 0)
    assert activity.materials == 2000
    refused = client.post(url, {**form, "participants_male": "12,5"})
    assert refused.status_code == 400 and "cần một số nguyên" in refused.content.decode()

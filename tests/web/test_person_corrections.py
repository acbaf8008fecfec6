"""Correcting a person on the web (issue 17): name, birth, sex, ethnicity and identity number,
the earlier values kept in the history, the keyed hash rebuilt, one person per identity number
in the province (a clear error on a clash); the person's page masked as the privacy rules say;
withdrawal of a duplicate with a reason."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from dondoc.core.crypto import lookup_hash
from dondoc.core.exceptions import InvalidInput
from dondoc.registry import corrections
from dondoc.registry.models import Person, RecordCorrection
from dondoc.registry.services import person_create
from tests.registry.factories import VICTIM, world_crime_report
from tests.world import signed_in

pytestmark = pytest.mark.django_db

OTHER = "001234567890"


def test_identity_number_corrected_rebuilds_its_hash_and_refuses_a_clash(world) -> None:
    person = world_crime_report(world).involved.get().person
    other = person_create(actor=world.focal, agency=world.police_sd, full_name="Bà Khác",
                          identity_number=OTHER)  # fmt: skip
    corrections.record_correct(actor=world.focal, record=person, reason="Nhập thiếu số CCCD",
                               identity_number="0012 3456 7891")  # fmt: skip
    person.refresh_from_db()
    assert person.identity_number == "001234567891"
    assert person.identity_hash == lookup_hash("001234567891")
    with pytest.raises(InvalidInput, match=rf"Số định danh này đã có.*cá nhân #{other.pk}"):
        corrections.record_correct(actor=world.focal, record=person, reason="Sửa số",
                                   identity_number=OTHER)  # fmt: skip
    person.refresh_from_db()
    assert person.identity_hash == lookup_hash("001234567891")  # nothing changed
    with pytest.raises(InvalidInput, match="12 chữ số"):
        corrections.record_correct(actor=world.focal, record=person, reason="Sửa số",
                                   identity_number="12AB")  # fmt: skip
    # The birth year follows a corrected birth date; the earlier values are in the history.
    corrections.record_correct(actor=world.focal, record=person, reason="Sai ngày sinh",
                               birth_date=datetime.date(2012, 12, 1))  # fmt: skip
    person.refresh_from_db()
    assert (person.birth_date.year, person.birth_year) == (2012, 2012)
    last = corrections.correction_history(person)[0]
    assert ("năm sinh", "2013") in last["fields"] and last["reason"] == "Sai ngày sinh"


def test_the_person_page_masks_and_the_officer_corrects(world) -> None:
    report = world_crime_report(world)
    person = report.involved.get().person
    page = reverse("web:person_detail", args=[person.pk])
    officer = signed_in(world.focal)
    masked = officer.get(page).content.decode()
    assert VICTIM not in masked and "Hiện" in masked and "Tin báo TB-SD-1" in masked
    assert VICTIM in officer.get(page + "?hien=1").content.decode()
    url = reverse("web:record_correct", args=["ca-nhan", person.pk])
    form = officer.get(url)
    assert form.status_code == 200 and VICTIM in form.content.decode()
    fields = {"full_name": "Đinh Thị Phương Thanh", "identity_number": "",
              "birth_date": "03/02/2013", "birth_year": "2013", "sex": "female", "ethnicity": "",
              "correction_reason": "Sai chính tả tên"}  # fmt: skip
    done = officer.post(url, fields)
    assert done.status_code == 302 and done["Location"] == page
    person.refresh_from_db()
    assert person.full_name == "Đinh Thị Phương Thanh"
    assert RecordCorrection.objects.filter(record_id=person.pk, model="registry.person").exists()
    # A clash: a clear Vietnamese error, nothing changed.
    person_create(actor=world.focal, agency=world.police_sd, full_name="Bà Khác",
                  identity_number=OTHER)  # fmt: skip
    clash = officer.post(url, {**fields, "identity_number": OTHER})
    assert clash.status_code == 400 and "Số định danh này đã có" in clash.content.decode()
    assert Person.objects.get(pk=person.pk).identity_number == ""
    # The leader sees the page masked, not the earlier values, and cannot correct.
    leader = signed_in(world.leader)
    seen = leader.get(page + "?hien=1").content.decode()
    assert "Đinh Thị Phương" not in seen and "giá trị cũ chỉ hiện cùng họ tên" in seen
    assert "Sửa thông tin cá nhân" not in seen
    assert leader.get(url).status_code == 404
    # Out of scope: refused.
    assert signed_in(world.officer_ys).get(page).status_code == 404
    assert signed_in(world.officer_ys).post(url, fields).status_code == 404

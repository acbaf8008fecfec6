"""The hand-over pages (issue 15): the successor unit's focal officer confirms, changes or drops
each line; everyone else is refused; a refused choice changes nothing."""

from __future__ import annotations

from django.urls import reverse

from dondoc.plans.models import Assignment, Handover, HandoverLine
from dondoc.reintegration.models import SubjectEvent
from dondoc.web.forms_handover import DROP, field_name
from tests.handover.factories import reform, town_subject
from tests.world import signed_in


def _plan_url(world, reformed):
    return reverse("web:handover_plan", args=[world.new_province.pk, reformed.plan.pk])


def test_focal_officer_of_the_successor_confirms_with_one_line_changed(world) -> None:
    reformed = reform(world)
    client = signed_in(world.new_focal)
    home = client.get(reverse("web:handover_home"))
    assert home.status_code == 200 and reformed.plan.label in home.content.decode()
    page = client.get(_plan_url(world, reformed))
    html = page.content.decode()
    assert page.status_code == 200 and "Công an huyện Sơn Dương" in html
    lines = page.context["form"].draft.lines
    data = {"lines": " ".join(line.key for line in lines)}
    for line in lines:
        data[field_name(line.key)] = str(line.proposal.agency.pk) if line.proposal else DROP
    changed = next(line for line in lines if line.kind == "assignment")
    data[field_name(changed.key)] = str(reformed.new_committee.pk)
    answer = client.post(_plan_url(world, reformed), data)
    assert answer.status_code == 302
    handover = Handover.objects.get(document=reformed.plan)
    line = handover.lines.get(key=changed.key)
    assert (
        line.decision == HandoverLine.Decision.CHANGED and line.to_agency == reformed.new_committee
    )
    assert Assignment.objects.filter(agency=reformed.new_committee, active_from__isnull=False)
    done = client.get(_plan_url(world, reformed)).content.decode()
    assert "Đã bàn giao" in done and reformed.new_committee.name in done


def test_others_are_refused_and_nothing_is_written(world) -> None:
    reformed = reform(world)
    for user in (world.focal, world.officer, world.outsider, world.province_officer):
        client = signed_in(user)
        assert client.get(reverse("web:handover_home")).status_code == 404
        assert client.get(_plan_url(world, reformed)).status_code == 404
        assert client.post(_plan_url(world, reformed), {"lines": "focal"}).status_code == 404
    assert not Handover.objects.exists()


def test_a_receiver_outside_the_unit_is_refused_with_the_line_named(world) -> None:
    reformed = reform(world)
    client = signed_in(world.new_focal)
    lines = client.get(_plan_url(world, reformed)).context["form"].draft.lines
    data = {"lines": " ".join(line.key for line in lines)}
    for line in lines:
        data[field_name(line.key)] = DROP
    data[field_name("focal")] = str(world.police_tv.pk)
    answer = client.post(_plan_url(world, reformed), data)
    assert answer.status_code == 400
    assert "Cơ quan đầu mối" in answer.content.decode()
    assert not Handover.objects.exists()
    # The lines changed since the page was shown (a key the page did not have): said so.
    data["lines"] += " a:999999"
    answer = client.post(_plan_url(world, reformed), dict(data, **{field_name("focal"): DROP}))
    assert answer.status_code == 400 and "đã thay đổi" in answer.content.decode()
    assert not Handover.objects.exists()


def test_commune_police_takes_over_the_town_polices_records_and_may_revert(world) -> None:
    reformed = reform(world)
    subject = town_subject(world, reformed)
    old_keeper = subject.agency
    client = signed_in(reformed.commune_focal)
    home = client.get(reverse("web:handover_home")).content.decode()
    assert old_keeper.name in home
    url = reverse("web:handover_records", args=[reformed.new_commune.pk, old_keeper.pk])
    page = client.get(url)
    lines = page.context["form"].draft.lines
    subject_line = next(line for line in lines if line.key == f"s:{subject.pk}")
    assert subject_line.proposal.agency == reformed.commune_police
    assert "Lý Văn Tạm" not in page.content.decode()  # a list: numbers, never names
    data = {"lines": " ".join(line.key for line in lines)}
    for line in lines:
        data[field_name(line.key)] = str(reformed.commune_police.pk)
    assert client.post(url, data).status_code == 302
    subject.refresh_from_db()
    assert subject.agency == reformed.commune_police
    note = SubjectEvent.objects.filter(subject=subject, agency=reformed.commune_police).get()
    assert old_keeper.name in note.note
    handover = Handover.objects.get(agency=old_keeper)
    revert = reverse("web:handover_revert", args=[reformed.new_commune.pk, handover.pk])
    assert signed_in(world.new_focal).post(revert).status_code == 404  # not this unit's
    assert client.post(revert).status_code == 302
    subject.refresh_from_db()
    handover.refresh_from_db()
    assert subject.agency == old_keeper and handover.state == Handover.State.REVERTED

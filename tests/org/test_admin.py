"""Django admin: administrators only, each in its own subtree; changes audited with the actor."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.urls import reverse

from dondoc.org.models import Agency
from tests.world import World, signed_in


def test_admin_index_is_vietnamese_and_for_administrators_only(world: World) -> None:
    page = signed_in(world.admin).get(reverse("admin:index"))
    assert page.status_code == 200
    assert "Quản trị dondoc" in page.content.decode()
    assert "Cơ quan, đơn vị" in page.content.decode()
    for user in (world.focal, world.officer, world.leader, world.inspector):
        refused = signed_in(user).get(reverse("admin:index"))
        assert refused.status_code == 302
        assert "/admin/login/" in refused["Location"]


def test_administrator_lists_only_its_subtree(world: World) -> None:
    page = signed_in(world.admin).get(reverse("admin:org_agency_changelist")).content.decode()
    assert "Phòng Tư pháp huyện Sơn Dương" in page
    assert "Công an huyện Yên Sơn" not in page
    assert "Công an tỉnh Trà Vinh" not in page


def test_administrator_cannot_open_an_agency_out_of_scope(world: World) -> None:
    url = reverse("admin:org_agency_change", args=[world.police_tv.pk])
    response = signed_in(world.admin).get(url)
    # Django admin answers an object outside the queryset by redirecting to the index.
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_administrator_cannot_see_users_of_other_units(world: World) -> None:
    page = signed_in(world.admin).get(reverse("admin:org_user_changelist")).content.decode()
    assert "daumoi" in page
    assert "travinh" not in page
    url = reverse("admin:org_user_change", args=[world.outsider.pk])
    assert signed_in(world.admin).get(url).status_code == 302


def test_administrator_edits_an_agency_and_the_change_is_audited(world: World) -> None:
    url = reverse("admin:org_agency_change", args=[world.justice_sd.pk])
    response = signed_in(world.admin).post(
        url,
        {
            "name": "Phòng Tư pháp huyện Sơn Dương",
            "short_name": "Phòng Tư pháp",
            "kind": Agency.Kind.JUSTICE,
            "unit": world.son_duong.pk,
            "parent": "",
            "is_active": "on",
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-MIN_NUM_FORMS": "0",
            "aliases-MAX_NUM_FORMS": "1000",
            "aliases-0-name": "Phòng TP",
            "aliases-0-id": "",
            "aliases-0-agency": world.justice_sd.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    alias = world.justice_sd.aliases.get()
    assert alias.key == "phong tp"
    entry = LogEntry.objects.get_for_object(world.justice_sd).latest("timestamp")
    assert entry.actor == world.admin


def test_units_and_successions_out_of_scope_are_refused(world: World) -> None:
    client = signed_in(world.admin)
    unit_url = reverse("admin:org_adminunit_change", args=[world.tra_vinh.pk])
    assert client.get(unit_url).status_code == 302
    assert (
        client.get(reverse("admin:org_adminunit_change", args=[world.son_duong.pk])).status_code
        == 200
    )
    units = client.get(reverse("admin:org_adminunit_changelist")).content.decode()
    assert "Huyện Sơn Dương" in units and "Tỉnh Trà Vinh" not in units
    links = client.get(reverse("admin:org_unitsuccession_changelist")).content.decode()
    assert "Tỉnh Tuyên Quang" not in links  # the province's link is outside the district
    for user in (world.focal, world.outsider):
        assert signed_in(user).get(unit_url).status_code == 302

"""API: authentication, scoped units and agencies, /me, the OpenAPI schema, token login."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.org.factories import DEFAULT_PASSWORD
from tests.world import World, signed_in_api


@pytest.fixture
def api_for(world: World):
    return signed_in_api


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def test_anonymous_is_refused_everywhere(world: World) -> None:
    client = APIClient()
    for name, args in [
        ("api:me", []),
        ("api:schema", []),
        ("api:unit_list", []),
        ("api:unit_detail", [world.son_duong.pk]),
        ("api:agency_list", []),
        ("api:agency_detail", [world.police_sd.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 401, name


def test_unit_list_is_scoped_and_filterable(world: World, api_for) -> None:
    response = api_for(world.focal).get(reverse("api:unit_list"))
    assert response.status_code == 200
    assert ids(response) == {world.son_duong.pk, world.commune_sd.pk}
    communes = api_for(world.focal).get(reverse("api:unit_list"), {"level": "commune"})
    assert ids(communes) == {world.commune_sd.pk}
    outsider = api_for(world.outsider).get(reverse("api:unit_list"))
    assert world.son_duong.pk not in ids(outsider)


def test_unit_detail_out_of_scope_is_404_like_absent(world: World, api_for) -> None:
    hidden = api_for(world.outsider).get(reverse("api:unit_detail", args=[world.son_duong.pk]))
    absent = api_for(world.outsider).get(reverse("api:unit_detail", args=[987654]))
    assert hidden.status_code == absent.status_code == 404
    assert hidden.json() == absent.json()
    assert "quyền" in hidden.json()["detail"]
    mine = api_for(world.focal).get(reverse("api:unit_detail", args=[world.son_duong.pk]))
    assert mine.json()["full_name"] == "Huyện Sơn Dương, Tỉnh Tuyên Quang"


def test_agency_list_is_scoped_and_searchable(world: World, api_for) -> None:
    everything = api_for(world.focal).get(reverse("api:agency_list"))
    assert world.police_sd.pk in ids(everything)
    assert world.police_ys.pk not in ids(everything)
    found = api_for(world.focal).get(reverse("api:agency_list"), {"q": "Tư pháp"})
    assert ids(found) == {world.justice_sd.pk}
    officer = api_for(world.officer).get(reverse("api:agency_list"))
    assert ids(officer) == {world.justice_sd.pk}


def test_agency_detail(world: World, api_for) -> None:
    url = reverse("api:agency_detail", args=[world.police_sd.pk])
    body = api_for(world.focal).get(url).json()
    assert body["name"] == "Công an huyện Sơn Dương"
    assert body["kind_display"] == "Công an"
    assert body["unit"]["name"] == "Huyện Sơn Dương"
    assert api_for(world.outsider).get(url).status_code == 404
    assert api_for(world.officer).get(url).status_code == 404  # another agency of the unit


def test_me(world: World, api_for) -> None:
    body = api_for(world.focal).get(reverse("api:me")).json()
    assert body["username"] == "daumoi"
    assert body["memberships"][0]["role"] == "focal_officer"
    assert body["memberships"][0]["role_display"] == "Cán bộ đầu mối"
    assert body["memberships"][0]["agency"]["name"] == "Công an huyện Sơn Dương"


def test_schema_describes_the_endpoints(world: World, api_for) -> None:
    response = api_for(world.focal).get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ("/api/units/", "/api/units/{unit_id}/", "/api/agencies/", "/api/me/"):
        assert path in paths


def test_token_login_and_token_authentication(world: World) -> None:
    client = APIClient()
    response = client.post(
        reverse("api:token"), {"username": "daumoi", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 200
    token = response.json()["token"]
    stored = AuthToken.objects.get(user=world.focal)
    assert token.startswith(stored.token_key) and token not in stored.digest  # a digest only
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(reverse("api:me")).json()["username"] == "daumoi"


def test_token_login_with_a_wrong_password_is_refused(world: World) -> None:
    response = APIClient().post(reverse("api:token"), {"username": "daumoi", "password": "sai"})
    assert response.status_code == 400


def test_token_login_with_a_name_longer_than_any_is_refused_as_bad_input(world: World) -> None:
    """A name of 300 characters: refused with the field named (it was a 500 on PostgreSQL,
    the failed attempt's record being limited to 255), and nothing recorded."""
    from axes.models import AccessAttempt

    response = APIClient().post(reverse("api:token"), {"username": "x" * 300, "password": "sai"})
    assert response.status_code == 400
    assert "username" in response.content.decode()
    assert not AccessAttempt.objects.exists()


@pytest.mark.parametrize("path", ["/dang-nhap/", "/admin/login/"])
def test_signing_in_with_a_name_longer_than_any_is_refused_not_a_500(world: World, path) -> None:
    """The sign-in page and the admin's (their forms authenticate before checking the name's
    length): refused as a wrong name, the attempt counted under its first 255 characters."""
    from axes.models import AccessAttempt
    from django.test import Client

    response = Client().post(path, {"username": "x" * 300, "password": "sai"})
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()  # the form again
    assert AccessAttempt.objects.get().username == "x" * 255


def test_list_queries_do_not_grow_with_rows(
    world: World, api_for, django_assert_max_num_queries
) -> None:
    client = api_for(world.new_focal)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("api:agency_list"))
    assert len(response.json()["results"]) >= 8


@pytest.mark.parametrize(
    ("name", "query", "says"),
    [
        ("api:agency_list", {"unit": "9" * 25}, "unit"),
        ("api:agency_list", {"unit": "hai"}, "unit"),
        ("api:agency_list", {"kind": "xyz"}, "kind"),
        ("api:unit_list", {"parent": "-1"}, "parent"),
        ("api:unit_list", {"level": "tinh"}, "level"),
        ("api:crime_report_list", {"year": "5000"}, "cần một năm từ 2000 đến"),
        ("api:crime_report_list", {"limit": "0"}, "limit"),
        ("api:crime_report_list", {"cursor": "hôm qua"}, "cursor"),
        ("api:crime_report_list", {"limit": "1001"}, "limit"),
    ],
)
def test_bad_query_parameters_are_a_400_with_a_message(
    world: World, api_for, name: str, query: dict[str, str], says: str
) -> None:
    response = api_for(world.focal).get(reverse(name), query)
    assert response.status_code == 400, response.content
    assert says in response.json()["detail"]


def test_crime_reports_are_paged_by_key_newest_first_with_a_bounded_count(
    world: World, api_for, monkeypatch
) -> None:
    """The list's pages follow its `next` link (a cursor: the last row's date and id), newest
    first, each row once; the count stops at the bound, and `more` says there are more
    (as the web list: registry.listing.keyset_page)."""
    from dondoc.core.actors import SYSTEM
    from dondoc.registry import listing
    from dondoc.registry.transfer import synthetic_crime_reports

    synthetic_crime_reports(
        actor=SYSTEM, places=[(world.police_sd, world.commune_sd)], count=5, years=(2024, 2024)
    )
    client = api_for(world.focal)
    url = reverse("api:crime_report_list")
    seen, pages, address = [], 0, f"{url}?limit=2&year=2024"
    while address:
        body = client.get(address).json()
        assert body["count"] == 5 and body["more"] is False
        seen += [(row["received_on"], row["id"]) for row in body["results"]]
        address, pages = body["next"], pages + 1
        assert address is None or "year=2024" in address  # the filters are kept
    assert pages == 3 and len(seen) == len(set(seen)) == 5
    assert seen == sorted(seen, reverse=True)
    monkeypatch.setattr(listing, "COUNT_BOUND", 3)
    bounded = client.get(url, {"limit": 2}).json()
    assert (bounded["count"], bounded["more"], len(bounded["results"])) == (3, True, 2)


def test_stats_refuse_a_year_out_of_range(world: World, api_for) -> None:
    url = reverse("api:stats_table", args=["complaints", world.son_duong.pk])
    this_year = timezone.localdate().year
    response = api_for(world.focal).get(url, {"year": "1"})
    assert response.status_code == 400
    assert f"cần một năm từ 2000 đến {this_year + 10}" in response.json()["detail"]
    assert api_for(world.focal).get(url, {"year": this_year + 10}).status_code == 200
    assert api_for(world.focal).get(url, {"year": this_year + 11}).status_code == 400


def test_an_id_too_large_for_the_column_is_not_found(world: World, api_for) -> None:
    response = api_for(world.focal).get(f"/api/units/{'9' * 30}/")
    assert response.status_code == 404


def test_a_search_with_control_characters_is_searched_without_them(world: World, api_for) -> None:
    """PostgreSQL refuses a NUL in any text: it was a 500 (found by the schemathesis run)."""
    for name in ("api:unit_list", "api:agency_list"):
        response = api_for(world.focal).get(reverse(name), {"q": "Sơn\x00 Dương\x06"})
        assert response.status_code == 200, name
    found = api_for(world.focal).get(reverse("api:agency_list"), {"q": "Công an\x00"})
    assert world.police_sd.pk in ids(found)

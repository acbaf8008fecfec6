"""Every page the access matrix renders is well-formed where browsers are strict: no form
inside a form (the browser drops the inner one and the outer form's buttons stop working)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.test_access_matrix import MATRIX
from tests.tracking.factories import world_tracking
from tests.web.html_checks import assert_no_nested_forms, nested_forms
from tests.world import World, signed_in, world_copy, world_for_module

pytestmark = pytest.mark.django_db

PAGES = sorted(
    name
    for name, route in MATRIX.items()
    if route.method == "get" and not route.binary and name.startswith("web:")
)


@pytest.fixture(scope="module")
def module_world(django_db_setup: None, django_db_blocker: object) -> Iterator[World]:
    """One world (with the plan and its reports) for every page of the module."""
    with world_for_module(django_db_blocker, world_tracking) as shared:
        yield shared


@pytest.fixture
def world(module_world: World, db: None) -> World:
    return world_copy(module_world)


def test_the_checker_finds_a_nested_form() -> None:
    html = '<form id="a">\n<p>x</p>\n<form id="b"></form>\n<button>ok</button></form>'
    assert [(f.line, f.outer_line) for f in nested_forms(html)] == [(3, 1)]
    assert nested_forms('<form></form><form><button form="x"></button></form>') == []


@pytest.mark.parametrize("name", PAGES)
def test_no_page_has_a_form_inside_a_form(world: World, name: str) -> None:
    route = MATRIX[name]
    url = reverse(name, args=route.args(world))
    for user in (world.focal, world.officer, world.leader, world.inspector, world.admin):
        response = signed_in(user).get(url)
        if response.get("Content-Type", "").startswith("text/html"):
            assert_no_nested_forms(response.content.decode(), f"{url} as {user.username}")


def test_the_report_form_with_attachments_has_no_form_inside_it(world: World) -> None:
    """Regression: the delete button of each attachment sat in its own form inside the report
    form, so once a draft had a file its buttons did nothing."""
    tracked = world_tracking(world)
    assignment = tracked.plan.tasks.get(path="I/2").assignments.get(role="lead")
    client = signed_in(world.officer)
    url = reverse("web:agency_report", args=[tracked.period.pk, assignment.agency_id])
    saved = client.post(
        url,
        {
            "action": "section",
            "assignment": assignment.pk,
            "version": "0",
            "task_status": "in_progress",
            "done_text": "Đang tổng hợp",
            f"evidence_{assignment.pk}": SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.7\n%%EOF"),
        },
    )
    assert saved.status_code == 302
    report_wide = {
        "action": "parts",
        "version": "0",
        "report_evidence": SimpleUploadedFile("bien-ban-hop.pdf", b"%PDF-1.7\n%%EOF"),
    }
    assert client.post(url, report_wide).status_code == 302  # fmt: skip
    html = client.get(url).content.decode()  # the agency's report, its section
    assert "bien-ban.pdf" in html and "xóa" in html and "bien-ban-hop.pdf" in html
    assert_no_nested_forms(html, url)

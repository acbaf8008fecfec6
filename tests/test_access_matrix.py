"""Every route of the web pages and the API is listed here with who may use it.

A new route fails `test_every_route_is_in_the_matrix` until it is added, with its refusal
for anonymous and out-of-scope users.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.core.factories import worker_beats, world_export_job, world_import_job
from tests.handover.factories import reform
from tests.nowrite import no_writes
from tests.plans.factories import (
    REQUEST_REASON,
    world_parse_job,
    world_plan,
    world_request,
    world_upload,
)
from tests.privacy.factories import SUBJECT, world_breach, world_subject_request
from tests.registry.factories import (
    COMPLAINANT,
    NUMBER,
    VICTIM,
    grant_personal_export,
    world_case,
    world_claim,
    world_complaint,
    world_crime_report,
    world_referral,
)
from tests.reintegration.factories import (
    SUBJECT_MASKED,
    SUBJECT_NAME,
    world_communes,
    world_subject,
)
from tests.reports.factories import world_consolidated, world_consolidated_approved
from tests.tracking.factories import world_agency_report, world_tracking
from tests.world import World, world_copy, world_for_module


@dataclass(frozen=True)
class Route:
    args: Callable[[World], list[int]] = lambda w: []
    method: str = "get"
    public: bool = False  # reachable without signing in (login page, token exchange)
    scoped_object: bool = False  # names an object: out-of-scope users get 404
    # A text of the Sơn Dương world that an outsider must never see on this route.
    secret: str = ""
    ok_status: int = 200  # what the user in scope gets (a form post redirects)
    binary: bool = False  # a download (DOCX, XLSX, evidence): not searched for text
    query: Callable[[World], str] = lambda w: ""  # the query string, if the route needs one
    insider: str = "focal"  # the World user in scope (hand-over pages: today's unit's officer)

    def url(self, name: str, world: World) -> str:
        query = self.query(world)
        return reverse(name, args=self.args(world)) + (f"?{query}" if query else "")


def _agency_report(w: World) -> list[int]:
    report = world_agency_report(w)
    return [report.period_id, report.agency_id]


def _agency_report_file(w: World) -> list[int]:
    """A file of the whole world agency report (the minutes it was sent with)."""
    import hashlib

    from dondoc.tracking import evidence_files
    from dondoc.tracking.models import Evidence

    report = world_agency_report(w)
    found = Evidence.objects.filter(agency_report=report).first()
    if found is None:
        data = b"%PDF-1.7\n%%EOF"
        found = Evidence(agency_report=report, name="bien-ban-hop.pdf", kind="pdf",
                         size=len(data), sha256=hashlib.sha256(data).hexdigest())  # fmt: skip
        evidence_files.write(evidence=found, data=data)
        found.save()
    return [report.period_id, report.agency_id, found.pk]


def _assignment(w: World) -> list[int]:
    return [world_plan(w).tasks.get(path="I/1").assignments.get(role="lead").pk]


def _exporter(w: World) -> None:
    """A crime report of the Sơn Dương police, whose focal officer may export its records."""
    world_crime_report(w)
    grant_personal_export(w.focal, w.police_sd)


def _subject(w: World) -> list[int]:
    return [world_subject(w).pk]


def _incoming_transfer(w: World) -> list[int]:
    """A subject of Xã Trung Môn handed over to the Sơn Dương district police (whose focal
    officer decides it), pending."""
    import datetime

    from dondoc.registry.services import person_create
    from dondoc.reintegration.services import subject_register, transfer_request

    communes = world_communes(w)
    officer, agency = communes.officer_tm, communes.police_tm
    person = person_create(actor=officer, agency=agency, full_name=SUBJECT_NAME, sex="male")
    subject = subject_register(
        actor=officer, agency=agency, person=person, legal_status="suspended",
        start_on=datetime.date(2026, 3, 2),
    )  # fmt: skip
    transfer = transfer_request(
        actor=officer, subject=subject, to_agency=w.police_sd, moved_on=datetime.date(2026, 11, 2)
    )
    return [transfer.pk]


def _handover_plan(w: World) -> list[int]:
    """The test world after the 2025 reform: its plan waits for the 2025 province's hand-over."""
    return [w.new_province.pk, reform(w).plan.pk]


def _handover_records(w: World) -> list[int]:
    reform(w)
    return [w.new_province.pk, w.police_sd.pk]


def _handover_done(w: World) -> list[int]:
    """A hand-over of the plan, confirmed by the 2025 province's focal officer."""
    import datetime

    from dondoc.handover import selectors as handover_selectors
    from dondoc.handover.services import plan_handover_confirm, proposed_choices

    plan = reform(w).plan
    day = datetime.date(2026, 11, 30)
    draft = handover_selectors.plan_draft(document=plan, unit=w.new_province, day=day)
    handover = plan_handover_confirm(
        actor=w.new_focal, document=plan, unit=w.new_province, choices=proposed_choices(draft),
        day=day,
    )  # fmt: skip
    return [w.new_province.pk, handover.pk]


def _imported(w: World) -> None:
    """A file of two crime reports imported by the Sơn Dương police."""
    from dondoc.registry.models import ImportedRow
    from dondoc.registry.transfer import registry_import

    if ImportedRow.objects.exists():
        return
    data = (
        "Ngày tiếp nhận,Nguồn tin\n02/11/2026,Tin báo về tội phạm\n03/11/2026,Tin báo về tội phạm\n"
    )
    registry_import(
        actor=w.focal,
        agency=w.police_sd,
        kind="crime_reports",
        data=data.encode(),
        filename="tb.csv",
    )


def _token_of_focal(w: World) -> list[str]:
    from knox.models import AuthToken

    token, _ = AuthToken.objects.create(user=w.focal)
    return [token.token_key]


MATRIX: dict[str, Route] = {
    "web:home": Route(secret="Công an huyện Sơn Dương"),
    # Monitoring's: anyone may ask, and learns three words (tests/core/test_health.py).
    "web:healthz": Route(args=lambda w: (worker_beats(), [])[1], public=True),
    "web:job_list": Route(args=lambda w: (world_export_job(w), [])[1], secret="Sơn Dương"),
    "web:job_detail": Route(args=lambda w: [world_export_job(w).pk], scoped_object=True),
    "web:job_download": Route(
        args=lambda w: [world_export_job(w).pk], scoped_object=True, binary=True
    ),
    "web:job_save_valid": Route(
        args=lambda w: [world_import_job(w).pk], method="post", scoped_object=True, ok_status=302
    ),
    "web:login": Route(public=True),
    "web:logout": Route(method="post"),
    "web:password_change": Route(),
    "web:password_change_done": Route(),
    "web:agencies": Route(secret="Sơn Dương"),
    "web:unit_detail": Route(args=lambda w: [w.son_duong.pk], scoped_object=True),
    "web:agency_tasks": Route(
        args=lambda w: (world_plan(w), [w.justice_sd.pk])[1], scoped_object=True
    ),
    "web:plan_list": Route(args=lambda w: (world_plan(w), [])[1], secret="15/KH-UBND"),
    "web:plan_upload": Route(),
    "web:plan_review": Route(args=lambda w: [world_upload(w).pk], scoped_object=True),
    "web:plan_parse": Route(
        args=lambda w: [world_parse_job(w).pk], scoped_object=True, secret="son-duong"
    ),
    "web:plan_manual": Route(),
    "web:plan_draft_header": Route(args=lambda w: [world_upload(w).pk], scoped_object=True),
    "web:plan_draft_task": Route(args=lambda w: [world_upload(w).pk, 1], scoped_object=True),
    "web:plan_draft_add": Route(args=lambda w: [world_upload(w).pk], scoped_object=True),
    "web:plan_draft_name": Route(
        args=lambda w: [world_upload(w).pk], method="post", scoped_object=True, ok_status=302
    ),
    "web:task_amend": Route(
        args=lambda w: [world_plan(w).pk, world_plan(w).tasks.get(path="I/1").pk],
        scoped_object=True,
    ),
    "web:task_add": Route(args=lambda w: [world_plan(w).pk], scoped_object=True),
    "web:plan_template": Route(),
    "web:plan_detail": Route(args=lambda w: [world_plan(w).pk], scoped_object=True),
    "web:plan_cascade": Route(args=lambda w: [world_plan(w).pk], scoped_object=True),
    "web:assignment_correct": Route(
        args=_assignment, method="post", scoped_object=True, ok_status=302
    ),
    "web:reports_owed": Route(args=lambda w: (world_tracking(w), [])[1], secret="15/KH-UBND"),
    "web:report_edit": Route(  # the old per-task page: redirects to the agency's report
        args=lambda w: [world_tracking(w).period.pk, world_tracking(w).assignment.pk],
        scoped_object=True,
        ok_status=302,
    ),
    "web:agency_report": Route(args=_agency_report, scoped_object=True, secret="15/KH-UBND"),
    "web:agency_report_docx": Route(args=_agency_report, scoped_object=True, binary=True),
    "web:agency_report_signed": Route(args=_agency_report, scoped_object=True, binary=True),
    "web:agency_report_evidence": Route(args=_agency_report_file, scoped_object=True, binary=True),
    "web:report_detail": Route(args=lambda w: [world_tracking(w).report.pk], scoped_object=True),
    "web:evidence_download": Route(
        args=lambda w: [world_tracking(w).evidence.pk], scoped_object=True, binary=True
    ),
    "web:evidence_delete": Route(
        args=lambda w: [world_tracking(w).evidence.pk],
        method="post",
        scoped_object=True,
        ok_status=302,
    ),
    "web:plan_board": Route(args=lambda w: [world_tracking(w).plan.pk], scoped_object=True),
    "web:plan_schedule": Route(args=lambda w: [world_tracking(w).plan.pk], scoped_object=True),
    "web:plan_targets": Route(
        args=lambda w: [world_plan(w).pk], scoped_object=True, secret="15/KH-UBND"
    ),
    "web:consolidated_docx": Route(
        args=lambda w: [world_tracking(w).plan.pk, world_tracking(w).period.pk],
        scoped_object=True,
        binary=True,
    ),
    "web:consolidated_xlsx": Route(
        args=lambda w: [world_tracking(w).plan.pk, world_tracking(w).period.pk],
        scoped_object=True,
        binary=True,
    ),
    "web:consolidated_page": Route(
        args=lambda w: [world_tracking(w).plan.pk, world_tracking(w).period.pk],
        scoped_object=True,
    ),
    "web:consolidated_edit": Route(
        args=lambda w: [world_consolidated(w).pk],
        method="post",
        scoped_object=True,
        ok_status=302,
    ),
    "web:consolidated_step": Route(
        args=lambda w: [world_consolidated(w).pk],
        method="post",
        scoped_object=True,
        ok_status=400,
    ),
    "web:consolidated_issue": Route(
        args=lambda w: [world_consolidated_approved(w).pk],
        method="post",
        scoped_object=True,
        ok_status=400,
    ),
    "web:consolidated_pdf_retry": Route(
        args=lambda w: [world_consolidated_approved(w).pk],
        method="post",
        scoped_object=True,
        ok_status=409,  # approved, not issued: there is no PDF to make again
    ),
    "web:consolidated_signed": Route(
        args=lambda w: [world_consolidated_approved(w).pk],
        method="post",
        scoped_object=True,
        ok_status=400,
    ),
    "web:consolidated_preview": Route(
        args=lambda w: [world_consolidated(w).pk], scoped_object=True, binary=True
    ),
    "web:consolidated_file": Route(
        args=lambda w: [world_consolidated_approved(w).pk, "docx"],
        scoped_object=True,
        binary=True,
    ),
    "web:notifications": Route(),
    "web:task_request_new": Route(
        args=lambda w: [
            world_plan(w).tasks.get(path="I/2").assignments.get(agency=w.justice_sd).pk
        ],
        scoped_object=True,
        insider="officer",
    ),
    "web:task_requests": Route(args=lambda w: (world_request(w), [])[1], secret=REQUEST_REASON),
    "web:task_request_detail": Route(
        args=lambda w: [world_request(w).pk], scoped_object=True, secret=REQUEST_REASON
    ),
    "web:task_request_decide": Route(
        args=lambda w: [world_request(w).pk], method="post", scoped_object=True, ok_status=400
    ),
    "web:plan_timeliness": Route(args=lambda w: [world_tracking(w).plan.pk], scoped_object=True),
    "web:plan_timeliness_xlsx": Route(
        args=lambda w: [world_tracking(w).plan.pk], scoped_object=True, binary=True
    ),
    "web:plan_remind": Route(
        args=lambda w: [world_tracking(w).plan.pk], method="post", scoped_object=True, ok_status=302
    ),
    "web:reminder_letter_docx": Route(
        args=lambda w: [world_tracking(w).plan.pk, world_tracking(w).period.pk],
        query=lambda w: f"co_quan={w.justice_sd.pk}",
        scoped_object=True,
        binary=True,
    ),
    "web:registry_home": Route(),
    "web:crime_report_list": Route(args=lambda w: (world_crime_report(w), [])[1], secret=NUMBER),
    "web:crime_report_detail": Route(args=lambda w: [world_crime_report(w).pk], scoped_object=True),
    "web:registry_import": Route(args=lambda w: ["crime_reports"]),
    "web:crime_report_new": Route(),
    "web:complaint_list": Route(),
    "web:complaint_new": Route(),
    "web:case_list": Route(),
    "web:case_new": Route(),
    "web:compensation_list": Route(),
    "web:compensation_new": Route(),
    "web:compensation_detail": Route(args=lambda w: [world_claim(w).pk], scoped_object=True),
    "web:compensation_pay": Route(
        args=lambda w: [world_claim(w).pk], method="post", scoped_object=True, ok_status=302
    ),
    "web:victim_support_add": Route(
        args=lambda w: [world_crime_report(w).pk], method="post", scoped_object=True, ok_status=302
    ),
    # Casework (issue 17): an empty form from the officer in scope comes back with a message.
    # Names masked by default: the insider reveals them ("Hiện"), the outsider asks the same.
    "web:complaint_detail": Route(
        args=lambda w: [world_complaint(w).pk],
        scoped_object=True,
        secret=COMPLAINANT,
        query=lambda w: "hien=1",
    ),
    "web:complaint_round_resolve": Route(
        args=lambda w: [world_complaint(w).pk], method="post", scoped_object=True, ok_status=302
    ),
    "web:complaint_round_open": Route(
        args=lambda w: [world_complaint(w).pk], method="post", scoped_object=True, ok_status=302
    ),
    "web:complaint_extend": Route(
        args=lambda w: [world_complaint(w).pk], method="post", scoped_object=True, ok_status=302
    ),
    "web:complaint_person_add": Route(
        args=lambda w: [world_complaint(w).pk], method="post", scoped_object=True, ok_status=302
    ),
    "web:case_detail": Route(args=lambda w: [world_case(w).pk], scoped_object=True),
    "web:case_advance": Route(
        args=lambda w: [world_case(w).pk], method="post", scoped_object=True, ok_status=302
    ),
    "web:case_person_add": Route(
        args=lambda w: [world_case(w).pk], method="post", scoped_object=True, ok_status=302
    ),
    "web:record_withdraw": Route(
        args=lambda w: ["tin-bao", world_crime_report(w).pk],
        method="post",
        scoped_object=True,
        ok_status=302,
    ),
    "web:import_history": Route(
        args=lambda w: (_imported(w), [])[1], secret="Công an huyện Sơn Dương"
    ),
    "web:import_undo": Route(method="post", ok_status=302),
    "web:record_correct": Route(
        args=lambda w: ["khieu-nai", world_complaint(w).pk],
        scoped_object=True,
        secret="Khiếu nại quyết định xử phạt",
    ),
    "web:person_detail": Route(
        args=lambda w: [world_crime_report(w).involved.get().person_id], scoped_object=True
    ),
    "web:referral_list": Route(args=lambda w: (world_referral(w), [])[1]),
    "web:referral_new": Route(
        args=lambda w: [world_crime_report(w).pk], scoped_object=True, secret=VICTIM
    ),
    "web:referral_detail": Route(
        args=lambda w: [world_referral(w).pk], scoped_object=True, secret="Đinh Thị Mẹ"
    ),
    "web:referral_respond": Route(
        args=lambda w: [world_referral(w).pk], method="post", scoped_object=True, ok_status=302
    ),
    "web:referral_feedback": Route(
        args=lambda w: [world_referral(w).pk], method="post", scoped_object=True, ok_status=302
    ),
    "web:simple_list": Route(args=lambda w: ["hoat-dong"]),
    "web:simple_new": Route(args=lambda w: ["hoat-dong"]),
    "web:crime_report_decide": Route(
        args=lambda w: [world_crime_report(w).pk], method="post", scoped_object=True, ok_status=302
    ),
    "web:crime_report_step": Route(
        args=lambda w: [world_crime_report(w).pk], method="post", scoped_object=True, ok_status=302
    ),
    "web:registry_export": Route(
        args=lambda w: (_exporter(w), ["crime_reports", "csv"])[1],
        query=lambda w: f"co_quan={w.police_sd.pk}",
        scoped_object=True,  # the agency: out of scope, 404
        secret=NUMBER,
    ),
    "web:registry_template": Route(args=lambda w: ["persons"], binary=True),
    "web:privacy_home": Route(
        args=lambda w: (world_subject_request(w), world_breach(w), [])[2],
        secret="Công an huyện Sơn Dương",
    ),
    "web:subject_request_new": Route(),
    "web:subject_request_detail": Route(
        args=lambda w: [world_subject_request(w).pk], scoped_object=True, secret=SUBJECT
    ),
    "web:breach_new": Route(),
    "web:breach_detail": Route(args=lambda w: [world_breach(w).pk], scoped_object=True),
    "web:breach_notification_docx": Route(
        args=lambda w: [world_breach(w).pk], scoped_object=True, binary=True
    ),
    "web:impact_assessment_docx": Route(
        args=lambda w: [w.police_sd.pk], scoped_object=True, binary=True
    ),
    "web:reintegration_worklist": Route(
        args=lambda w: (world_subject(w), [])[1], secret=SUBJECT_MASKED
    ),
    "web:reintegration_list": Route(
        args=lambda w: (world_subject(w), [])[1], secret=SUBJECT_MASKED
    ),
    "web:reintegration_new": Route(),
    "web:reintegration_rules": Route(),
    "web:reintegration_overview": Route(
        args=lambda w: (world_subject(w), [])[1], secret="Thị trấn Sơn Dương"
    ),
    "web:reintegration_detail": Route(args=_subject, scoped_object=True),
    # An empty form sent by the officer in scope: the subject's page again, with the message.
    "web:reintegration_event": Route(
        args=_subject, method="post", scoped_object=True, ok_status=400
    ),
    "web:reintegration_support": Route(
        args=_subject, method="post", scoped_object=True, ok_status=400
    ),
    "web:reintegration_end": Route(args=_subject, method="post", scoped_object=True, ok_status=400),
    "web:reintegration_transfer": Route(
        args=_subject, method="post", scoped_object=True, ok_status=400
    ),
    "web:reintegration_transfer_decide": Route(
        args=_incoming_transfer, method="post", scoped_object=True, ok_status=302
    ),
    "web:stats": Route(),
    "web:handover_home": Route(
        args=lambda w: (reform(w), [])[1], scoped_object=True, insider="new_focal"
    ),
    "web:handover_plan": Route(args=_handover_plan, scoped_object=True, insider="new_focal"),
    "web:handover_records": Route(args=_handover_records, scoped_object=True, insider="new_focal"),
    "web:handover_revert": Route(
        args=_handover_done,
        method="post",
        scoped_object=True,
        ok_status=302,
        insider="new_focal",
    ),
    "web:stats_download": Route(binary=True),
    "api:schema": Route(),
    "api:crime_report_list": Route(args=lambda w: (world_crime_report(w), [])[1], secret=NUMBER),
    "api:registry_export": Route(
        args=lambda w: (_exporter(w), ["crime_reports"])[1],
        query=lambda w: f"as=csv&agency={w.police_sd.pk}",
        scoped_object=True,
        secret=NUMBER,
    ),
    "api:job_detail": Route(args=lambda w: [world_export_job(w).pk], scoped_object=True),
    "api:job_file": Route(args=lambda w: [world_export_job(w).pk], scoped_object=True, binary=True),
    "api:stats_table": Route(
        args=lambda w: (world_crime_report(w), ["crime_reports", w.son_duong.pk])[1],
        scoped_object=True,
    ),
    "api:token": Route(method="post", public=True),
    "api:logout": Route(method="post"),
    "api:logout_all": Route(method="post"),
    "api:token_list": Route(),
    "api:token_revoke": Route(
        args=_token_of_focal, method="delete", scoped_object=True, ok_status=204
    ),
    "api:me": Route(secret="Sơn Dương"),
    "api:unit_list": Route(secret="Sơn Dương"),
    "api:unit_detail": Route(args=lambda w: [w.son_duong.pk], scoped_object=True),
    "api:agency_list": Route(secret="Sơn Dương"),
    "api:agency_detail": Route(args=lambda w: [w.police_sd.pk], scoped_object=True),
}


def _route_names(resolver: URLResolver, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django admin: every registered admin in tests/org/test_admin_scope.py
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _route_names(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(prefix + entry.name)
    return names


@pytest.fixture(scope="module")
def module_world(django_db_setup: None, django_db_blocker: object) -> Iterator[World]:
    """The world and what most routes name (the plan with its reports, a crime report), built
    once for the ~400 tests of the matrix; each test writes inside its own savepoint."""
    with world_for_module(django_db_blocker, world_tracking, world_crime_report) as shared:
        yield shared


@pytest.fixture
def world(module_world: World, db: None) -> World:
    return world_copy(module_world)


def test_every_route_is_in_the_matrix() -> None:
    assert _route_names(get_resolver()) == set(MATRIX)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_anonymous_is_refused(world: World, name: str) -> None:
    route = MATRIX[name]
    response = getattr(Client(), route.method)(route.url(name, world))
    if route.public:
        # The sign-in routes answer anyone, and give nothing without valid credentials.
        assert response.status_code in {200, 400}
        assert "Sơn Dương" not in response.content.decode()
    elif name.startswith("api:"):
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("web:login"))


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_out_of_scope_user_is_refused_or_sees_nothing_of_others(world: World, name: str) -> None:
    route = MATRIX[name]
    client = Client()
    client.force_login(world.outsider)
    url = route.url(name, world)
    response = getattr(client, route.method)(url, headers={"accept": "application/json"})
    if route.scoped_object:
        assert response.status_code == 404
    else:
        assert response.status_code in {200, 302, 400}
    if route.secret:
        assert route.secret not in response.content.decode()
    if route.binary and route.scoped_object and response.status_code == 200:
        pytest.fail("a download answered an out-of-scope user")
    if route.secret or route.scoped_object:
        # The same route does show it to the user in scope: the refusal is not an accident.
        insider = Client()
        insider.force_login(getattr(world, route.insider))
        shown = getattr(insider, route.method)(url)
        assert shown.status_code == route.ok_status
        if route.ok_status == 200 and not route.binary:
            assert (route.secret or "Sơn Dương") in shown.content.decode()


GET_ROUTES = sorted(name for name, route in MATRIX.items() if route.method == "get")


def _work_a_page_might_do(world: World) -> None:
    """What pages used to make when viewed: facts to rebuild (a record saved, its rebuild not
    run yet), a plan imported before its schedule and targets were made at import, unread
    notifications."""
    from dondoc.indicators.models import Target
    from dondoc.plans.models import Document
    from dondoc.tracking.models import Notification, ReportingSchedule

    world_crime_report(world)
    plan = world_tracking(world).plan
    ReportingSchedule.objects.filter(document=plan).delete()
    Target.objects.filter(document=plan).delete()
    Document.objects.filter(pk=plan.pk).update(
        targets=[{"kind": "percent", "value": 95.0, "comparison": ">", "raw": "đạt trên 95%"}]
    )
    for user in (world.focal, world.officer, world.outsider):
        Notification.objects.create(user=user, key="test", subject="Thông báo thử", body="…")


@pytest.mark.parametrize("name", GET_ROUTES)
def test_a_get_writes_nothing(world: World, name: str) -> None:
    """Viewing a page (or an API read, or a download) creates nothing: what it shows is made
    by the write that needs it or by a background task (STYLE.md habit 14)."""
    route = MATRIX[name]
    url = reverse(name, args=route.args(world))  # the objects named exist before the request
    _work_a_page_might_do(world)
    for user in (world.focal, world.officer, world.outsider):
        client = Client()
        client.force_login(user)
        with no_writes():
            response = client.get(url, headers={"accept": "application/json"})
        assert response.status_code < 500

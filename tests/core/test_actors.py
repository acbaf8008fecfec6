"""One meaning of `actor`: every service takes it keyword-only, typed, without a default; `None`
is refused first, SYSTEM only where a service allows it, and audit rows name who acted."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from io import StringIO
from types import SimpleNamespace
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

import dondoc
from dondoc.core.actors import SYSTEM, require_actor
from dondoc.org.models import Agency
from dondoc.org.services.agencies import agency_create
from dondoc.plans.models import Document
from dondoc.tracking.models import ReportingSchedule
from tests.plans.conftest import seed_path


def _service_modules() -> list[Any]:
    """`dondoc.<app>.services` and the modules of a `services/` package."""
    names = [
        info.name
        for info in pkgutil.walk_packages(dondoc.__path__, "dondoc.")
        if info.name.split(".")[2:3] == ["services"]
    ]
    return [importlib.import_module(name) for name in sorted(names)]


def _public_functions() -> list[tuple[str, Callable[..., Any]]]:
    return [
        (f"{module.__name__}.{name}", function)
        for module in _service_modules()
        for name, function in sorted(vars(module).items())
        if not name.startswith("_")
        and inspect.isfunction(function)
        and function.__module__ == module.__name__
    ]


FUNCTIONS = _public_functions()
SERVICES = [(name, f) for name, f in FUNCTIONS if "actor" in inspect.signature(f).parameters]
PERSON_ONLY = [
    (n, f) for n, f in SERVICES if inspect.signature(f).parameters["actor"].annotation == "User"
]

# Public functions of the services modules that take no actor, and why: reads (they take the
# viewing `user`, as selectors do), pure rules, and bookkeeping called inside a service that
# has checked its actor. A new write belongs in neither group: it takes `actor`.
NO_ACTOR = {
    # reads
    "dondoc.indicators.services.baselines_measure",
    "dondoc.indicators.services.measure",
    "dondoc.indicators.services.target_dashboard",
    "dondoc.indicators.services.target_rows",
    "dondoc.indicators.services.target_split",
    "dondoc.indicators.services.targets_from_document",
    "dondoc.indicators.services.value_measure",
    "dondoc.indicators.services.value_reported",
    "dondoc.indicators.services.values_measure",
    "dondoc.plans.services.upper_document_for",
    "dondoc.privacy.services.request_deadlines",  # a data subject's request's two clocks
    "dondoc.reports.services.consolidation_hash",  # what a consolidation was made from
    "dondoc.reports.services.file_stem",
    "dondoc.reports.services.read_file",  # a stored file, its sha256 checked
    "dondoc.reports.services.pdf_retry_allowed",  # a read: may the PDF be asked again
    # The worker's print of the issued DOCX (reports.tasks), in the issuing officer's name.
    "dondoc.reports.services.issued_pdf_render",
    "dondoc.reports.services.report_consolidation",  # the content, frozen from approval on
    "dondoc.reports.services.report_options",  # the officer's stored choices
    "dondoc.registry.services.compensation_claim_steps",
    "dondoc.registry.services.compensation_claims_overdue",
    "dondoc.registry.services.compensation_next_due",
    "dondoc.registry.services.compensation_step_days",
    "dondoc.tracking.services.last_change",
    "dondoc.tracking.services.schedule_proposed",  # unsaved
    "dondoc.handover.services.proposed_choices",  # a hand-over's lines as proposed
    "dondoc.handover.services.revert_refusal",  # why a hand-over can no longer be reverted
    "dondoc.registry.services.records_changed_since",  # … because the receiver changed a record
    "dondoc.reintegration.services.subjects_recorded_since",  # … or recorded a step
    # pure rules and checks of input
    "dondoc.indicators.services.baseline_years",
    "dondoc.indicators.services.plan_years",
    "dondoc.registry.services.amount_checked",
    "dondoc.registry.services.complaint_round_due",
    "dondoc.registry.services.complaint_round_deadline",  # a round's deadline and its rule
    "dondoc.registry.services.complaint_rounds_max",  # how many rounds a complaint may have
    "dondoc.registry.services.identity_checked",
    "dondoc.registry.services.not_future",
    "dondoc.registry.services.validated",
    "dondoc.reintegration.services.assessed_quarter_default",
    # bookkeeping inside a record's write (its statistics to rebuild)
    "dondoc.registry.services.stats_stale",
}


def _call(function: Callable[..., Any], actor: object) -> None:
    """Call with `actor` and a placeholder for every other required argument: the actor check
    comes first, so the placeholders are never read."""
    positional, keywords = [], {}
    for name, parameter in inspect.signature(function).parameters.items():
        if name == "actor" or parameter.default is not inspect.Parameter.empty:
            continue
        if parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD):
            positional.append(object())
        elif parameter.kind == parameter.KEYWORD_ONLY:
            keywords[name] = object()
    function(*positional, actor=actor, **keywords)


def test_the_scan_finds_the_services_of_every_app() -> None:
    apps = {name.split(".")[1] for name, _ in SERVICES}
    assert apps == {
        "handover", "indicators", "org", "plans", "privacy", "registry", "reintegration",
        "reports", "tracking",
    }  # fmt: skip
    assert len(SERVICES) > 50


def test_every_service_takes_a_keyword_only_typed_actor_without_default() -> None:
    wrong = []
    for name, function in SERVICES:
        actor = inspect.signature(function).parameters["actor"]
        if actor.kind is not inspect.Parameter.KEYWORD_ONLY:
            wrong.append(f"{name}: actor is not keyword-only")
        if actor.default is not inspect.Parameter.empty:
            wrong.append(f"{name}: actor has a default ({actor.default!r})")
        if actor.annotation not in ("Actor", "User"):
            wrong.append(f"{name}: actor is annotated {actor.annotation!r}, not Actor or User")
    assert wrong == []


def test_a_public_function_without_actor_is_a_known_read_or_helper() -> None:
    without = {name for name, f in FUNCTIONS if "actor" not in inspect.signature(f).parameters}
    assert without - NO_ACTOR == set(), "a write takes actor; a read or helper is listed here"
    assert NO_ACTOR - without == set(), "listed but gone or now taking actor: update NO_ACTOR"


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "function"), SERVICES, ids=[name for name, _ in SERVICES])
def test_none_is_refused_before_anything_is_done(name: str, function: Callable[..., Any]) -> None:
    with pytest.raises(TypeError, match="actor: expected a User or SYSTEM, got None"):
        _call(function, None)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "function"), PERSON_ONLY, ids=[n for n, _ in PERSON_ONLY])
def test_system_is_refused_where_a_person_must_act(name: str, function: Callable[..., Any]) -> None:
    with pytest.raises(TypeError, match="acts for a person"):
        _call(function, SYSTEM)


@pytest.mark.django_db
def test_require_actor_takes_a_user_and_system_only_when_allowed(django_user_model) -> None:
    user = django_user_model.objects.create_user(username="canbo")
    require_actor(user)
    require_actor(SYSTEM, system=True)
    for wrong in (None, AnonymousUser(), SimpleNamespace(pk=None, is_superuser=True), "admin"):
        with pytest.raises(TypeError, match="expected a User or SYSTEM"):
            require_actor(wrong, system=True)
    with pytest.raises(TypeError, match="acts for a person"):
        require_actor(SYSTEM)


@pytest.mark.django_db
def test_an_audit_row_of_the_system_says_he_thong(world) -> None:
    agency = agency_create(
        actor=SYSTEM, unit=world.son_duong, name="Phòng Y tế huyện Sơn Dương", kind="health"
    )
    row = LogEntry.objects.get(additional_data__action="agency.create", object_pk=str(agency.pk))
    assert row.actor is None
    assert row.additional_data["by"] == "hệ thống" and row.additional_data["system"] is True


@pytest.mark.django_db
def test_plan_import_names_its_user_on_the_plan_and_its_schedule(world) -> None:
    call_command(
        "plan", "import", str(seed_path("000")), "--user", world.focal.username,
        stdout=StringIO(),
    )  # fmt: skip
    document = Document.objects.get()
    assert document.imported_by == world.focal
    schedule = ReportingSchedule.objects.get(document=document)
    created = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(ReportingSchedule),
        object_pk=str(schedule.pk),
        action=LogEntry.Action.CREATE,
    )
    assert created.actor == world.focal  # the receivers of plan_imported act as the importer


@pytest.mark.django_db
def test_plan_import_without_user_is_the_system(world) -> None:
    call_command("plan", "import", str(seed_path("000")), stdout=StringIO())
    document = Document.objects.get()
    assert document.imported_by is None
    row = LogEntry.objects.get(additional_data__action="plan.import")
    assert row.actor is None and row.additional_data["by"] == "hệ thống"
    assert Agency.objects.filter(unit=world.son_duong).exists()

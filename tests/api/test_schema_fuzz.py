"""The API against its own OpenAPI schema: schemathesis generates requests from the schema
(valid and invalid parameters, huge ids, years far off) and calls the Django app in-process,
signed in as the demo's focal officer. No request may get a 500, and every response must be
what the schema says. Bounded examples keep the run short (`make test` runs it).

The schema is the one `/api/schema/` serves, generated in-process (drf-spectacular needs no
database for it); schemathesis' lazy `from_fixture` loader does not run on pytest 9."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from knox.models import AuthToken
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from tests.world import World

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = get_wsgi_application()


@pytest.fixture
def api_token(world: World, settings: Any) -> Iterator[str]:
    settings.DEBUG = False  # a failure is the 500 a user would get, not Django's debug page
    # As Django's test client does: a request must not close the test's database connection
    # (its transaction holds the world), which the WSGI handler would do when it finishes.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        _, secret = AuthToken.objects.create(user=world.focal)
        yield secret
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_honours_its_schema(case: Any, api_token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Token {api_token}"}, checks=CHECKS)

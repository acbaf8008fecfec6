"""Two `dondoc org reforms` at the same moment: both finish, every succession is written once
(PostgreSQL, real connections)."""

from __future__ import annotations

import datetime

from dondoc.core.actors import SYSTEM
from dondoc.org.models import Agency, AgencySuccession
from dondoc.org.services.reforms import reforms_load
from tests.concurrency.conftest import on_postgresql, together

pytestmark = on_postgresql


def test_two_loads_at_once_write_each_succession_once(world) -> None:
    results = together(lambda: reforms_load(actor=SYSTEM), lambda: reforms_load(actor=SYSTEM))
    assert not [r for r in results if isinstance(r, BaseException)], results
    created = sorted(r.successions_created for r in results)
    assert created[0] == 0 and created[1] == AgencySuccession.objects.count() > 0
    police = Agency.objects.get(pk=world.police_sd.pk)
    # A hand-made district police (no directory template) ends with the district police.
    assert police.existed_until == datetime.date(2025, 2, 28) and not police.is_active
    again = reforms_load(actor=SYSTEM)
    assert not again.changed

"""Jobs and worker heartbeats of the test world."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from dondoc.core.jobs import job_run
from dondoc.core.models import Job
from dondoc.core.worker import heartbeat_beat
from dondoc.registry.jobs import registry_export_enqueue, registry_import_enqueue
from tests.registry.factories import grant_personal_export, world_crime_report

# One valid row, one rejected (31 February).
HALF_GOOD = (
    "Ngày tiếp nhận,Nguồn tin,Điều luật (BLHS),Họ tên bị hại,Năm sinh bị hại\n"
    "01/03/2024,Tố giác về tội phạm,146,Lê Thị Hoa,2012\n"
    "31/02/2024,Tố giác về tội phạm,146,,\n"
)


def ensure_catalogues() -> None:
    """The rows data migrations load (offences, indicators), which an earlier transactional
    test's flush removed; loaded again as the migrations do, for transactional tests that
    need them."""
    import importlib

    from django.apps import apps

    from dondoc.registry.models import Offence

    if not Offence.objects.exists():
        from dondoc.registry.catalogues import load_penal_code

        # The whole code first, as registry 0010 leaves it (each offence with its code); then
        # the first catalogue's load finds its 20 articles there and sets their flags.
        load_penal_code(Offence)
        for module in (
            "dondoc.registry.migrations.0002_catalogues",
            "dondoc.indicators.migrations.0002_computed_indicators",
        ):
            importlib.import_module(module).load(apps, None)


def worker_beats() -> None:
    """A worker alive now (what `dondoc db_worker` leaves)."""
    heartbeat_beat(worker_id="test-worker", started_at=timezone.now())


def world_export_job(world: Any) -> Job:
    """The focal officer's export of the Sơn Dương police's crime reports, done."""
    world_crime_report(world)
    grant_personal_export(world.focal, world.police_sd)
    job = registry_export_enqueue(
        actor=world.focal, kind="crime_reports", fmt="csv", agency=world.police_sd
    )
    job_run(job.pk)
    job.refresh_from_db()
    return job


def world_import_job(world: Any) -> Job:
    """The focal officer's import of a file with a rejected row, checked: nothing saved yet."""
    job = registry_import_enqueue(
        actor=world.focal, agency=world.police_sd, kind="crime_reports",
        data=HALF_GOOD.encode(), filename="tb.csv",
    )  # fmt: skip
    job_run(job.pk)
    job.refresh_from_db()
    return job

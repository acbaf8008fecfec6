"""Heavy work off the request (core.jobs): a large import or export becomes a job of its owner,
run by the worker; its page shows the progress, the rejected rows and the result, to the owner
only; a failure is told in Vietnamese, and retried when it is not the file's fault."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dondoc.core.jobs import MAX_ATTEMPTS, job_run
from dondoc.core.models import Job
from dondoc.registry.models import CrimeReport
from tests.core.factories import HALF_GOOD
from tests.registry.factories import NUMBER, grant_personal_export, world_crime_report
from tests.world import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_limit(settings):
    settings.BACKGROUND_ROWS = 1  # any file of two rows is "large"


def _upload(client, world, data: str, name: str = "tb.csv"):
    url = reverse("web:registry_import", args=["crime_reports"])
    return client.post(
        url, {"agency": world.police_sd.pk, "file": SimpleUploadedFile(name, data.encode())}
    )


def test_a_large_import_runs_in_the_worker_and_its_page_follows_it(world, small_limit) -> None:
    client = signed_in(world.focal)
    response = _upload(client, world, HALF_GOOD)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "web:job_detail", args=[job.pk]
    )
    assert not CrimeReport.objects.exists()  # nothing done in the request
    # The uploaded file waits encrypted: the victim's name is not in it as written.
    with default_storage.open(job.input_file, "rb") as stored:
        assert "Lê Thị Hoa".encode() not in stored.read()
    waiting = client.get(reverse("web:job_detail", args=[job.pk])).content.decode()
    assert "Đang chờ" in waiting and 'http-equiv="refresh"' in waiting

    assert job_run(job.pk) == "done"  # what the worker does
    page = client.get(reverse("web:job_detail", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert '<dd id="job-checked">2</dd>' in page and '<dd id="job-rejected">1</dd>' in page
    assert "Không lưu gì: 1 trong 2 dòng bị từ chối" in page
    assert "Dòng 3, cột “Ngày tiếp nhận”" in page
    assert not CrimeReport.objects.exists()

    confirmed = client.post(reverse("web:job_save_valid", args=[job.pk]))
    again = Job.objects.exclude(pk=job.pk).get()
    assert confirmed["Location"] == reverse("web:job_detail", args=[again.pk])
    assert again.params["save_valid"] is True
    job_run(again.pk)
    page = client.get(reverse("web:job_detail", args=[again.pk])).content.decode()
    assert "Đã lưu 1 hồ sơ từ 2 dòng" in page and '<dd id="job-saved">1</dd>' in page
    assert CrimeReport.objects.count() == 1
    again.refresh_from_db()
    assert again.input_file == "" and again.finished  # the file is deleted once saved


def test_a_small_import_stays_in_the_request(world) -> None:
    response = _upload(signed_in(world.focal), world, HALF_GOOD)
    assert response.status_code == 400 and not Job.objects.exists()


def test_a_job_is_its_owners_alone(world, small_limit) -> None:
    _upload(signed_in(world.focal), world, HALF_GOOD)
    job = Job.objects.get()
    job_run(job.pk)
    for user in (world.outsider, world.officer, world.leader):  # the leader sees the agency
        client = signed_in(user)
        assert client.get(reverse("web:job_detail", args=[job.pk])).status_code == 404
        assert client.get(reverse("web:job_download", args=[job.pk])).status_code == 404
        assert client.post(reverse("web:job_save_valid", args=[job.pk])).status_code == 404
        assert job.title not in client.get(reverse("web:job_list")).content.decode()
    assert job.title in signed_in(world.focal).get(reverse("web:job_list")).content.decode()


def test_a_file_that_is_no_table_fails_with_its_reason_in_vietnamese(world, small_limit) -> None:
    client = signed_in(world.focal)
    _upload(client, world, "Họ tên,Cột lạ\nA,B\nC,D\n")
    job = Job.objects.get()
    assert job_run(job.pk) == "failed"
    job.refresh_from_db()
    assert job.attempts == 1  # the file's fault: not retried
    page = client.get(reverse("web:job_detail", args=[job.pk])).content.decode()
    assert "Không thành công" in page and 'id="job-error"' in page
    assert job.error.startswith("tb.csv: Không tìm thấy dòng tiêu đề") and job.error in page
    assert job.input_file == ""  # nothing kept of a failed file


def boom(job, progress):
    raise ConnectionError("the database went away")


def test_a_server_failure_is_retried_then_told(world, small_limit) -> None:
    from django_tasks_db.models import DBTaskResult

    client = signed_in(world.focal)
    _upload(client, world, HALF_GOOD)
    job = Job.objects.get()
    handlers = {Job.Kind.REGISTRY_IMPORT: "tests.core.test_jobs.boom"}
    for attempt in range(1, MAX_ATTEMPTS):
        assert job_run(job.pk, handlers=handlers) == "retrying"
        job.refresh_from_db()
        assert job.status == Job.Status.QUEUED and f"lần chạy thứ {attempt}" in job.phase
    assert DBTaskResult.objects.filter(run_after__isnull=False).count() == MAX_ATTEMPTS - 1
    assert job_run(job.pk, handlers=handlers) == "failed"
    page = client.get(reverse("web:job_detail", args=[job.pk])).content.decode()
    assert f"đã dừng sau {MAX_ATTEMPTS} lần chạy; không có gì được lưu" in page
    assert "database" not in page  # the server's own words stay in its log
    assert job_run(job.pk) == "not queued"  # a finished job never runs again


def test_a_large_export_is_offered_then_made_in_the_worker(world, settings) -> None:
    world_crime_report(world)
    grant_personal_export(world.focal, world.police_sd)
    client = signed_in(world.focal)
    url = reverse("web:registry_export", args=["crime_reports", "csv"])
    settings.BACKGROUND_ROWS = 0  # one record is above it
    offer = client.get(url, {"co_quan": world.police_sd.pk})
    assert offer.status_code == 200 and "Tạo tệp trong nền" in offer.content.decode()
    assert not Job.objects.exists()  # a GET writes nothing
    queued = client.post(url, {"co_quan": world.police_sd.pk})
    job = Job.objects.get()
    assert queued["Location"] == reverse("web:job_detail", args=[job.pk])
    job_run(job.pk)
    download = client.get(reverse("web:job_download", args=[job.pk]))
    assert download.status_code == 200 and NUMBER in download.content.decode("utf-8-sig")
    with default_storage.open(Job.objects.get().result_file, "rb") as stored:
        assert NUMBER.encode() not in stored.read()  # kept encrypted
    assert (
        signed_in(world.outsider).get(reverse("web:job_download", args=[job.pk])).status_code == 404
    )


def test_an_export_without_the_grant_is_refused_before_the_queue(world, small_limit) -> None:
    world_crime_report(world)
    url = reverse("web:registry_export", args=["crime_reports", "csv"])
    refused = signed_in(world.focal).post(url, {"co_quan": world.police_sd.pk})
    assert refused.status_code == 403 and "cần quyền" in refused.content.decode()
    assert not Job.objects.exists()


def test_a_consolidated_report_is_rendered_in_the_worker(world) -> None:
    from tests.tracking.factories import world_tracking

    tracked = world_tracking(world)
    url = reverse("web:consolidated_docx", args=[tracked.plan.pk, tracked.period.pk])
    assert signed_in(world.outsider).post(url).status_code == 404  # the board's rule
    assert not Job.objects.exists()
    client = signed_in(world.focal)
    board = client.get(reverse("web:plan_board", args=[tracked.plan.pk])).content.decode()
    assert 'id="consolidated-background"' in board
    queued = client.post(url)
    job = Job.objects.get()
    assert queued["Location"] == reverse("web:job_detail", args=[job.pk])
    assert job_run(job.pk) == "done"
    download = client.get(reverse("web:job_download", args=[job.pk]))
    assert download.status_code == 200 and download.content[:2] == b"PK"
    direct = client.get(url).content  # the same report as the direct download
    import io

    import docx

    def text(data: bytes) -> list[str]:
        return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]

    assert text(download.content) == text(direct)
    assert "Báo cáo tổng hợp" in job.title


def test_a_job_cut_off_with_its_worker_runs_again(world, small_limit, pinned_clock) -> None:
    import datetime

    from django.utils import timezone

    from dondoc.core.jobs import jobs_recover
    from dondoc.core.models import WorkerHeartbeat

    client = signed_in(world.focal)
    _upload(client, world, HALF_GOOD)
    _upload(client, world, HALF_GOOD)
    cut, alive = Job.objects.order_by("pk")
    WorkerHeartbeat.objects.create(
        worker_id="alive", host="may-chu", pid=42, started_at=timezone.now(),
        seen_at=timezone.now(),
    )  # fmt: skip
    WorkerHeartbeat.objects.create(
        worker_id="gone", host="may-chu", pid=41, started_at=timezone.now(),
        seen_at=timezone.now() - datetime.timedelta(hours=1),
    )  # fmt: skip
    Job.objects.filter(pk=cut.pk).update(status=Job.Status.RUNNING, runner="may-chu:41", attempts=1)
    Job.objects.filter(pk=alive.pk).update(status=Job.Status.RUNNING, runner="may-chu:42")
    assert jobs_recover() == 1
    cut.refresh_from_db()
    alive.refresh_from_db()
    assert cut.status == Job.Status.QUEUED and "dừng giữa chừng" in cut.phase
    assert alive.status == Job.Status.RUNNING  # its worker still beats
    assert job_run(cut.pk) == "done"  # and it runs again to its end
    Job.objects.filter(pk=alive.pk).update(runner="may-chu:41", attempts=MAX_ATTEMPTS)
    assert jobs_recover() == 1
    alive.refresh_from_db()
    assert alive.status == Job.Status.FAILED and "bị dừng giữa chừng" in alive.error


def test_a_large_api_export_is_refused_on_get_then_made_by_the_worker(world, settings) -> None:
    """The API's export (issue 18): a GET above the limit writes nothing and says to POST; the
    POST queues the job, whose progress and file the API gives its owner alone."""
    from tests.world import signed_in_api

    world_crime_report(world)
    grant_personal_export(world.focal, world.police_sd)
    client = signed_in_api(world.focal)
    url = reverse("api:registry_export", args=["crime_reports"])
    query = f"?as=csv&agency={world.police_sd.pk}&nam=2024"
    settings.BACKGROUND_ROWS = 0  # one record is above it
    refused = client.get(url + query)
    assert refused.status_code == 409 and refused.json()["count"] == 1
    assert "POST" in refused.json()["detail"] and not Job.objects.exists()
    queued = client.post(url + query)
    job = Job.objects.get()
    assert queued.status_code == 202 and queued.json()["id"] == job.pk
    assert job.params["filters"] == {"nam": 2024}  # the list's filters travel with it
    assert queued.json()["status"] == "queued" and queued.json()["file"] is None
    job_run(job.pk)
    status = client.get(queued.json()["url"]).json()
    assert status["status"] == "done" and status["rows_saved"] == 1
    assert status["expires_at"] and status["file"] == reverse("api:job_file", args=[job.pk])
    download = client.get(status["file"])
    assert download.status_code == 200 and NUMBER in download.content.decode("utf-8-sig")
    assert download["Cache-Control"] == "no-store"
    outsider = signed_in_api(world.outsider)
    assert outsider.get(status["url"]).status_code == 404  # another's job: not found
    assert outsider.get(status["file"]).status_code == 404
    ungranted = signed_in_api(world.province_officer).post(url + query)
    assert ungranted.status_code in (403, 404) and Job.objects.count() == 1

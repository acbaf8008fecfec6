"""Registry imports and exports run by the worker (core.jobs): what the import and export
pages hand over when a file or a list is too large for one request (settings.BACKGROUND_ROWS)."""

from __future__ import annotations

import io
from typing import Any

from dondoc.core.crypto import decrypt, encrypt
from dondoc.core.exceptions import NotFound
from dondoc.core.jobs import JobOutcome, JobProgress, job_create, job_input
from dondoc.core.models import Job
from dondoc.core.protect import checked_password, protected
from dondoc.org.models import Agency, User

from .layouts import LAYOUTS
from .transfer import ImportResult, registry_export, registry_export_count, registry_import

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORT_LINES = 2000  # rejected and skipped rows listed on the job's page


def estimated_rows(data: bytes, *, filename: str) -> int:
    """About how many data rows a file holds, without reading them: lines of a CSV file, the
    largest sheet's dimension in a workbook (what decides where an import runs, not a count
    anyone reads)."""
    if data.startswith(b"PK\x03\x04"):
        from openpyxl import load_workbook

        from dondoc.core.archives import TABLE_LIMITS, UnsafeArchive, check_archive

        try:
            check_archive(data, TABLE_LIMITS)  # a zip bomb is refused before it is opened
            book = load_workbook(io.BytesIO(data), read_only=True)
        except UnsafeArchive:
            return 0  # the import refuses it, with its reason, at once
        except Exception:  # not a workbook: the import itself says why
            return 0
        try:
            return max((sheet.max_row or 0 for sheet in book.worksheets), default=0)
        finally:
            book.close()
    return data.count(b"\n")


def registry_import_enqueue(
    *,
    actor: User,
    agency: Agency,
    kind: str,
    data: bytes,
    filename: str,
    save_valid: bool = False,
    sheet: str = "",
) -> Job:
    """Queue the import of a large file; its page follows it."""
    title = f"Nhập {LAYOUTS[kind].title.lower()} từ tệp {filename[:120]} — {agency.name}"
    params = {
        "agency_id": agency.pk,
        "kind": kind,
        "filename": filename[:200],
        "save_valid": save_valid,
        "sheet": sheet[:100],
    }
    return job_create(
        actor=actor, kind=Job.Kind.REGISTRY_IMPORT, title=title, params=params, input_data=data
    )


def registry_import_job(job: Job, progress: JobProgress) -> JobOutcome:
    params: dict[str, Any] = job.params
    agency = Agency.objects.filter(pk=params["agency_id"]).first()
    if agency is None:
        raise NotFound("Cơ quan của lần nhập không còn.")

    def told(result: ImportResult, saving: bool) -> None:
        progress.update(
            phase="Đang lưu các dòng hợp lệ" if saving else "Đang kiểm tra các dòng",
            checked=result.rows,
            saved=result.saved,
            rejected=result.rejected_rows,
        )

    result = registry_import(
        actor=job.owner,
        agency=agency,
        kind=params["kind"],
        data=job_input(job),
        filename=params["filename"],
        save_valid=params["save_valid"],
        sheet=params["sheet"],
        progress=told,
    )
    progress.update(checked=result.rows, saved=result.saved, rejected=result.rejected_rows)
    lines = [e.describe() for e in result.errors] + [w.describe() for w in result.warnings]
    report = "\n".join(([result.sheet] if result.sheet else []) + lines[:REPORT_LINES])
    if len(lines) > REPORT_LINES:
        report += f"\n… và {len(lines) - REPORT_LINES} dòng khác."
    if result.saved or not result.errors:
        summary = f"Đã lưu {result.saved} hồ sơ từ {result.rows} dòng."
        if result.errors:
            summary += f" {result.rejected_rows} dòng bị từ chối không được lưu."
        if result.warnings:
            summary += f" {len(result.warnings)} dòng bỏ qua (xem danh sách)."
        return JobOutcome(summary=summary, report=report)
    summary = (
        f"Không lưu gì: {result.rejected_rows} trong {result.rows} dòng bị từ chối. Sửa tệp "
        "rồi nhập lại, hoặc lưu các dòng hợp lệ."
    )
    return JobOutcome(summary=summary, report=report, keep_input=result.valid > 0)


def registry_import_save_valid(*, actor: User, job: Job) -> Job:
    """The owner confirms saving the valid rows of a checked file: a new job, same file."""
    params = dict(job.params)
    agency = Agency.objects.filter(pk=params["agency_id"]).first()
    if agency is None or not job.input_file:
        raise NotFound("Tệp đã tải lên không còn: hãy tải lại tệp.")
    return registry_import_enqueue(
        actor=actor, agency=agency, kind=params["kind"], data=job_input(job),
        filename=params["filename"], save_valid=True, sheet=params["sheet"],
    )  # fmt: skip


def registry_export_enqueue(
    *,
    actor: User,
    kind: str,
    fmt: str,
    agency: Agency | None,
    unit_path: str = "",
    filters: dict[str, Any] | None = None,
    password: str = "",
) -> Job:
    """Queue a large export; the refusals (no grant …) are said now, not after the queue.
    `filters`: those of the list it was asked from (registry.listing); `password`: the file is
    protected with it (core.protect), kept encrypted meanwhile."""
    if password:
        checked_password(password)
    count = registry_export_count(
        actor=actor, kind=kind, agency=agency, unit_path=unit_path, filters=filters
    )
    whose = f" — {agency.name}" if agency is not None else ""
    title = f"Xuất {count} {LAYOUTS[kind].title.lower()} ra tệp {fmt.upper()}{whose}"
    params = {
        "kind": kind,
        "fmt": fmt,
        "agency_id": agency.pk if agency is not None else None,
        "unit_path": unit_path,
        "filters": dict(filters or {}),
        **({"password": encrypt(password)} if password else {}),
    }
    return job_create(actor=actor, kind=Job.Kind.REGISTRY_EXPORT, title=title, params=params)


def registry_export_job(job: Job, progress: JobProgress) -> JobOutcome:
    params: dict[str, Any] = job.params
    agency = None
    if params["agency_id"] is not None:
        agency = Agency.objects.filter(pk=params["agency_id"]).first()
        if agency is None:
            raise NotFound("Cơ quan của lần xuất không còn.")
    kind, fmt = params["kind"], params["fmt"]
    filters = params.get("filters") or {}
    count = registry_export_count(
        actor=job.owner, kind=kind, agency=agency, unit_path=params["unit_path"], filters=filters
    )
    progress.update(phase="Đang ghi tệp", checked=count)
    data = registry_export(
        actor=job.owner, kind=kind, fmt=fmt, agency=agency, unit_path=params["unit_path"],
        filters=filters,
    )  # fmt: skip
    progress.update(saved=count)
    filename, content_type = f"{kind}.{fmt}", XLSX if fmt == "xlsx" else "text/csv"
    if params.get("password"):
        data, filename, content_type = protected(data, filename, decrypt(params["password"]))
    return JobOutcome(
        summary=f"Đã xuất {count} hồ sơ"
        + (" (tệp có mật khẩu)." if params.get("password") else "."),
        data=data,
        filename=filename,
        content_type=content_type,
    )

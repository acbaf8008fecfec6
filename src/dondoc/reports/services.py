"""Writes of the stored consolidated report: create the draft, edit it, submit it, approve or
return it (the plan's leader), unlock it (with a reason, audited), issue it (number, date, the
frozen DOCX and its PDF), upload the signed copy. Each step is one transaction that locks the
report row, checks the version the user saw, and records who, when and why."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import logging
import pickle  # only our own, HMAC-checked bytes are ever unpickled
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from dondoc.core.actors import require_actor
from dondoc.core.audit import acting_as, audit_record
from dondoc.core.crypto import decrypt_bytes, encrypt_bytes
from dondoc.core.dates import vn_date
from dondoc.core.exceptions import DomainError, InvalidInput, NotAllowed
from dondoc.org.models import User
from dondoc.plans.models import Document
from dondoc.tracking.consolidation import Consolidation, consolidate
from dondoc.tracking.evidence import sniff
from dondoc.tracking.models import ReportingPeriod
from dondoc.tracking.office import check_issuable
from dondoc.tracking.selectors import can_review

from .consolidated import consolidated_docx, consolidated_xlsx, draft_texts
from .models import ConsolidatedReport, ConsolidatedReportFile, ConsolidatedReportStep
from .notify import notify_consolidated_decided, notify_consolidated_submitted
from .options import STANDARD_SECTIONS, ReportOptions, Signer
from .pdf import docx_to_pdf
from .selectors import can_approve, report_files

logger = logging.getLogger(__name__)
State = ConsolidatedReport.State
Action = ConsolidatedReportStep.Action
MAX_SIGNED_BYTES = 20 * 1024 * 1024
MAX_TEXT = 20_000  # characters per section: a page of the report is about 3,000
_MAC_SALT = "dondoc.reports.frozen_consolidation"


class VersionConflict(DomainError):
    status_code = 409


class InvalidTransition(DomainError):
    status_code = 409


# --- Helpers ----------------------------------------------------------------------------------


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def report_options(report: ConsolidatedReport) -> ReportOptions:
    """The officer's stored choices, as the writer takes them (empty: worked out by it)."""
    signer = None
    if report.signer_title or report.signer_name or report.signer_mode:
        signer = Signer(
            mode=report.signer_mode,
            authority=report.signer_authority,
            title=report.signer_title,
            name=report.signer_name,
        )
    return ReportOptions(
        number=report.number,
        issued_on=report.issued_on,
        addressees=_lines(report.addressees) or None,
        recipients=_lines(report.recipients) or None,
        signer=signer,
        texts={k: v for k, v in (report.texts or {}).items() if k in STANDARD_SECTIONS},
    )


def report_consolidation(report: ConsolidatedReport, *, user: Any) -> Consolidation:
    """The content the report is written from: frozen from approval on, live before."""
    if report.locked and report.frozen_content:
        return _thaw(report)
    return consolidate(
        user=user, document=report.document, period=report.period,
        include_lower=report.include_lower,
    )  # fmt: skip


def consolidation_hash(c: Consolidation) -> str:
    """A hash of what the consolidation was made from: the tasks due, each agency's result and
    the version of each report taken in, the lower plans' counts."""
    parts: list[str] = [f"{c.document.pk}:{c.period.pk}"]
    for section in c.sections:
        parts.append(f"t{section.task.pk}:{int(section.due)}")
        for result in section.results:
            report = result.report
            taken = f"{report.pk}.{getattr(report, 'version', '')}" if report is not None else "-"
            parts.append(f"a{result.agency.pk}:{result.role}:{result.state}:{taken}")
    for document, period, counts in c.lower_documents:
        parts.append(f"l{document.pk}:{period.pk if period else '-'}:{sorted(counts.items())}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _mac(data: bytes) -> str:
    return salted_hmac(_MAC_SALT, data, algorithm="sha256").hexdigest()


def _thaw(report: ConsolidatedReport) -> Consolidation:
    data = bytes(report.frozen_content or b"")
    if not hmac.compare_digest(_mac(data), report.frozen_mac):
        raise DomainError(
            "Nội dung đã duyệt của báo cáo không còn nguyên vẹn (sai mã kiểm tra): hãy mở khóa "
            "và trình duyệt lại."
        )
    try:
        content: Consolidation = pickle.loads(data)  # noqa: S301 - our bytes, HMAC-checked above
    except (AttributeError, ImportError, pickle.UnpicklingError, EOFError) as error:
        # dondoc was upgraded between approval and issue and reads the approved content no more.
        raise DomainError(
            "Nội dung đã duyệt của báo cáo được lưu bởi phiên bản dondoc trước, không đọc lại "
            "được: hãy mở khóa và trình duyệt lại."
        ) from error
    return content


def _step(report: ConsolidatedReport, action: str, actor: User, comment: str = "") -> None:
    ConsolidatedReportStep.objects.create(
        report=report, action=action, actor=actor, at=timezone.now(), version=report.version,
        comment=comment,
    )  # fmt: skip
    audit_record(
        actor=actor,
        action=f"consolidated_report.{action}",
        target=report,
        data={"version": report.version, **({"comment": comment} if comment else {})},
    )


def _store(
    report: ConsolidatedReport, kind: str, data: bytes, name: str, actor: User, written: list[str]
) -> ConsolidatedReportFile:
    digest = hashlib.sha256(data).hexdigest()
    extension = "pdf" if kind == ConsolidatedReportFile.Kind.SIGNED else kind
    stored = default_storage.save(
        f"consolidated/{report.pk}/{kind}-{digest[:16]}.{extension}",
        ContentFile(encrypt_bytes(data)),  # at rest like every uploaded file (core.crypto)
    )
    written.append(stored)
    item = ConsolidatedReportFile(
        report=report, kind=kind, version=report.version, name=name, sha256=digest,
        size=len(data), created_by=actor,
    )  # fmt: skip
    item.file.name = stored
    item.save()
    return item


def _cleanup(written: list[str]) -> None:
    for name in written:
        default_storage.delete(name)


def read_file(item: ConsolidatedReportFile) -> bytes:
    with item.file.open("rb") as stored:
        data: bytes = decrypt_bytes(stored.read())
    if hashlib.sha256(data).hexdigest() != item.sha256:
        raise DomainError(f"Tệp {item.name} đã bị thay đổi sau khi lưu (sai mã băm sha256).")
    return data


def file_stem(report: ConsolidatedReport) -> str:
    number = (report.number or report.document.number or "du-thao").replace("/", "-")
    return f"bao-cao-tong-hop-{number}-{report.period.label}"


def _locked(report: ConsolidatedReport, version: int | None) -> ConsolidatedReport:
    locked = (
        ConsolidatedReport.objects.select_for_update(of=("self",))
        .select_related("document__unit", "period", "issuer")
        .get(pk=report.pk)
    )
    if version is not None and version != locked.version:
        last = locked.steps.select_related("actor").order_by("-at", "-id").first()
        who = (
            f"{last.actor} ({last.get_action_display().lower()}) lúc "
            f"{timezone.localtime(last.at):%H:%M ngày %d/%m/%Y}"
            if last
            else "người khác"
        )
        raise VersionConflict(
            f"Báo cáo tổng hợp đã được thay đổi bởi {who}, sau khi bạn mở trang; thao tác của bạn "
            "chưa được thực hiện. Hãy tải lại trang, đối chiếu rồi làm lại."
        )
    return locked


def _require_state(report: ConsolidatedReport, allowed: tuple[str, ...], verb: str) -> None:
    if report.state not in allowed:
        names = ", ".join(f"“{State(s).label}”" for s in allowed)
        raise InvalidTransition(
            f"Báo cáo tổng hợp đang ở trạng thái “{report.get_state_display()}”: chỉ báo cáo ở "
            f"trạng thái {names} mới {verb} được."
        )


def _check_prepare(actor: User, document: Document) -> None:
    if not can_review(user=actor, document=document):
        raise NotAllowed("Chỉ cán bộ đầu mối của kế hoạch mới lập và ban hành báo cáo tổng hợp.")


def _check_approve(actor: User, report: ConsolidatedReport) -> None:
    if not can_approve(user=actor, report=report):
        raise NotAllowed(
            "Chỉ lãnh đạo của cơ quan đầu mối kế hoạch mới duyệt, trả lại hoặc mở khóa báo cáo "
            "tổng hợp."
        )


# --- Steps ------------------------------------------------------------------------------------


@transaction.atomic
def consolidated_report_create(
    *, actor: User, document: Document, period: ReportingPeriod, include_lower: bool = False
) -> ConsolidatedReport:
    """The draft of the period's consolidated report, its sections' texts generated from the
    agencies' reports; the existing one if it was already created (one per plan, unit, period)."""
    require_actor(actor)
    _check_prepare(actor, document)
    if period.document_id != document.pk:
        raise InvalidInput("Kỳ báo cáo không thuộc kế hoạch này.")
    existing = ConsolidatedReport.objects.filter(
        document=document, unit_id=document.unit_id, period=period
    ).first()
    if existing is not None:
        return existing
    issuer = check_issuable(document, period)  # HandoverNeeded until the plan is handed over
    content = consolidate(user=actor, document=document, period=period, include_lower=include_lower)
    report = ConsolidatedReport(
        document=document, unit_id=document.unit_id, period=period, issuer=issuer,
        include_lower=include_lower, texts=draft_texts(content), created_by=actor,
    )  # fmt: skip
    with acting_as(actor):
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:  # created by someone else a moment ago
            return ConsolidatedReport.objects.get(
                document=document, unit_id=document.unit_id, period=period
            )
        _step(report, Action.CREATE, actor)
    return report


@transaction.atomic
def consolidated_report_edit(
    *,
    actor: User,
    report: ConsolidatedReport,
    version: int | None,
    texts: dict[str, str],
    addressees: str = "",
    recipients: str = "",
    signer_mode: str = "",
    signer_authority: str = "",
    signer_title: str = "",
    signer_name: str = "",
) -> ConsolidatedReport:
    """The officer's edits of a draft: the standard sections, Kính gửi, Nơi nhận, the signer."""
    require_actor(actor)
    _check_prepare(actor, report.document)
    report = _locked(report, version)
    _require_state(report, (State.DRAFT,), "sửa")
    unknown = set(texts) - set(STANDARD_SECTIONS)
    if unknown:
        raise InvalidInput(f"Mục không có trong báo cáo: {', '.join(sorted(unknown))}.")
    for key, text in texts.items():
        if len(text) > MAX_TEXT:
            raise InvalidInput(
                f"Mục “{STANDARD_SECTIONS[key]}” dài {len(text):,} ký tự, tối đa "
                f"{MAX_TEXT:,} ký tự.".replace(",", ".")
            )
    if signer_mode not in ConsolidatedReport.SignerMode.values:
        raise InvalidInput("Hình thức ký phải là: thủ trưởng ký, KT., TL. hoặc TM.")
    if signer_mode in ("KT.", "TL.", "TM.") and not signer_authority.strip():
        raise InvalidInput(
            f"Ký {signer_mode} cần ghi rõ ký thay, thừa lệnh hoặc thay mặt cho ai (chức danh hoặc "
            "tập thể), ví dụ “TRƯỞNG CÔNG AN HUYỆN”."
        )
    with acting_as(actor):
        report.texts = {key: texts.get(key, "").strip() for key in STANDARD_SECTIONS}
        report.addressees = "\n".join(_lines(addressees))
        report.recipients = "\n".join(_lines(recipients))
        report.signer_mode = signer_mode
        report.signer_authority = signer_authority.strip()
        report.signer_title = signer_title.strip()
        report.signer_name = signer_name.strip()
        report.version += 1
        report.full_clean(exclude=["frozen_content"])
        report.save()
        _step(report, Action.EDIT, actor)
    return report


@transaction.atomic
def consolidated_report_submit(
    *, actor: User, report: ConsolidatedReport, version: int | None, comment: str = ""
) -> ConsolidatedReport:
    """The focal officer submits the draft to the plan's leader for approval."""
    require_actor(actor)
    _check_prepare(actor, report.document)
    report = _locked(report, version)
    _require_state(report, (State.DRAFT,), "trình duyệt")
    with acting_as(actor):
        report.state = State.SUBMITTED
        report.version += 1
        report.save()
        _step(report, Action.SUBMIT, actor, comment.strip())
    notify_consolidated_submitted(report=report, actor=actor)
    return report


@transaction.atomic
def consolidated_report_return(
    *, actor: User, report: ConsolidatedReport, version: int | None, comment: str
) -> ConsolidatedReport:
    """The leader sends the draft back with what to change."""
    require_actor(actor)
    if not comment.strip():
        raise InvalidInput("Hãy ghi rõ nội dung cần chỉnh sửa khi trả lại báo cáo tổng hợp.")
    _check_approve(actor, report)
    report = _locked(report, version)
    _require_state(report, (State.SUBMITTED,), "trả lại")
    with acting_as(actor):
        report.state = State.DRAFT
        report.version += 1
        report.save()
        _step(report, Action.RETURN, actor, comment.strip())
    notify_consolidated_decided(report=report, actor=actor, comment=comment.strip())
    return report


def consolidated_report_approve(
    *, actor: User, report: ConsolidatedReport, version: int | None, comment: str = ""
) -> ConsolidatedReport:
    """The leader approves: the content is frozen (the consolidation, its hash, the DOCX and XLSX
    made from it), and later agency reports change nothing until it is unlocked."""
    require_actor(actor)
    written: list[str] = []
    try:
        with transaction.atomic():
            _check_approve(actor, report)
            report = _locked(report, version)
            _require_state(report, (State.SUBMITTED,), "duyệt")
            content = consolidate(
                user=actor, document=report.document, period=report.period,
                include_lower=report.include_lower,
            )  # fmt: skip
            frozen = pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL)
            docx = consolidated_docx(content, report_options(report))
            xlsx = consolidated_xlsx(content)
            with acting_as(actor):
                report.state = State.APPROVED
                report.version += 1
                report.snapshot_sha256 = consolidation_hash(content)
                report.frozen_content, report.frozen_mac = frozen, _mac(frozen)
                report.approved_by, report.approved_at = actor, timezone.now()
                report.save()
                stem = file_stem(report)
                _store(report, "docx", docx, f"{stem}-da-duyet.docx", actor, written)
                _store(report, "xlsx", xlsx, f"{stem}-phu-luc.xlsx", actor, written)
                _step(report, Action.APPROVE, actor, comment.strip())
            notify_consolidated_decided(report=report, actor=actor, comment=comment.strip())
    except BaseException:
        _cleanup(written)
        raise
    return report


@transaction.atomic
def consolidated_report_unlock(
    *, actor: User, report: ConsolidatedReport, version: int | None, reason: str
) -> ConsolidatedReport:
    """The leader reopens an approved (or issued, not yet signed) report as a draft, with a
    reason; the frozen files stay in the history, superseded, and a number given is released."""
    require_actor(actor)
    if not reason.strip():
        raise InvalidInput("Mở khóa báo cáo đã duyệt cần ghi rõ lý do.")
    _check_approve(actor, report)
    report = _locked(report, version)
    _require_state(report, (State.APPROVED, State.ISSUED), "mở khóa")
    with acting_as(actor):
        released = (
            f" (thu hồi số {report.number}, ngày {vn_date(report.issued_on)})"
            if (report.number and report.issued_on)
            else ""
        )
        report.state = State.DRAFT
        report.version += 1
        report.number, report.issued_on, report.issue_year = "", None, None
        report.frozen_content, report.frozen_mac, report.snapshot_sha256 = None, "", ""
        report.approved_by, report.approved_at = None, None
        report.pdf_state, report.pdf_error = ConsolidatedReport.PdfState.NONE, ""
        report.save()
        report.files.exclude(kind=ConsolidatedReportFile.Kind.SIGNED).update(superseded=True)
        _step(report, Action.UNLOCK, actor, reason.strip() + released)
    return report


def consolidated_report_issue(
    *,
    actor: User,
    report: ConsolidatedReport,
    version: int | None,
    number: str,
    issued_on: datetime.date,
) -> ConsolidatedReport:
    """The focal officer issues the approved report: its number and date are given at once, in
    this transaction, and go into the DOCX written from the frozen content, stored with them;
    the PDF is printed from that DOCX by the worker (reports.tasks), off the request, since
    LibreOffice takes seconds. The page shows the PDF's progress, or its failure with a retry."""
    require_actor(actor)
    number = number.strip()
    if not number:
        raise InvalidInput("Hãy ghi số của báo cáo (ví dụ 15).")
    if len(number) > 40 or "/" in number:
        raise InvalidInput(
            f"Số báo cáo “{number[:40]}” không hợp lệ: chỉ ghi số (ví dụ 15), ký hiệu do hệ thống "
            "ghi."
        )
    _check_prepare(actor, report.document)
    fresh = ConsolidatedReport.objects.select_related("document__unit", "period").get(pk=report.pk)
    _require_state(fresh, (State.APPROVED,), "ban hành")
    if version is not None and version != fresh.version:
        _locked(fresh, version)  # raises the conflict with who changed it
    if fresh.approved_at and issued_on < timezone.localdate(fresh.approved_at):
        raise InvalidInput(
            f"Ngày ban hành {vn_date(issued_on)} trước ngày duyệt "
            f"{vn_date(timezone.localdate(fresh.approved_at))}."
        )
    # Written before the row is locked; a second officer issuing at the same time is refused
    # below by the version check.
    fresh.number, fresh.issued_on = number, issued_on
    docx = consolidated_docx(_thaw(fresh), report_options(fresh))
    written: list[str] = []
    try:
        with transaction.atomic():
            report = _locked(report, fresh.version)
            _require_state(report, (State.APPROVED,), "ban hành")
            taken = ConsolidatedReport.objects.filter(
                issuer_id=report.issuer_id, issue_year=issued_on.year, number=number
            ).exclude(pk=report.pk)
            if taken.exists():
                raise InvalidInput(
                    f"Số {number} năm {issued_on.year} đã được dùng cho báo cáo khác của cơ quan "
                    "ban hành: hãy ghi số khác."
                )
            with acting_as(actor):
                report.state = State.ISSUED
                report.version += 1
                report.number, report.issued_on, report.issue_year = (
                    number,
                    issued_on,
                    issued_on.year,
                )
                report.save()
                stem = file_stem(report)
                _store(report, "docx", docx, f"{stem}.docx", actor, written)
                _step(report, Action.ISSUE, actor, f"Số {number}, ngày {vn_date(issued_on)}")
            _pdf_enqueue(report)
    except IntegrityError as error:
        _cleanup(written)
        raise InvalidInput(
            f"Số {number} năm {issued_on.year} vừa được dùng cho báo cáo khác: hãy ghi số khác."
        ) from error
    except BaseException:
        _cleanup(written)
        raise
    return report


# The PDF is asked again when it has waited this long (the worker stopped, killed mid-print).
PDF_STALE = datetime.timedelta(minutes=10)


def _pdf_enqueue(report: ConsolidatedReport) -> None:
    """Queue the printing of the issued DOCX to PDF, in the caller's transaction: the task's row
    (django-tasks-db) is written with the issue, or not at all."""
    from .tasks import render_issued_pdf

    result = render_issued_pdf.enqueue(report.pk)
    report.pdf_state, report.pdf_error = ConsolidatedReport.PdfState.QUEUED, ""
    report.pdf_requested_at, report.pdf_task_id = timezone.now(), str(result.id)[:64]
    ConsolidatedReport.objects.filter(pk=report.pk).update(
        pdf_state=report.pdf_state, pdf_error="", pdf_requested_at=report.pdf_requested_at,
        pdf_task_id=report.pdf_task_id,
    )  # fmt: skip


def pdf_retry_allowed(report: ConsolidatedReport, *, now: datetime.datetime | None = None) -> bool:
    """A failed PDF, or one waiting longer than PDF_STALE, may be asked again."""
    if report.state not in (State.ISSUED, State.SIGNED):
        return False
    Pdf = ConsolidatedReport.PdfState
    if report.pdf_state == Pdf.FAILED:
        return True
    waiting = report.pdf_state in (Pdf.QUEUED, Pdf.RUNNING)
    since = report.pdf_requested_at
    return waiting and since is not None and (now or timezone.now()) - since >= PDF_STALE


def consolidated_report_pdf_retry(*, actor: User, report: ConsolidatedReport) -> ConsolidatedReport:
    """The focal officer asks again for the PDF that failed (or waits too long). Safe: printing
    the stored DOCX again gives the same document, and a PDF already attached is kept."""
    require_actor(actor)
    _check_prepare(actor, report.document)
    with transaction.atomic():
        report = _locked(report, None)
        _require_state(report, (State.ISSUED, State.SIGNED), "tạo lại bản PDF")
        if not pdf_retry_allowed(report):
            raise InvalidTransition(
                f"Bản PDF của báo cáo đang ở trạng thái “{report.get_pdf_state_display()}”: "
                "chỉ tạo lại khi việc tạo bản PDF bị lỗi hoặc đã chờ quá "
                f"{int(PDF_STALE.total_seconds() // 60)} phút."
            )
        audit_record(
            actor=actor, action="consolidated_report.pdf_retry", target=report,
            data={"version": report.version, "error": report.pdf_error[:300]},
        )  # fmt: skip
        _pdf_enqueue(report)
    return report


def issued_pdf_render(report_id: int) -> str:
    """The worker's side (reports.tasks): print the issued DOCX, as stored, to PDF and attach
    it; the outcome in a word. Idempotent: a PDF already attached for the issued DOCX ends it,
    and a report unlocked meanwhile is left alone. A failure is recorded for the page."""
    Pdf = ConsolidatedReport.PdfState
    report = ConsolidatedReport.objects.select_related("document", "period").get(pk=report_id)
    if report.state not in (State.ISSUED, State.SIGNED) or report.pdf_state == Pdf.DONE:
        return "nothing to do"
    present = report_files(report=report)
    docx = present.get(ConsolidatedReportFile.Kind.DOCX)
    if docx is None:
        return _pdf_failed(report, "Không còn văn bản Word ban hành để tạo bản PDF.")
    pdf_file = present.get(ConsolidatedReportFile.Kind.PDF)
    if pdf_file is not None and pdf_file.version >= docx.version:
        ConsolidatedReport.objects.filter(pk=report.pk).update(pdf_state=Pdf.DONE, pdf_error="")
        return "done"
    ConsolidatedReport.objects.filter(pk=report.pk, pdf_state__in=[Pdf.QUEUED, Pdf.FAILED]).update(
        pdf_state=Pdf.RUNNING
    )
    try:
        pdf = docx_to_pdf(read_file(docx))
    except DomainError as problem:
        return _pdf_failed(report, problem.message)
    except Exception:  # a server fault: recorded for the page, logged for the administrator
        logger.exception("consolidated report %s: the PDF was not made", report.pk)
        return _pdf_failed(
            report,
            "Máy chủ gặp lỗi khi tạo bản PDF; số và ngày ban hành vẫn giữ nguyên. Hãy bấm “Tạo "
            f"lại bản PDF”; nếu vẫn lỗi, báo quản trị hệ thống (báo cáo #{report.pk}).",
        )
    written: list[str] = []
    try:
        with transaction.atomic():
            locked = _locked(report, None)
            still = report_files(report=locked).get(ConsolidatedReportFile.Kind.DOCX)
            if locked.state not in (State.ISSUED, State.SIGNED) or still != docx:
                return "unlocked meanwhile"
            if locked.pdf_state == Pdf.DONE:
                return "done"
            actor = docx.created_by  # the officer who issued it
            with acting_as(actor):
                item = _store(locked, "pdf", pdf, f"{file_stem(locked)}.pdf", actor, written)
                ConsolidatedReportFile.objects.filter(pk=item.pk).update(version=docx.version)
                ConsolidatedReport.objects.filter(pk=locked.pk).update(
                    pdf_state=Pdf.DONE, pdf_error=""
                )
    except BaseException:
        _cleanup(written)
        raise
    return "done"


def _pdf_failed(report: ConsolidatedReport, message: str) -> str:
    ConsolidatedReport.objects.filter(pk=report.pk).exclude(
        pdf_state=ConsolidatedReport.PdfState.DONE
    ).update(pdf_state=ConsolidatedReport.PdfState.FAILED, pdf_error=message)
    return "failed"


def consolidated_report_sign(
    *, actor: User, report: ConsolidatedReport, version: int | None, name: str, data: bytes
) -> ConsolidatedReport:
    """The signed copy (a scan or a digitally signed PDF) becomes the official one."""
    require_actor(actor)
    _check_prepare(actor, report.document)
    if len(data) > MAX_SIGNED_BYTES:
        raise InvalidInput(
            f"Tệp {name}: {len(data) // (1024 * 1024)} MB, tối đa "
            f"{MAX_SIGNED_BYTES // (1024 * 1024)} MB."
        )
    if not data or sniff(data) != "pdf":
        raise InvalidInput(
            f"Tệp {name} không phải tệp PDF (nội dung không bắt đầu bằng %PDF-): hãy tải lên bản "
            "quét hoặc bản ký số định dạng PDF."
        )
    written: list[str] = []
    try:
        with transaction.atomic():
            report = _locked(report, version)
            _require_state(report, (State.ISSUED, State.SIGNED), "tải bản ký")
            with acting_as(actor):
                report.state = State.SIGNED
                report.version += 1
                report.save()
                _store(report, "signed", data, f"{file_stem(report)}-ban-ky.pdf", actor, written)
                _step(report, Action.SIGNED, actor, name[:200])
    except BaseException:
        _cleanup(written)
        raise
    return report

"""The stored consolidated report: every step and its refusals, the lock from approval on, the
unlock with its audited reason, the issued PDF."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import unicodedata

import pytest
from auditlog.models import LogEntry

from dondoc.core.exceptions import DomainError, InvalidInput, NotAllowed
from dondoc.reports import services
from dondoc.reports.models import ConsolidatedReport, ConsolidatedReportStep
from dondoc.reports.options import STANDARD_SECTIONS
from dondoc.reports.selectors import (
    access_consolidated_report,
    consolidated_reports_to_approve,
    report_files,
)
from dondoc.reports.services import InvalidTransition, VersionConflict
from dondoc.tracking.services import progress_report_accept, progress_report_save
from tests.wordtext import word_text

pytestmark = pytest.mark.django_db
State = ConsolidatedReport.State
needs_office = pytest.mark.skipif(
    not shutil.which("soffice"), reason="LibreOffice is not installed (make test installs it)"
)
ISSUED_ON = datetime.date(2026, 12, 2)


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "issued.pdf"
    path.write_bytes(data)
    out = subprocess.run(  # noqa: S603 - fixed arguments
        ["/usr/bin/pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
        timeout=60,
    ).stdout.decode()  # fmt: skip
    return unicodedata.normalize("NFC", " ".join(out.split()))


def created(world, stored) -> ConsolidatedReport:
    return services.consolidated_report_create(
        actor=world.focal, document=stored.plan, period=stored.period
    )


def submitted(world, stored) -> ConsolidatedReport:
    report = created(world, stored)
    return services.consolidated_report_submit(
        actor=world.focal, report=report, version=report.version
    )


def approved(world, stored) -> ConsolidatedReport:
    report = submitted(world, stored)
    return services.consolidated_report_approve(
        actor=stored.chief, report=report, version=report.version, comment="Đồng ý."
    )


def test_create_prefills_every_standard_section_once_per_period(world, stored) -> None:
    report = created(world, stored)
    assert report.state == State.DRAFT
    assert set(report.texts) == set(STANDARD_SECTIONS)
    assert report.issuer == world.police_sd
    assert report.unit == world.son_duong
    again = created(world, stored)
    assert again.pk == report.pk
    assert ConsolidatedReport.objects.count() == 1
    assert list(report.steps.values_list("action", flat=True)) == ["create"]


def test_only_the_focal_officer_prepares(world, stored) -> None:
    for user in (world.officer, world.leader, world.outsider, stored.chief, world.inspector):
        with pytest.raises(NotAllowed):
            services.consolidated_report_create(
                actor=user, document=stored.plan, period=stored.period
            )
    report = created(world, stored)
    with pytest.raises(NotAllowed):
        services.consolidated_report_edit(
            actor=world.officer, report=report, version=report.version, texts={}
        )
    with pytest.raises(NotAllowed):
        services.consolidated_report_submit(
            actor=stored.chief, report=report, version=report.version
        )


def test_edit_keeps_the_texts_and_the_signer_and_refuses_a_stale_form(world, stored) -> None:
    report = created(world, stored)
    opened = report.version
    report = services.consolidated_report_edit(
        actor=world.focal, report=report, version=opened,
        texts={"direction": "Công an huyện đã ban hành kế hoạch triển khai.", "strengths": "Tốt."},
        addressees="Ủy ban nhân dân huyện Sơn Dương\n\n", recipients="Như trên;\nLưu: VT.",
        signer_mode="KT.", signer_authority="TRƯỞNG CÔNG AN HUYỆN", signer_title="PHÓ TRƯỞNG",
        signer_name="Trần Văn Bình",
    )  # fmt: skip
    report.refresh_from_db()
    assert report.texts["direction"] == "Công an huyện đã ban hành kế hoạch triển khai."
    assert report.texts["causes"] == ""
    assert report.addressees == "Ủy ban nhân dân huyện Sơn Dương"
    options = services.report_options(report)
    assert options.addressees == ("Ủy ban nhân dân huyện Sơn Dương",)
    assert options.recipients == ("Như trên;", "Lưu: VT.")
    assert options.signer is not None and options.signer.mode == "KT."
    assert options.signer.name == "Trần Văn Bình"
    with pytest.raises(VersionConflict, match="đã được thay đổi bởi"):
        services.consolidated_report_edit(
            actor=world.focal, report=report, version=opened, texts={}
        )
    with pytest.raises(InvalidInput, match=r"KT\."):
        services.consolidated_report_edit(
            actor=world.focal, report=report, version=report.version, texts={},
            signer_mode="KT.",
        )  # fmt: skip
    with pytest.raises(InvalidInput, match="Mục không có"):
        services.consolidated_report_edit(
            actor=world.focal, report=report, version=report.version, texts={"x": "y"}
        )


def test_only_the_focal_agencys_leader_approves_or_returns(world, stored) -> None:
    report = submitted(world, stored)
    # The People's Committee's leader and the focal officer himself do not approve.
    for user in (world.leader, world.focal, world.officer, world.outsider, world.inspector):
        with pytest.raises(NotAllowed):
            services.consolidated_report_approve(actor=user, report=report, version=None)
        with pytest.raises(NotAllowed):
            services.consolidated_report_return(
                actor=user, report=report, version=None, comment="Sửa."
            )
    assert consolidated_reports_to_approve(user=stored.chief) == [report]
    assert consolidated_reports_to_approve(user=world.leader) == []
    assert consolidated_reports_to_approve(user=world.focal) == []
    with pytest.raises(InvalidInput, match="ghi rõ"):
        services.consolidated_report_return(
            actor=stored.chief, report=report, version=report.version, comment=" "
        )
    report = services.consolidated_report_return(
        actor=stored.chief, report=report, version=report.version, comment="Bổ sung mục II."
    )
    assert report.state == State.DRAFT
    step = report.steps.get(action="return")
    assert (step.actor, step.comment) == (stored.chief, "Bổ sung mục II.")
    assert consolidated_reports_to_approve(user=stored.chief) == []


def test_each_step_refuses_the_wrong_state(world, stored) -> None:
    report = created(world, stored)
    with pytest.raises(InvalidTransition):
        services.consolidated_report_approve(actor=stored.chief, report=report, version=None)
    with pytest.raises(InvalidTransition):
        services.consolidated_report_issue(
            actor=world.focal, report=report, version=None, number="1", issued_on=ISSUED_ON
        )
    with pytest.raises(InvalidTransition):
        services.consolidated_report_unlock(
            actor=stored.chief, report=report, version=None, reason="Lý do."
        )
    with pytest.raises(InvalidTransition):
        services.consolidated_report_sign(
            actor=world.focal, report=report, version=None, name="a.pdf", data=b"%PDF-1.7\n"
        )
    report = services.consolidated_report_submit(
        actor=world.focal, report=report, version=report.version
    )
    with pytest.raises(InvalidTransition):
        services.consolidated_report_edit(
            actor=world.focal, report=report, version=report.version, texts={}
        )
    with pytest.raises(InvalidTransition):
        services.consolidated_report_submit(
            actor=world.focal, report=report, version=report.version
        )
    report = services.consolidated_report_approve(
        actor=stored.chief, report=report, version=report.version
    )
    with pytest.raises(InvalidTransition):
        services.consolidated_report_approve(
            actor=stored.chief, report=report, version=report.version
        )
    with pytest.raises(InvalidTransition):
        services.consolidated_report_edit(
            actor=world.focal, report=report, version=report.version, texts={}
        )


def test_an_agency_report_accepted_after_approval_does_not_change_the_approved_report(
    world, stored
) -> None:
    report = approved(world, stored)
    files = report_files(report=report)
    with files["docx"].file.open("rb") as at_rest:
        assert not at_rest.read().startswith(b"PK")  # encrypted at rest, like every upload
    approved_docx = services.read_file(files["docx"])
    approved_xlsx = services.read_file(files["xlsx"])
    snapshot = report.snapshot_sha256
    assert len(snapshot) == 64
    # The report the focal officer sent is accepted after the leader approved.
    progress_report_accept(actor=world.focal, report=stored.tracked.report)
    # A second agency sends and is accepted too.
    assignment = stored.plan.tasks.get(path="I/2").assignments.get(role="lead")
    late = progress_report_save(
        actor=world.officer, assignment=assignment, period=stored.period, version=None,
        task_status="done", done_text="Đã thống kê 12 đơn khiếu nại.", submit=True,
    )  # fmt: skip
    progress_report_accept(actor=world.focal, report=late)
    report.refresh_from_db()
    live = services.consolidation_hash(
        services.consolidate(user=world.focal, document=stored.plan, period=stored.period)
    )
    assert live != snapshot  # the live consolidation moved on …
    assert report.snapshot_sha256 == snapshot  # … the approved one did not
    files = report_files(report=report)
    assert services.read_file(files["docx"]) == approved_docx
    assert services.read_file(files["xlsx"]) == approved_xlsx
    frozen = services.report_consolidation(report, user=world.focal)
    assert services.consolidation_hash(frozen) == snapshot
    assert "Đã thống kê 12 đơn khiếu nại" not in word_text(
        services.consolidated_docx(frozen, services.report_options(report))
    )


def test_unlock_needs_a_reason_and_is_audited(world, stored) -> None:
    report = approved(world, stored)
    with pytest.raises(InvalidInput, match="lý do"):
        services.consolidated_report_unlock(
            actor=stored.chief, report=report, version=report.version, reason=""
        )
    with pytest.raises(NotAllowed):
        services.consolidated_report_unlock(
            actor=world.focal, report=report, version=report.version, reason="Sửa số liệu."
        )
    report = services.consolidated_report_unlock(
        actor=stored.chief, report=report, version=report.version,
        reason="Phòng Tư pháp gửi bổ sung số liệu.",
    )  # fmt: skip
    assert report.state == State.DRAFT
    assert report.snapshot_sha256 == "" and not report.frozen_content
    assert report_files(report=report) == {}
    step = report.steps.get(action=ConsolidatedReportStep.Action.UNLOCK)
    assert step.comment == "Phòng Tư pháp gửi bổ sung số liệu." and step.actor == stored.chief
    entry = LogEntry.objects.filter(
        object_pk=str(report.pk), additional_data__action="consolidated_report.unlock"
    ).get()
    assert entry.actor == stored.chief
    assert entry.additional_data["comment"] == "Phòng Tư pháp gửi bổ sung số liệu."


def test_issue_refuses_a_bad_number_or_a_date_before_approval(world, stored) -> None:
    report = approved(world, stored)
    for number in ("", "15/BC-CAH"):
        with pytest.raises(InvalidInput):
            services.consolidated_report_issue(
                actor=world.focal, report=report, version=report.version, number=number,
                issued_on=ISSUED_ON,
            )  # fmt: skip
    with pytest.raises(InvalidInput, match="trước ngày duyệt"):
        services.consolidated_report_issue(
            actor=world.focal, report=report, version=report.version, number="15",
            issued_on=datetime.date(2026, 11, 1),
        )  # fmt: skip
    with pytest.raises(NotAllowed):
        services.consolidated_report_issue(
            actor=stored.chief, report=report, version=report.version, number="15",
            issued_on=ISSUED_ON,
        )  # fmt: skip


def test_issue_stores_the_docx_with_number_and_date_then_the_signed_copy(world, stored) -> None:
    """The PDF is the worker's (tests/reports/test_issued_pdf.py); the signed copy may come
    before it: it is printed from the DOCX."""
    report = approved(world, stored)
    report = services.consolidated_report_issue(
        actor=world.focal, report=report, version=report.version, number="7",
        issued_on=ISSUED_ON,
    )  # fmt: skip
    assert (report.state, report.number, report.issue_year) == (State.ISSUED, "7", 2026)
    files = report_files(report=report)
    text = word_text(services.read_file(files["docx"]))
    assert "Số: 07/BC-CAH" in text
    assert "ngày 02 tháng 12 năm 2026" in text
    pdf = b"%PDF-1.7\n% signed copy\n"
    # The signed copy: a PDF by its content, not by its name.
    with pytest.raises(InvalidInput, match="không phải tệp PDF"):
        services.consolidated_report_sign(
            actor=world.focal, report=report, version=report.version, name="ban-ky.pdf",
            data=b"MZ\x90\x00 not a pdf",
        )  # fmt: skip
    report = services.consolidated_report_sign(
        actor=world.focal, report=report, version=report.version, name="ban-ky.pdf", data=pdf
    )
    assert report.state == State.SIGNED
    assert services.read_file(report_files(report=report)["signed"]) == pdf
    actions = list(report.steps.values_list("action", flat=True))
    assert actions == ["create", "submit", "approve", "issue", "signed"]


def test_a_number_is_issued_once_per_issuer_and_year(world, stored) -> None:
    report = approved(world, stored)
    ConsolidatedReport.objects.filter(pk=report.pk).update(
        number="9", issue_year=2026, issued_on=ISSUED_ON
    )
    other_period = stored.plan.periods.exclude(pk=stored.period.pk).order_by("due_on").first()
    assert other_period is not None
    other = services.consolidated_report_create(
        actor=world.focal, document=stored.plan, period=other_period
    )
    other = services.consolidated_report_submit(
        actor=world.focal, report=other, version=other.version
    )
    other = services.consolidated_report_approve(
        actor=stored.chief, report=other, version=other.version
    )
    with pytest.raises(InvalidInput, match="đã được dùng"):
        services.consolidated_report_issue(
            actor=world.focal, report=other, version=other.version, number="9",
            issued_on=ISSUED_ON,
        )  # fmt: skip


def test_an_outsider_does_not_see_the_report(world, stored) -> None:
    report = created(world, stored)
    from dondoc.core.exceptions import NotFound

    for user in (world.outsider, world.officer, world.nobody, world.officer_ys):
        with pytest.raises(NotFound):
            access_consolidated_report(user=user, report_id=report.pk)
    for user in (world.focal, world.leader, world.inspector, stored.chief):
        assert access_consolidated_report(user=user, report_id=report.pk) == report


def test_approved_content_altered_in_the_database_is_not_read(world, stored) -> None:
    report = approved(world, stored)
    ConsolidatedReport.objects.filter(pk=report.pk).update(frozen_mac="0" * 64)
    report.refresh_from_db()
    with pytest.raises(DomainError, match="không còn nguyên vẹn"):
        services.report_consolidation(report, user=world.focal)
    ConsolidatedReport.objects.filter(pk=report.pk).update(
        frozen_content=b"not a pickle", frozen_mac=services._mac(b"not a pickle")
    )
    report.refresh_from_db()
    with pytest.raises(DomainError, match="không đọc lại"):
        services.report_consolidation(report, user=world.focal)


def test_the_leader_is_told_of_a_submission_and_the_officer_of_the_decision(world, stored) -> None:
    """Submitted: a notice (in dondoc, and e-mail) to the leaders who approve; returned or
    approved: a notice to the officer who submitted it, with the leader's comment."""
    from dondoc.tracking.models import Notification

    report = submitted(world, stored)
    told = Notification.objects.filter(key__startswith="consolidated-submitted:")
    assert [n.user for n in told] == [stored.chief]
    assert "Chờ lãnh đạo duyệt" in told.get().subject
    assert not Notification.objects.filter(user=world.focal, key__startswith="consolidated")
    report = services.consolidated_report_return(
        actor=stored.chief, report=report, version=report.version, comment="Bổ sung số liệu quý IV."
    )
    back = Notification.objects.get(user=world.focal, key__startswith="consolidated-decided:")
    assert "bị trả lại" in back.subject and "Bổ sung số liệu quý IV." in back.body
    report = services.consolidated_report_submit(
        actor=world.focal, report=report, version=report.version
    )
    services.consolidated_report_approve(
        actor=stored.chief, report=report, version=report.version, comment="Đồng ý."
    )
    decided = Notification.objects.filter(user=world.focal, key__startswith="consolidated-decided:")
    assert decided.count() == 2 and any("đã được duyệt" in n.subject for n in decided)

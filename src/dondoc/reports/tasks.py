"""Background tasks of the consolidated reports (django-tasks; run by `dondoc db_worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def render_issued_pdf(report_id: int) -> str:
    """Print the issued report's DOCX to PDF with LibreOffice and attach it
    (reports.services.issued_pdf_render)."""
    from .services import issued_pdf_render

    return issued_pdf_render(report_id)

"""A plan's timeliness and completeness table (agency × period), its chart and workbook."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from dondoc.core.exceptions import NotFound
from dondoc.core.routing import reporting
from dondoc.tracking import timeliness
from dondoc.tracking.timeliness import Timeliness


def _table(request: HttpRequest, document_id: int) -> Timeliness:
    try:
        return timeliness.plan_timeliness(user=request.user, document_id=document_id)
    except NotFound as error:
        raise Http404(error.message) from error


@login_required
@reporting
def plan_timeliness(request: HttpRequest, document_id: int) -> HttpResponse:
    table = _table(request, document_id)
    totals = table.totals()
    context = {
        "table": table,
        "document": table.document,
        "labels": timeliness.LABELS,
        "rows": [
            (row, timeliness.percent(row.on_time_rate), timeliness.percent(row.completeness))
            for row in table.rows
        ],
        "totals": totals,
        "on_time_rate": timeliness.percent(table.on_time_rate),
        "completeness": timeliness.percent(table.completeness),
        # Built from the table's numbers and names, every text escaped (timeliness.chart_svg).
        "chart": mark_safe(timeliness.chart_svg(table)),  # noqa: S308
    }
    return render(request, "web/tracking/timeliness.html", context)


@login_required
@reporting
def plan_timeliness_xlsx(request: HttpRequest, document_id: int) -> HttpResponse:
    table = _table(request, document_id)
    response = HttpResponse(
        timeliness.timeliness_xlsx(table),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="dung-han-{table.document.pk}.xlsx"'
    return response

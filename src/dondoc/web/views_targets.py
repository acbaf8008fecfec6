"""The plan's targets: values, attainment, trend and the units below; the focal officer links
each target to its indicator and sets its baseline."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe

from dondoc.core import queryparams
from dondoc.core.actors import request_actor
from dondoc.core.exceptions import DomainError, InvalidInput
from dondoc.core.routing import reporting
from dondoc.indicators.charts import trend_svg
from dondoc.indicators.models import Indicator, Target
from dondoc.indicators.queries import SPLIT_DIMENSIONS
from dondoc.indicators.services import target_dashboard, target_split, target_update
from dondoc.plans import selectors as plan_selectors
from dondoc.stats.targets import target_figures
from dondoc.tracking import selectors as tracking_selectors

from .forms_targets import TargetLinkForm
from .views_plans import _found


@login_required
@reporting
def plan_targets(request: HttpRequest, document_id: int) -> HttpResponse:
    document = _found(plan_selectors.access_document, user=request.user, document_id=document_id)
    can_edit = tracking_selectors.can_review(user=request.user, document=document)
    if request.method == "POST" and can_edit:
        form = TargetLinkForm(request.POST, document=document)
        try:
            if not form.is_valid():
                raise InvalidInput(form.message())
            target_update(actor=request_actor(request), target=form.cleaned_data["target"],
                          **form.changes())  # fmt: skip
            messages.success(request, "Đã lưu chỉ tiêu.")
        except DomainError as problem:
            messages.error(request, problem.message)
        return redirect(request.get_full_path())
    year = queryparams.year(request.GET, "nam", default=timezone.localdate().year - 1)
    # Figures counted from the records the viewer may see, small cells hidden for a viewer
    # outside the agencies that recorded them (stats.targets).
    trends = target_dashboard(user=request.user, document=document, year=year)
    dimension = queryparams.choice(request.GET, "chia", SPLIT_DIMENSIONS)
    splits = [
        target_split(user=request.user, target=trend.row.target, year=year, dimension=dimension)
        if dimension in SPLIT_DIMENSIONS
        else []
        for trend in trends
    ]
    figures = [
        target_figures(trend, split, threshold=settings.SUPPRESSION_THRESHOLD)
        for trend, split in zip(trends, splits, strict=True)
    ]
    charts = [
        mark_safe(  # noqa: S308 - built by indicators.charts, every text escaped there
            trend_svg(shown.years, target=trend.row.target.value or trend.row.target.low)
        )
        if trend.years
        else ""
        for trend, shown in zip(trends, figures, strict=True)
    ]
    context = {
        "document": document,
        "year": year,
        "dimension": dimension,
        "dimensions": SPLIT_DIMENSIONS,
        "items": [
            (
                trend,
                chart,
                list(zip(split, shown.split, strict=True)),
                shown,
                list(zip(trend.units, shown.units, strict=True)),
            )
            for trend, chart, split, shown in zip(trends, charts, splits, figures, strict=True)
        ],
        "suppressed": any(shown.suppressed for shown in figures),
        "threshold": settings.SUPPRESSION_THRESHOLD,
        "indicators": Indicator.objects.order_by("name"),
        "baselines": Target.Baseline.choices,
        "can_edit": can_edit,
    }
    return render(request, "web/plans/targets.html", context)

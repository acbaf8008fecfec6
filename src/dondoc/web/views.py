"""Pages: thin views over the selectors of `org.scoping`."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django_htmx.middleware import HtmxDetails

from dondoc.core import queryparams
from dondoc.core.exceptions import NotFound
from dondoc.org.scoping import (
    access_unit,
    agencies_search,
    agencies_visible,
    memberships_of,
    scope_for,
    search_text,
    units_visible,
)

AGENCIES_PER_PAGE = 50


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["failure_limit"] = settings.AXES_FAILURE_LIMIT
        return context


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("web:password_change_done")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = list(memberships_of(user=request.user))
    scope = scope_for(request.user)
    roots = units_visible(user=request.user).filter(path__in=scope.unit_paths)
    context = {
        "memberships": memberships,
        "scope_everything": scope.everything,
        "scope_roots": roots.select_related("parent__parent").order_by("path"),
        "agency_count": agencies_visible(user=request.user).filter(is_active=True).count(),
    }
    return render(request, "web/home.html", context)


@login_required
def agencies(request: HtmxHttpRequest) -> HttpResponse:
    query = search_text(queryparams.text(request.GET, "q"))
    rows = agencies_search(user=request.user, text=query).filter(is_active=True)
    rows = rows.select_related("unit__parent").order_by("unit__path", "name")
    page = Paginator(rows, AGENCIES_PER_PAGE).get_page(request.GET.get("page"))
    template = "web/agencies_rows.html" if request.htmx else "web/agencies.html"
    return render(request, template, {"page": page, "q": query})


@login_required
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    try:
        unit = access_unit(user=request.user, unit_id=unit_id)
    except NotFound as error:
        raise Http404(error.message) from error
    visible = units_visible(user=request.user)
    context = {
        "unit": unit,
        "children": visible.filter(parent=unit).order_by("name"),
        "agencies": agencies_visible(user=request.user)
        .filter(unit=unit, is_active=True)
        .order_by("name"),
        "successions_out": unit.successions_out.select_related("successor__parent").order_by(
            "-is_default", "successor__name"
        ),
        "successions_in": unit.successions_in.filter(predecessor__in=visible)
        .select_related("predecessor__parent")
        .order_by("predecessor__path"),
    }
    return render(request, "web/unit_detail.html", context)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 page (handler400): what was wrong with the request, in the words of the check
    that refused it (`core.queryparams.BadQuery` and the like), or a general sentence."""
    message = getattr(exception, "message", "") or "Yêu cầu không hợp lệ."
    return render(request, "web/400.html", {"message": message}, status=400)

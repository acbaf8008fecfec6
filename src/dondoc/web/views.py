"""Pages: thin views over the selectors of `org.scoping`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    HttpResponseServerError,
)
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone
from django_htmx.middleware import HtmxDetails

from dondoc.core import queryparams
from dondoc.core.exceptions import NotFound
from dondoc.handover import selectors as handover_selectors
from dondoc.org.scoping import (
    access_unit,
    agencies_search,
    agencies_visible,
    memberships_of,
    scope_for,
    search_text,
    units_visible,
)
from dondoc.org.services.users import user_password_set
from dondoc.registry import crime as crime_register
from dondoc.registry.crime import crime_reports_overdue_for
from dondoc.reports.selectors import consolidated_reports_to_approve
from dondoc.tracking.selectors import BOARD_STATE_LABELS
from dondoc.tracking.worklist import with_approvals, worklist_for

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
    """The signed-in user changes its password through the service: audited, and every API
    token of the user revoked; this session stays signed in, the user's other sessions end."""

    # Not registration/…: django.contrib.admin ships templates of that name, found first.
    template_name = "web/password_change_form.html"
    success_url = reverse_lazy("web:password_change_done")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        user_password_set(
            actor=form.user, user=form.user, password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(self.request, form.user)
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["min_length"] = settings.PASSWORD_MIN_LENGTH
        return context


@login_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = list(memberships_of(user=request.user))
    roles = {m.role for m in memberships}
    scope = scope_for(request.user)
    roots = units_visible(user=request.user).filter(path__in=scope.unit_paths)
    context = {
        "memberships": memberships,
        "scope_everything": scope.everything,
        "scope_roots": roots.select_related("parent__parent").order_by("path"),
        "agency_count": agencies_visible(user=request.user).filter(is_active=True).count(),
        # Today's units whose focal officers take over the work of ended agencies (issue 15).
        "handover_units": handover_selectors.successor_units(
            user=request.user, memberships=memberships
        ),
        "work": with_approvals(
            worklist_for(user=request.user, roles=roles),
            consolidated_reports_to_approve(user=request.user, roles=roles),
        ),
        "labels": BOARD_STATE_LABELS,
    }
    # The crime reports past their statutory deadline (BLTTHS 2015, Art. 147-149).
    context["overdue_count"], context["overdue_reports"] = crime_reports_overdue_for(
        user=request.user, today=timezone.localdate()
    )
    context["overdue_counted"] = crime_register.OVERDUE_COUNTED  # above it, "more than"
    return render(request, "web/home.html", context)


@login_required
def agencies(request: HtmxHttpRequest) -> HttpResponse:
    query = search_text(queryparams.text(request.GET, "q"))
    rows = agencies_search(user=request.user, text=query).filter(is_active=True)
    # A unit's full name walks up to its province: commune, district, province (three levels).
    rows = rows.select_related("unit__parent__parent").order_by("unit__path", "name")
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


# --- Error pages (handler400/403/404/500 in dondoc.urls) --------------------------------------

ERRORS = {
    400: ("Yêu cầu không hợp lệ", "Trình duyệt gửi một yêu cầu dondoc không đọc được."),
    403: ("Không có quyền truy cập", "Tài khoản của bạn không được thực hiện việc này."),
    404: (
        "Không tìm thấy trang",
        "Trang này không có, hoặc nằm ngoài phạm vi cơ quan, địa bàn của bạn.",
    ),
    500: (
        "Lỗi hệ thống",
        "dondoc gặp lỗi khi xử lý yêu cầu. Lỗi đã được ghi lại; hãy thử lại sau ít phút, nếu "
        "vẫn lỗi thì báo quản trị hệ thống của đơn vị.",
    ),
}


def _reason(exception: BaseException | None) -> str:
    """The reason our code gave (a Vietnamese DomainError message passed on to Http404 or
    PermissionDenied); Django's own exceptions carry a dict or nothing, shown as no reason."""
    if exception is None or not exception.args:
        return ""
    reason = exception.args[0]
    return reason if isinstance(reason, str) else ""


def _error_page(request: HttpRequest, status: int, reason: str = "") -> HttpResponse:
    title, explanation = ERRORS[status]
    context = {"status": status, "title": title, "explanation": explanation, "reason": reason}
    return render(request, "web/error.html", context, status=status)


def bad_request(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    """What was wrong with the request, in the words of the check that refused it
    (`core.queryparams.BadQuery` and the like)."""
    return _error_page(request, 400, getattr(exception, "message", "") or _reason(exception))


def permission_denied(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return _error_page(request, 403, _reason(exception))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW: a form sent from a page open too long, or a stale tab."""
    return _error_page(
        request,
        403,
        "Biểu mẫu đã cũ hoặc phiên làm việc đã hết hạn: hãy tải lại trang, đăng nhập nếu được "
        "hỏi, rồi gửi lại.",
    )


def page_not_found(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return _error_page(request, 404, _reason(exception))


SERVER_ERROR_FALLBACK = (
    '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Lỗi hệ thống · dondoc'
    "</title></head><body><h1>Lỗi hệ thống</h1><p>dondoc gặp lỗi khi xử lý yêu cầu. Hãy thử "
    'lại sau ít phút; nếu vẫn lỗi, báo quản trị hệ thống của đơn vị.</p><p><a href="/">Về trang '
    "chủ</a></p></body></html>"
)


def server_error(request: HttpRequest) -> HttpResponse:
    """The page with the menu if it can be drawn; if drawing it fails too (the database is
    down, say), a plain page that needs nothing."""
    try:
        return _error_page(request, 500)
    except Exception:  # anything: this is the last answer the user gets
        return HttpResponseServerError(SERVER_ERROR_FALLBACK)

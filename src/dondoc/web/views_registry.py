"""Registry and statistics pages: records of the user's scope, import with a preview of the
rejected rows, export, templates, and the disaggregated tables."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models.functions import Length
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from dondoc.core import queryparams
from dondoc.core.actors import request_actor
from dondoc.core.exceptions import DomainError, InvalidInput
from dondoc.core.idempotency import Duplicate
from dondoc.core.protect import checked_password, protected
from dondoc.core.routing import reporting
from dondoc.org.models import AdminUnit
from dondoc.org.scoping import (
    access_agency,
    agencies_exportable,
    units_visible,
)
from dondoc.privacy.selectors import persons_shown
from dondoc.registry import deadlines, overdue, selectors
from dondoc.registry.jobs import (
    estimated_rows,
    registry_export_enqueue,
    registry_import_enqueue,
)
from dondoc.registry.layouts import LAYOUTS
from dondoc.registry.listing import LISTINGS, BoundedPaginator, chosen_filters, count_text
from dondoc.registry.models import Complaint, CrimeReport, CriminalCase, Person, VictimSupport
from dondoc.registry.pending import (
    pending_import_discard,
    pending_import_read,
    pending_import_store,
)
from dondoc.registry.transfer import (
    holds_personal_data,
    registry_export,
    registry_export_count,
    registry_import,
    template_xlsx,
)
from dondoc.stats.export import to_xlsx
from dondoc.stats.tables import registry as table_registry

from .forms_registry import (
    CaseForm,
    CompensationForm,
    CompensationPaymentForm,
    CompensationProgressForm,
    ComplaintForm,
    CrimeReportForm,
    DecisionForm,
    ExportChoiceForm,
    PersonForm,
    RecordForm,
    RegistryImportForm,
    SimpleRecordForm,
    VictimSupportForm,
)
from .lists import list_context
from .views_plans import _found

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KIND_LABELS = {kind: layout.title for kind, layout in LAYOUTS.items()}
EXPORT_CHOICES_MAX = 300


def _can_record(request: HttpRequest) -> bool:
    """Whether the "new record" pages open for the user (they answer 404 otherwise)."""
    return selectors.agencies_recording(user=request.user).exists()


def _recording_agencies(request: HttpRequest) -> list[Any]:
    """The agencies whose records the user keeps; none: the page is not theirs (404)."""
    agencies = list(selectors.agencies_recording(user=request.user).select_related("unit")[:200])
    if not agencies:
        raise Http404
    return agencies


@login_required
def registry_home(request: HttpRequest) -> HttpResponse:
    counts = {
        "Tố giác, tin báo về tội phạm": selectors.records_visible(CrimeReport, user=request.user),
        "Khiếu nại, tố cáo": selectors.records_visible(Complaint, user=request.user),
        "Vụ án hình sự": selectors.records_visible(CriminalCase, user=request.user),
        "Cá nhân": selectors.records_visible(Person, user=request.user),
    }
    exportable = list(agencies_exportable(user=request.user).order_by("name")[:EXPORT_CHOICES_MAX])
    context = {
        # Counted up to a bound (a table of a million rows is not read for a heading): "hơn
        # 2.000" beyond; the statistics give the exact figures.
        "counts": [(label, _bounded_count(records)) for label, records in counts.items()],
        "kinds": KIND_LABELS,
        "exports": [
            (kind, title, holds_personal_data(kind)) for kind, title in KIND_LABELS.items()
        ],
        "exportable": exportable,
        "can_record": selectors.agencies_recording(user=request.user).exists(),
        "synthetic": selectors.records_visible(CrimeReport, user=request.user)
        .filter(synthetic=True)
        .exists(),
    }
    return render(request, "web/registry/home.html", context)


def _bounded_count(records: Any) -> str:
    bound = BoundedPaginator.BOUND
    found = records[: bound + 1].count()
    return count_text(min(found, bound), found > bound, bound)


@login_required
def crime_report_list(request: HttpRequest) -> HttpResponse:
    """Crime reports in scope: filtered, paged by key, counted up to a bound (web.lists)."""
    reports = (
        selectors.records_visible(CrimeReport, user=request.user)
        .select_related("offence", "unit", "agency")
        .defer("summary")
    )
    today = timezone.localdate()
    found, listing = list_context(request, "crime_reports", reports)
    context = {
        **listing,
        "rows": [_crime_row(report, today) for report in found],
        "synthetic": any(report.synthetic for report in found),
        "can_record": _can_record(request),
    }
    return render(request, "web/registry/crime_reports.html", context)


@dataclass(frozen=True)
class CrimeRow:
    """One row of the crime-report list, its cells made here: a page of 100 rows through
    {% url %}, |date and the choices' labels per cell was most of the page's CPU (issue 18)."""

    href: str
    number: str
    synthetic: bool
    received: str
    source: str
    offence: str
    unit: str
    due: str
    status: str
    status_label: str
    decision: str


_STATUS_LABELS: dict[str, str] = {str(k): v for k, v in deadlines.STATUS_LABELS.items()}


def _crime_row(report: CrimeReport, today: datetime.date) -> CrimeRow:
    status = overdue.crime_report_status(report, today=today)
    return CrimeRow(
        href=reverse("web:crime_report_detail", args=[report.pk]),
        number=report.number or str(report.pk),
        synthetic=report.synthetic,
        received=_dmy(report.received_on),
        source=report.get_source_display(),
        offence=f"Điều {report.offence.article}" if report.offence else "—",
        unit=report.unit.name,
        due=_dmy(report.due_on),
        status=status,
        status_label=_STATUS_LABELS.get(status, ""),
        decision=report.get_decision_display(),
    )


def _dmy(day: datetime.date | None) -> str:
    """ "05/01/2026", as the templates' |date:"d/m/Y"; "" for no date."""
    return f"{day:%d/%m/%Y}" if day else ""


PENDING_KEY = "registry_import_pending"


def _pending_drop(request: HttpRequest) -> None:
    """Forget the file waiting for confirmation, and delete it (saved, replaced, abandoned)."""
    pending = request.session.pop(PENDING_KEY, None) or {}
    pending_import_discard(str(pending.get("token", "")))


@never_cache
@login_required
def registry_import_page(request: HttpRequest, kind: str) -> HttpResponse:
    """Check a file and show its rejected rows; save it when clean, or when the officer
    confirms saving the valid rows. Only a file waiting for that confirmation is kept, and
    encrypted (registry.pending): it is deleted once saved or abandoned, or after 24 hours."""
    if kind not in LAYOUTS:
        raise Http404
    agencies = _recording_agencies(request)
    result, error = None, ""
    sent = request.method == "POST"
    form = RegistryImportForm(
        request.POST if sent else None, request.FILES if sent else None, agencies=agencies
    )
    if request.method == "POST":
        pending = request.session.get(PENDING_KEY, {})
        try:
            if not form.is_valid():
                raise InvalidInput(form.message())
            asked = form.cleaned_data
            agency, upload, sheet = asked["agency"], asked["file"], asked["sheet"].strip()
            if asked["abandon"]:
                _pending_drop(request)
                messages.info(request, "Đã bỏ tệp đang chờ; tệp đã được xóa.")
                return redirect("web:registry_import", kind=kind)
            if upload is not None:
                _pending_drop(request)
                data, name, save_valid = upload.read(), upload.name or "tep", False
                if estimated_rows(data, filename=name) > settings.BACKGROUND_ROWS:
                    # Too large for one request: the worker checks and saves it, the job's
                    # page shows the progress and the rejected rows.
                    job = registry_import_enqueue(
                        actor=request_actor(request), agency=agency, kind=kind, data=data,
                        filename=name, sheet=sheet,
                    )  # fmt: skip
                    return redirect("web:job_detail", job_id=job.pk)
            elif pending.get("kind") == kind and asked["confirm"]:
                data = pending_import_read(str(pending.get("token", "")))
                name, save_valid, sheet = pending["name"], True, pending.get("sheet", "")
            else:
                raise DomainError("Hãy chọn tệp để nhập.")
            result = registry_import(
                actor=request_actor(request),
                agency=agency,
                kind=kind,
                data=data,
                filename=name,
                save_valid=save_valid,
                sheet=sheet,
            )
            if result.saved or save_valid or not result.valid:
                _pending_drop(request)  # nothing left to confirm
            else:
                request.session[PENDING_KEY] = {
                    "token": pending_import_store(data),
                    "name": name,
                    "kind": kind,
                    "sheet": sheet,
                }
        except DomainError as problem:
            error = problem.message
    context = {
        "kind": kind,
        "title": LAYOUTS[kind].title,
        "agencies": agencies,
        "form": form,
        "agency_id": form["agency"].value() or "",
        "result": result,
        "errors": result.errors[:500] if result else [],
        "warnings": result.warnings[:500] if result else [],
        "error": error,
        "columns": LAYOUTS[kind].columns,
        "waiting": bool(request.session.get(PENDING_KEY)),
    }
    status = 400 if error or (result and result.errors and not result.saved) else 200
    return render(request, "web/registry/import.html", context, status=status)


@never_cache
@login_required
def registry_export_file(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """The records of one agency (`co_quan`) as a file: personal data needs the grant."""
    if kind not in LAYOUTS or fmt not in ("csv", "xlsx"):
        raise Http404
    choice = ExportChoiceForm(request.POST if request.method == "POST" else request.GET)
    chosen = choice.cleaned_data["co_quan"] if choice.is_valid() else ""
    # A password comes by POST only (never in a URL, which logs keep).
    password = choice.cleaned_data.get("mat_khau", "") if request.method == "POST" else ""
    agency = _found(access_agency, user=request.user, agency_id=chosen) if chosen else None
    actor = request_actor(request)
    params = request.POST if request.method == "POST" else request.GET
    # The filters of the list the export was asked from (registry.listing): what they select.
    filters = chosen_filters(LISTINGS[kind], params) if kind in LISTINGS else {}
    filename, content_type = f"{kind}.{fmt}", XLSX if fmt == "xlsx" else "text/csv"
    try:
        # A large export runs in the worker: a GET offers it (a GET never writes), the POST
        # queues it and leads to the job's page. A small one with a password is written now.
        count = registry_export_count(actor=actor, kind=kind, agency=agency, filters=filters)
        small = count <= settings.BACKGROUND_ROWS
        if (request.method == "POST" and not (password and small)) or not small:
            if request.method != "POST":
                context = {"title": LAYOUTS[kind].title, "count": count, "agency": agency,
                           "fmt": fmt, "filters": sorted(filters.items())}  # fmt: skip
                return render(request, "web/registry/export_large.html", context)
            job = registry_export_enqueue(
                actor=actor, kind=kind, fmt=fmt, agency=agency, filters=filters,
                password=password,
            )  # fmt: skip
            return redirect("web:job_detail", job_id=job.pk)
        if password:
            checked_password(password)
        data = registry_export(actor=actor, kind=kind, fmt=fmt, agency=agency, filters=filters)
        if password:
            data, filename, content_type = protected(data, filename, password)
    except DomainError as problem:
        context = {"error": problem.message, "title": LAYOUTS[kind].title}
        return render(
            request, "web/registry/export_refused.html", context, status=problem.status_code
        )
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def registry_template(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in LAYOUTS:
        raise Http404
    response = HttpResponse(template_xlsx(kind), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="mau-{kind}.xlsx"'
    return response


def _stats_request(request: HttpRequest) -> tuple[Any, dict[str, Any]]:
    tables = table_registry()
    params = request.GET
    spec = tables[queryparams.choice(params, "bang", tables, default="crime_reports")]
    units = units_visible(user=request.user).filter(
        level__in=[AdminUnit.Level.PROVINCE, AdminUnit.Level.DISTRICT]
    )
    picked = queryparams.object_id(params, "don_vi")
    # By default the highest unit the user sees (a province before its districts): the path
    # grows by one segment a level.
    highest = units.annotate(depth=Length("path")).order_by("depth", "path")
    unit = (picked and units.filter(pk=picked).first()) or highest.first()
    year = queryparams.year(params, "nam", default=timezone.localdate().year)
    breakdown = queryparams.choice(
        params, "chia_theo", spec.breakdowns, default=next(iter(spec.breakdowns))
    )
    return spec, {
        "unit": unit,
        "units": units.order_by("map", "path")[:300],
        "year": year,
        "breakdown": breakdown,
        "child_abuse": queryparams.flag(params, "xam_hai_tre_em"),
        "public": queryparams.flag(params, "cong_bo"),
    }


@login_required
@reporting
def stats_page(request: HttpRequest) -> HttpResponse:
    spec, chosen = _stats_request(request)
    if request.method == "POST" and chosen["unit"] is not None:
        # "Tính lại ngay": the rebuild the background task would do, for this table only
        # (its province, its year and the year before); a no-op when they are current.
        from dondoc.stats.facts import facts_refresh

        province = [chosen["unit"], *chosen["unit"].ancestors()][-1]
        for year in (chosen["year"], chosen["year"] - 1):
            facts_refresh(province_id=province.pk, year=year)
        return redirect(request.get_full_path())
    table = None
    if chosen["unit"] is not None:
        table = spec.compute(
            user=request.user,
            unit=chosen["unit"],
            year=chosen["year"],
            breakdown=chosen["breakdown"],
            child_abuse=chosen["child_abuse"],
        )
    threshold = settings.SUPPRESSION_THRESHOLD
    lines: list[list[str]] = []
    totals: list[tuple[Any, list[Any]]] = []
    if table is not None:
        if chosen["public"]:
            published = table.publish(threshold)
            lines = published.rows
            totals = [(table.total, published.total), (table.previous, published.previous)]
        else:
            lines = [[str(r.values.get(c.key, "")) for c in table.columns] for r in table.rows]
            totals = [
                (row, [row.values.get(c.key, "") for c in table.columns])
                for row in (table.total, table.previous)
            ]
    context = {
        "spec": spec,
        "tables": table_registry(),
        "table": table,
        "lines": list(zip(table.rows, lines, strict=True)) if table else [],
        "totals": totals,
        "threshold": threshold,
        "download": reverse("web:stats_download") + "?" + request.GET.urlencode(),
        **chosen,
    }
    return render(request, "web/registry/stats.html", context)


@login_required
@reporting
def stats_download(request: HttpRequest) -> HttpResponse:
    spec, chosen = _stats_request(request)
    if chosen["unit"] is None:
        raise Http404
    table = spec.compute(
        user=request.user,
        unit=chosen["unit"],
        year=chosen["year"],
        breakdown=chosen["breakdown"],
        child_abuse=chosen["child_abuse"],
    )
    threshold = settings.SUPPRESSION_THRESHOLD if chosen["public"] else None
    response = HttpResponse(to_xlsx(table, threshold=threshold), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{spec.name}-{chosen["year"]}-{chosen["breakdown"]}.xlsx"'
    )
    return response


def _record_page(
    request: HttpRequest,
    form: RecordForm,
    people: dict[str, PersonForm],
    save: Any,
    again: Callable[[Any], HttpResponse],
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """The page of a new record: on a valid POST, `save(values, persons)` writes it through one
    service (the values carry the form's token) and returns where to go; the same form sent
    again (a double click) goes where the first one went, `again(record id)`, with a message;
    any refusal (of a form or of the service) shows the page again with what was typed and the
    messages naming the fields."""
    error = ""
    if request.method == "POST":
        valid = [f.is_valid() for f in (form, *people.values())]
        try:
            if not all(valid):
                raise InvalidInput(
                    " ".join(f.message() for f in (form, *people.values()) if f.errors)
                )
            values = form.values() | {"token": form.token()}
            return save(values, {key: f.person() for key, f in people.items()})
        except Duplicate as twice:
            messages.info(request, twice.message)
            return again(twice.result_id)
        except DomainError as problem:
            error = problem.message
    context |= {"form": form, "people": people, "error": error}
    return render(request, template, context, status=400 if error else 200)


@login_required
def crime_report_new(request: HttpRequest) -> HttpResponse:
    """Register a crime report as received, with its victim when known."""
    from dondoc.registry.services import crime_report_receive

    data = request.POST if request.method == "POST" else None
    form = CrimeReportForm(data, agencies=_recording_agencies(request))
    victim = PersonForm(data, prefix="victim", who="bị hại", initial={"sex": "unknown"})

    def save(values: dict[str, Any], persons: dict[str, Any]) -> HttpResponse:
        report = crime_report_receive(
            actor=request_actor(request), victim=persons["victim"], **values
        )
        messages.success(request, "Đã ghi nhận tin báo; hạn giải quyết đã được tính.")
        return redirect("web:crime_report_detail", report_id=report.pk)

    def again(report_id: Any) -> HttpResponse:
        return redirect("web:crime_report_detail", report_id=report_id)

    return _record_page(request, form, {"victim": victim}, save, again,
                        "web/registry/crime_report_new.html", {})  # fmt: skip


@login_required
def crime_report_decide_view(request: HttpRequest, report_id: int) -> HttpResponse:
    from dondoc.registry.services import crime_report_decide

    if request.method != "POST":
        raise Http404
    report = _found(
        selectors.access_crime_report, user=request.user, report_id=report_id, purpose="decide"
    )
    form = DecisionForm(request.POST)
    try:
        if not form.is_valid():
            raise InvalidInput(form.message())
        crime_report_decide(actor=request_actor(request), report=report, **form.cleaned_data)
        messages.success(request, "Đã ghi kết quả giải quyết.")
    except DomainError as problem:
        messages.error(request, problem.message)
    return redirect("web:crime_report_detail", report_id=report.pk)


@login_required
def complaint_list(request: HttpRequest) -> HttpResponse:
    """Complaints and denunciations in scope, with the deadline of their current round."""
    complaints = (
        selectors.records_visible(Complaint, user=request.user)
        .select_related("torture_act", "unit")
        .prefetch_related("rounds")
        .defer("content", "place", "respondent")
    )
    today = timezone.localdate()
    found, listing = list_context(request, "complaints", complaints)
    rows = []
    for complaint in found:
        rounds = list(complaint.rounds.all())
        last = rounds[-1] if rounds else None
        status = overdue.complaint_round_status(last, today=today) if last else ""
        rows.append((complaint, last, status))
    context = {
        **listing,
        "rows": rows,
        "labels": deadlines.STATUS_LABELS,
        "can_record": _can_record(request),
    }
    return render(request, "web/registry/complaints.html", context)


@login_required
def complaint_new(request: HttpRequest) -> HttpResponse:
    """Register a complaint or denunciation, its complainant, and its acceptance."""
    from dondoc.registry.services import complaint_receive

    data = request.POST if request.method == "POST" else None
    form = ComplaintForm(data, agencies=_recording_agencies(request))
    complainant = PersonForm(
        data, prefix="complainant", who="người khiếu nại, tố cáo", name_required=True,
        only=("name", "identity", "sex", "birth_year"), initial={"sex": "unknown"},
    )  # fmt: skip

    def save(values: dict[str, Any], persons: dict[str, Any]) -> HttpResponse:
        complaint = complaint_receive(
            actor=request_actor(request), complainant=persons["complainant"], **values
        )
        messages.success(request, f"Đã ghi nhận {complaint.get_kind_display().lower()}.")
        return redirect("web:complaint_list")

    return _record_page(request, form, {"complainant": complainant}, save,
                        lambda _: redirect("web:complaint_list"),
                        "web/registry/complaint_new.html", {})  # fmt: skip


# --- Simple records: one list and one form each, from the model ----------------------------

SIMPLE_KINDS: dict[str, tuple[str, str, list[str]]] = {
    # slug: (model name, title, fields of the form and the list)
    "hoat-dong": (
        "Activity",
        "Hoạt động tuyên truyền, tập huấn",
        ["kind", "subject", "title", "held_on", "participants_male", "participants_female",
         "languages", "materials"],
    ),
    "van-ban": (
        "LegalInstrument",
        "Văn bản quy phạm pháp luật về chống tra tấn",
        ["number", "doc_type", "issuer", "issued_on", "subject"],
    ),
    "phong-dieu-tra-than-thien": (
        "FriendlyInterviewRoom",
        "Phòng điều tra thân thiện",
        ["since", "note"],
    ),
}  # fmt: skip


def _simple(kind: str) -> tuple[Any, str, list[str]]:
    from django.apps import apps as django_apps

    if kind not in SIMPLE_KINDS:
        raise Http404
    model_name, title, fields = SIMPLE_KINDS[kind]
    return django_apps.get_model("registry", model_name), title, fields


def _shown(record: Any, field: str) -> Any:
    """A field as read on screen: the label of a choice, else the value."""
    display = getattr(record, f"get_{field}_display", None)
    return display() if display is not None else getattr(record, field)


@login_required
def simple_list(request: HttpRequest, kind: str) -> HttpResponse:
    model, title, fields = _simple(kind)
    records = selectors.records_visible(model, user=request.user).select_related("agency")
    page = Paginator(records.order_by("-id"), 100).get_page(request.GET.get("trang"))
    labels = [model._meta.get_field(f).verbose_name for f in fields]
    rows = [(record, [_shown(record, f) for f in fields]) for record in page]
    context = {
        "kind": kind,
        "title": title,
        "labels": labels,
        "rows": rows,
        "page": page,
        "can_record": selectors.agencies_recording(user=request.user).exists(),
    }
    return render(request, "web/registry/simple_list.html", context)


def simple_field(field: Any, **kwargs: Any) -> Any:
    """The form field of a simple record's column: counts and dates read by the shared fields
    ("1.234" people; 31/12/2024, not after today), the rest as Django makes them."""
    from django.db import models

    from .inputs import DateField, NumberField

    label = str(field.verbose_name).capitalize()
    if isinstance(field, models.PositiveIntegerField):
        return NumberField(label=label, integer=True, min_value=0, max_value=2**31 - 1,
                           required=False, empty_value=0)  # fmt: skip
    if isinstance(field, models.DateField):
        return DateField(label=label, not_future=True, required=not field.blank)
    return field.formfield(**kwargs)


@login_required
def simple_new(request: HttpRequest, kind: str) -> HttpResponse:
    from django import forms

    from dondoc.registry.services import record_add

    model, title, fields = _simple(kind)
    agencies = _recording_agencies(request)
    form_class = forms.modelform_factory(model, fields=fields, formfield_callback=simple_field)
    data = request.POST if request.method == "POST" else None
    head = SimpleRecordForm(data, agencies=agencies, audiences=getattr(model, "AUDIENCES", {}))
    form = form_class(data)
    error = ""
    if request.method == "POST" and not all([head.is_valid(), form.is_valid()]):
        error = head.message()  # the model form's own errors are shown by its fields
    elif request.method == "POST":
        try:
            values = head.values() | dict(form.cleaned_data)
            record_add(actor=request_actor(request), model=model, token=head.token(), **values)
            messages.success(request, "Đã ghi nhận.")
            return redirect("web:simple_list", kind=kind)
        except Duplicate as twice:
            messages.info(request, twice.message)
            return redirect("web:simple_list", kind=kind)
        except DomainError as problem:
            error = problem.message
    context = {
        "kind": kind, "title": title, "form": form, "error": error,
        "head": [head["form_token"], head["agency"]],  # the record's columns, then its audiences
        "tail": [head["audiences"]] if "audiences" in head.fields else [],
    }  # fmt: skip
    status = 400 if request.method == "POST" else 200
    return render(request, "web/registry/simple_new.html", context, status=status)


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    cases = (
        selectors.records_visible(CriminalCase, user=request.user)
        .prefetch_related("offences")
        .select_related("unit")
        .defer("place", "facts")
    )
    found, listing = list_context(request, "cases", cases)
    context = {**listing, "rows": found, "can_record": _can_record(request)}
    return render(request, "web/registry/cases.html", context)


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    """Record a case when it is opened, with its offences, a suspect and a victim if known."""
    from dondoc.registry.services import criminal_case_record

    data = request.POST if request.method == "POST" else None
    form = CaseForm(data, agencies=_recording_agencies(request))
    only = ("name", "sex", "birth_year")
    people = {
        "suspect": PersonForm(data, prefix="suspect", who="bị can", only=only,
                              initial={"sex": "unknown"}),
        "victim": PersonForm(data, prefix="victim", who="bị hại", only=only,
                             initial={"sex": "unknown"}),
    }  # fmt: skip

    def save(values: dict[str, Any], persons: dict[str, Any]) -> HttpResponse:
        values["offences"] = list(values["offences"])
        criminal_case_record(actor=request_actor(request), **persons, **values)
        messages.success(request, "Đã ghi nhận vụ án.")
        return redirect("web:case_list")

    return _record_page(request, form, people, save, lambda _: redirect("web:case_list"),
                        "web/registry/case_new.html", {})  # fmt: skip


@login_required
def compensation_list(request: HttpRequest) -> HttpResponse:
    from dondoc.registry.models import CompensationClaim
    from dondoc.registry.services import compensation_claim_steps

    claims = (
        selectors.records_visible(CompensationClaim, user=request.user)
        .select_related("torture_act", "unit")
        .defer("damaging_act")
    )
    found, listing = list_context(request, "compensation_claims", claims)
    rows = [(claim, deadlines.compensation_next_step(compensation_claim_steps(claim)))
            for claim in found]  # fmt: skip
    context = {**listing, "rows": rows, "can_record": _can_record(request),
               "today": timezone.localdate()}  # fmt: skip
    return render(request, "web/registry/compensation.html", context)


@login_required
def compensation_new(request: HttpRequest) -> HttpResponse:
    from dondoc.registry.services import compensation_claim_receive

    data = request.POST if request.method == "POST" else None
    form = CompensationForm(data, agencies=_recording_agencies(request))
    claimant = PersonForm(data, prefix="claimant", who="người yêu cầu bồi thường",
                          only=("name",), name_required=True)  # fmt: skip

    def save(values: dict[str, Any], persons: dict[str, Any]) -> HttpResponse:
        claim = compensation_claim_receive(
            actor=request_actor(request), claimant=persons["claimant"], **values
        )
        messages.success(request, "Đã ghi nhận yêu cầu bồi thường; các hạn đã được tính.")
        return again(claim.pk)

    def again(claim_id: Any) -> HttpResponse:
        return redirect("web:compensation_detail", claim_id=claim_id)

    return _record_page(request, form, {"claimant": claimant}, save, again,
                        "web/registry/compensation_new.html", {})  # fmt: skip


@login_required
def victim_support_add(request: HttpRequest, report_id: int) -> HttpResponse:
    """Record support given to a victim of a crime report (from the report's page)."""
    from dondoc.registry.services import record_add

    if request.method != "POST":
        raise Http404
    report = _found(
        selectors.access_crime_report, user=request.user, report_id=report_id, purpose="support"
    )
    form = VictimSupportForm(request.POST, links=report.involved.select_related("person"))
    try:
        if not form.is_valid():
            raise InvalidInput(form.message())
        values = form.values()
        person = values.pop("link").person
        record_add(
            actor=request_actor(request),
            model=VictimSupport,
            agency=report.agency,
            person=person,
            token=form.token(),
            **values,
        )
        messages.success(request, "Đã ghi nhận hỗ trợ nạn nhân.")
    except Duplicate as twice:
        messages.info(request, twice.message)
    except DomainError as problem:
        messages.error(request, problem.message)
    return redirect("web:crime_report_detail", report_id=report.pk)


@never_cache
@login_required
def compensation_detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    """A claim with its statutory steps as dated entries, the amounts decided and paid, and
    its payments; its officers record the later steps and each payment."""
    from dondoc.registry.services import compensation_claim_progress

    claim = _found(selectors.access_compensation_claim, user=request.user, claim_id=claim_id)
    form = CompensationProgressForm(initial={name: getattr(claim, name) for name in
                                             CompensationProgressForm.base_fields})  # fmt: skip
    error = ""
    can_record = selectors.agencies_recording(user=request.user).filter(pk=claim.agency_id).exists()
    if request.method == "POST":
        if not can_record:
            raise Http404
        form = CompensationProgressForm(request.POST)
        try:
            if not form.is_valid():
                raise InvalidInput(form.message())
            compensation_claim_progress(actor=request_actor(request), claim=claim, **form.changes())
            messages.success(request, "Đã cập nhật yêu cầu bồi thường.")
            return redirect("web:compensation_detail", claim_id=claim.pk)
        except DomainError as problem:
            error = problem.message
            claim.refresh_from_db()
    context = _compensation_context(request, claim)
    context.update({"can_record": can_record, "error": error, "form": form,
                    "payment_form": CompensationPaymentForm()})  # fmt: skip
    status = 400 if error else 200
    return render(request, "web/registry/compensation_detail.html", context, status=status)


def _compensation_context(request: HttpRequest, claim: Any) -> dict[str, Any]:
    from dondoc.registry.services import CLAIM_GRANTED, compensation_claim_steps

    today = timezone.localdate()
    steps = [
        (step, deadlines.status(step.due, today=today, done_on=step.done_on))
        for step in compensation_claim_steps(claim)
    ]
    claimant = persons_shown(
        [claim.claimant], user=request.user, target=claim,
        reveal=queryparams.flag(request.GET, "hien"), day=claim.accepted_on,
    )[0]  # fmt: skip
    left = (claim.amount_decided - claim.amount_paid) if claim.amount_decided is not None else None
    return {
        "claim": claim,
        "claimant": claimant,
        "steps": steps,
        "labels": deadlines.STATUS_LABELS,
        "payments": list(claim.payments.select_related("recorded_by")),
        "left": left,
        "payable": claim.outcome in CLAIM_GRANTED and bool(left),
    }


@require_POST
@login_required
def compensation_pay(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Record one payment of the compensation decided (Luật TNBTCNN 2017, Art. 53-54)."""
    from dondoc.registry.services import compensation_claim_pay

    claim = _found(
        selectors.access_compensation_claim, user=request.user, claim_id=claim_id, purpose="pay"
    )
    if not selectors.agencies_recording(user=request.user).filter(pk=claim.agency_id).exists():
        raise Http404
    form = CompensationPaymentForm(request.POST)
    try:
        if not form.is_valid():
            raise InvalidInput(form.message())
        data = form.cleaned_data
        compensation_claim_pay(actor=request_actor(request), claim=claim, amount=data["amount"],
                               paid_on=data["paid_on"], note=data["note"])  # fmt: skip
        messages.success(request, "Đã ghi lần chi trả tiền bồi thường.")
    except DomainError as problem:
        messages.error(request, problem.message)
    return redirect("web:compensation_detail", claim_id=claim.pk)

"""Registry and statistics pages: records of the user's scope, import with a preview of the
rejected rows, export, templates, and the disaggregated tables."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from dondoc.core.exceptions import DomainError
from dondoc.org.models import AdminUnit
from dondoc.org.scoping import units_visible
from dondoc.registry import deadlines, selectors
from dondoc.registry.layouts import LAYOUTS
from dondoc.registry.models import Complaint, CrimeReport, CriminalCase, Person, VictimSupport
from dondoc.registry.transfer import registry_export, registry_import, template_xlsx
from dondoc.stats.export import to_xlsx
from dondoc.stats.tables import registry as table_registry

from .inputs import amount_or_none, date_or_none, required_date
from .views_plans import _found

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KIND_LABELS = {kind: layout.title for kind, layout in LAYOUTS.items()}


def _recording_agencies(request: HttpRequest) -> list[Any]:
    """The agencies whose records the user keeps; none: the page is not theirs (404)."""
    agencies = list(selectors.agencies_recording(user=request.user).select_related("unit")[:200])
    if not agencies:
        raise Http404
    return agencies


def _chosen_agency(request: HttpRequest, agencies: list[Any]) -> Any:
    """The agency picked in the form (the first when the form sends none); another is refused."""
    picked = request.POST.get("agency")
    if not picked:
        return agencies[0]
    agency = next((a for a in agencies if str(a.pk) == picked), None)
    if agency is None:
        raise DomainError("Cơ quan được chọn không thuộc các cơ quan bạn nhập hồ sơ.")
    return agency


@login_required
def registry_home(request: HttpRequest) -> HttpResponse:
    counts = {
        "Tố giác, tin báo về tội phạm": selectors.records_visible(CrimeReport, user=request.user),
        "Khiếu nại, tố cáo": selectors.records_visible(Complaint, user=request.user),
        "Vụ án hình sự": selectors.records_visible(CriminalCase, user=request.user),
        "Cá nhân": selectors.records_visible(Person, user=request.user),
    }
    context = {
        "counts": [(label, records.count()) for label, records in counts.items()],
        "kinds": KIND_LABELS,
        "can_record": selectors.agencies_recording(user=request.user).exists(),
        "synthetic": selectors.records_visible(CrimeReport, user=request.user)
        .filter(synthetic=True)
        .exists(),
    }
    return render(request, "web/registry/home.html", context)


@login_required
def crime_report_list(request: HttpRequest) -> HttpResponse:
    reports = (
        selectors.records_visible(CrimeReport, user=request.user)
        .select_related("offence", "unit", "agency")
        .defer("summary")
        .order_by("-received_on", "-id")
    )
    year = request.GET.get("nam", "")
    if year.isdigit():
        reports = reports.filter(received_on__year=int(year))
    decision = request.GET.get("ket_qua", "")
    if decision in CrimeReport.Decision.values:
        reports = reports.filter(decision=decision)
    today = datetime.date.today()
    if request.GET.get("qua_han"):
        reports = reports.filter(decision="pending", due_on__lt=today)
    page = Paginator(reports, 100).get_page(request.GET.get("trang"))
    rows = [
        (
            report,
            deadlines.status(report.due_on, today=today, done_on=report.decided_on),
        )
        for report in page
    ]
    context = {
        "page": page,
        "rows": rows,
        "decisions": CrimeReport.Decision.choices,
        "labels": deadlines.STATUS_LABELS,
        "query": request.GET.urlencode(),
        "synthetic": any(report.synthetic for report, _ in rows),
    }
    return render(request, "web/registry/crime_reports.html", context)


@login_required
def crime_report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _found(selectors.access_crime_report, user=request.user, report_id=report_id)
    involved = report.involved.select_related(
        "person__ethnicity", "person__religion"
    ).prefetch_related("person__supports")
    today = datetime.date.today()
    context = {
        "report": report,
        "involved": [(link, link.person.age_on(report.received_on)) for link in involved],
        "status": deadlines.status(report.due_on, today=today, done_on=report.decided_on),
        "labels": deadlines.STATUS_LABELS,
        "support_forms": VictimSupport.Form.choices,
    }
    return render(request, "web/registry/crime_report.html", context)


PENDING_KEY = "registry_import_pending"


@login_required
def registry_import_page(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in LAYOUTS:
        raise Http404
    agencies = _recording_agencies(request)
    result, error = None, ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        pending = request.session.get(PENDING_KEY, {})
        try:
            agency = _chosen_agency(request, agencies)
            if upload is not None:
                data, name = upload.read(), upload.name or "tep"
                token = secrets.token_hex(8)
                default_storage.save(f"imports/{token}", ContentFile(data))
                request.session[PENDING_KEY] = {"token": token, "name": name, "kind": kind}
                save_valid = False
            elif pending.get("kind") == kind and request.POST.get("confirm"):
                with default_storage.open(f"imports/{pending['token']}", "rb") as stored:
                    data = stored.read()
                name, save_valid = pending["name"], True
            else:
                raise DomainError("Hãy chọn tệp để nhập.")
            result = registry_import(
                actor=request.user,
                agency=agency,
                kind=kind,
                data=data,
                filename=name,
                save_valid=save_valid,
            )
            if result.saved:
                request.session.pop(PENDING_KEY, None)
        except DomainError as problem:
            error = problem.message
    context = {
        "kind": kind,
        "title": LAYOUTS[kind].title,
        "agencies": agencies,
        "result": result,
        "errors": result.errors[:500] if result else [],
        "error": error,
        "columns": LAYOUTS[kind].columns,
    }
    status = 400 if error or (result and result.errors and not result.saved) else 200
    return render(request, "web/registry/import.html", context, status=status)


@login_required
def registry_export_file(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in LAYOUTS or fmt not in ("csv", "xlsx"):
        raise Http404
    data = registry_export(actor=request.user, kind=kind, fmt=fmt)
    response = HttpResponse(data, content_type=XLSX if fmt == "xlsx" else "text/csv")
    response["Content-Disposition"] = f'attachment; filename="{kind}.{fmt}"'
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
    name = request.GET.get("bang", "crime_reports")
    spec = tables.get(name) or tables["crime_reports"]
    units = units_visible(user=request.user).filter(
        level__in=[AdminUnit.Level.PROVINCE, AdminUnit.Level.DISTRICT]
    )
    unit = (
        units.filter(pk=request.GET.get("don_vi") or 0).first()
        or units.order_by("level", "path").first()
    )
    year_text = request.GET.get("nam", "")
    year = int(year_text) if year_text.isdigit() else datetime.date.today().year
    breakdown = request.GET.get("chia_theo", "")
    if breakdown not in spec.breakdowns:
        breakdown = next(iter(spec.breakdowns))
    return spec, {
        "unit": unit,
        "units": units.order_by("map", "path")[:300],
        "year": year,
        "breakdown": breakdown,
        "child_abuse": request.GET.get("xam_hai_tre_em") == "1",
        "public": request.GET.get("cong_bo") == "1",
    }


@login_required
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
    lines = []
    if table is not None:
        if chosen["public"]:
            lines = table.published(threshold)
        else:
            lines = [[str(r.values.get(c.key, "")) for c in table.columns] for r in table.rows]
    context = {
        "spec": spec,
        "tables": table_registry(),
        "table": table,
        "lines": list(zip(table.rows, lines, strict=True)) if table else [],
        "threshold": threshold,
        "download": reverse("web:stats_download") + "?" + request.GET.urlencode(),
        **chosen,
    }
    return render(request, "web/registry/stats.html", context)


@login_required
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


@login_required
def crime_report_new(request: HttpRequest) -> HttpResponse:
    """Register a crime report as received, with its victim when known."""
    from dondoc.registry.models import EthnicGroup, Offence, Religion
    from dondoc.registry.services import crime_report_register, person_create

    agencies = _recording_agencies(request)
    error, form = "", request.POST
    if request.method == "POST":
        try:
            agency = _chosen_agency(request, agencies)
            received = required_date(form.get("received_on", ""), "Ngày tiếp nhận")
            offence = Offence.objects.filter(pk=form.get("offence") or 0).first()
            with transaction.atomic():
                involved = []
                if form.get("victim_name", "").strip():
                    victim = person_create(
                        actor=request.user,
                        agency=agency,
                        full_name=form["victim_name"],
                        identity_number=form.get("victim_identity", ""),
                        birth_date=date_or_none(form.get("victim_birth_date", "")),
                        birth_year=int(form["victim_birth_year"])
                        if form.get("victim_birth_year", "").isdigit()
                        else None,
                        sex=form.get("victim_sex") or "unknown",
                        ethnicity=EthnicGroup.objects.filter(
                            pk=form.get("victim_ethnicity") or 0
                        ).first(),
                        religion=Religion.objects.filter(
                            pk=form.get("victim_religion") or 0
                        ).first(),
                    )
                    involved.append((victim, "victim"))
                report = crime_report_register(
                    actor=request.user,
                    agency=agency,
                    received_on=received,
                    source=form.get("source", ""),
                    summary=form.get("summary", ""),
                    offence=offence,
                    complex=bool(form.get("complex")),
                    number=form.get("number", ""),
                    involved=involved,
                )
            messages.success(request, "Đã ghi nhận tin báo; hạn giải quyết đã được tính.")
            return redirect("web:crime_report_detail", report_id=report.pk)
        except DomainError as problem:
            error = problem.message
    context = {
        "agencies": agencies,
        "form": form,
        "error": error,
        "sources": CrimeReport.Source.choices,
        "offences": Offence.objects.order_by("article"),
        "ethnic_groups": EthnicGroup.objects.order_by("code"),
        "religions": Religion.objects.order_by("code"),
    }
    return render(
        request, "web/registry/crime_report_new.html", context, status=400 if error else 200
    )


@login_required
def crime_report_decide_view(request: HttpRequest, report_id: int) -> HttpResponse:
    from dondoc.registry.services import crime_report_decide

    if request.method != "POST":
        raise Http404
    report = _found(
        selectors.access_crime_report, user=request.user, report_id=report_id, purpose="decide"
    )
    try:
        decided = required_date(request.POST.get("decided_on", ""), "Ngày quyết định")
        crime_report_decide(
            actor=request.user,
            report=report,
            decision=request.POST.get("decision", ""),
            decided_on=decided,
        )
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
        .order_by("-received_on", "-id")
    )
    page = Paginator(complaints, 100).get_page(request.GET.get("trang"))
    today = datetime.date.today()
    rows = []
    for complaint in page:
        rounds = list(complaint.rounds.all())
        last = rounds[-1] if rounds else None
        status = (
            deadlines.status(last.due_on, today=today, done_on=last.resolved_on) if last else ""
        )
        rows.append((complaint, last, status))
    context = {"page": page, "rows": rows, "labels": deadlines.STATUS_LABELS}
    return render(request, "web/registry/complaints.html", context)


@login_required
def complaint_new(request: HttpRequest) -> HttpResponse:
    """Register a complaint or denunciation, its complainant, and its acceptance."""
    from dondoc.registry.models import TortureAct
    from dondoc.registry.services import complaint_register, person_create

    agencies = _recording_agencies(request)
    error, form = "", request.POST
    if request.method == "POST":
        try:
            agency = _chosen_agency(request, agencies)
            received = required_date(form.get("received_on", ""), "Ngày nhận đơn")
            with transaction.atomic():
                complainant = person_create(
                    actor=request.user,
                    agency=agency,
                    full_name=form.get("complainant_name", ""),
                    identity_number=form.get("complainant_identity", ""),
                    birth_year=int(form["complainant_birth_year"])
                    if form.get("complainant_birth_year", "").isdigit()
                    else None,
                    sex=form.get("complainant_sex") or "unknown",
                )
                complaint = complaint_register(
                    actor=request.user,
                    agency=agency,
                    kind=form.get("kind", ""),
                    complainant=complainant,
                    content=form.get("content", ""),
                    respondent=form.get("respondent", ""),
                    received_on=received,
                    accepted_on=date_or_none(form.get("accepted_on", "")),
                    torture_act=TortureAct.objects.filter(pk=form.get("torture_act") or 0).first(),
                    complex=bool(form.get("complex")),
                    remote=bool(form.get("remote")),
                )
            messages.success(request, f"Đã ghi nhận {complaint.get_kind_display().lower()}.")
            return redirect("web:complaint_list")
        except DomainError as problem:
            error = problem.message
    context = {
        "agencies": agencies,
        "form": form,
        "error": error,
        "kinds": Complaint.Kind.choices,
        "acts": TortureAct.objects.order_by("pk"),
    }
    status = 400 if error else 200
    return render(request, "web/registry/complaint_new.html", context, status=status)


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


@login_required
def simple_new(request: HttpRequest, kind: str) -> HttpResponse:
    from django import forms

    from dondoc.registry.services import record_add

    model, title, fields = _simple(kind)
    agencies = _recording_agencies(request)
    form_class = forms.modelform_factory(model, fields=fields)
    form = form_class(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            agency = _chosen_agency(request, agencies)
            values = dict(form.cleaned_data)
            if model.__name__ == "Activity":
                values["audiences"] = request.POST.getlist("audiences")
            record_add(actor=request.user, model=model, agency=agency, **values)
            messages.success(request, "Đã ghi nhận.")
            return redirect("web:simple_list", kind=kind)
        except DomainError as problem:
            error = problem.message
    audiences = getattr(model, "AUDIENCES", {})
    context = {"kind": kind, "title": title, "form": form, "agencies": agencies, "error": error,
               "audiences": audiences}  # fmt: skip
    status = 400 if request.method == "POST" else 200
    return render(request, "web/registry/simple_new.html", context, status=status)


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    cases = (
        selectors.records_visible(CriminalCase, user=request.user)
        .prefetch_related("offences")
        .select_related("unit")
        .defer("place", "facts")
        .order_by("-opened_on", "-id")
    )
    page = Paginator(cases, 100).get_page(request.GET.get("trang"))
    return render(request, "web/registry/cases.html", {"page": page})


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    """Record a case when it is opened, with its offences, a suspect and a victim if known."""
    from dondoc.registry.models import Offence
    from dondoc.registry.services import criminal_case_open, person_create

    agencies = _recording_agencies(request)
    error, form = "", request.POST
    if request.method == "POST":
        try:
            agency = _chosen_agency(request, agencies)
            opened = required_date(form.get("opened_on", ""), "Ngày khởi tố")
            offences = list(Offence.objects.filter(pk__in=form.getlist("offences")))
            with transaction.atomic():
                involved = []
                for role, prefix in (("suspect", "suspect"), ("victim", "victim")):
                    name = form.get(f"{prefix}_name", "").strip()
                    if name:
                        person = person_create(
                            actor=request.user,
                            agency=agency,
                            full_name=name,
                            sex=form.get(f"{prefix}_sex") or "unknown",
                            birth_year=int(form[f"{prefix}_birth_year"])
                            if form.get(f"{prefix}_birth_year", "").isdigit()
                            else None,
                        )
                        involved.append((person, role))
                criminal_case_open(
                    actor=request.user,
                    agency=agency,
                    number=form.get("number", ""),
                    opened_on=opened,
                    offences=offences,
                    involved=involved,
                    facts=form.get("facts", ""),
                    place=form.get("place", ""),
                )
            messages.success(request, "Đã ghi nhận vụ án.")
            return redirect("web:case_list")
        except DomainError as problem:
            error = problem.message
    context = {
        "agencies": agencies,
        "form": form,
        "error": error,
        "offences": Offence.objects.order_by("article"),
    }
    return render(request, "web/registry/case_new.html", context, status=400 if error else 200)


@login_required
def compensation_list(request: HttpRequest) -> HttpResponse:
    from dondoc.registry.models import CompensationClaim
    from dondoc.registry.services import compensation_claim_steps

    claims = (
        selectors.records_visible(CompensationClaim, user=request.user)
        .select_related("torture_act", "unit")
        .defer("damaging_act")
        .order_by("-accepted_on", "-id")
    )
    page = Paginator(claims, 100).get_page(request.GET.get("trang"))
    rows = [(claim, compensation_claim_steps(claim)) for claim in page]
    return render(request, "web/registry/compensation.html", {"page": page, "rows": rows})


@login_required
def compensation_new(request: HttpRequest) -> HttpResponse:
    from dondoc.registry.models import TortureAct
    from dondoc.registry.services import compensation_claim_register, person_create

    agencies = _recording_agencies(request)
    error, form = "", request.POST
    if request.method == "POST":
        try:
            agency = _chosen_agency(request, agencies)
            accepted = required_date(form.get("accepted_on", ""), "Ngày thụ lý")
            amount = amount_or_none(form.get("amount_claimed", ""), "Số tiền yêu cầu")
            if amount is None:
                raise DomainError("Số tiền yêu cầu: bắt buộc, ví dụ 150000000.")
            with transaction.atomic():
                claimant = person_create(
                    actor=request.user, agency=agency, full_name=form.get("claimant_name", "")
                )
                compensation_claim_register(
                    actor=request.user,
                    agency=agency,
                    claimant=claimant,
                    damaging_act=form.get("damaging_act", ""),
                    amount_claimed=amount,
                    accepted_on=accepted,
                    torture_act=TortureAct.objects.filter(pk=form.get("torture_act") or 0).first(),
                    complex=bool(form.get("complex")),
                )
            messages.success(request, "Đã ghi nhận yêu cầu bồi thường; các hạn đã được tính.")
            return redirect("web:compensation_list")
        except DomainError as problem:
            error = problem.message
    context = {
        "agencies": agencies,
        "form": form,
        "error": error,
        "acts": TortureAct.objects.order_by("pk"),
    }
    status = 400 if error else 200
    return render(request, "web/registry/compensation_new.html", context, status=status)


@login_required
def victim_support_add(request: HttpRequest, report_id: int) -> HttpResponse:
    """Record support given to a victim of a crime report (from the report's page)."""
    from dondoc.registry.models import VictimSupport
    from dondoc.registry.services import record_add

    if request.method != "POST":
        raise Http404
    report = _found(
        selectors.access_crime_report, user=request.user, report_id=report_id, purpose="support"
    )
    link = report.involved.filter(pk=request.POST.get("link") or 0).select_related("person").first()
    try:
        if link is None:
            raise DomainError("Chọn bị hại được hỗ trợ.")
        provided = required_date(request.POST.get("provided_on", ""), "Ngày hỗ trợ")
        record_add(
            actor=request.user,
            model=VictimSupport,
            agency=report.agency,
            person=link.person,
            form=request.POST.get("form", ""),
            provided_on=provided,
            note=request.POST.get("note", ""),
        )
        messages.success(request, "Đã ghi nhận hỗ trợ nạn nhân.")
    except DomainError as problem:
        messages.error(request, problem.message)
    return redirect("web:crime_report_detail", report_id=report.pk)


@login_required
def compensation_detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    """A claim with its statutory steps; its officers record the later steps."""
    from dondoc.registry.models import CompensationClaim
    from dondoc.registry.services import compensation_claim_progress, compensation_claim_steps

    claim = _found(selectors.access_compensation_claim, user=request.user, claim_id=claim_id)
    error = ""
    can_record = selectors.agencies_recording(user=request.user).filter(pk=claim.agency_id).exists()
    if request.method == "POST":
        try:
            changes: dict[str, Any] = {}
            for name in ("verified_on", "negotiated_on", "decided_on"):
                changes[name] = date_or_none(request.POST.get(name, ""))
            for name in ("amount_advanced", "amount_paid"):
                changes[name] = amount_or_none(request.POST.get(name, ""), "Số tiền") or 0
            changes["outcome"] = request.POST.get("outcome", "")
            compensation_claim_progress(actor=request.user, claim=claim, **changes)
            messages.success(request, "Đã cập nhật yêu cầu bồi thường.")
            return redirect("web:compensation_detail", claim_id=claim.pk)
        except DomainError as problem:
            error = problem.message
    today = datetime.date.today()
    done = {"verification": claim.verified_on, "negotiation": claim.negotiated_on}
    steps = [
        (step, deadlines.status(step.due, today=today, done_on=done.get(step.code)))
        for step in compensation_claim_steps(claim)
    ]
    context = {
        "claim": claim,
        "steps": steps,
        "labels": deadlines.STATUS_LABELS,
        "outcomes": CompensationClaim.Outcome.choices,
        "can_record": can_record,
        "error": error,
    }
    status = 400 if error else 200
    return render(request, "web/registry/compensation_detail.html", context, status=status)

"""Administration of the registry: catalogues editable; records read-only, scoped, audited."""

from typing import Any

from django.contrib import admin

from dondoc.core.audit import audit_record

from . import models, selectors
from .listing import BoundedPaginator
from .models import EthnicGroup, Offence, Religion, TortureAct


@admin.register(EthnicGroup)
class EthnicGroupAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("name", "code")


@admin.register(Religion)
class ReligionAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("name",)


@admin.register(Offence)
class OffenceAdmin(admin.ModelAdmin):
    list_display = ("article", "name", "child_abuse")
    list_filter = ("child_abuse",)
    search_fields = ("name", "article")


@admin.register(TortureAct)
class TortureActAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    filter_horizontal = ("offences",)


class RecordAdmin(admin.ModelAdmin):
    """Records in the admin: read-only (writes go through the services and their checks),
    scoped like every read, lists without personal data, and each record opened audited."""

    list_display = ("id", "agency", "unit", "created_at", "synthetic")
    list_filter = ("synthetic",)
    # A province's million records: counted up to a bound, never in full (Django's second
    # count, of the whole table, is left out), so that no page reads them all; the newest
    # first, by the key's index.
    paginator = BoundedPaginator
    show_full_result_count = False
    ordering = ("-pk",)

    def get_queryset(self, request: Any) -> Any:
        # A unit is shown with its district and province (AdminUnit.__str__): read with it,
        # not two queries a row.
        return selectors.records_visible(self.model, user=request.user).select_related(
            "agency", "unit__parent__parent"
        )

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def change_view(
        self, request: Any, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> Any:
        record = self.get_queryset(request).filter(pk=object_id).first()
        if record is not None:
            audit_record(
                actor=request.user, action="registry.read", target=record, data={"purpose": "admin"}
            )
        return super().change_view(request, object_id, form_url, extra_context)


for _model in (
    models.Person,
    models.CrimeReport,
    models.Complaint,
    models.CriminalCase,
    models.CompensationClaim,
    models.VictimSupport,
    models.Activity,
    models.LegalInstrument,
    models.FriendlyInterviewRoom,
):
    admin.site.register(_model, RecordAdmin)

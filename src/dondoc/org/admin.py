"""Django admin for administrators, scoped: an administrator sees and edits its own subtree only.

Every foreign key a form accepts is limited, on the server, to what the administrator manages
(a hand-made POST can name any id); every write goes through the `org` services, which check
the scope again and audit the change as a domain action; a user is changed only when all of its
memberships lie in the subtree (`scoping.users_managed`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    AdminUserCreationForm,
    UsernameField,
)
from django.contrib.auth.models import Group
from django.db.models import Model, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from dondoc.core.exceptions import DomainError

from .models import (
    AdminUnit,
    Agency,
    AgencyAlias,
    ExportGrant,
    Membership,
    Role,
    UnitSuccession,
    User,
)
from .scoping import (
    agencies_managed,
    agencies_visible,
    scope_for,
    units_managed,
    units_visible,
    users_managed,
)
from .services.agencies import agency_alias_add, agency_alias_remove, agency_create, agency_update
from .services.exports import export_grant_give, export_grant_revoke
from .services.users import (
    LAST_MEMBERSHIP,
    membership_grant,
    membership_revoke,
    user_create,
    user_password_set,
    user_update,
)


def _is_administrator(request: HttpRequest) -> bool:
    # The scope is computed once per request: admin pages ask this many times each.
    return bool(request.user.is_staff and scope_for(request.user).administrator)


def _actor(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # the admin site lets only signed-in staff this far
        raise PermissionError("no signed-in user")
    return user


def _limit(form: Any, name: str, queryset: QuerySet[Any]) -> None:
    """Limit what a form's foreign key accepts, on the server: a hand-made POST can name any id."""
    field = form.base_fields.get(name)
    if isinstance(field, forms.ModelChoiceField):
        field.queryset = queryset


def _is_autocomplete(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name == "autocomplete"


class ScopedAdmin(admin.ModelAdmin):
    """Permissions from roles and scope instead of Django's per-model permission table."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_administrator(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return _is_administrator(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_administrator(request)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return _is_administrator(request) and (obj is None or self.manages(request, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # Nothing of the directory is deleted: agencies are deactivated, so history stays whole.
        return False

    def manages(self, request: HttpRequest, obj: Any) -> bool:
        return bool(request.user.is_superuser)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # A service refusing (a race with another administrator, a rule the form cannot see)
        # rolls the whole save back and says why, instead of a server error.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(request.get_full_path())


class AdminUnitAdmin(ScopedAdmin):
    list_display = ["name", "code", "level", "map", "parent", "valid_from", "valid_to"]
    list_filter = ["map", "level"]
    search_fields = ["name", "short_name", "code"]
    readonly_fields = ["path"]
    list_select_related = ["parent"]
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[AdminUnit]:
        return units_visible(user=request.user).select_related("parent__parent")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[AdminUnit], search_term: str
    ) -> tuple[QuerySet[AdminUnit], bool]:
        if _is_autocomplete(request):
            # What a form may pick (an agency's unit): the administrator's own subtree.
            queryset = queryset & units_managed(user=request.user)
        return super().get_search_results(request, queryset, search_term)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # The map is loaded from the official lists by `dondoc load_units`, not typed in.
        return bool(request.user.is_superuser)


class ScopedInline(admin.TabularInline):
    """Inlines follow their parent page: an administrator who may edit it may edit them."""

    extra = 1

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return _is_administrator(request)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return _is_administrator(request)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return _is_administrator(request)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return _is_administrator(request)


class AgencyAliasInline(ScopedInline):
    model = AgencyAlias
    fields = ["name"]


class AgencyAdmin(ScopedAdmin):
    list_display = ["name", "short_name", "kind", "unit", "is_active"]
    list_filter = ["kind", "is_active", "unit__map", "unit__level"]
    search_fields = ["name", "short_name", "aliases__name", "unit__name"]
    autocomplete_fields = ["unit", "parent"]
    list_select_related = ["unit__parent"]
    inlines = [AgencyAliasInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Agency]:
        return agencies_visible(user=request.user)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Agency], search_term: str
    ) -> tuple[QuerySet[Agency], bool]:
        if _is_autocomplete(request):
            # What a form may pick (a parent agency, a membership's agency): managed ones.
            queryset = queryset & agencies_managed(user=request.user)
        return super().get_search_results(request, queryset, search_term)

    def manages(self, request: HttpRequest, obj: Any) -> bool:
        return agencies_managed(user=request.user).filter(pk=obj.pk).exists()

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # An agency stays in its unit: moving it would hand its records to another place.
        return ["unit"] if obj is not None else []

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        managed = agencies_managed(user=request.user)
        if "unit" in form.base_fields:
            _limit(form, "unit", units_managed(user=request.user))
        if "parent" in form.base_fields:
            parents = managed.exclude(pk=obj.pk) if obj is not None else managed
            if obj is not None and obj.parent_id is not None:
                # A parent set by the directory (outside the subtree) may stay as it is.
                parents = parents | Agency.objects.filter(pk=obj.parent_id)
            _limit(form, "parent", parents)
        return form

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            fields = {name: data[name] for name in form.changed_data if name in _AGENCY_EDITABLE}
            agency_update(actor=_actor(request), agency=obj, **fields)
        else:
            created = agency_create(
                actor=_actor(request),
                unit=data["unit"],
                name=data["name"],
                kind=data["kind"],
                short_name=data.get("short_name", ""),
                parent=data.get("parent"),
            )
            obj.pk = created.pk
            obj.refresh_from_db()

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        actor, agency = _actor(request), form.instance
        _saved(formset)
        for alias_form in formset.forms:
            if not alias_form.has_changed() and alias_form.instance.pk is None:
                continue
            alias = alias_form.instance
            deleted = bool(alias_form.cleaned_data.get("DELETE", False))
            if alias.pk is not None and (deleted or alias_form.has_changed()):
                agency_alias_remove(actor=actor, alias=AgencyAlias.objects.get(pk=alias.pk))
                formset.deleted_objects.append(alias)
            if not deleted and alias_form.has_changed():
                agency_alias_add(actor=actor, agency=agency, name=alias_form.cleaned_data["name"])
                formset.new_objects.append(alias)


def _saved(formset: Any) -> None:
    """What `formset.save()` would have recorded, for the admin's history message: the rows are
    written by the services instead."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


_AGENCY_EDITABLE = {"name", "short_name", "kind", "parent", "is_active"}


class MembershipFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.is_valid()
            and not form.cleaned_data.get("DELETE", False)
            and (form.instance.pk is not None or form.has_changed())
        ]
        if self.instance.is_active and not kept:
            raise forms.ValidationError(LAST_MEMBERSHIP)


class MembershipInline(ScopedInline):
    model = Membership
    formset = MembershipFormSet
    fk_name = "user"
    fields = ["agency", "role"]
    autocomplete_fields = ["agency"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "agency":
            # An administrator grants roles in the agencies of its own subtree only.
            kwargs["queryset"] = agencies_managed(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class UserAddForm(AdminUserCreationForm):
    """A new user comes with its first role: an account of no agency would see nothing."""

    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label="Cơ quan")
    role = forms.ChoiceField(choices=Role.choices, label="Vai trò")

    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email")
        field_classes = {"username": UsernameField}


# The administrator acting in the password form (Django builds that form without the request).
_password_actor: ContextVar[User | None] = ContextVar("dondoc_admin_password_actor", default=None)


@contextmanager
def _acting(actor: User) -> Iterator[None]:
    token = _password_actor.set(actor)
    try:
        yield
    finally:
        _password_actor.reset(token)


class ServicePasswordChangeForm(AdminPasswordChangeForm):
    """Django's form for setting a password; saving goes through `user_password_set`, which
    checks the scope again, revokes the user's API tokens and audits."""

    def save(self, commit: bool = True) -> Any:
        actor = _password_actor.get()
        if actor is None:
            raise PermissionError("the password form is saved only from the admin view")
        usable = self.cleaned_data.get("set_usable_password", True)
        password = self.cleaned_data["password1"] if usable else None
        return user_password_set(actor=actor, user=self.user, password=password)


class UserAdmin(ScopedAdmin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    list_filter = ["is_active", "memberships__role"]
    search_fields = ["username", "first_name", "last_name", "email"]
    inlines = [MembershipInline]
    add_form = UserAddForm
    change_password_form = ServicePasswordChangeForm
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Thông tin cá nhân", {"fields": ("first_name", "last_name", "email")}),
        ("Trạng thái", {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "first_name", "last_name", "email")}),
        ("Cơ quan và vai trò", {"fields": ("agency", "role")}),
        ("Mật khẩu", {"fields": ("usable_password", "password1", "password2")}),
    )
    readonly_fields = ["last_login", "date_joined"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return users_managed(user=request.user)

    def manages(self, request: HttpRequest, obj: Any) -> bool:
        return users_managed(user=request.user).filter(pk=obj.pk).exists()

    def get_inline_instances(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        # The add form carries the first membership itself (UserAddForm).
        return super().get_inline_instances(request, obj) if obj is not None else []

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if "agency" in form.base_fields:
            _limit(form, "agency", agencies_managed(user=request.user).filter(is_active=True))
        return form

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            fields = {name: data[name] for name in form.changed_data if name in _USER_EDITABLE}
            user_update(actor=_actor(request), user=User.objects.get(pk=obj.pk), **fields)
            obj.refresh_from_db()
            return
        usable = data.get("usable_password", True) not in (False, "false")
        created = user_create(
            actor=_actor(request),
            username=data["username"],
            password=data.get("password1") if usable else None,
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            email=data.get("email", ""),
            agency=data["agency"],
            role=data["role"],
        )
        obj.pk = created.pk
        obj.refresh_from_db()

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        actor, user = _actor(request), form.instance
        # Grants first, then revocations: a role changed in place never leaves the user with
        # no membership in between.
        revoke: list[Membership] = []
        _saved(formset)
        for row in formset.forms:
            if row.instance.pk is None and not row.has_changed():
                continue
            deleted = bool(row.cleaned_data.get("DELETE", False))
            stored = Membership.objects.get(pk=row.instance.pk) if row.instance.pk else None
            if not deleted and (stored is None or row.has_changed()):
                granted = membership_grant(
                    actor=actor,
                    user=user,
                    agency=row.cleaned_data["agency"],
                    role=row.cleaned_data["role"],
                )
                formset.new_objects.append(granted)
            if stored is not None and (deleted or row.has_changed()):
                revoke.append(stored)
                formset.deleted_objects.append(stored)
        for membership in revoke:
            membership_revoke(actor=actor, membership=membership)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Django saves the form's many-to-many fields here (none are shown) and the inlines.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        with _acting(_actor(request)):
            try:
                return super().user_change_password(request, id, form_url)
            except DomainError as error:
                messages.error(request, error.message)
                return HttpResponseRedirect(request.get_full_path())


_USER_EDITABLE = {"username", "first_name", "last_name", "email", "is_active"}


class ExportGrantAdmin(ScopedAdmin):
    """Who may export the personal data of which agency: given and revoked, never edited."""

    list_display = ["user", "agency", "granted_by", "granted_at", "revoked_by", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username", "user__first_name", "user__last_name", "agency__name"]
    autocomplete_fields = ["user", "agency"]
    list_select_related = ["user", "agency", "granted_by", "revoked_by"]
    fields = ["user", "agency"]
    actions = ["revoke_selected"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ExportGrant]:
        return ExportGrant.objects.filter(agency__in=agencies_managed(user=request.user))

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if "user" in form.base_fields:
            _limit(form, "user", users_managed(user=request.user))
        if "agency" in form.base_fields:
            _limit(form, "agency", agencies_managed(user=request.user))
        return form

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None:
            return ["user", "agency", "granted_by", "granted_at", "revoked_by", "revoked_at"]
        return []

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.get_readonly_fields(request, obj) or self.fields

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # a grant is revoked (the action below), not edited

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return _is_administrator(request)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        grant = export_grant_give(
            actor=_actor(request),
            user=form.cleaned_data["user"],
            agency=form.cleaned_data["agency"],
        )
        obj.pk = grant.pk
        obj.refresh_from_db()

    @admin.action(description="Thu hồi quyền xuất dữ liệu cá nhân", permissions=["revoke"])
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[ExportGrant]) -> None:
        grants = list(queryset.filter(revoked_at__isnull=True))
        for grant in grants:
            export_grant_revoke(actor=_actor(request), grant=grant)
        self.message_user(request, f"Đã thu hồi {len(grants)} quyền.", messages.SUCCESS)


class UnitSuccessionAdmin(ScopedAdmin):
    list_display = ["predecessor", "successor", "kind", "is_default", "effective"]
    list_filter = ["kind", "is_default"]
    search_fields = ["predecessor__name", "successor__name"]
    autocomplete_fields = ["predecessor", "successor"]
    list_select_related = ["predecessor__parent", "successor__parent"]
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[UnitSuccession]:
        visible = units_visible(user=request.user)
        return UnitSuccession.objects.filter(successor__in=visible)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)


admin.site.register(AdminUnit, AdminUnitAdmin)
admin.site.register(Agency, AgencyAdmin)
admin.site.register(User, UserAdmin)
admin.site.register(UnitSuccession, UnitSuccessionAdmin)
admin.site.register(ExportGrant, ExportGrantAdmin)

# Roles are memberships of agencies; Django's groups would be a second, confusing permission system.
admin.site.unregister(Group)

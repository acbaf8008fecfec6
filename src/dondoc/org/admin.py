"""Django admin for administrators, scoped: an administrator sees and edits its own subtree only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from .models import AdminUnit, Agency, AgencyAlias, Membership, Role, UnitSuccession, User
from .names import match_key
from .scoping import agencies_managed, agencies_visible, scope_for, units_visible


def _is_administrator(request: HttpRequest) -> bool:
    # The scope is computed once per request: admin pages ask this many times each.
    return bool(request.user.is_staff and scope_for(request.user).administrator)


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


class AdminUnitAdmin(ScopedAdmin):
    list_display = ["name", "code", "level", "map", "parent", "valid_from", "valid_to"]
    list_filter = ["map", "level"]
    search_fields = ["name", "short_name", "code"]
    readonly_fields = ["path"]
    list_select_related = ["parent"]
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[AdminUnit]:
        return units_visible(user=request.user).select_related("parent__parent")

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

    def manages(self, request: HttpRequest, obj: Any) -> bool:
        return agencies_managed(user=request.user).filter(pk=obj.pk).exists()

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, AgencyAlias):
                instance.key = match_key(instance.name)
            instance.save()
        for deleted in formset.deleted_objects:
            deleted.delete()


class MembershipInline(ScopedInline):
    model = Membership
    fk_name = "user"
    fields = ["agency", "role"]
    autocomplete_fields = ["agency"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "agency":
            # An administrator grants roles in the agencies of its own subtree only.
            kwargs["queryset"] = agencies_managed(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class UserAdmin(ScopedAdmin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    list_filter = ["is_active", "memberships__role"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Thông tin cá nhân", {"fields": ("first_name", "last_name", "email")}),
        ("Trạng thái", {"fields": ("is_active", "last_login", "date_joined")}),
    )
    readonly_fields = ["last_login", "date_joined"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        users = User.objects.all()
        if request.user.is_superuser:
            return users
        return users.filter(memberships__agency__in=agencies_managed(user=request.user)).distinct()

    def manages(self, request: HttpRequest, obj: Any) -> bool:
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # Administrators work in this admin site; nobody else does (as in membership_grant).
        user = form.instance
        is_admin = user.memberships.filter(role=Role.ADMINISTRATOR).exists()
        if not user.is_superuser and user.is_staff != is_admin:
            user.is_staff = is_admin
            user.save(update_fields=["is_staff"])


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

# Roles are memberships of agencies; Django's groups would be a second, confusing permission system.
admin.site.unregister(Group)

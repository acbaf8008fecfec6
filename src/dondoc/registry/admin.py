"""Administration of the registry's catalogues (records are kept through the pages and API)."""

from django.contrib import admin

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

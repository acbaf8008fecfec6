"""URL configuration: web pages at /, the API at /api/, Django admin at /admin/."""

from django.contrib import admin
from django.urls import include, path, register_converter

from dondoc.core.queryparams import IdConverter

admin.site.site_header = "Quản trị dondoc"
admin.site.site_title = "Quản trị dondoc"
admin.site.index_title = "Quản trị hệ thống"

register_converter(IdConverter, "id")
handler400 = "dondoc.web.views.bad_request"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("dondoc.api.urls")),
    path("", include("dondoc.web.urls")),
]

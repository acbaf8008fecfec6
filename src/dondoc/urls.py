"""URL configuration: web pages at /, the API at /api/, Django admin at /admin/."""

from django.contrib import admin
from django.urls import include, path, register_converter

from dondoc.core.queryparams import IdConverter

admin.site.site_header = "Quản trị dondoc"
admin.site.site_title = "Quản trị dondoc"
admin.site.index_title = "Quản trị hệ thống"

register_converter(IdConverter, "id")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("dondoc.api.urls")),
    path("", include("dondoc.web.urls")),
]

# Error pages in Vietnamese, with the menu (DEBUG off; dondoc.web.views).
handler400 = "dondoc.web.views.bad_request"
handler403 = "dondoc.web.views.permission_denied"
handler404 = "dondoc.web.views.page_not_found"
handler500 = "dondoc.web.views.server_error"

"""API routes."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views, views_jobs, views_registry

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("auth/token/", views.TokenObtainApi.as_view(), name="token"),
    path("auth/logout/", views.TokenLogoutApi.as_view(), name="logout"),
    path("auth/logout-all/", views.TokenLogoutAllApi.as_view(), name="logout_all"),
    path("auth/tokens/", views.TokenListApi.as_view(), name="token_list"),
    path("auth/tokens/<str:token_key>/", views.TokenRevokeApi.as_view(), name="token_revoke"),
    path("me/", views.MeApi.as_view(), name="me"),
    path("units/", views.UnitListApi.as_view(), name="unit_list"),
    path("units/<id:unit_id>/", views.UnitDetailApi.as_view(), name="unit_detail"),
    path("agencies/", views.AgencyListApi.as_view(), name="agency_list"),
    path("agencies/<id:agency_id>/", views.AgencyDetailApi.as_view(), name="agency_detail"),
    path(
        "registry/crime-reports/",
        views_registry.CrimeReportListApi.as_view(),
        name="crime_report_list",
    ),
    path(
        "registry/<slug:kind>/export/",
        views_registry.RegistryExportApi.as_view(),
        name="registry_export",
    ),
    path("jobs/<id:job_id>/", views_jobs.JobDetailApi.as_view(), name="job_detail"),
    path("jobs/<id:job_id>/file", views_jobs.JobFileApi.as_view(), name="job_file"),
    path(
        "stats/<slug:table>/<id:unit_id>/",
        views_registry.StatsTableApi.as_view(),
        name="stats_table",
    ),
]

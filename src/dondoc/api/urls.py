"""API routes."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("auth/token/", views.TokenObtainApi.as_view(), name="token"),
    path("me/", views.MeApi.as_view(), name="me"),
    path("units/", views.UnitListApi.as_view(), name="unit_list"),
    path("units/<int:unit_id>/", views.UnitDetailApi.as_view(), name="unit_detail"),
    path("agencies/", views.AgencyListApi.as_view(), name="agency_list"),
    path("agencies/<int:agency_id>/", views.AgencyDetailApi.as_view(), name="agency_detail"),
]

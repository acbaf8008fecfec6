"""Web routes."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, views_plans

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("co-quan/", views.agencies, name="agencies"),
    path("don-vi/<int:unit_id>/", views.unit_detail, name="unit_detail"),
    path("co-quan/<int:agency_id>/nhiem-vu/", views_plans.agency_tasks, name="agency_tasks"),
    path("ke-hoach/", views_plans.plan_list, name="plan_list"),
    path("ke-hoach/nhap/", views_plans.plan_upload, name="plan_upload"),
    path("ke-hoach/nhap/<int:upload_id>/", views_plans.plan_review, name="plan_review"),
    path("ke-hoach/mau.xlsx", views_plans.plan_template, name="plan_template"),
    path("ke-hoach/<int:document_id>/", views_plans.plan_detail, name="plan_detail"),
    path("ke-hoach/<int:document_id>/cap-tren/", views_plans.plan_cascade, name="plan_cascade"),
    path(
        "ke-hoach/phan-cong/<int:assignment_id>/",
        views_plans.assignment_correct,
        name="assignment_correct",
    ),
]

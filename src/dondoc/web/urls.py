"""Web routes."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import (
    views,
    views_agency_report,
    views_casework,
    views_consolidated,
    views_crime,
    views_handover,
    views_jobs,
    views_plans,
    views_privacy,
    views_registry,
    views_reintegration,
    views_requests,
    views_targets,
    views_timeliness,
    views_tracking,
)

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views_jobs.healthz, name="healthz"),
    path("viec-nen/", views_jobs.job_list, name="job_list"),
    path("viec-nen/<id:job_id>/", views_jobs.job_detail, name="job_detail"),
    path("viec-nen/<id:job_id>/tai-ve", views_jobs.job_download, name="job_download"),
    path("viec-nen/<id:job_id>/luu-dong-hop-le", views_jobs.job_save_valid, name="job_save_valid"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(template_name="web/password_change_done.html"),
        name="password_change_done",
    ),
    path("co-quan/", views.agencies, name="agencies"),
    path("don-vi/<id:unit_id>/", views.unit_detail, name="unit_detail"),
    path("co-quan/<id:agency_id>/nhiem-vu/", views_plans.agency_tasks, name="agency_tasks"),
    path("ban-giao/", views_handover.handover_home, name="handover_home"),
    path(
        "ban-giao/<id:unit_id>/ke-hoach/<id:document_id>/",
        views_handover.handover_plan,
        name="handover_plan",
    ),
    path(
        "ban-giao/<id:unit_id>/ho-so/<id:agency_id>/",
        views_handover.handover_records,
        name="handover_records",
    ),
    path(
        "ban-giao/<id:unit_id>/<id:handover_id>/huy/",
        views_handover.handover_revert,
        name="handover_revert",
    ),
    path("ke-hoach/", views_plans.plan_list, name="plan_list"),
    path("ke-hoach/nhap/", views_plans.plan_upload, name="plan_upload"),
    path("ke-hoach/nhap/<id:upload_id>/", views_plans.plan_review, name="plan_review"),
    path("ke-hoach/dang-doc/<id:job_id>/", views_plans.plan_parse, name="plan_parse"),
    path(
        "ke-hoach/nhap/<id:upload_id>/ten-co-quan/",
        views_plans.plan_draft_name,
        name="plan_draft_name",
    ),
    path("ke-hoach/nhap-tay/", views_plans.plan_manual, name="plan_manual"),
    path(
        "ke-hoach/nhap/<id:upload_id>/van-ban/",
        views_plans.plan_draft_header,
        name="plan_draft_header",
    ),
    path(
        "ke-hoach/nhap/<id:upload_id>/nhiem-vu/<int:index>/",
        views_plans.plan_draft_task,
        name="plan_draft_task",
    ),
    path(
        "ke-hoach/nhap/<id:upload_id>/them-nhiem-vu/",
        views_plans.plan_draft_add,
        name="plan_draft_add",
    ),
    path(
        "ke-hoach/<id:document_id>/nhiem-vu/<id:task_id>/sua/",
        views_plans.task_amend,
        name="task_amend",
    ),
    path("ke-hoach/<id:document_id>/them-nhiem-vu/", views_plans.task_add_view, name="task_add"),
    path("ke-hoach/mau.xlsx", views_plans.plan_template, name="plan_template"),
    path("ke-hoach/<id:document_id>/", views_plans.plan_detail, name="plan_detail"),
    path("ke-hoach/<id:document_id>/cap-tren/", views_plans.plan_cascade, name="plan_cascade"),
    path(
        "ke-hoach/phan-cong/<id:assignment_id>/",
        views_plans.assignment_correct,
        name="assignment_correct",
    ),
    path("bao-cao/", views_tracking.reports_owed, name="reports_owed"),
    path(
        "bao-cao/ky/<id:period_id>/co-quan/<id:agency_id>/",
        views_agency_report.agency_report,
        name="agency_report",
    ),
    path(
        "bao-cao/ky/<id:period_id>/co-quan/<id:agency_id>/word/",
        views_agency_report.agency_report_docx,
        name="agency_report_docx",
    ),
    path(
        "bao-cao/ky/<id:period_id>/co-quan/<id:agency_id>/ban-ky/",
        views_agency_report.agency_report_signed,
        name="agency_report_signed",
    ),
    path(
        "bao-cao/ky/<id:period_id>/co-quan/<id:agency_id>/tai-lieu/<id:evidence_id>/",
        views_agency_report.agency_report_evidence,
        name="agency_report_evidence",
    ),
    path(
        "bao-cao/<id:period_id>/<id:assignment_id>/",
        views_tracking.report_edit,
        name="report_edit",
    ),
    path("bao-cao/xem/<id:report_id>/", views_tracking.report_detail, name="report_detail"),
    path(
        "bao-cao/tai-lieu/<id:evidence_id>/",
        views_tracking.evidence_download,
        name="evidence_download",
    ),
    path(
        "bao-cao/tai-lieu/<id:evidence_id>/xoa/",
        views_tracking.evidence_delete,
        name="evidence_delete",
    ),
    path("ke-hoach/<id:document_id>/theo-doi/", views_tracking.plan_board, name="plan_board"),
    path("ke-hoach/<id:document_id>/chi-tieu/", views_targets.plan_targets, name="plan_targets"),
    path(
        "ke-hoach/<id:document_id>/ky-bao-cao/",
        views_tracking.plan_schedule,
        name="plan_schedule",
    ),
    path(
        "ke-hoach/<id:document_id>/tong-hop/<id:period_id>.docx",
        views_tracking.consolidated_report_docx,
        name="consolidated_docx",
    ),
    path(
        "ke-hoach/<id:document_id>/tong-hop/<id:period_id>.xlsx",
        views_tracking.consolidated_report_xlsx,
        name="consolidated_xlsx",
    ),
    path(
        "ke-hoach/<id:document_id>/bao-cao-tong-hop/<id:period_id>/",
        views_consolidated.consolidated_page,
        name="consolidated_page",
    ),
    path(
        "bao-cao-tong-hop/<id:report_id>/sua/",
        views_consolidated.consolidated_edit,
        name="consolidated_edit",
    ),
    path(
        "bao-cao-tong-hop/<id:report_id>/buoc/",
        views_consolidated.consolidated_step,
        name="consolidated_step",
    ),
    path(
        "bao-cao-tong-hop/<id:report_id>/ban-hanh/",
        views_consolidated.consolidated_issue,
        name="consolidated_issue",
    ),
    path(
        "bao-cao-tong-hop/<id:report_id>/tao-lai-pdf/",
        views_consolidated.consolidated_pdf_retry,
        name="consolidated_pdf_retry",
    ),
    path(
        "bao-cao-tong-hop/<id:report_id>/ban-ky/",
        views_consolidated.consolidated_signed,
        name="consolidated_signed",
    ),
    path(
        "bao-cao-tong-hop/<id:report_id>/xem-truoc.docx",
        views_consolidated.consolidated_preview,
        name="consolidated_preview",
    ),
    path(
        "bao-cao-tong-hop/<id:report_id>/tep/<str:kind>",
        views_consolidated.consolidated_file,
        name="consolidated_file",
    ),
    path("ke-hoach/<id:document_id>/nhac/", views_tracking.plan_remind, name="plan_remind"),
    path(
        "ke-hoach/<id:document_id>/cong-van-don-doc/<id:period_id>.docx",
        views_tracking.reminder_letter_docx,
        name="reminder_letter_docx",
    ),
    path("thong-bao/", views_tracking.notifications, name="notifications"),
    # Requests about a task (extend, re-assign, withdraw) and the timeliness table (issue 16).
    path(
        "nhiem-vu/phan-cong/<id:assignment_id>/de-nghi/",
        views_requests.task_request_new,
        name="task_request_new",
    ),
    path("de-nghi/", views_requests.task_requests, name="task_requests"),
    path(
        "de-nghi/<id:request_id>/", views_requests.task_request_detail, name="task_request_detail"
    ),
    path(
        "de-nghi/<id:request_id>/quyet-dinh/",
        views_requests.task_request_decide,
        name="task_request_decide",
    ),
    path(
        "ke-hoach/<id:document_id>/dung-han/",
        views_timeliness.plan_timeliness,
        name="plan_timeliness",
    ),
    path(
        "ke-hoach/<id:document_id>/dung-han.xlsx",
        views_timeliness.plan_timeliness_xlsx,
        name="plan_timeliness_xlsx",
    ),
    path("du-lieu/", views_registry.registry_home, name="registry_home"),
    path("du-lieu/tin-bao/", views_registry.crime_report_list, name="crime_report_list"),
    path("du-lieu/tin-bao/moi/", views_crime.crime_report_new, name="crime_report_new"),
    path(
        "du-lieu/tin-bao/<id:report_id>/buoc/",
        views_crime.crime_report_step_view,
        name="crime_report_step",
    ),
    path(
        "du-lieu/tin-bao/<id:report_id>/ket-qua/",
        views_registry.crime_report_decide_view,
        name="crime_report_decide",
    ),
    path(
        "du-lieu/tin-bao/<id:report_id>/",
        views_crime.crime_report_detail,
        name="crime_report_detail",
    ),
    path("du-lieu/khieu-nai/", views_registry.complaint_list, name="complaint_list"),
    path("du-lieu/vu-an/", views_registry.case_list, name="case_list"),
    path("du-lieu/vu-an/moi/", views_registry.case_new, name="case_new"),
    path("du-lieu/boi-thuong/", views_registry.compensation_list, name="compensation_list"),
    path("du-lieu/boi-thuong/moi/", views_registry.compensation_new, name="compensation_new"),
    path(
        "du-lieu/boi-thuong/<id:claim_id>/",
        views_registry.compensation_detail,
        name="compensation_detail",
    ),
    path(
        "du-lieu/boi-thuong/<id:claim_id>/chi-tra/",
        views_registry.compensation_pay,
        name="compensation_pay",
    ),
    path(
        "du-lieu/tin-bao/<id:report_id>/ho-tro/",
        views_registry.victim_support_add,
        name="victim_support_add",
    ),
    path("du-lieu/khieu-nai/moi/", views_registry.complaint_new, name="complaint_new"),
    # Casework (issue 17): complaint rounds, case stages, withdrawals, referrals.
    path(
        "du-lieu/khieu-nai/<id:complaint_id>/",
        views_casework.complaint_detail,
        name="complaint_detail",
    ),
    path(
        "du-lieu/khieu-nai/<id:complaint_id>/ket-qua/",
        views_casework.complaint_round_resolve,
        name="complaint_round_resolve",
    ),
    path(
        "du-lieu/khieu-nai/<id:complaint_id>/thu-ly/",
        views_casework.complaint_round_open,
        name="complaint_round_open",
    ),
    path(
        "du-lieu/khieu-nai/<id:complaint_id>/gia-han/",
        views_casework.complaint_extend,
        name="complaint_extend",
    ),
    path(
        "du-lieu/khieu-nai/<id:complaint_id>/nguoi/",
        views_casework.complaint_person_add,
        name="complaint_person_add",
    ),
    path("du-lieu/vu-an/<id:case_id>/", views_casework.case_detail, name="case_detail"),
    path("du-lieu/vu-an/<id:case_id>/giai-doan/", views_casework.case_advance, name="case_advance"),
    path(
        "du-lieu/vu-an/<id:case_id>/nguoi/", views_casework.case_person_add, name="case_person_add"
    ),
    path(
        "du-lieu/loai-bo/<slug:kind>/<id:record_id>/",
        views_casework.record_withdraw,
        name="record_withdraw",
    ),
    path(
        "du-lieu/sua/<slug:kind>/<id:record_id>/",
        views_casework.record_correct,
        name="record_correct",
    ),
    path("du-lieu/ca-nhan/<id:person_id>/", views_casework.person_detail, name="person_detail"),
    path("du-lieu/nhap/lich-su/", views_casework.import_history, name="import_history"),
    path("du-lieu/nhap/hoan-tac/", views_casework.import_undo, name="import_undo"),
    path("du-lieu/chuyen-gui/", views_casework.referral_list, name="referral_list"),
    path(
        "du-lieu/tin-bao/<id:report_id>/chuyen-gui/",
        views_casework.referral_new,
        name="referral_new",
    ),
    path(
        "du-lieu/chuyen-gui/<id:referral_id>/",
        views_casework.referral_detail,
        name="referral_detail",
    ),
    path(
        "du-lieu/chuyen-gui/<id:referral_id>/tra-loi/",
        views_casework.referral_respond,
        name="referral_respond",
    ),
    path(
        "du-lieu/chuyen-gui/<id:referral_id>/phan-hoi/",
        views_casework.referral_feedback,
        name="referral_feedback",
    ),
    path("du-lieu/ho-so/<slug:kind>/", views_registry.simple_list, name="simple_list"),
    path("du-lieu/ho-so/<slug:kind>/moi/", views_registry.simple_new, name="simple_new"),
    path("du-lieu/nhap/<slug:kind>/", views_registry.registry_import_page, name="registry_import"),
    path(
        "du-lieu/xuat/<slug:kind>.<str:fmt>",
        views_registry.registry_export_file,
        name="registry_export",
    ),
    path(
        "du-lieu/mau/<slug:kind>.xlsx", views_registry.registry_template, name="registry_template"
    ),
    path(
        "du-lieu/tai-hoa-nhap/",
        views_reintegration.worklist,
        name="reintegration_worklist",
    ),
    path(
        "du-lieu/tai-hoa-nhap/danh-sach/",
        views_reintegration.subject_list,
        name="reintegration_list",
    ),
    path("du-lieu/tai-hoa-nhap/moi/", views_reintegration.subject_new, name="reintegration_new"),
    path(
        "du-lieu/tai-hoa-nhap/quy-tac/",
        views_reintegration.rules_page,
        name="reintegration_rules",
    ),
    path(
        "du-lieu/tai-hoa-nhap/tong-hop/",
        views_reintegration.overview,
        name="reintegration_overview",
    ),
    path(
        "du-lieu/tai-hoa-nhap/chuyen/<id:transfer_id>/",
        views_reintegration.transfer_decide_view,
        name="reintegration_transfer_decide",
    ),
    path(
        "du-lieu/tai-hoa-nhap/<id:subject_id>/",
        views_reintegration.subject_detail,
        name="reintegration_detail",
    ),
    path(
        "du-lieu/tai-hoa-nhap/<id:subject_id>/su-kien/",
        views_reintegration.event_add,
        name="reintegration_event",
    ),
    path(
        "du-lieu/tai-hoa-nhap/<id:subject_id>/ho-tro/",
        views_reintegration.support_add,
        name="reintegration_support",
    ),
    path(
        "du-lieu/tai-hoa-nhap/<id:subject_id>/ket-thuc/",
        views_reintegration.subject_end_view,
        name="reintegration_end",
    ),
    path(
        "du-lieu/tai-hoa-nhap/<id:subject_id>/chuyen/",
        views_reintegration.transfer_add,
        name="reintegration_transfer",
    ),
    path("bao-ve-du-lieu/", views_privacy.privacy_home, name="privacy_home"),
    path(
        "bao-ve-du-lieu/yeu-cau/moi/", views_privacy.subject_request_new, name="subject_request_new"
    ),
    path(
        "bao-ve-du-lieu/yeu-cau/<id:request_id>/",
        views_privacy.subject_request_detail,
        name="subject_request_detail",
    ),
    path("bao-ve-du-lieu/vi-pham/moi/", views_privacy.breach_new, name="breach_new"),
    path(
        "bao-ve-du-lieu/vi-pham/<id:breach_id>/", views_privacy.breach_detail, name="breach_detail"
    ),
    path(
        "bao-ve-du-lieu/vi-pham/<id:breach_id>/thong-bao.docx",
        views_privacy.breach_notification_docx,
        name="breach_notification_docx",
    ),
    path(
        "bao-ve-du-lieu/danh-gia-tac-dong/<id:agency_id>.docx",
        views_privacy.impact_assessment_docx,
        name="impact_assessment_docx",
    ),
    path("thong-ke/", views_registry.stats_page, name="stats"),
    path("thong-ke/tai.xlsx", views_registry.stats_download, name="stats_download"),
]

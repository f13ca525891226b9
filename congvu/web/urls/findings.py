"""Findings pages, mounted under /dau-hieu/ (dấu hiệu)."""

from django.urls import path

from congvu.web.views import eventlogs
from congvu.web.views import findings as views

app_name = "findings"

urlpatterns = [
    path("", views.finding_list, name="list"),
    path("can-bo/", views.official_options, name="officials"),
    path("xuat-excel/", views.finding_export, name="export"),
    path("bang-diem/", views.scorecards, name="scorecards"),
    path("mang-chuyen-giao/", views.network, name="network"),
    path("dinh-nghia/", views.definitions_page, name="definitions"),
    path("phan-tich-nhat-ky/", eventlogs.upload_log, name="eventlog"),
    path("phan-tich-nhat-ky/phan-tich/", eventlogs.analyse_log, name="eventlog_analyse"),
    path(
        "phan-tich-nhat-ky/<slug:token>/<str:name>",
        eventlogs.analysis_file,
        name="eventlog_file",
    ),
    path("<int:finding_id>/", views.finding_detail, name="detail"),
    path("<int:finding_id>/giai-trinh/", views.explain, name="explain"),
    path("<int:finding_id>/xem-xet/", views.review, name="review"),
    path("<int:finding_id>/mo-lai/", views.reopen, name="reopen"),
    path("giai-trinh/<int:explanation_id>/tep/", views.explanation_file, name="explanation_file"),
]

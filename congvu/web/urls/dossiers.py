"""Dossier page URLs, mounted under /ho-so/ by the project's urls.py."""

from django.urls import path

from congvu.web.views import dossier_reception as reception
from congvu.web.views import dossiers as views

app_name = "dossiers"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("chi-so/", views.indicator_table, name="indicators"),
    path("danh-sach/", views.dossier_list, name="list"),
    path("tiep-nhan/", reception.receive, name="receive"),
    path("tiep-nhan/thu-tuc/", reception.procedure_options, name="reception_procedures"),
    path("tiep-nhan/ngay-hen/", reception.appointment_preview, name="reception_due"),
    path("xuat/<slug:table>.xlsx", views.export, name="export"),
    path("<int:pk>/", views.dossier_detail, name="detail"),
    path("<int:pk>/phieu-xin-loi.pdf", views.apology_pdf, name="apology_pdf"),
    path("<int:pk>/<slug:action>/", views.dossier_act, name="act"),
]

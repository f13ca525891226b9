"""Investment page URLs, mounted under /dau-tu/."""

from django.urls import path

from congvu.web.views import investment as views

urlpatterns = [
    path("", views.dashboard, name="investment_dashboard"),
    path("du-an/", views.project_list, name="investment_projects"),
    path("du-an/<int:project_id>/", views.project_page, name="investment_project"),
    path(
        "du-an/<int:project_id>/xuat-excel/<slug:table>/",
        views.export_project_table,
        name="investment_project_export",
    ),
    path("xuat-excel/<slug:table>/", views.export_table, name="investment_export"),
    path("oc4ids/", views.oc4ids_download, name="investment_oc4ids"),
    path("nhap/", views.import_page, name="investment_import"),
    path("nhap/mau.xlsx", views.import_template, name="investment_import_template"),
]

"""Discipline pages, mounted under /ky-luat/ (kỷ luật)."""

from django.urls import path

from congvu.web.views import discipline as views

app_name = "discipline"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("mo/", views.case_open, name="open"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/van-ban/<slug:kind>.pdf", views.case_document, name="document"),
    path("<int:case_id>/<slug:name>/", views.case_action, name="action"),
]

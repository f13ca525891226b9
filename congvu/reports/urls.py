"""Monthly report URLs, mounted under /bao-cao/ by the project's urls.py."""

from django.urls import path

from congvu.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_page, name="page"),
    path("xem-truoc/", views.report_preview, name="preview"),
    path("tai-ve.pdf", views.report_download, name="pdf"),
]

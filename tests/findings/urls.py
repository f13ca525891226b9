"""The app's pages with the findings mounted as the lead will mount them (for these tests only)."""

from django.urls import include, path

urlpatterns = [
    path("dau-hieu/", include("congvu.findings.urls")),
    path("", include("congvu.web.urls")),
]

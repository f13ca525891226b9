"""URL configuration: the pages of each domain, the API and the admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("congvu.api.urls")),
    path("dau-hieu/", include("congvu.web.urls.findings")),
    path("ho-so/", include("congvu.web.urls.dossiers")),
    path("dau-tu/", include("congvu.web.urls.investment")),
    path("bao-cao/", include("congvu.reports.urls")),
    path("", include("congvu.web.urls")),
]

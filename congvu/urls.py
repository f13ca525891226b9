"""URL configuration: the pages, the API and the admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("congvu.api.urls")),
    path("", include("congvu.web.urls")),
]

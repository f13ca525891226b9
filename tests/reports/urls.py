"""The site's URLs with the report pages mounted as the lead will mount them."""

from django.urls import include, path

from congvu.urls import urlpatterns as site

urlpatterns = [path("bao-cao/", include("congvu.reports.urls")), *site]

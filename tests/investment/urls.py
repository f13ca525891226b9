"""The site's URLs with the investment pages mounted as the lead will mount them."""

from django.urls import include, path

from congvu.urls import urlpatterns as site

urlpatterns = [path("dau-tu/", include("congvu.web.urls.investment")), *site]

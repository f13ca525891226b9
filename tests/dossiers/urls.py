"""The project's URLs with the dossier pages mounted, until the project urls.py includes them."""

from django.urls import include, path

from congvu.urls import urlpatterns as project_urls

urlpatterns = [path("ho-so/", include("congvu.web.urls.dossiers")), *project_urls]

"""API URLs."""

from django.urls import path

from congvu.api.app import api

urlpatterns = [path("", api.urls)]

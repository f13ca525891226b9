"""API URLs: the docs page's own assets, then the NinjaAPI (schema, docs, endpoints)."""

from django.urls import path

from congvu.api.app import api
from congvu.api.docs import docs_asset

urlpatterns = [
    path("docs/assets/<str:name>", docs_asset, name="api-docs-asset"),
    path("", api.urls),
]

"""The API docs page (Swagger UI) served from django-ninja's bundled files, so it works offline.

ninja renders its docs with assets from a CDN unless "ninja" is in INSTALLED_APPS; this machine
(and a government network) may have no internet, so the page and its assets come from here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ninja
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.static import serve
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI

ASSETS_DIR = Path(ninja.__file__).parent / "static" / "ninja"
ASSETS = frozenset(
    {"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js", "favicon.png", "favicon.svg"}
)


class OfflineSwagger(DocsBase):
    """Swagger UI with every asset served by the API itself (`docs_asset` below)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
        }
        return render(
            request,
            "api/docs.html",
            {"api": api, "swagger_settings": json.dumps(settings), "namespace": api.urls_namespace},
        )


@cache_control(public=True, max_age=86400)
def docs_asset(request: HttpRequest, name: str) -> HttpResponseBase:
    """One of Swagger UI's files from the installed django-ninja (a fixed list, nothing else)."""
    if name not in ASSETS:
        raise Http404(name)
    return serve(request, name, document_root=str(ASSETS_DIR))


def asset_url(name: str) -> str:
    return reverse("api-docs-asset", kwargs={"name": name})

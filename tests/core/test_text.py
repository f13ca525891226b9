"""Text at the app's doors: forms and the API receive Unicode NFC, whatever the client sent."""

from __future__ import annotations

import json
import unicodedata
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from congvu.core.text import NormaliseTextMiddleware, clean_text, name_key

COMPOSED = "Sở Tài chính"
DECOMPOSED = unicodedata.normalize("NFD", COMPOSED)


def seen(request: HttpRequest) -> dict[str, object]:
    """What a view behind the middleware reads."""
    captured: dict[str, object] = {}

    def view(inner: HttpRequest) -> HttpResponse:
        captured["GET"] = inner.GET.get("q")
        if inner.content_type == "application/json":
            captured["json"] = json.loads(inner.body)["name"]
        else:
            captured["POST"] = inner.POST.getlist("name")
        return HttpResponse()

    NormaliseTextMiddleware(view)(request)
    return captured


def test_a_form_post_and_its_query_string_arrive_in_nfc():
    body = urlencode({"name": [DECOMPOSED, "Hạ Long"]}, doseq=True)
    request = RequestFactory().post(f"/x?q={DECOMPOSED}", body, "application/x-www-form-urlencoded")

    assert seen(request) == {"GET": COMPOSED, "POST": [COMPOSED, "Hạ Long"]}


def test_a_json_body_arrives_in_nfc():
    request = RequestFactory().post(
        "/api/x", json.dumps({"name": DECOMPOSED}, ensure_ascii=False), "application/json"
    )

    assert seen(request)["json"] == COMPOSED


def test_the_app_and_analyze_share_one_normalisation():
    assert clean_text(f" {DECOMPOSED}  ") == COMPOSED
    assert name_key(DECOMPOSED.upper()) == name_key(COMPOSED)

"""Text at the doors of the app: the one normalisation (`congvu.analytics.text`, Django-free so
that `congvu analyze` and the interchange readers use the same functions) and the middleware that
applies Unicode NFC to what forms and the API receive.

- `clean_text` (NFC, trimmed, spaces collapsed) is how names, codes and titles are stored; the
  import path (`core.imports.clean_cell`) and the org actions call it.
- `name_key` (NFC + casefold + spaces collapsed) is what unit and official names are matched on.
- `NormaliseTextMiddleware` puts every text field of a request in NFC before any form or API
  schema reads it: the query string, a urlencoded form body and a JSON body. Only NFC is applied
  there (line breaks of a description are the writer's); a multipart body (a file upload) is left
  to be parsed lazily, its file read by the import path, which cleans every cell.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict

from congvu.analytics.text import clean_text, name_key

__all__ = ["NormaliseTextMiddleware", "clean_text", "name_key", "nfc_request"]

_FORM = "application/x-www-form-urlencoded"
_JSON = "application/json"


def _nfc_query(values: QueryDict) -> QueryDict | None:
    """A copy of ``values`` in NFC, or None when they already are."""
    if all(
        unicodedata.is_normalized("NFC", key)
        and all(unicodedata.is_normalized("NFC", value) for value in values.getlist(key))
        for key in values
    ):
        return None
    fixed = QueryDict(mutable=True, encoding=values.encoding)
    for key in values:
        fixed.setlist(
            unicodedata.normalize("NFC", key),
            [unicodedata.normalize("NFC", value) for value in values.getlist(key)],
        )
    fixed._mutable = False
    return fixed


def nfc_request(request: HttpRequest) -> None:
    """Put the query string and a form or JSON body of ``request`` in Unicode NFC (in place)."""
    query = _nfc_query(request.GET)
    if query is not None:
        request.GET = query  # type: ignore[assignment]  # immutable, as Django made it
    if request.method not in ("POST", "PUT", "PATCH"):
        return
    if request.content_type == _FORM:
        form = _nfc_query(request.POST)
        if form is not None:
            request.POST = form  # type: ignore[assignment]  # immutable, as Django made it
    elif request.content_type == _JSON:
        try:
            text = request.body.decode(request.encoding or "utf-8")
        except UnicodeDecodeError:
            return  # the API answers the malformed body itself
        if not unicodedata.is_normalized("NFC", text):
            request._body = unicodedata.normalize("NFC", text).encode("utf-8")


class NormaliseTextMiddleware:
    """Every request's text in NFC before forms and API schemas read it (see the module doc)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nfc_request(request)
        return self.get_response(request)

"""Progress for long downloads: the page shows "preparing the file" from the click until the file
arrives, since an Excel export of a whole province takes tens of seconds with nothing to see.

The page's script (static/web/exports.js) adds `dl=<token>` to an export link; when the answer is
a file (an attachment), this middleware sets the cookie `congvu_dl=<token>`, which the script
waits for to say the file is ready. The cookie holds nothing but the page's own token.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

COOKIE = "congvu_dl"
TOKEN = re.compile(r"[0-9a-z]{1,32}")


class DownloadTokenMiddleware:
    """Echo a download's `dl` token back as a short-lived cookie once the file is sent."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        token = request.GET.get("dl", "")
        disposition = response.get("Content-Disposition", "")
        if TOKEN.fullmatch(token) and disposition.startswith("attachment"):
            # Read by the page's script, so not HttpOnly; it carries no secret.
            response.set_cookie(COOKIE, token, max_age=120, samesite="Lax", httponly=False)
        return response

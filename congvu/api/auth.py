"""Who is calling: a bearer token for scripts, or the session of a logged-in page (with CSRF).

Both set `request.official`, so handlers are typed with `OfficialRequest` like the pages' views.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from congvu.api.tokens import official_for_key
from congvu.org.models import Official


class CsrfFailed(Exception):
    """A session request without a valid CSRF token (the page's own calls must send it)."""


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>` with a token from `congvu create_api_token`."""

    def authenticate(self, request: HttpRequest, token: str) -> Official | None:
        official = official_for_key(token)
        if official is not None:
            request.official = official  # type: ignore[attr-defined]  # see OfficialRequest
        return official


class SessionOfficial(APIKeyCookie):
    """The session of a logged-in official, for the pages' own calls; unsafe methods need the
    CSRF token (header `X-CSRFToken`), exactly as a form post would."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # Unlike ninja's SessionAuth, check CSRF only when there is a session to protect, so that
        # an anonymous POST is a 401 (authenticate) rather than a 403 (CSRF).
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        official: Official | None = getattr(request, "official", None)
        if key is None or official is None or not request.user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise CsrfFailed
        return official

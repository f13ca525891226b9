"""Attach the logged-in user's Official to the request as `request.official`."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from congvu.org.models import Official


class OfficialRequest(HttpRequest):
    """A request from a logged-in official (the type views and API handlers receive)."""

    official: Official


class OfficialMiddleware:
    """Sets `request.official` (None for anonymous users and accounts without an official)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        official = None
        if request.user.is_authenticated:
            official = Official.objects.filter(user_id=request.user.pk).first()
        request.official = official  # type: ignore[attr-defined]  # see OfficialRequest
        return self.get_response(request)

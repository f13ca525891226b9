"""Confirmations after htmx actions: a part of a page swapped in by htmx does not carry the page's
message list, so the messages an action left (`django.contrib.messages`) are sent with it,
out of band, into the list at the top of the page."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


class HtmxMessagesMiddleware:
    """Appends the pending messages to a successful htmx answer that is a part of a page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.headers.get("HX-Request") != "true"
            or response.status_code != 200
            or response.streaming
            or "HX-Redirect" in response
            or not response.get("Content-Type", "").startswith("text/html")
            or b"<html" in response.content
        ):
            return response
        pending = list(messages.get_messages(request))  # reading them marks them as shown
        if pending:
            response.content += render_to_string(
                "web/_messages.html", {"messages": pending, "out_of_band": True}
            ).encode()
        return response

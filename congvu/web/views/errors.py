"""Error pages in Vietnamese that say what happened and where to go next (handler400…500).

Requests to the API get the API's JSON error shape instead, so that scripts can read them.
The 500 page renders without the request's context processors: whatever failed (the database, a
template) must not fail the error page too.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def _messages() -> dict[int, tuple[str, str, str]]:
    return {
        400: (
            "invalid",
            _("The request cannot be read"),
            _(
                "The address or the form holds a value the system cannot read, such as a number "
                "that is too large or a word where a number is expected. Go back and try again."
            ),
        ),
        403: (
            "forbidden",
            _("You may not open this page"),
            _(
                "Your posts do not give you access to it. If you need it for your work, ask your "
                "unit's head or the administrator."
            ),
        ),
        404: (
            "not_found",
            _("Page not found"),
            _("The address may be mistyped, or the record was moved or is not visible to you."),
        ),
        500: (
            "server_error",
            _("Something went wrong on our side"),
            _(
                "The error has been recorded. Try again in a few minutes; if it happens again, "
                "tell the administrator what you were doing and the time."
            ),
        ),
    }


def _error(
    request: HttpRequest, status: int, *, with_request: bool = True, reason: str = ""
) -> HttpResponse:
    code, title, explanation = _messages()[status]
    if request.path.startswith(API_PREFIX):
        return JsonResponse(
            {"code": code, "message": f"{title}. {explanation}", "errors": []}, status=status
        )
    template = loader.get_template("web/error.html")
    context = {
        "status": status,
        "title": title,
        "reason": reason,
        "explanation": explanation,
        "back": _back(request) if with_request else "",
    }
    body = template.render(context, request if with_request else None)
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(request, 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The page's own reason when its rule gave one (`web.views.menu.Refused`); an account
    without an official's post (a bare administrator) is told so, and pointed to the
    administration."""
    reason = getattr(exception, "reason", "")
    user = getattr(request, "user", None)
    without_post = getattr(request, "official", None) is None
    if not reason and user is not None and user.is_authenticated and without_post:
        reason = _(
            "This account is not an official's: it holds no post in a unit, so the pages of "
            "the units' work do not open for it."
        )
    return _error(request, 403, reason=reason)


def _back(request: HttpRequest) -> str:
    """The page the reader came from on this site, to go back to; "" when there is none."""
    referrer = request.headers.get("Referer", "")
    if not referrer or not url_has_allowed_host_and_scheme(
        referrer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    if urlsplit(referrer).path == request.path:
        return ""
    return referrer


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500, with_request=False)

"""JSON errors: one shape for every refusal, with a Vietnamese sentence and a machine code.

`{"code": "...", "message": "...", "errors": [{"field": "...", "message": "..."}]}`

| cause | status | code |
|---|---|---|
| no or bad credentials | 401 | `unauthenticated` |
| not allowed (`PermissionDenied`, `Forbidden`); no CSRF token | 403 | `forbidden`; `csrf` |
| missing, or not visible to the caller (the same answer: ids leak nothing) | 404 | `not_found` |
| someone changed the task since it was read (`StaleWrite`) | 409 | `stale` |
| bad input | 422 | `invalid` (with field names) |
| a body that is not JSON at all, or a form body that cannot be read | 400 | `invalid` |
| an action refused (`ActionError`) | 422 | its `.code`, e.g. `illegal_state` |
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, TypeVar

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from congvu.api.auth import CsrfFailed
from congvu.core.errors import ActionError, Forbidden, StaleWrite

logger = logging.getLogger(__name__)
M = TypeVar("M", bound=Model)


class FieldErrorOut(Schema):
    field: str | None
    message: str


class ErrorOut(Schema):
    code: str
    message: str
    errors: list[FieldErrorOut] = []


# The error responses every authenticated endpoint documents in the OpenAPI schema.
ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, type[Schema]] = {**ERRORS, 409: ErrorOut}


class InvalidInput(Exception):
    """Input that parses but makes no sense, such as a reference to a unit that does not exist."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    errors: Sequence[dict[str, str | None]] = (),
) -> HttpResponse:
    body = {"code": code, "message": message, "errors": list(errors)}
    response = api.create_response(request, body, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="congvu"'
    return response


# Pydantic's own messages are English; these say the same in the user's language.
def _field_message(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind.startswith("date") or kind.startswith("datetime"):
        return _("Enter a date as YYYY-MM-DD.")
    if kind.startswith("int") or kind.startswith("float") or kind.startswith("decimal"):
        return _("Enter a whole number.")
    if kind.startswith("bool"):
        return _("Enter true or false.")
    if kind in ("enum", "literal_error"):
        return _("Choose one of: %(choices)s.") % {"choices": context.get("expected", "")}
    if kind in ("greater_than_equal", "greater_than"):
        return _("Enter a value of at least %(limit)s.") % {
            "limit": context.get("ge", context.get("gt", ""))
        }
    if kind in ("less_than_equal", "less_than"):
        return _("Enter a value of at most %(limit)s.") % {
            "limit": context.get("le", context.get("lt", ""))
        }
    if kind in ("string_too_short", "too_short"):
        return _("This field cannot be empty.")
    if kind in ("string_too_long", "too_long"):
        return _("This value is too long.")
    if kind == "json_invalid":
        return _("The request body is not valid JSON.")
    return _("This value is not valid.")


# ninja names where a value came from ("body", "payload", "query", …) before the field itself.
_CONTAINERS = {"body", "query", "path", "form", "file", "header", "cookie", "payload", "filters"}


def _field_name(location: Sequence[Any]) -> str | None:
    parts = [str(part) for part in location if str(part) not in _CONTAINERS]
    return ".".join(parts) or None


def install_error_handlers(api: NinjaAPI) -> None:
    """Replace ninja's default error bodies with the shape above, for every exception class
    ninja or the handlers raise (ninja picks a handler by the exception's MRO)."""

    def handle(request: HttpRequest, exc: object) -> HttpResponse:
        return _to_response(api, request, exc)

    for exc_class in (
        Exception,
        HttpError,
        AuthenticationError,
        CsrfFailed,
        PermissionDenied,
        Http404,
        ValidationError,
        InvalidInput,
        ActionError,
        MultiPartParserError,
        BadRequest,
        SuspiciousOperation,
    ):
        api.add_exception_handler(exc_class, handle)


def _to_response(api: NinjaAPI, request: HttpRequest, exc: object) -> HttpResponse:
    # Most specific first: StaleWrite is an ActionError, AuthenticationError an HttpError.
    if isinstance(exc, AuthenticationError):
        message = _("Authentication required: send a valid API token or log in.")
        return error_response(api, request, 401, "unauthenticated", message)
    if isinstance(exc, CsrfFailed):
        message = _("The CSRF check failed: reload the page and try again.")
        return error_response(api, request, 403, "csrf", message)
    if isinstance(exc, PermissionDenied):
        return error_response(api, request, 403, "forbidden", _("You are not allowed to do this."))
    if isinstance(exc, Http404):
        message = _("Not found, or you are not allowed to see it.")
        return error_response(api, request, 404, "not_found", message)
    if isinstance(exc, Forbidden):
        return error_response(api, request, 403, "forbidden", exc.message)
    if isinstance(exc, StaleWrite):
        return error_response(api, request, 409, "stale", exc.message)
    if isinstance(exc, ActionError):
        return error_response(api, request, 422, exc.code, exc.message)
    if isinstance(exc, ValidationError):
        errors = [
            {"field": _field_name(error.get("loc", ())), "message": _field_message(error)}
            for error in exc.errors
        ]
        return error_response(api, request, 422, "invalid", _("Some fields are not valid."), errors)
    if isinstance(exc, InvalidInput):
        errors = [{"field": exc.field, "message": exc.message}]
        return error_response(api, request, 422, "invalid", _("Some fields are not valid."), errors)
    if isinstance(exc, MultiPartParserError | BadRequest | SuspiciousOperation):
        # A form body that cannot be parsed (`multipart/form-data` without its boundary, a
        # truncated upload): the request's fault, not the server's.
        message = _("The request body could not be read.")
        return error_response(api, request, 400, "invalid", message)
    if isinstance(exc, HttpError) and exc.status_code == 400:
        # ninja's only 400: a body that is not JSON (or not form data) at all.
        message = _("The request body is not valid JSON.")
        return error_response(api, request, 400, "invalid", message)
    if isinstance(exc, HttpError):
        codes = {401: "unauthenticated", 403: "forbidden", 404: "not_found", 429: "throttled"}
        code = codes.get(exc.status_code, "error")
        return error_response(api, request, exc.status_code, code, str(exc))
    exc_info = exc if isinstance(exc, BaseException) else None
    logger.error("API error on %s %s", request.method, request.path, exc_info=exc_info)
    message = _("An unexpected error occurred. It has been logged; try again later.")
    return error_response(api, request, 500, "server_error", message)


def get_referenced(queryset: QuerySet[M], pk: int, field: str) -> M:
    """The object an input field refers to by id; a bad id is the input's fault (422), not a
    missing page (404)."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise InvalidInput(field, _("No such item: %(id)s.") % {"id": pk})
    return found

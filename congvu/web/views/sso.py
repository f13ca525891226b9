"""The single sign-on pages (congvu.org.sso): off to the province's provider, back with a code,
and logging out of both. Without single sign-on configured they answer 404."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

import requests
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views import View
from mozilla_django_oidc import views as oidc_views

from congvu.org import sso

logger = logging.getLogger(__name__)


class _Configured:
    """Refuses with 404 while single sign-on is not configured (the settings are read per
    request, so that the mozilla views are never built without their endpoints)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not sso.configured():
            raise Http404
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc,no-any-return]


class StartView(_Configured, oidc_views.OIDCAuthenticationRequestView):  # type: ignore[misc]
    """Sends the browser to the provider's sign-in page."""

    get_settings = staticmethod(sso.oidc_setting)

    def __init__(self, **kwargs: Any) -> None:
        # mozilla reads the endpoints when the view is built; congvu when it answers (below), so
        # that a provider that does not answer its discovery gets a page, not a server error.
        View.__init__(self, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            self.OIDC_OP_AUTH_ENDPOINT = self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
            self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID")
            return super().get(request)  # type: ignore[no-any-return]
        except requests.RequestException as error:
            return _unavailable(request, error)


def _unavailable(request: HttpRequest, error: Exception) -> HttpResponse:
    logger.warning("single sign-on: the provider did not answer: %s", error)
    return render(request, "web/sso_refused.html", {"reason": "unavailable"}, status=503)


class CallbackView(_Configured, oidc_views.OIDCAuthenticationCallbackView):  # type: ignore[misc]
    """Where the provider sends the browser back: logs the official in, or says why not."""

    get_settings = staticmethod(sso.oidc_setting)

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            return super().get(request)  # type: ignore[no-any-return]
        except requests.RequestException as error:
            return _unavailable(request, error)

    def login_failure(self) -> HttpResponse:
        reason = getattr(self.request, sso.REFUSAL_ATTRIBUTE, "")
        # For the administrator: who was refused is in the provider's log; here, why.
        logger.warning("single sign-on refused: %s", reason or "no sign-on completed")
        return render(self.request, "web/sso_refused.html", {"reason": reason}, status=403)


class LoginView(auth_views.LoginView):
    """Django's login page, with the single sign-on button when it is configured."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = sso.configured()
        return context


class LogoutView(auth_views.LogoutView):
    """Django's logout; after a single sign-on it also ends the session at the provider."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        id_token = request.session.get("oidc_id_token")
        response = super().post(request, *args, **kwargs)
        if not (id_token and sso.configured()):
            return response
        end_session = sso.oidc_setting("CONGVU_OIDC_END_SESSION_ENDPOINT", "")
        if not end_session:
            return response
        query = urlencode(
            {
                "id_token_hint": id_token,
                "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
            }
        )
        separator = "&" if "?" in end_session else "?"
        return HttpResponseRedirect(f"{end_session}{separator}{query}")

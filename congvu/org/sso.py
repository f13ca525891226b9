"""Single sign-on with the province's OpenID Connect provider (mozilla-django-oidc; docs/sso.md).

The provider says who the person is; congvu decides whether they may come in. A person signed in
at the provider is let in as the official whose login equals their `preferred_username`, or else
whose e-mail equals theirs (both compared without regard to case, in Unicode NFC). No account is
ever created: someone congvu does not know is refused, and so is a deactivated account, as the
login page refuses it. Logins and passwords keep working beside it.

The provider's endpoints come from the settings when given one by one, otherwise from the
provider's discovery document (`<issuer>/.well-known/openid-configuration`), fetched on first use
and kept for an hour.
"""

from __future__ import annotations

import threading
import time
import unicodedata
from typing import Any

import requests
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Q
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from congvu.org.models import Official

# mozilla-django-oidc's setting -> the key of the discovery document that gives it.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "CONGVU_OIDC_END_SESSION_ENDPOINT": "end_session_endpoint",
}
# congvu's choices where mozilla-django-oidc's defaults differ (the settings may still override):
# tokens signed by the provider's keys, PKCE, no accounts created, the ID token kept for logout.
DEFAULTS: dict[str, Any] = {
    "OIDC_RP_SIGN_ALGO": "RS256",
    "OIDC_RP_SCOPES": "openid email profile",
    "OIDC_USE_PKCE": True,
    "OIDC_CREATE_USER": False,
    "OIDC_STORE_ID_TOKEN": True,
    "OIDC_TIMEOUT": 20,
    "OIDC_AUTHENTICATION_CALLBACK_URL": "sso_callback",
}
DISCOVERY_SECONDS = 3600
_discovery_lock = threading.Lock()
_discovery_cache: dict[str, tuple[float, dict[str, Any]]] = {}

# Why a sign-on was refused, set on the request for the callback's refusal page.
REFUSAL_ATTRIBUTE = "congvu_sso_refusal"
UNKNOWN = "unknown"
AMBIGUOUS = "ambiguous"
INACTIVE = "inactive"


def configured() -> bool:
    """Whether single sign-on is set up (CONGVU_OIDC_* in the environment, see settings)."""
    return bool(getattr(settings, "CONGVU_SSO", False))


def discovery(issuer: str) -> dict[str, Any]:
    """The provider's discovery document, fetched once an hour at most."""
    with _discovery_lock:
        cached = _discovery_cache.get(issuer)
        if cached is not None and time.monotonic() - cached[0] < DISCOVERY_SECONDS:
            return cached[1]
        response = requests.get(
            f"{issuer}/.well-known/openid-configuration",
            timeout=oidc_setting("OIDC_TIMEOUT"),
            verify=oidc_setting("OIDC_VERIFY_SSL", True),
        )
        response.raise_for_status()
        document: dict[str, Any] = response.json()
        if document.get("issuer", "").rstrip("/") != issuer:
            raise ImproperlyConfigured(
                f"The discovery document of {issuer} names another issuer: {document.get('issuer')}"
            )
        _discovery_cache[issuer] = (time.monotonic(), document)
        return document


def oidc_setting(attr: str, *default: Any) -> Any:
    """A mozilla-django-oidc setting: the one given, else the provider's discovery document for an
    endpoint, else congvu's default."""
    value = getattr(settings, attr, None)
    if value not in (None, ""):
        return value
    issuer = getattr(settings, "CONGVU_OIDC_ISSUER", "")
    if attr in DISCOVERED and issuer:
        return discovery(issuer).get(DISCOVERED[attr], *default)
    if attr in DEFAULTS:
        return DEFAULTS[attr]
    return import_from_settings(attr, *default)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().casefold()


def match_official(claims: dict[str, Any]) -> tuple[Official | None, str]:
    """The official the provider's claims name, or None and why (UNKNOWN or AMBIGUOUS).

    First by login (`preferred_username`), then by e-mail (the official's or their account's),
    both case-insensitive in NFC. Two officials for one claim is a refusal, never a guess.
    """
    officials = Official.objects.select_related("user")
    username = _fold(str(claims.get("preferred_username") or ""))
    if username:
        found = [
            o
            for o in officials.filter(user__username__iexact=username)
            if _fold(o.user.username) == username
        ]
        if len(found) > 1:
            return None, AMBIGUOUS
        if found:
            return found[0], ""
    email = _fold(str(claims.get("email") or ""))
    if email and claims.get("email_verified") is not False:
        found = [
            o
            for o in officials.filter(Q(email__iexact=email) | Q(user__email__iexact=email))
            if email in {_fold(o.email), _fold(o.user.email)}
        ]
        found = list({o.pk: o for o in found}.values())
        if len(found) > 1:
            return None, AMBIGUOUS
        if found:
            return found[0], ""
    return None, UNKNOWN


class OfficialOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]  # untyped package
    """mozilla-django-oidc's backend, matching officials instead of creating accounts."""

    get_settings = staticmethod(oidc_setting)

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> AbstractBaseUser | None:
        if not configured():
            return None
        return super().authenticate(request, **kwargs)  # type: ignore[no-any-return]

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> AbstractBaseUser | None:
        claims = self.get_userinfo(access_token, id_token, payload)
        # The ID token's claims stand in for those the userinfo endpoint leaves out.
        claims = {**payload, **claims}
        official, reason = match_official(claims)
        user: AbstractBaseUser | None = official.user if official is not None else None
        if user is not None and not self.user_can_authenticate(user):
            user, reason = None, INACTIVE
        if user is None:
            # Why, for the callback's refusal page (congvu.web.views.sso).
            setattr(self.request, REFUSAL_ATTRIBUTE, reason)
        return user

    def create_user(self, claims: dict[str, Any]) -> AbstractBaseUser:
        raise PermissionDenied("congvu never creates accounts from single sign-on")

"""Login throttling (django-axes) with a limit per account and a higher one per address, and
sessions that expire after a spell of idleness.

A province's offices often reach the portal through one NAT address: locking that address after a
handful of failures would lock out a whole department because of one person's typos. So an account
is locked after `AXES_FAILURE_LIMIT` failures (from any address), and an address after
`CONGVU_LOGIN_FAILURES_PER_ADDRESS` failures (on any accounts), which stops password spraying.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class AccountAndAddressHandler(AxesDatabaseHandler):  # type: ignore[misc]  # axes is untyped
    """axes' database handler, with the address counted against its own, higher limit.

    axes compares one count with one limit; `AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]`
    gives one queryset of attempts per parameter, in that order. The address's failures are scaled
    so that they reach the account limit exactly when they reach the address limit.
    """

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        per_parameter = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        account_limit: int = settings.AXES_FAILURE_LIMIT
        address_limit: int = settings.CONGVU_LOGIN_FAILURES_PER_ADDRESS
        scaled = []
        for parameter, failures in zip(
            settings.AXES_LOCKOUT_PARAMETERS, per_parameter, strict=True
        ):
            if parameter == "ip_address":
                failures = math.floor(failures * account_limit / address_limit)
            scaled.append(failures)
        return max(scaled, default=0)

    def user_login_failed(
        self,
        sender: Any,
        credentials: dict[str, Any],
        request: HttpRequest | None = None,
        **kwargs: Any,
    ) -> None:
        # Only password logins are counted. A single sign-on refused at the callback (someone
        # congvu does not know) guessed no password here, and has no login to count it against:
        # counted, every such refusal would add to one shared blank login and soon lock out the
        # sign-on of everyone. The provider throttles its own sign-in.
        if "username" not in credentials:
            return
        super().user_login_failed(sender, credentials, request, **kwargs)


class LoginThrottleBackend(AxesStandaloneBackend):  # type: ignore[misc]  # axes is untyped
    """axes' guard for every login that comes through a request (the login page, the admin).

    Code that authenticates without a request (the test client's `login()`, a shell) has no
    address to count and no page to lock out, so it is let through to the model backend; so is
    single sign-on's callback (congvu.org.sso), which carries no login or password.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None or (username is None and password is None):
            return None
        return super().authenticate(request, username, password, **kwargs)  # type: ignore[no-any-return]


# Renewing the session on every request would turn every page view into a database write; renewing
# once a minute keeps the idle expiry precise to the minute at a small fraction of that cost.
RENEW_EVERY_SECONDS = 60
RENEWED_AT = "congvu_renewed_at"


class IdleSessionMiddleware:
    """Keeps a logged-in session alive while it is used: the session expires
    `SESSION_COOKIE_AGE` seconds after the last request (not after the login)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            if now - int(request.session.get(RENEWED_AT, 0)) >= RENEW_EVERY_SECONDS:
                # A modified session is saved with a new expiry of SESSION_COOKIE_AGE from now.
                request.session[RENEWED_AT] = now
        return self.get_response(request)


def mark_session_renewed(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    """On login (the `user_logged_in` signal): the new session's expiry is fresh already."""
    if request is not None and hasattr(request, "session"):
        request.session[RENEWED_AT] = int(time.time())


def lockout_page(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """The Vietnamese page a locked-out login gets (HTTP 429): for how long, and what to do."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "web/lockout.html", {"cooloff_minutes": minutes}, status=429)

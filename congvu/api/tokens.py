"""Issue, check and revoke API tokens; the management commands and the auth call these."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from congvu.api.models import ApiToken
from congvu.core.errors import ActionError
from congvu.org.models import Official, Post

TOKEN_PREFIX = "cv_"
PREFIX_LENGTH = 11  # "cv_" and 8 random characters: enough to tell tokens apart, useless to guess
# Writing `last_used_at` on every request would turn each read into a write; a minute is precise
# enough to see whether a token is still in use.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def issue_token(official: Official, *, name: str) -> tuple[ApiToken, str]:
    """Create a token for `official`; return it with the raw key, which is never stored."""
    name = name.strip()
    if not name:
        raise ActionError(_("Give the token a name."), code="invalid")
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        official=official,
        name=name,
        key_hash=hash_key(key),
        prefix=key[:PREFIX_LENGTH],
        created_at=now,
        expires_at=now + dt.timedelta(days=settings.CONGVU_API_TOKEN_DAYS),
    )
    return token, key


def tokens_of(official: Official) -> QuerySet[ApiToken]:
    """An official's tokens, newest first, revoked and expired ones included (for their page)."""
    return ApiToken.objects.filter(official=official).order_by("-created_at")


def revoke_token(token: ApiToken) -> ApiToken:
    """Revoke a token from now on; revoking twice keeps the first time."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def official_for_key(key: str) -> Official | None:
    """The official a live token belongs to: None for an unknown, revoked or expired token, and
    for the token of an official whose account is deactivated or who holds no post in force."""
    if not key.startswith(TOKEN_PREFIX):
        return None
    now = timezone.now()
    today = timezone.localdate(now)
    # One query: the token, live, of an active official who holds a post in force today.
    in_force = Post.objects.in_force(today).filter(official=OuterRef("official"))
    token = (
        ApiToken.objects.select_related("official__user")
        .filter(
            Exists(in_force),
            key_hash=hash_key(key),
            revoked_at__isnull=True,
            expires_at__gt=now,
            official__user__is_active=True,
        )
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.official

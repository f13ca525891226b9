"""Issue, check and revoke API tokens; the management commands and the auth call these."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congvu.api.models import ApiToken
from congvu.core.errors import ActionError
from congvu.org.models import Official

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
    token = ApiToken.objects.create(
        official=official,
        name=name,
        key_hash=hash_key(key),
        prefix=key[:PREFIX_LENGTH],
        created_at=timezone.now(),
    )
    return token, key


def revoke_token(token: ApiToken) -> ApiToken:
    """Revoke a token from now on; revoking twice keeps the first time."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def official_for_key(key: str) -> Official | None:
    """The official a live token belongs to (None for an unknown or revoked token)."""
    if not key.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("official__user")
        .filter(key_hash=hash_key(key), revoked_at__isnull=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.official

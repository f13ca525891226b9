"""API tokens: a secret an official's scripts send as `Authorization: Bearer <token>`."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from congvu.org.models import Official


class ApiToken(models.Model):
    """A named API token of an official (mã truy cập API).

    Only the SHA-256 of the token is stored: the raw token is shown once, when it is issued, and
    cannot be recovered. A token stops working when it expires (CONGVU_API_TOKEN_DAYS after it was
    issued), is revoked, or its official is deactivated or holds no post in force. `prefix` (the
    first characters of the token) lets a person tell their tokens apart. A revoked token stays
    on record, so that past use remains attributable.
    """

    official = models.ForeignKey(
        Official, models.CASCADE, related_name="api_tokens", verbose_name=_("official")
    )
    name = models.CharField(_("name"), max_length=120)
    key_hash = models.CharField(_("key hash (SHA-256)"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("prefix"), max_length=16, editable=False)
    created_at = models.DateTimeField(_("created at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, now: dt.datetime) -> bool:
        return self.expires_at <= now

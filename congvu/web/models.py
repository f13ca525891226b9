"""The daily e-mail digest: an official's choice to receive it, and the log of digests sent (one a
day at most, so that running `congvu send_reminders` twice the same day sends nothing new)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from congvu.org.models import Official


class ReminderPreference(models.Model):
    """An official's choice about the daily digest; without a row, they receive it."""

    official = models.OneToOneField(
        Official,
        models.CASCADE,
        related_name="reminder_preference",
        verbose_name=_("official"),
    )
    daily_email = models.BooleanField(_("receive the daily e-mail digest"), default=True)

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")

    def __str__(self) -> str:
        return f"{self.official}: {self.daily_email}"


class DigestSent(models.Model):
    """One digest e-mailed to one official on one day, with what it held."""

    official = models.ForeignKey(
        Official, models.PROTECT, related_name="digests", verbose_name=_("official")
    )
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"))
    address = models.EmailField(_("address"))
    items = models.PositiveIntegerField(_("items"))
    summary = models.CharField(_("sections listed"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        ordering = ["-day", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["official", "day"], name="one_digest_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.official} {self.day}"

"""The kernel's models: AppendOnlyModel, the base of every log row (task, dossier, project and
finding events), ChoiceLabels, and ExtraDay, the province's own days of the working-day calendar.

A log row is inserted once by its domain's event writer and never updated or deleted; the model
refuses it here and each log's migration installs database triggers that refuse it too.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Field
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _


@cache
def _labels(field: Field[Any, Any]) -> dict[Any, Any]:
    """A field's value → label, built once per field (labels stay lazy: translated when shown)."""
    return dict(make_hashable(field.flatchoices))


class ChoiceLabels(models.Model):
    """`get_FOO_display()` from a table built once per field. Django rebuilds the field's whole
    choices table at every call; a timeline of a hundred events with forty activities called it a
    hundred times per page (a fifth of the task page's time)."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: Field[Any, Any]) -> str:
        value = getattr(self, field.attname)
        label: str = force_str(_labels(field).get(make_hashable(value), value), strings_only=True)
        return label


class AppendOnlyQuerySet(models.QuerySet[Any]):
    """Bulk updates and deletes are refused like single ones."""

    def update(self, **kwargs: Any) -> int:
        raise TypeError(f"{self.model.__name__} rows are append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError(f"{self.model.__name__} rows are append-only.")


class AppendOnlyModel(models.Model):
    """A row written once: `save()` inserts, and any later save or delete is refused."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError(f"{type(self).__name__} rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError(f"{type(self).__name__} rows are append-only.")


class ExtraDay(models.Model):
    """A day the province declares a day off or a working day, over the national calendar
    (ngày nghỉ, ngày làm bù của tỉnh). Read by `congvu.core.calendar`; written by its
    `set_extra_day` and the admin."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("province day")
        verbose_name_plural = _("province days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.reason}"


class Read(AppendOnlyModel):
    """One read of a personal record (lượt xem hồ sơ cá nhân): who read it, when, which record
    (its content type and id), whose record it is, and through which page or endpoint.

    Written only by `congvu.core.reads.record_read`; the person concerned, Sở Nội vụ and inspectors
    read it back. Personal data law (Decree 13/2023) asks that access to such records be traceable.
    """

    ts = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("reader")
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        null=True,
        verbose_name=_("person concerned"),
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType", models.PROTECT, related_name="+", verbose_name=_("record type")
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    view = models.CharField(_("page"), max_length=120)

    class Meta:
        verbose_name = _("read of a personal record")
        verbose_name_plural = _("reads of personal records")
        ordering = ["-ts", "-pk"]
        indexes = [
            models.Index(fields=["subject", "ts"], name="core_read_subject_ts"),
            models.Index(fields=["content_type", "object_id"], name="core_read_object"),
        ]

    def __str__(self) -> str:
        return f"{self.ts:%d/%m/%Y %H:%M} {self.view} {self.content_type_id}:{self.object_id}"

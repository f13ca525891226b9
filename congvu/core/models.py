"""The kernel's models: AppendOnlyModel, the base of every log row (task, dossier, project and
finding events), and ExtraDay, the province's own days of the working-day calendar.

A log row is inserted once by its domain's event writer and never updated or deleted; the model
refuses it here and each log's migration installs database triggers that refuse it too.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


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

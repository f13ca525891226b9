"""The leader overview's period picker."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from congvu.core.ids import MAX_ID, MIN_ID
from congvu.tasks.queries import Period
from congvu.web.forms.tasks import date_field


class OverviewForm(forms.Form):
    """Which tasks (assigned in a period) and how they are judged (as of a day, which deadline)."""

    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[
            ("year", _("This year")),
            ("quarter", _("This quarter")),
            ("month", _("This month")),
            ("custom", _("Custom")),
        ],
    )
    start = date_field(_("From"), required=False)
    end = date_field(_("To"), required=False)
    as_of = date_field(_("As of"), required=False)
    basis = forms.ChoiceField(
        label=_("Deadline"),
        required=False,
        choices=[("", _("Deadline in force")), ("original", _("Original deadline"))],
    )
    unit = forms.IntegerField(
        required=False, min_value=MIN_ID, max_value=MAX_ID, widget=forms.HiddenInput
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("period") == "custom":
            if not data.get("start") or not data.get("end"):
                raise ValidationError(_("Give both ends of the period."))
            if data["start"] > data["end"]:
                raise ValidationError(_("The start of the period must come before its end."))
        return data


def period_of(kind: str, today: dt.date, start: dt.date | None, end: dt.date | None) -> Period:
    """The calendar period `kind` containing `today` (custom takes `start` and `end`)."""
    if kind == "custom" and start and end:
        return Period(start, end)
    if kind == "quarter":
        first_month = 3 * ((today.month - 1) // 3) + 1
        begin = dt.date(today.year, first_month, 1)
        following = dt.date(today.year + (first_month + 3 > 12), (first_month + 2) % 12 + 1, 1)
        return Period(begin, following - dt.timedelta(days=1))
    if kind == "month":
        begin = today.replace(day=1)
        following = (begin + dt.timedelta(days=32)).replace(day=1)
        return Period(begin, following - dt.timedelta(days=1))
    return Period(dt.date(today.year, 1, 1), dt.date(today.year, 12, 31))

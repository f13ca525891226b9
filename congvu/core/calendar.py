"""The working-day calendar (ngày làm việc): weekends, Vietnamese public holidays and swaps.

A day is a working day unless it is a Saturday or Sunday, a public holiday or a day off the
government swapped in (both from the `holidays` package, lunar holidays such as Tết and Giỗ Tổ Hùng
Vương included), with two exceptions: a weekend day the government made a working day (the
package's `weekend_workdays`, e.g. Saturday 26/4/2025 worked for Friday 2/5/2025), and the days the
province itself declares in `core.ExtraDay` (a day off, or a working day), which win over both.

The rules are those of `congvu.analytics.workdays` (no Django): this module adds the province's
days from the database, so that the app and `congvu analyze` count with one calendar. The
calendar sits in `core` because every duration that judges a person or a unit counts working
days: dossiers' appointment dates, tasks, the detectors and the ratings.

The calendar is built once (1990–2060) and cached; `forget_calendar()` drops the cache after an
ExtraDay changes (`set_extra_day` and the admin call it).
"""

from __future__ import annotations

import datetime as dt
import threading

from django.db import transaction
from django.utils.translation import gettext as _

from congvu.analytics.workdays import Calendar
from congvu.core.errors import ActionError
from congvu.core.models import ExtraDay

__all__ = [
    "add_working_days",
    "forget_calendar",
    "holiday_name",
    "is_working_day",
    "province_calendar",
    "set_extra_day",
    "working_days_between",
]

_cache: dict[str, tuple[Calendar, dict[dt.date, str]]] = {}
_lock = threading.Lock()


def forget_calendar() -> None:
    """Drop the cached calendar (after the province's extra days changed, or in tests)."""
    with _lock:
        _cache.clear()


@transaction.atomic
def set_extra_day(*, day: dt.date, is_working_day: bool, reason: str) -> ExtraDay:
    """Declare a province day off or working day; the calendar recomputes from the next read.

    Deadlines already computed are kept: a dossier's appointment date is a promise made on receipt.
    """
    if not reason.strip():
        raise ActionError(_("Give the reason for the day."), code="invalid")
    extra, _created = ExtraDay.objects.update_or_create(
        date=day, defaults={"is_working_day": is_working_day, "reason": reason.strip()}
    )
    transaction.on_commit(forget_calendar)
    forget_calendar()
    return extra


def _loaded() -> tuple[Calendar, dict[dt.date, str]]:
    cached = _cache.get("province")
    if cached is None:
        rows = list(ExtraDay.objects.values_list("date", "is_working_day", "reason"))
        calendar = Calendar.vn({day: working for day, working, _reason in rows})
        reasons = {day: reason for day, working, reason in rows if not working}
        with _lock:
            cached = _cache.setdefault("province", (calendar, reasons))
    return cached


def province_calendar() -> Calendar:
    """The province's calendar: Vietnam's (`analytics.workdays`) with its extra days; the one the
    detectors count with in the app."""
    return _loaded()[0]


def is_working_day(day: dt.date) -> bool:
    """Whether `day` is a working day in the province."""
    return province_calendar().is_working_day(day)


def holiday_name(day: dt.date) -> str:
    """The name of the holiday or declared day off on `day` ("" for weekends and working days)."""
    calendar, reasons = _loaded()
    return reasons.get(day) or calendar.holiday_name(day)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start`, `start` itself not counted.

    `add_working_days(friday, 1)` is the next Monday (if it is a working day); zero days give
    `start` back; negative days count backwards (the working day `-days` before `start`).
    """
    return province_calendar().add_working_days(start, days)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """The number of working days after `start` up to and including `end` (negative if `end` is
    before `start`): the inverse of `add_working_days`, so that
    `working_days_between(d, add_working_days(d, n)) == n` for every working-day result."""
    return province_calendar().working_days_between(start, end)

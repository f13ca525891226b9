"""The working-day calendar (ngày làm việc): weekends, Vietnamese public holidays and swaps.

A day is a working day unless it is a Saturday or Sunday, a public holiday or a day off the
government swapped in (both from the `holidays` package, lunar holidays such as Tết and Giỗ Tổ Hùng
Vương included), with two exceptions: a weekend day the government made a working day (the
package's `weekend_workdays`, e.g. Saturday 26/4/2025 worked for Friday 2/5/2025), and the days the
province itself declares in `core.ExtraDay` (a day off, or a working day), which win over both.

The calendar sits in `core` because every duration that judges a person or a unit counts working
days: dossiers' appointment dates, tasks, the detectors and the ratings.

Each year is computed once and cached; `forget_calendar()` drops the cache after an ExtraDay
changes (`set_extra_day` and the admin call it).
"""

from __future__ import annotations

import datetime as dt
import threading
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

import holidays
from django.db import transaction
from django.utils.translation import gettext as _

from congvu.core.errors import ActionError
from congvu.core.models import ExtraDay

__all__ = [
    "add_working_days",
    "forget_calendar",
    "holiday_name",
    "is_working_day",
    "set_extra_day",
    "working_days_between",
]


@dataclass(frozen=True)
class _Year:
    """One year of the calendar: its working days in order, and the names of its days off."""

    working: tuple[dt.date, ...]
    working_set: frozenset[dt.date]
    names: dict[dt.date, str]


_cache: dict[int, _Year] = {}
_lock = threading.Lock()


def forget_calendar() -> None:
    """Drop every cached year (after the province's extra days changed, or in tests)."""
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


def _province_days(year: int) -> dict[dt.date, tuple[bool, str]]:
    """The province's own days of `year`: date -> (is a working day, reason)."""
    rows = ExtraDay.objects.filter(
        date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31)
    ).values_list("date", "is_working_day", "reason")
    return {day: (working, reason) for day, working, reason in rows}


def _build(year: int) -> _Year:
    national = holidays.country_holidays("VN", years=year, language="vi")
    extra = _province_days(year)
    working: list[dt.date] = []
    names: dict[dt.date, str] = {}
    day = dt.date(year, 1, 1)
    while day.year == year:
        if day in extra:
            is_working, reason = extra[day]
            name = reason
        elif day in national.weekend_workdays:
            is_working, name = True, ""
        elif day in national:
            is_working, name = False, str(national.get(day))
        else:
            is_working, name = day.weekday() < 5, ""
        if is_working:
            working.append(day)
        elif name:
            names[day] = name
        day += dt.timedelta(days=1)
    return _Year(tuple(working), frozenset(working), names)


def _year(year: int) -> _Year:
    cached = _cache.get(year)
    if cached is None:
        built = _build(year)
        with _lock:
            cached = _cache.setdefault(year, built)
    return cached


def is_working_day(day: dt.date) -> bool:
    """Whether `day` is a working day in the province."""
    return day in _year(day.year).working_set


def holiday_name(day: dt.date) -> str:
    """The name of the holiday or declared day off on `day` ("" for weekends and working days)."""
    return _year(day.year).names.get(day, "")


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start`, `start` itself not counted.

    `add_working_days(friday, 1)` is the next Monday (if it is a working day); zero days give
    `start` back; negative days count backwards (the working day `-days` before `start`).
    """
    if days == 0:
        return start
    year = start.year
    if days > 0:
        remaining, cursor = days, start
        while True:
            working = _year(year).working
            index = bisect_right(working, cursor) + remaining - 1
            if index < len(working):
                return working[index]
            remaining -= len(working) - bisect_right(working, cursor)
            year += 1
            cursor = dt.date(year, 1, 1) - dt.timedelta(days=1)
    remaining, cursor = -days, start
    while True:
        working = _year(year).working
        before = bisect_left(working, cursor)
        if remaining <= before:
            return working[before - remaining]
        remaining -= before
        year -= 1
        cursor = dt.date(year + 1, 1, 1)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """The number of working days after `start` up to and including `end` (negative if `end` is
    before `start`): the inverse of `add_working_days`, so that
    `working_days_between(d, add_working_days(d, n)) == n` for every working-day result."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    for year in range(start.year, end.year + 1):
        working = _year(year).working
        low = bisect_right(working, start) if year == start.year else 0
        high = bisect_right(working, end) if year == end.year else len(working)
        count += high - low
    return count

"""The working-day clock (ngày làm việc), without Django: one calendar for every count of days.

A day is a working day unless it is a Saturday or Sunday, a Vietnamese public holiday or a day
off swapped in by the government (all from the ``holidays`` package, lunar holidays such as Tết
included), with two exceptions: a weekend day the government made a working day (the package's
``weekend_workdays``: the swapped Saturdays), and the extra days a province or a user declares (a
day off, or a working day), which win over both.

`congvu.core.calendar` builds the app's calendar on this one with the province's days from the
database; ``congvu analyze`` builds it from ``--calendar vn|none|FILE.csv`` (:func:`load_calendar`).

Durations are counted in *working time*: a working day counts whole, a day off not at all, a part
of a working day by its share. The working time of an instant (``work_seconds``) is the number of
working seconds from the start of the calendar's first day to it, in Vietnam time (UTC+7); the
working days between two instants are the difference divided by 86,400. With ``none`` (every day
a working day) this is the plain calendar duration. Columnar data reads the same numbers from a
calendar table (:meth:`Calendar.table`) or numpy arrays (:meth:`Calendar.work_seconds`).
"""

from __future__ import annotations

import csv
import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

DAY_SECONDS = 86_400
# Vietnam has no summer time: local time is UTC+7 all year.
UTC_OFFSET_SECONDS = 7 * 3600
# The years the calendar tables cover; instants outside count in calendar days (continuously).
FIRST_YEAR = 1990
LAST_YEAR = 2060
_EPOCH = dt.date(1970, 1, 1)

__all__ = [
    "Calendar",
    "CalendarFileError",
    "load_calendar",
    "read_extra_days",
]


class CalendarFileError(ValueError):
    """A calendar file with a bad row (the message names the line and the field)."""


@lru_cache(maxsize=4)
def _national_days(
    first_year: int, last_year: int
) -> tuple[frozenset[dt.date], frozenset[dt.date], dict[dt.date, str]]:
    """Vietnam's days off, swapped working weekend days and the names of the days off."""
    import holidays

    years = range(first_year, last_year + 1)
    national = holidays.country_holidays("VN", years=years, language="vi")
    names = {day: str(name) for day, name in national.items()}
    return frozenset(names), frozenset(national.weekend_workdays), names


def _day_number(day: dt.date) -> int:
    return (day - _EPOCH).days


@dataclass(frozen=True)
class Calendar:
    """Working days: Vietnamese holidays and swapped Saturdays (``national``), then ``extra``
    (date -> is a working day), which wins. ``national=False`` with no extra days is the plain
    calendar (``Calendar.none()``): every day a working day."""

    national: bool = True
    extra: Mapping[dt.date, bool] = field(default_factory=dict)
    first_year: int = FIRST_YEAR
    last_year: int = LAST_YEAR

    @classmethod
    def vn(cls, extra: Mapping[dt.date, bool] | None = None) -> Calendar:
        """Vietnam's calendar, with ``extra`` days on top (the plain one is built once)."""
        return cls(national=True, extra=dict(extra)) if extra else _VN

    @classmethod
    def none(cls) -> Calendar:
        return cls(national=False)

    @property
    def is_plain(self) -> bool:
        """Every day a working day: durations are calendar durations."""
        return not self.national and not any(not working for working in self.extra.values())

    # ----- one day at a time ------------------------------------------------------------------

    @cached_property
    def _national(self) -> tuple[frozenset[dt.date], frozenset[dt.date], dict[dt.date, str]]:
        """(days off on weekdays or not, swapped working weekend days, names of days off)."""
        if not self.national:
            return frozenset(), frozenset(), {}
        return _national_days(self.first_year, self.last_year)

    def _is_working(self, day: dt.date) -> bool:
        if day in self.extra:
            return self.extra[day]
        off, swapped, _names = self._national
        if day in swapped:
            return True
        if day in off:
            return False
        return self.national is False or day.weekday() < 5

    @cached_property
    def _working(self) -> tuple[dt.date, ...]:
        """Every working day of the covered years, in order."""
        day, last = dt.date(self.first_year, 1, 1), dt.date(self.last_year, 12, 31)
        found: list[dt.date] = []
        while day <= last:
            if self._is_working(day):
                found.append(day)
            day += dt.timedelta(days=1)
        return tuple(found)

    def _check(self, day: dt.date) -> None:
        if not self.first_year <= day.year <= self.last_year:
            raise ValueError(
                f"{day.isoformat()} is outside the calendar ({self.first_year}–{self.last_year})"
            )

    def is_working_day(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day."""
        self._check(day)
        return self._is_working(day)

    def holiday_name(self, day: dt.date) -> str:
        """The name of the national holiday on ``day`` ("" for other days)."""
        return "" if self._is_working(day) else self._national[2].get(day, "")

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date ``days`` working days after ``start`` (not counted itself); zero gives
        ``start``; negative counts backwards (the working day ``-days`` before ``start``)."""
        self._check(start)
        working = self._working
        if days == 0:
            return start
        if days > 0:
            index = bisect_right(working, start) + days - 1
        else:
            index = bisect_left(working, start) + days
        if not 0 <= index < len(working):
            raise ValueError(f"{days} working days from {start} leave the calendar")
        return working[index]

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if ``end`` is
        before ``start``): the inverse of :meth:`add_working_days`."""
        if end < start:
            return -self.working_days_between(end, start)
        self._check(start)
        self._check(end)
        working = self._working
        return bisect_right(working, end) - bisect_right(working, start)

    # ----- columns ----------------------------------------------------------------------------

    @cached_property
    def _arrays(self) -> tuple[int, np.ndarray, np.ndarray]:
        """(number of the first day, whether each day works (0/1), working days before each
        day), over the covered years; the last array has one more entry (the total)."""
        first = dt.date(self.first_year, 1, 1)
        count = (dt.date(self.last_year, 12, 31) - first).days + 1
        works = np.zeros(count, dtype=np.int64)
        positions = np.fromiter((_day_number(day) for day in self._working), dtype=np.int64)
        works[positions - _day_number(first)] = 1
        before = np.concatenate(([0], np.cumsum(works)))
        return _day_number(first), works, before

    def work_seconds(self, epoch_seconds: np.ndarray) -> np.ndarray:
        """The working time (seconds, float) of instants given in epoch seconds (UTC): working
        seconds from the start of the calendar's first day (local time). Outside the covered
        years the time counts as calendar time, so the result grows with the instant."""
        local = np.asarray(epoch_seconds, dtype=np.float64) + UTC_OFFSET_SECONDS
        first, works, before = self._arrays
        days = np.floor(local / DAY_SECONDS).astype(np.int64)
        index = days - first
        inside = (index >= 0) & (index < len(works))
        safe = np.clip(index, 0, len(works) - 1)
        into_day = local - days * DAY_SECONDS
        result = before[safe] * float(DAY_SECONDS) + works[safe] * into_day
        below = local - first * float(DAY_SECONDS)
        above = before[-1] * float(DAY_SECONDS) + (local - (first + len(works)) * DAY_SECONDS)
        found: np.ndarray = np.where(inside, result, np.where(index < 0, below, above))
        return found

    def working_days(self, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """Working days (fractional) between instants in epoch seconds, element-wise."""
        days: np.ndarray = (self.work_seconds(end) - self.work_seconds(start)) / DAY_SECONDS
        return days

    def work_at(self, instant: dt.datetime) -> float:
        """The working time (seconds) of one aware instant (:meth:`work_seconds`)."""
        return float(self.work_seconds(np.array([instant.timestamp()]))[0])

    def instant_work_days(self, start: dt.datetime, end: dt.datetime) -> float:
        """Working days (fractional) between two aware instants."""
        return (self.work_at(end) - self.work_at(start)) / DAY_SECONDS

    def table(self) -> pa.Table:
        """The calendar as a table, one row per local day: ``day`` (days since 1970-01-01),
        ``works`` (1 for a working day) and ``before`` (working days from the first day up to
        it, excluded); joined on the local day of an instant it gives the instant's working time
        (``timeline.work_time``)."""
        first, works, before = self._arrays
        return pa.table(
            {
                "day": pa.array(np.arange(first, first + len(works), dtype=np.int64)),
                "works": pa.array(works),
                "before": pa.array(before[:-1]),
            }
        )

    def memtable(self) -> Any:
        """:meth:`table` as a new ibis memtable (the Arrow table is made once per calendar).

        A new one each time, not one cached: a backend registers a memtable under its name as a
        temporary table of its session, and the app opens a new ibis backend over the same
        PostgreSQL session for each computation, which would create that table a second time."""
        import ibis

        arrow = self.__dict__.get("_arrow")
        if arrow is None:
            arrow = self.__dict__["_arrow"] = self.table()
        return ibis.memtable(arrow)

    @property
    def bounds(self) -> tuple[int, int, int]:
        """(number of the first day, number of days covered, working days in all of them)."""
        first, works, before = self._arrays
        return first, len(works), int(before[-1])


_VN = Calendar(national=True)

KINDS = {"off": False, "on": True}


def read_extra_days(path: Path) -> dict[dt.date, bool]:
    """Extra days from a CSV file with a header ``date,kind`` (more columns, e.g. ``reason``, are
    allowed): ``date`` in ISO form (2026-02-13), ``kind`` ``off`` (a day off) or ``on`` (a working
    day). Raises CalendarFileError naming the line and the field of a bad row."""
    found: dict[dt.date, bool] = {}
    with path.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        missing = {"date", "kind"} - set(reader.fieldnames or ())
        if missing:
            raise CalendarFileError(
                f"{path}: line 1: missing column(s) {', '.join(sorted(missing))} "
                "(expected a header date,kind)"
            )
        for row in reader:
            line = reader.line_num
            try:
                day = dt.date.fromisoformat((row["date"] or "").strip())
            except ValueError:
                raise CalendarFileError(
                    f"{path}: line {line}: field date: {row['date']!r} is not a date (YYYY-MM-DD)"
                ) from None
            kind = (row["kind"] or "").strip().lower()
            if kind not in KINDS:
                raise CalendarFileError(
                    f"{path}: line {line}: field kind: {row['kind']!r} (expected off or on)"
                )
            if not FIRST_YEAR <= day.year <= LAST_YEAR:
                raise CalendarFileError(
                    f"{path}: line {line}: field date: {day} is outside {FIRST_YEAR}–{LAST_YEAR}"
                )
            found[day] = KINDS[kind]
    return found


def load_calendar(spec: str | Calendar | None) -> Calendar:
    """The calendar named on the command line: ``vn`` (default), ``none`` (calendar days), or the
    path of a CSV file of extra days (:func:`read_extra_days`) on top of ``vn``."""
    if isinstance(spec, Calendar):
        return spec
    if spec is None or spec == "vn":
        return Calendar.vn()
    if spec == "none":
        return Calendar.none()
    path = Path(spec)
    if not path.is_file():
        raise CalendarFileError(f"--calendar: {spec!r} is neither vn, none nor a CSV file")
    return Calendar.vn(read_extra_days(path))

"""Dates and times as Vietnamese systems write them: the one parser of `congvu analyze`'s readers
and of the app's import path (``congvu.core.imports``).

Accepted, in this order:

- ``dd/mm/yyyy``, ``dd/mm/yyyy HH:MM`` and ``dd/mm/yyyy HH:MM:SS``: the day comes first, always
  ("03/04/2025" is 3 April; Vietnamese software never writes month first);
- ISO 8601 with or without an offset (``2025-04-03T08:30:00+07:00``, ``2025-04-03 08:30``,
  ``2025-04-03``);
- Excel serial dates (days since 1899-12-30, a fraction being the time of day: ``45750.354``), as
  a sheet's date cell reads when its format was lost in a CSV export.

A time written without an offset is local time in the given zone (``Asia/Ho_Chi_Minh`` unless
told otherwise: Vietnam has had no summer time since 1975).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.compute as pc

VIETNAM = "Asia/Ho_Chi_Minh"
DAY_FIRST = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y")
ISO_NAIVE = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M")
# Day 0 of Excel's (1900) date system as it is used since 1 March 1900.
EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # noqa: DTZ001 - a wall-clock origin, zone added after
EXCEL_SERIAL = re.compile(r"^\d{1,6}(\.\d+)?$")
# Serials outside 1 January 1900 .. 31 December 2199 are not dates but numbers.
EXCEL_FIRST, EXCEL_LAST = 1, 109_574
_UNIX_EPOCH_SERIAL = 25_569  # 1970-01-01
_MICROS_A_DAY = 86_400_000_000


def excel_moment(serial: float) -> dt.datetime:
    """The wall-clock moment of an Excel serial date. ValueError outside 1900-2199."""
    if not EXCEL_FIRST <= serial <= EXCEL_LAST:
        raise ValueError(serial)
    return EXCEL_EPOCH + dt.timedelta(days=serial)


def parse_moment(text: str) -> dt.datetime:
    """A moment from text in one of the accepted forms, aware when an offset was written, naive
    (wall-clock) otherwise. ValueError when unreadable."""
    text = " ".join(text.split())
    for pattern in DAY_FIRST:
        try:
            return dt.datetime.strptime(text, pattern)  # noqa: DTZ007 - the zone is added after
        except ValueError:
            continue
    if EXCEL_SERIAL.match(text):
        return excel_moment(float(text))
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)


def parse_local_moment(text: str, tz: dt.tzinfo | str = VIETNAM) -> dt.datetime:
    """An aware moment: :func:`parse_moment`, a time without an offset read in ``tz``."""
    moment = parse_moment(text)
    if moment.tzinfo is not None:
        return moment
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    return moment.replace(tzinfo=zone)


UTC_MICROS = pa.timestamp("us", tz="UTC")


def parse_moments(
    values: pa.Array, *, tz: str | None = VIETNAM, refuse: Callable[[int, str], Exception]
) -> pa.Array:
    """Text in any accepted form -> timestamp[us, UTC], vectorised (each value may have its own
    form). A value without an offset is local time in ``tz``; with ``tz=None`` it is refused.
    ``refuse(index, value)`` makes the error raised for the first unreadable value."""
    text = pc.utf8_trim_whitespace(values)
    # The common cases, a whole column in one form: ISO 8601 with offsets, or without.
    try:
        return pc.cast(text, UTC_MICROS)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    if tz is None:
        for index, value in enumerate(text.to_pylist()):
            if value is None:
                continue
            try:
                pc.cast(pa.array([value]), UTC_MICROS)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                raise refuse(index, value) from None
        raise refuse(0, "")  # pragma: no cover - the cast above failed on some value
    try:
        naive = pc.cast(text, pa.timestamp("us"))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        naive = _naive_forms(text)
    local = pc.assume_timezone(naive, tz).cast(UTC_MICROS)
    missing = pc.and_(pc.is_valid(text), pc.is_null(local))
    if not pc.any(missing).as_py():
        return local
    # What no vectorised form read: ISO 8601 with an offset among local times, or unreadable text.
    # Read one by one (only those values); the first unreadable one is refused by its index.
    zone = ZoneInfo(tz)
    indices = pc.indices_nonzero(missing).to_pylist()
    fixed: list[dt.datetime] = []
    for index in indices:
        value = text[index].as_py()
        try:
            fixed.append(parse_local_moment(value, zone).astimezone(dt.UTC))
        except ValueError:
            raise refuse(index, value) from None
    patch = pa.array(fixed, type=UTC_MICROS)
    positions = pa.array(indices, type=pa.int64())
    mask = pc.is_in(pa.array(range(len(text)), type=pa.int64()), value_set=positions)
    return pc.replace_with_mask(local, mask, patch)


def _naive_forms(text: pa.Array) -> pa.Array:
    """The wall-clock moments of every value read by one of the day-first, ISO 8601 or Excel serial
    forms (null where none reads it)."""
    day_first = _written_day(text, r"^(?P<day>\d{1,2})/")
    iso = _written_day(text, r"^\d{4}-\d{2}-(?P<day>\d{2})")
    found = [
        _same_day(pc.strptime(text, format=pattern, unit="us", error_is_null=True), day_first)
        for pattern in DAY_FIRST
    ] + [
        _same_day(pc.strptime(text, format=pattern, unit="us", error_is_null=True), iso)
        for pattern in (*ISO_NAIVE, "%Y-%m-%d")
    ]
    serial = pc.if_else(
        pc.match_substring_regex(text, EXCEL_SERIAL.pattern),
        text,
        pa.scalar(None, pa.string()),
    ).cast(pa.float64())
    serial = pc.if_else(
        pc.and_(pc.greater_equal(serial, EXCEL_FIRST), pc.less_equal(serial, EXCEL_LAST)),
        serial,
        pa.scalar(None, pa.float64()),
    )
    micros = pc.round(
        pc.multiply(pc.subtract(serial, float(_UNIX_EPOCH_SERIAL)), float(_MICROS_A_DAY))
    )
    found.append(micros.cast(pa.int64()).cast(pa.timestamp("us")))
    return pc.coalesce(*found)


def _same_day(parsed: pa.Array, written: pa.Array) -> pa.Array:
    """``parsed`` where its day of the month is the one written (Arrow's strptime rolls 31/02 over
    into March; Python's refuses it, and so does this), null elsewhere."""
    same = pc.equal(pc.day(parsed), written.cast(pa.int64()))
    return pc.if_else(same, parsed, pa.scalar(None, parsed.type))


def _written_day(text: pa.Array, pattern: str) -> pa.Array:
    """The day of the month as ``pattern`` finds it written at the start of each value (null
    where it does not match)."""
    found = pc.match_substring_regex(text, pattern)
    day = pc.extract_regex(pc.if_else(found, text, pa.scalar("00/", pa.string())), pattern)
    return pc.if_else(found, day.field("day"), pa.scalar(None, pa.string()))

"""Turning columns of text read from an event-log file into a canonical Arrow record batch.

The readers (CSV, XES, OCEL) collect values as text and call :func:`to_batch`, which converts each
column in one vectorised step and, when a value is bad, names the line it came from. The app's
loaders (task and dossier events) call :func:`rows_batch` with values already typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from congvu.analytics.schema import NOT_NULL, arrow_schema
from congvu.interchange.moments import parse_moments

# A date given as a full timestamp keeps the calendar day as written (its first 10 characters).
DATE_LENGTH = 10


class EventLogError(ValueError):
    """A malformed event-log file; the message names the file and the line (or position)."""


def _where(lines: Sequence[int] | None, index: int, positions: Sequence[int]) -> str:
    if lines is not None:
        return f"line {lines[index]}"
    return f"event {positions[index]}"


def _first_invalid(valid: pa.Array) -> int:
    """Index of the first false value of a boolean array (nulls count as false)."""
    flags = pc.fill_null(valid, False)
    return int(pc.index(flags, pa.scalar(False)).as_py())


def parse_timestamps(
    values: pa.Array,
    *,
    naive_timezone: str | None,
    column: str,
    source: str,
    lines: Sequence[int] | None,
    positions: Sequence[int],
) -> pa.Array:
    """Text -> timestamp[us, UTC] by the one parser of dates and times (``moments``: day-first
    ``dd/mm/yyyy[ HH:MM[:SS]]``, ISO 8601, Excel serials). Text without an offset is read in
    ``naive_timezone``, or refused when it is None. Raises EventLogError naming the first bad
    value's line and column."""

    def refuse(index: int, value: str) -> EventLogError:
        need = (
            "an ISO 8601 timestamp with offset"
            if naive_timezone is None
            else "a date and time (dd/mm/yyyy HH:MM:SS, ISO 8601 or an Excel serial date)"
        )
        return EventLogError(
            f"{source}: {_where(lines, index, positions)}, column {column!r}: "
            f"{value!r} is not {need}"
        )

    return parse_moments(values, tz=naive_timezone, refuse=refuse)


def parse_dates(
    values: pa.Array,
    *,
    column: str,
    source: str,
    lines: Sequence[int] | None,
    positions: Sequence[int],
) -> pa.Array:
    """``YYYY-MM-DD`` (or a timestamp, of which the written day is kept) -> date32; other forms
    of the one parser (``dd/mm/yyyy``, an Excel serial) keep the day they name too."""
    text = pc.utf8_slice_codeunits(values, 0, DATE_LENGTH)
    parsed = pc.strptime(text, format="%Y-%m-%d", unit="s", error_is_null=True)
    bad = pc.and_(pc.is_valid(values), pc.is_null(parsed))
    if pc.any(bad).as_py():

        def refuse(index: int, value: str) -> EventLogError:
            return EventLogError(
                f"{source}: {_where(lines, index, positions)}, column {column!r}: "
                f"{value!r} is not a date (dd/mm/yyyy or YYYY-MM-DD)"
            )

        # The written day: read as a wall-clock time in UTC, the day is the one written.
        others = parse_moments(values, tz="UTC", refuse=refuse)
        parsed = pc.if_else(bad, others, parsed.cast(others.type))
    return parsed.cast(pa.date32())


def to_batch(
    rows: Mapping[str, Sequence[Any] | pa.Array],
    *,
    positions: Sequence[int],
    lines: Sequence[int] | None,
    source: str,
    naive_timezone: str | None,
) -> pa.RecordBatch:
    """A canonical record batch from text columns named by canonical column names.

    Missing ``event_id`` is the event's position (1-based number in the file); missing columns
    are nulls. Raises EventLogError for an empty required value or an unreadable time or date.
    """
    schema = arrow_schema()
    count = len(positions)
    position_array = pa.array(positions, type=pa.int64())
    arrays: list[pa.Array] = []
    for field in schema:
        name = field.name
        raw = rows.get(name)
        if name == "position":
            given = raw if raw is not None else position_array
            arrays.append(
                pa.array(given, type=pa.int64()) if not isinstance(given, pa.Array) else given
            )
            continue
        if name == "event_id" and raw is None:
            arrays.append(pc.cast(position_array, pa.string()))
            continue
        if raw is None:
            arrays.append(pa.nulls(count, field.type))
            continue
        text = raw if isinstance(raw, pa.Array) else pa.array(raw, type=pa.string())
        if not pa.types.is_string(text.type):
            text = pc.cast(text, pa.string())
        if name in NOT_NULL and text.null_count:
            index = _first_invalid(pc.is_valid(text))
            raise EventLogError(
                f"{source}: {_where(lines, index, positions)}: no value for {name!r}"
            )
        if name == "ts":
            arrays.append(
                parse_timestamps(
                    text,
                    naive_timezone=naive_timezone,
                    column=name,
                    source=source,
                    lines=lines,
                    positions=positions,
                )
            )
        elif pa.types.is_date(field.type):
            arrays.append(
                parse_dates(text, column=name, source=source, lines=lines, positions=positions)
            )
        else:
            arrays.append(text)
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


# How rows of the app's database become canonical values: ids are numbers shown as text, dates
# kept in a payload are text, an empty text is no value.
_IDS = ("case_id", "event_id", "actor", "unit", "to_unit")
_TEXT_DATES = ("answer_due",)
_BLANK_IS_NONE = ("reason", "decision_kind")


def rows_table(rows: Iterable[tuple[Any, ...]], columns: list[str]) -> pa.Table:
    """The canonical Arrow table of rows of the app's database (one streamed query's tuples of
    the canonical ``columns``), as :func:`rows_batch` makes it."""
    return pa.Table.from_batches([rows_batch(list(rows), columns)])


def rows_batch(rows: list[tuple[Any, ...]], columns: list[str]) -> pa.RecordBatch:
    """One canonical Arrow batch from rows of the app's database (tasks' or dossiers' events),
    each a tuple of the canonical
    ``columns`` (ids as integers); the columns not given are nulls. The only Python over rows is
    the transposition."""
    schema = arrow_schema()
    given = dict(
        zip(columns, zip(*rows, strict=True) if rows else [()] * len(columns), strict=True)
    )
    arrays = []
    for field in schema:
        values = given.get(field.name)
        if values is None:
            array = pa.nulls(len(rows), field.type)
        elif field.name in _IDS:
            # Ids are integers in the app's tables; a case id may be composed (a project's stage).
            array = pa.array(values).cast(field.type)
        elif field.name in _TEXT_DATES:
            array = pa.array(values, pa.string()).cast(field.type)
        else:
            array = pa.array(values, field.type)
        if field.name in _BLANK_IS_NONE:
            array = pc.if_else(pc.equal(array, ""), pa.scalar(None, field.type), array)
        arrays.append(array)
    return pa.RecordBatch.from_arrays(arrays, schema=schema)

"""CSV event logs read into the canonical event table.

Two headers are understood:

- canonical: ``case_id, event_id, ts, activity, actor, unit, to_unit, due`` and any optional
  column (``reason, field, request_id, answer_due, decision_kind, assignee, position, note``);
  ``ts`` is ISO 8601 (``2025-03-04T08:30:00+07:00``) or as Vietnamese systems write it
  (``04/03/2025 08:30:00``, day first), ``due`` is ``YYYY-MM-DD`` or ``dd/mm/yyyy``;
- XES-style, as process-mining tools export it: ``case:concept:name, concept:name,
  time:timestamp`` plus the unit and actor attributes named by the mapping (``org:group``,
  ``org:resource``).

Times are read by ``moments`` (the one parser of dates and times); a time written without an
offset is local time in ``tz`` (Asia/Ho_Chi_Minh unless told otherwise).

Rows may come in any order; the order of the file is kept in ``position`` to break ties between
equal timestamps. A bad value raises EventLogError naming its line and column.
"""

from __future__ import annotations

import csv
import gzip
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import ibis
import pyarrow as pa
import pyarrow.csv as pacsv
from ibis.expr.types import Table

from congvu.analytics.schema import COLUMNS, check_events
from congvu.interchange.eventlog_arrow import EventLogError, to_batch
from congvu.interchange.moments import VIETNAM

XES_STYLE = {
    "case_id": "case:concept:name",
    "activity": "concept:name",
    "ts": "time:timestamp",
}
# The first data row is line 2 (line 1 is the header); quoted line breaks inside a value would
# shift the count, which event-log exports do not contain.
FIRST_DATA_LINE = 2


def read_arrow_csv(path: Path) -> pa.Table:
    """Every column of the file as text (``.gz`` is decompressed by extension)."""
    try:
        with (
            gzip.open(path, "rt", encoding="utf-8", newline="")
            if path.suffix == ".gz"
            else path.open(encoding="utf-8", newline="")
        ) as stream:
            header = next(csv.reader(stream), [])
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise EventLogError(f"{path}: line 1: {error}") from error
    convert = pacsv.ConvertOptions(
        column_types={name: pa.string() for name in header},
        strings_can_be_null=True,
        null_values=[""],
    )
    try:
        return pacsv.read_csv(path, convert_options=convert)
    except pa.ArrowInvalid as error:
        raise EventLogError(f"{path}: {error}") from error


def header_columns(
    header: Iterable[str],
    *,
    unit_attr: str = "org:group",
    actor_attr: str = "org:resource",
    attrs: Mapping[str, str] | None = None,
) -> dict[str, str] | None:
    """Which column of a table's ``header`` holds each canonical column (canonical name -> header
    name), for the canonical header or the XES-style one (see the module docstring); None when
    the header is neither. Shared by this reader and the app's upload of a log (an Excel sheet
    or a CSV file read by the import path)."""
    names = set(header)
    if {"case_id", "ts", "activity"} <= names:
        return {name: name for name in COLUMNS if name in names}
    if set(XES_STYLE.values()) <= names:
        mapping = {**XES_STYLE, "actor": actor_attr, "unit": unit_attr, **(attrs or {})}
        return {column: key for column, key in mapping.items() if key in names}
    return None


def read_csv_log(
    path: str | os.PathLike[str],
    *,
    unit_attr: str = "org:group",
    actor_attr: str = "org:resource",
    attrs: Mapping[str, str] | None = None,
    tz: str = VIETNAM,
) -> Table:
    """The CSV log as a checked canonical event table (see the module docstring for headers).

    ``attrs`` maps more canonical columns to column names of an XES-style file.
    """
    source = Path(path)
    raw = read_arrow_csv(source)
    mapping = header_columns(
        raw.column_names, unit_attr=unit_attr, actor_attr=actor_attr, attrs=attrs
    )
    if mapping is None:
        raise EventLogError(
            f"{source}: line 1: the header needs case_id, ts, activity "
            "(or case:concept:name, concept:name, time:timestamp)"
        )
    count = raw.num_rows
    lines = range(FIRST_DATA_LINE, FIRST_DATA_LINE + count)
    columns = {column: raw.column(key).combine_chunks() for column, key in mapping.items()}
    if "position" in columns:
        columns.pop("position")
    batch = to_batch(
        columns,
        positions=range(1, count + 1),
        lines=lines,
        source=str(source),
        naive_timezone=tz,
    )
    return check_events(ibis.memtable(pa.Table.from_batches([batch])))

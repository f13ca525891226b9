"""Build small canonical event tables for detector tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import ibis
import pyarrow as pa
from ibis.expr.types import Table

from congvu.analytics.schema import arrow_schema, check_events

START = datetime(2025, 3, 3, 1, 0, tzinfo=UTC)


def day(number: float) -> datetime:
    """The instant ``number`` days after the start of the test world."""
    return START + timedelta(days=number)


def due(number: int) -> date:
    """The calendar date ``number`` days after the start."""
    return (START + timedelta(days=number)).date()


def events(*rows: dict[str, Any]) -> Table:
    """A checked event table; ``event_id`` and ``position`` default to the row number, ``ts`` is
    given in days."""
    schema = arrow_schema()
    prepared = [
        {
            **row,
            "event_id": row.get("event_id", str(index)),
            "ts": day(row["ts"]),
            # A reader numbers the events it reads: the row's place unless the test gives one.
            "position": row.get("position", index),
        }
        for index, row in enumerate(rows, start=1)
    ]
    arrays = [pa.array([row.get(f.name) for row in prepared], type=f.type) for f in schema]
    return check_events(ibis.memtable(pa.Table.from_arrays(arrays, schema=schema)))


def rows(table: Table) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = table.to_pyarrow().to_pylist()
    return result

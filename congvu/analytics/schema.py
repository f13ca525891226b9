"""The canonical event table (nhật ký sự kiện): loaders produce it, every detector reads it."""

from __future__ import annotations

from collections.abc import Iterable

import ibis
import ibis.expr.datatypes as dt
import pyarrow as pa
from ibis.expr.types import Table

# Events are instants in UTC; deadlines are calendar dates in Vietnam (UTC+7, no summer time).
UTC_TIMESTAMP = dt.Timestamp(timezone="UTC")

REQUIRED: dict[str, dt.DataType] = {
    "case_id": dt.string,
    "event_id": dt.string,
    "ts": UTC_TIMESTAMP,
    "activity": dt.string,
    "actor": dt.string,
    "unit": dt.string,
    "to_unit": dt.string,
    "due": dt.date,
}

# Optional columns: detectors use them when a log has them; check_events adds them as nulls
# otherwise, so that every detector can name them without testing for their presence.
OPTIONAL: dict[str, dt.DataType] = {
    # task, dossier or project (``kinds.CASE_TYPES``); a log without it (or a null) holds tasks.
    "case_type": dt.string,
    "reason": dt.string,
    "field": dt.string,
    "request_id": dt.string,
    "answer_due": dt.date,
    "decision_kind": dt.string,
    "assignee": dt.string,
    "position": dt.int64,
    "note": dt.string,
}

COLUMNS: dict[str, dt.DataType] = {**REQUIRED, **OPTIONAL}
NOT_NULL = ("case_id", "event_id", "ts", "activity")

# The task actions of congvu's own logs (the foundation issue).
ACTIVITIES = (
    "create",
    "assign",
    "accept",
    "progress",
    "request_input",
    "respond_input",
    "request_extension",
    "grant_extension",
    "refuse_extension",
    "transfer",
    "return",
    "decline",
    "escalate",
    "answer_escalation",
    "complete",
    "approve",
    "send_back",
    "reopen",
    "cancel",
    "remind",
)

RETURN_REASONS = ("not_in_mandate", "missing_information", "other")


class EventSchemaError(ValueError):
    """An event table or file that does not have the canonical columns and types."""


def event_schema() -> ibis.Schema:
    """The full schema (required and optional columns) as an ibis schema."""
    return ibis.schema(COLUMNS)


def arrow_schema() -> pa.Schema:
    """The full schema as an Arrow schema, for loaders that build record batches."""
    return pa.schema(
        [
            pa.field(
                name,
                pa.timestamp("us", tz="UTC")
                if name == "ts"
                else pa.date32()
                if dtype.is_date()
                else pa.int64()
                if dtype.is_integer()
                else pa.string(),
                nullable=name not in NOT_NULL,
            )
            for name, dtype in COLUMNS.items()
        ]
    )


def _compatible(actual: dt.DataType, expected: dt.DataType) -> bool:
    if expected.is_timestamp():
        zone = getattr(actual, "timezone", None)
        return bool(actual.is_timestamp() and zone in ("UTC", "Etc/UTC"))
    if expected.is_integer():
        return bool(actual.is_integer())
    if expected.is_null() or actual.is_null():
        return True
    return type(actual) is type(expected)


def check_events(events: Table) -> Table:
    """Check that ``events`` has the canonical columns with their types, and return it with the
    missing optional columns added as typed nulls (other extra columns are kept as they are).

    Raises EventSchemaError naming every missing or mistyped column. Only the schema is checked:
    the values are checked by the loaders, where a bad value can still be named by line.
    """
    schema = events.schema()
    problems = [f"missing column {name!r}" for name in REQUIRED if name not in schema]
    problems += [
        f"column {name!r} is {schema[name]}, expected {dtype}"
        for name, dtype in COLUMNS.items()
        if name in schema and not (schema[name].is_null() or _compatible(schema[name], dtype))
    ]
    if problems:
        raise EventSchemaError("; ".join(problems))
    additions: dict[str, ibis.Value] = {
        name: ibis.null().cast(dtype)
        for name, dtype in COLUMNS.items()
        if name not in schema or schema[name].is_null()
    }
    if "position" in additions:
        # Events of a case are ordered by (ts, position). A source without positions (a table or
        # Parquet file without the column; every reader numbers the events it reads) is numbered
        # by case, time and id, so that the order stays deterministic on every engine.
        by_id = ibis.window(order_by=[events.case_id, events.ts, events.event_id])
        additions["position"] = (ibis.row_number().over(by_id) + 1).cast(dt.int64)
    # Every column is nullable from here on, whatever the source declared, so that the tables
    # derived from it (where a neighbour or a join may be missing) stack without type conflicts.
    additions.update(
        {
            name: events[name].cast(schema[name].copy(nullable=True))
            for name in COLUMNS
            if name in schema and not schema[name].nullable
        }
    )
    return events.mutate(**additions) if additions else events


def drop_units(events: Table, units: Iterable[str]) -> Table:
    """The events whose unit is not one of ``units`` (placeholders such as ``EMPTY`` or system
    accounts named by the user); events of those units are dropped, not re-attributed."""
    names = sorted(set(units))
    if not names:
        return events
    return events.filter(events.unit.isnull() | ~events.unit.isin(names))


def between(events: Table, since: object | None = None, until: object | None = None) -> Table:
    """The events with ``since <= ts < until`` (either bound may be None: unbounded)."""
    kept = events
    if since is not None:
        kept = kept.filter(kept.ts >= ibis.literal(since, type=UTC_TIMESTAMP))
    if until is not None:
        kept = kept.filter(kept.ts < ibis.literal(until, type=UTC_TIMESTAMP))
    return kept

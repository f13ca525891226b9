"""OCEL 2.0 (JSON) object-centric event logs flattened into the canonical event table.

An OCEL event relates to several objects; a case here is one object of ``case_type`` (or, when
None, of any type but the unit and actor types), so an event appears once per related case.
``unit`` and ``actor`` are the event attributes named by the mapping or, failing that, the related
object whose type or qualifier has that name (``org:group`` ...). The XML form is not read yet.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import ibis
import pyarrow as pa
from ibis.expr.types import Table

from congvu.analytics.schema import check_events
from congvu.interchange.eventlog_arrow import EventLogError, to_batch


def _load(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as stream:
            document = json.load(stream)
    except json.JSONDecodeError as error:
        raise EventLogError(
            f"{path}: malformed JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from error
    except (OSError, UnicodeDecodeError) as error:
        raise EventLogError(f"{path}: unreadable file: {error}") from error
    if not isinstance(document, dict) or not isinstance(document.get("events"), list):
        raise EventLogError(f"{path}: not an OCEL 2.0 JSON log (no 'events' list)")
    return document


def read_ocel(
    path: str | os.PathLike[str],
    *,
    unit_attr: str = "org:group",
    actor_attr: str = "org:resource",
    case_type: str | None = None,
) -> Table:
    """The OCEL 2.0 JSON log as a checked canonical event table (see the module docstring).

    Raises EventLogError naming the line and column of malformed JSON, or the event (by its
    number in the file) with a missing id, type or time.
    """
    source = Path(path)
    document = _load(source)
    object_types = {
        str(item.get("id")): str(item.get("type"))
        for item in document.get("objects", [])
        if isinstance(item, dict)
    }
    rows: dict[str, list[Any]] = {
        name: [] for name in ("case_id", "event_id", "ts", "activity", "actor", "unit")
    }
    positions: list[int] = []
    for number, event in enumerate(document["events"], start=1):
        if not isinstance(event, dict) or not all(k in event for k in ("id", "type", "time")):
            raise EventLogError(f"{source}: event {number}: needs 'id', 'type' and 'time'")
        attributes = {
            str(item.get("name")): item.get("value")
            for item in event.get("attributes", [])
            if isinstance(item, dict)
        }
        related = [
            (str(link.get("objectId")), str(link.get("qualifier", "")))
            for link in event.get("relationships", [])
            if isinstance(link, dict)
        ]

        def pick(name: str, attributes: dict[str, Any] = attributes) -> str | None:
            if attributes.get(name) is not None:
                return str(attributes[name])
            for object_id, qualifier in related:  # noqa: B023 - read in this iteration only
                if name in (qualifier, object_types.get(object_id)):
                    return object_id
            return None

        unit, actor = pick(unit_attr), pick(actor_attr)
        cases = [
            object_id
            for object_id, _qualifier in related
            if (
                object_types.get(object_id) == case_type
                if case_type is not None
                else object_types.get(object_id) not in (unit_attr, actor_attr)
            )
        ]
        for case in cases:
            rows["case_id"].append(case)
            rows["event_id"].append(str(event["id"]))
            rows["ts"].append(str(event["time"]))
            rows["activity"].append(str(event["type"]))
            rows["actor"].append(actor)
            rows["unit"].append(unit)
            positions.append(number)
    batch = to_batch(
        rows, positions=positions, lines=None, source=str(source), naive_timezone="UTC"
    )
    return check_events(ibis.memtable(pa.Table.from_batches([batch])))

"""Dossier events as the canonical event table, so that the analytics detectors (hand-overs,
ping-pong, stalls) run on dossiers exactly as on tasks.

case_id is the dossier id, unit / to_unit / actor are ids as text like the task loader's, `field`
is the procedure's field code, `request_id` numbers a dossier's supplement requests.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
from django.db.models import CharField, F, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from congvu.analytics.schema import arrow_schema
from congvu.dossiers.models import DossierEvent

_ROW = (
    "dossier_id",
    "pk",
    "ts",
    "activity",
    "actor_id",
    "unit_id",
    "to_unit_id",
    "due",
    "reason",
    "field_code",
    "request_id",
    "seq",
)


def dossier_events_arrow(events: QuerySet[DossierEvent] | None = None) -> pa.Table:
    """The events (default: all) as an Arrow table with the canonical schema (one query)."""
    source = DossierEvent.objects.all() if events is None else events
    rows = list(
        source.annotate(
            field_code=F("dossier__procedure__field__code"),
            request_id=Cast(KT("payload__request"), CharField()),
        )
        .order_by("dossier_id", "seq")
        .values_list(*_ROW)
    )
    text = pa.string()
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(_ROW)
    (dossiers, ids, ts, activity, actor, unit, to_unit, due, reason, field, request, seq) = columns

    def ids_as_text(values: tuple[object, ...]) -> pa.Array:
        return pa.array(values, pa.int64()).cast(text)

    reasons = pa.array(reason, text)
    data = {
        "case_id": ids_as_text(dossiers),
        "event_id": ids_as_text(ids),
        "ts": pa.array(ts, pa.timestamp("us", tz="UTC")),
        "activity": pa.array(activity, text),
        "actor": ids_as_text(actor),
        "unit": ids_as_text(unit),
        "to_unit": ids_as_text(to_unit),
        "due": pa.array(due, pa.date32()),
        "reason": pc.if_else(pc.equal(reasons, ""), pa.scalar(None, text), reasons),
        "field": pa.array(field, text),
        "request_id": pa.array(request, text),
        "answer_due": pa.nulls(len(rows), pa.date32()),
        "decision_kind": pa.nulls(len(rows), text),
        "assignee": pa.nulls(len(rows), text),
        "position": pa.array(seq, pa.int64()),
        "note": pa.nulls(len(rows), text),
    }
    schema = arrow_schema()
    return pa.Table.from_arrays([data[name] for name in schema.names], schema=schema)

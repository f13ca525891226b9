"""Dossier events as the canonical event table, so that the analytics detectors (hand-overs,
ping-pong, stalls) run on dossiers exactly as on tasks.

case_id is the dossier id, unit / to_unit / actor are ids as text like the task loader's, `field`
is the procedure's field code, `request_id` numbers a dossier's supplement requests.
"""

from __future__ import annotations

import pyarrow as pa
from django.db.models import CharField, F, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from congvu.dossiers.models import DossierEvent
from congvu.interchange.eventlog_arrow import rows_batch

# The ORM columns read for each event and the canonical columns they become.
_ROW = {
    "dossier_id": "case_id",
    "pk": "event_id",
    "ts": "ts",
    "activity": "activity",
    "actor_id": "actor",
    "unit_id": "unit",
    "to_unit_id": "to_unit",
    "due": "due",
    "reason": "reason",
    "field_code": "field",
    "request_id": "request_id",
    "seq": "position",
}


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
    return pa.Table.from_batches([rows_batch(rows, list(_ROW.values()))])

"""Dossier events as the canonical event table, so that the analytics detectors (hand-overs,
ping-pong, stalls, repeated requests) run on dossiers exactly as on tasks.

case_type is ``dossier``, case_id the dossier id, unit / to_unit / actor are ids as text like the
task loader's, `field` is the procedure's field code, `request_id` numbers a dossier's supplement
requests. Activities keep their names where they mean what a task's do (transfer, return,
progress, complete); the two that open and end a case take the canonical names (`ACTIVITIES`).
"""

from __future__ import annotations

from collections.abc import Collection

import pyarrow as pa
from django.db.models import Case as SqlCase
from django.db.models import CharField, F, QuerySet, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce

from congvu.dossiers.models import Activity, DossierEvent
from congvu.interchange.eventlog_arrow import rows_table

CASE_TYPE = "dossier"
# Receiving a dossier, or taking an online submission from the portal, gives it to the receiving
# centre (a `create` with the centre as to_unit); refusing it, not accepting a submission, or the
# applicant's withdrawal ends it as a cancellation does. Every other activity keeps its own name.
ACTIVITIES: dict[str, str] = {
    Activity.RECEIVE: "create",
    Activity.SUBMIT: "create",
    Activity.REFUSE: "cancel",
    Activity.NOT_RECEIVE: "cancel",
    Activity.WITHDRAW: "cancel",
}
OPENING = (Activity.RECEIVE, Activity.SUBMIT)

# The ORM columns read for each event and the canonical columns they become.
_ROW = {
    "case_type": "case_type",
    "dossier_id": "case_id",
    "pk": "event_id",
    "ts": "ts",
    "canonical_activity": "activity",
    "actor_id": "actor",
    "unit_id": "unit",
    "target_id": "to_unit",
    "due": "due",
    "reason": "reason",
    "field_code": "field",
    "request_id": "request_id",
    "seq": "position",
}


def canonical_activity(activity: str) -> str:
    """The canonical name of a dossier activity (see `ACTIVITIES`)."""
    return ACTIVITIES.get(activity, activity)


def dossier_event_rows(
    source: QuerySet[DossierEvent],
) -> QuerySet[DossierEvent, tuple[object, ...]]:
    """The events as tuples of the ORM columns of ``_ROW``, mapped by the database."""
    return (
        source.annotate(
            case_type=Value(CASE_TYPE, output_field=CharField()),
            canonical_activity=SqlCase(
                *(When(activity=name, then=Value(mapped)) for name, mapped in ACTIVITIES.items()),
                default=F("activity"),
                output_field=CharField(),
            ),
            target_id=SqlCase(
                When(activity__in=OPENING, then=Coalesce(F("to_unit_id"), F("unit_id"))),
                default=F("to_unit_id"),
            ),
            field_code=F("dossier__procedure__field__code"),
            request_id=Cast(KT("payload__request"), CharField()),
        )
        .order_by()
        .values_list(*_ROW)
    )


def dossier_events_arrow(
    events: QuerySet[DossierEvent] | None = None, *, dossier_ids: Collection[int] | None = None
) -> pa.Table:
    """The events (default: all; or those of ``dossier_ids``) as an Arrow table with the
    canonical schema (one streamed query)."""
    source = DossierEvent.objects.all() if events is None else events
    if dossier_ids is not None:
        source = source.filter(dossier_id__in=list(dossier_ids))
    return rows_table(dossier_event_rows(source).iterator(chunk_size=20_000), list(_ROW.values()))

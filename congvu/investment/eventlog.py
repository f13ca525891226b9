"""Project events as the canonical event table, so that the analytics detectors (hand-overs,
ping-pong, stalls) run on public investment projects as on tasks and dossiers.

A project's stages overlap (site clearance runs beside contractor selection) and each is held by
its own unit against its own planned end, so each stage is a case of its own: case_id
``<project id>/<stage>`` (`stage_case_id`). Its `start_stage` opens it (a `create` handing the
stage to its unit), `transfer` hands it to another unit, `complete_stage` closes it (`complete`).
The project's other events (registration, schedules, capital plans, payments) form the case
``<project id>``: registration hands it to the investor and no deadline is exported for it, so the
detectors read those events without judging them. case_type is ``project``.
"""

from __future__ import annotations

from collections.abc import Collection

import pyarrow as pa
from django.db.models import Case as SqlCase
from django.db.models import CharField, DateField, F, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Concat

from congvu.interchange.eventlog_arrow import rows_table
from congvu.investment.models import Activity, ProjectEvent

CASE_TYPE = "project"
CASE_SEPARATOR = "/"
# The events that belong to a stage's case, and the canonical names of those that open and
# close it.
STAGE_ACTIVITIES = (Activity.START_STAGE, Activity.TRANSFER_STAGE, Activity.COMPLETE_STAGE)
ACTIVITIES: dict[str, str] = {Activity.START_STAGE: "create", Activity.COMPLETE_STAGE: "complete"}

_ROW = {
    "case_type": "case_type",
    "case": "case_id",
    "pk": "event_id",
    "ts": "ts",
    "canonical_activity": "activity",
    "actor_id": "actor",
    "unit_id": "unit",
    "target_id": "to_unit",
    "deadline": "due",
    "seq": "position",
}


def stage_case_id(project_id: int | str, stage: str) -> str:
    """The case id of one stage of a project."""
    return f"{project_id}{CASE_SEPARATOR}{stage}"


def project_of(case_id: str) -> int | None:
    """The project id of a case id of the project log (a stage's or the project's own)."""
    head = case_id.split(CASE_SEPARATOR, 1)[0]
    return int(head) if head.isdigit() else None


def project_event_rows(
    source: QuerySet[ProjectEvent],
) -> QuerySet[ProjectEvent, tuple[object, ...]]:
    """The events as tuples of the ORM columns of ``_ROW``, mapped by the database."""
    in_stage = Q(activity__in=STAGE_ACTIVITIES) & ~Q(stage="")
    return (
        source.annotate(
            case_type=Value(CASE_TYPE, output_field=CharField()),
            case=SqlCase(
                When(
                    in_stage,
                    then=Concat(Cast("project_id", CharField()), Value(CASE_SEPARATOR), F("stage")),
                ),
                default=Cast("project_id", CharField()),
                output_field=CharField(),
            ),
            canonical_activity=SqlCase(
                *(When(activity=name, then=Value(mapped)) for name, mapped in ACTIVITIES.items()),
                default=F("activity"),
                output_field=CharField(),
            ),
            target_id=SqlCase(
                When(activity=Activity.START_STAGE, then=F("unit_id")),
                When(activity=Activity.CREATE, then=F("unit_id")),
                default=F("to_unit_id"),
            ),
            deadline=SqlCase(
                When(in_stage, then=F("due")), default=Value(None), output_field=DateField()
            ),
        )
        .order_by()
        .values_list(*_ROW)
    )


def project_events_arrow(
    events: QuerySet[ProjectEvent] | None = None, *, project_ids: Collection[int] | None = None
) -> pa.Table:
    """The events (default: all; or those of ``project_ids``) as an Arrow table with the
    canonical schema (one streamed query)."""
    source = ProjectEvent.objects.all() if events is None else events
    if project_ids is not None:
        source = source.filter(project_id__in=list(project_ids))
    return rows_table(project_event_rows(source).iterator(chunk_size=20_000), list(_ROW.values()))

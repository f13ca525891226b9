"""The scheduled job: compute findings from the logs of tasks, dossiers and projects,
incrementally, and store them. Each log is read on its own (ids are unique within a case type)
and only the detectors of the kinds that apply to its case type run (`analytics.kinds`).

Since the last run only these cases are examined again: those with new events (an event id above
the last run's high-water mark, or a time after the last run started minus a margin, which covers
a transaction that took its ids before the run and committed after it), and every open task,
because stall, overdue and unanswered requests grow with time alone. A case's detectors always
read its whole history, so examining a subset gives the same rows as examining everything.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import ibis
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from ibis.expr.types import Table

from congvu.analytics.findings import FINDING_TYPES, find_all
from congvu.analytics.handovers import handovers
from congvu.analytics.kinds import CASE_TYPES, CaseType
from congvu.analytics.metrics import metrics
from congvu.analytics.timeline import annotate
from congvu.core.calendar import province_calendar
from congvu.dossiers.models import Dossier, DossierEvent
from congvu.findings.actions import apply_detection
from congvu.findings.loaders import Engine, EventLog, load, load_cases
from congvu.findings.models import ComputationRun, HandoverCount, Workload
from congvu.investment.models import ProjectEvent
from congvu.org.models import Official, Unit
from congvu.tasks.models import Task, TaskEvent

# A task awaiting approval is closed for the detectors (closed at its `complete`).
CLOSED = (Task.Status.DONE, Task.Status.CANCELLED, Task.Status.COMPLETED)
LATE_COMMIT_MARGIN = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class RunSummary:
    """What a run examined and changed, and how long it took."""

    run_id: int
    cases: int
    raised: int
    refreshed: int
    cleared: int
    seconds: float


def util_name(prefix: str) -> str:
    """A name for a temporary table, unique within the connection."""
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def _annotated(log: EventLog) -> Table:
    # The annotated events (order, holder, deadline in force) are computed once and kept: every
    # detector starts from them, and inlining them in each detector's query makes a query ten
    # times longer to compile and run.
    annotated = annotate(log.events)
    if log.engine == "postgres":
        return log.con.create_table(util_name("congvu_annotated"), annotated, temp=True)
    return ibis.memtable(log.con.to_pyarrow(annotated))


def _drop(log: EventLog, table: Table) -> None:
    # A temporary table lives as long as the connection, which Django keeps open between runs.
    if log.engine == "postgres":
        log.con.drop_table(table.get_name(), force=True)


def detect(log: EventLog, *, as_of: dt.datetime, case_type: str = "task") -> list[dict[str, Any]]:
    """The findings rows of the log as dicts (columns of `analytics.findings.find_all`)."""
    found = find_all(
        _annotated(log),
        mandates=log.mandates,
        delegations=log.delegations,
        as_of=as_of,
        case_type=case_type,
        # The province's working days, the calendar of every duration that judges a unit.
        calendar=province_calendar(),
    )
    table = log.con.to_pyarrow(found)
    rows: list[dict[str, Any]] = table.to_pylist()
    return rows


def cases_to_examine(previous: ComputationRun | None) -> set[int] | None:
    """The task ids a run after ``previous`` examines; None means all (no previous run)."""
    if previous is None:
        return None
    changed = TaskEvent.objects.filter(
        Q(pk__gt=previous.last_event_id) | Q(ts__gte=previous.started_at - LATE_COMMIT_MARGIN)
    ).values_list("task_id", flat=True)
    still_open = Task.objects.exclude(status__in=CLOSED).values_list("pk", flat=True)
    return set(changed.distinct()) | set(still_open)


# The other logs: their event model, the field naming the case, and the cases still open (whose
# stalls grow with time alone). A project's cases are its stages, so every project is examined.
OTHER_LOGS: dict[CaseType, tuple[type[DossierEvent] | type[ProjectEvent], str]] = {
    "dossier": (DossierEvent, "dossier_id"),
    "project": (ProjectEvent, "project_id"),
}


def _other_cases(
    case_type: CaseType, previous: ComputationRun | None
) -> tuple[set[int] | None, int]:
    """The dossier or project ids a run after ``previous`` examines (None: all) and the log's
    high-water mark."""
    model, owner = OTHER_LOGS[case_type]
    top = int(model.objects.aggregate(top=Max("pk"))["top"] or 0)
    if previous is None or case_type == "project":
        return None, top
    mark = int((previous.last_event_ids or {}).get(case_type, 0))
    changed = model.objects.filter(
        Q(pk__gt=mark) | Q(ts__gte=previous.started_at - LATE_COMMIT_MARGIN)
    ).values_list(owner, flat=True)
    still_open = Dossier.objects.filter(finished_at__isnull=True).values_list("pk", flat=True)
    return set(changed.distinct()) | set(still_open), top


def compute_findings(
    *, engine: Engine = "duckdb", full: bool = False, as_of: dt.datetime | None = None
) -> RunSummary:
    """Compute and store findings as of ``as_of`` (default now), examining only what changed
    since the last finished run unless ``full``. Safe to call from a scheduler: a run that fails
    leaves no high-water mark, so the next run examines its cases again."""
    started = time.perf_counter()
    now = timezone.now()
    as_of = as_of or now
    previous = (
        None
        if full
        else ComputationRun.objects.filter(finished_at__isnull=False).order_by("-pk").first()
    )
    high_water = TaskEvent.objects.aggregate(top=Max("pk"))["top"] or 0
    task_ids = cases_to_examine(previous)
    others = {case_type: _other_cases(case_type, previous) for case_type in OTHER_LOGS}
    run = ComputationRun.objects.create(
        started_at=now,
        as_of=as_of,
        engine=engine,
        full=previous is None,
        last_event_id=high_water,
        last_event_ids={case_type: top for case_type, (_ids, top) in others.items()},
    )
    selections: dict[CaseType, set[int] | None] = {"task": task_ids}
    selections.update({case_type: ids for case_type, (ids, _top) in others.items()})
    raised = refreshed = cleared = cases = 0
    for case_type in CASE_TYPES:
        ids = selections[case_type]
        rows: list[dict[str, Any]] = []
        examined: Collection[str] | None
        if ids is None or ids:
            log = load_cases(case_type, engine, ids)
            rows = detect(log, as_of=as_of, case_type=case_type)
            examined = None if ids is None else {str(pk) for pk in ids}
        else:
            examined = set()
        applied = apply_detection(rows, examined=examined, as_of=as_of, case_type=case_type)
        raised += applied.raised
        refreshed += applied.refreshed
        cleared += applied.cleared
        if case_type == "task":
            cases = Task.objects.count() if ids is None else len(ids)
    run.finished_at = timezone.now()
    run.cases = cases
    run.raised, run.refreshed, run.cleared = raised, refreshed, cleared
    run.seconds = time.perf_counter() - started
    run.save(update_fields=["finished_at", "cases", "raised", "refreshed", "cleared", "seconds"])
    return RunSummary(run.pk, cases, raised, refreshed, cleared, run.seconds)


def _ids(values: list[Any]) -> list[int | None]:
    return [int(value) if value is not None and str(value).isdigit() else None for value in values]


def compute_workload(*, engine: Engine = "duckdb") -> int:
    """Rebuild the monthly workload of units and officials and the monthly hand-over counts from
    the whole log (they are sums over every case, so they are recomputed, not patched).

    The log is read and summed outside any transaction; only the replacement of the rows is one
    (on SQLite a transaction holds the one write lock, and logins wait for it).

    Returns the number of rows written.
    """
    log = load(engine)
    annotated = _annotated(log)
    no_findings = ibis.memtable(ibis.schema(FINDING_TYPES).to_pyarrow().empty_table())
    workload = log.con.to_pyarrow(metrics(annotated, no_findings)).to_pydict()
    moves = handovers(annotated)
    per_month = moves.group_by(
        [moves.from_unit, moves.to_unit, moves.ts.truncate("M").date().name("period")]
    ).aggregate(count=moves.count())
    network = log.con.to_pyarrow(per_month).to_pydict()
    _drop(log, annotated)

    units = set(Unit.objects.values_list("pk", flat=True))
    officials = set(Official.objects.values_list("pk", flat=True))
    keys = _ids(workload["key"])
    rows = [
        Workload(
            level=level,
            unit_id=key if level == "unit" else None,
            official_id=key if level == "official" else None,
            period=workload["period"][number],
            events=workload["events"][number],
            cases=workload["cases"][number],
            received=workload["received"][number],
            allotted_days=float(workload["allotted_days"][number] or 0.0),
            handovers_out=workload["handovers_out"][number],
        )
        for number, (level, key) in enumerate(zip(workload["level"], keys, strict=True))
        if key in (units if level == "unit" else officials)
    ]
    pairs = [
        HandoverCount(from_unit_id=source, to_unit_id=target, period=period, count=count)
        for source, target, period, count in zip(
            _ids(network["from_unit"]),
            _ids(network["to_unit"]),
            network["period"],
            network["count"],
            strict=True,
        )
        if source in units and target in units
    ]
    # Derived tables, rebuilt whole: not history, so replacing them loses nothing.
    with transaction.atomic():
        Workload.objects.all().delete()
        HandoverCount.objects.all().delete()
        Workload.objects.bulk_create(rows, batch_size=2000)
        HandoverCount.objects.bulk_create(pairs, batch_size=2000)
    return len(rows) + len(pairs)


def run_scheduled(*, engine: Engine = "duckdb") -> RunSummary:
    """What the scheduler calls: findings since the last run, then the workload and network."""
    summary = compute_findings(engine=engine)
    compute_workload(engine=engine)
    return summary

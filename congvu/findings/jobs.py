"""The scheduled job: compute findings from the task log, incrementally, and store them.

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
from django.db.models import Max, Q
from django.utils import timezone

from congvu.analytics.findings import find_all
from congvu.analytics.timeline import annotate
from congvu.findings.actions import apply_detection
from congvu.findings.loaders import Engine, EventLog, load
from congvu.findings.models import ComputationRun
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


def detect(log: EventLog, *, as_of: dt.datetime) -> list[dict[str, Any]]:
    """The findings rows of the log as dicts (columns of `analytics.findings.find_all`)."""
    # The annotated events (order, holder, deadline in force) are computed once and kept: every
    # detector starts from them, and inlining them in each detector's query makes a query ten
    # times longer to compile and run.
    annotated = annotate(log.events)
    if log.engine == "postgres":
        kept = log.con.create_table(util_name("congvu_annotated"), annotated, temp=True)
    else:
        kept = ibis.memtable(log.con.to_pyarrow(annotated))
    found = find_all(kept, mandates=log.mandates, delegations=log.delegations, as_of=as_of)
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
    run = ComputationRun.objects.create(
        started_at=now, as_of=as_of, engine=engine, full=previous is None, last_event_id=high_water
    )
    examined: Collection[str] | None = None
    rows: list[dict[str, Any]] = []
    if task_ids is None or task_ids:
        log = load(engine, task_ids)
        rows = detect(log, as_of=as_of)
        examined = None if task_ids is None else {str(pk) for pk in task_ids}
    else:
        examined = set()
    applied = apply_detection(rows, examined=examined, as_of=as_of)
    cases = Task.objects.count() if task_ids is None else len(task_ids)
    run.finished_at = timezone.now()
    run.cases = cases
    run.raised, run.refreshed, run.cleared = applied.raised, applied.refreshed, applied.cleared
    run.seconds = time.perf_counter() - started
    run.save(update_fields=["finished_at", "cases", "raised", "refreshed", "cleared", "seconds"])
    return RunSummary(
        run.pk, cases, applied.raised, applied.refreshed, applied.cleared, run.seconds
    )

"""record_event(): the only code that creates task events, and the hash chain that seals them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from congvu.core.chain import seal
from congvu.core.errors import StaleWrite
from congvu.core.rows import insert_row, update_if_version
from congvu.org.models import Official, Unit
from congvu.tasks.models import Task, TaskEvent


def event_hash(event: TaskEvent) -> str:
    """SHA-256 over the event's content and the previous event's hash (tamper evidence)."""
    return seal(event, case=("task", event.task_id))


def record_event(
    task: Task,
    activity: str,
    *,
    actor: Official | None,
    unit: Unit | None,
    to_unit: Unit | None = None,
    reason: str = "",
    note: str = "",
    payload: dict[str, Any] | None = None,
    ts: dt.datetime | None = None,
    changed: Sequence[str] = (),
) -> TaskEvent:
    """Write the task's `changed` fields and append one event, inside the action's transaction.

    One UPDATE writes the fields, bumps `version` and moves the chain's head, only if nobody else
    wrote the task since it was read (optimistic locking); it also takes the row lock that keeps a
    concurrent action from appending to the same chain. Then one INSERT appends the event.
    """
    event = TaskEvent(
        task=task,
        seq=task.event_count + 1,
        ts=ts or timezone.now(),
        activity=activity,
        actor=actor,
        unit=unit,
        to_unit=to_unit,
        due=task.due,
        reason=reason,
        note=note,
        payload=payload or {},
        prev_hash=task.last_event_hash,
    )
    event.hash = event_hash(event)
    task.event_count = event.seq
    task.last_event_hash = event.hash
    if not update_if_version(task, (*changed, "event_count", "last_event_hash")):
        raise StaleWrite(
            _("This task was changed by someone else a moment ago. Reload it and try again.")
        )
    task.version += 1
    insert_row(event)
    return event


@dataclass(frozen=True)
class ChainBreak:
    """The first place where a task's log does not match its hashes."""

    task_id: int
    seq: int
    problem: str


def verify_chain(tasks: QuerySet[Task] | None = None) -> list[ChainBreak]:
    """Recompute every task's hash chain; return the first break of each broken task.

    A changed event breaks its own hash; a deleted one leaves a gap in `seq` or a wrong `prev_hash`;
    a deleted tail leaves the task's `event_count` and `last_event_hash` pointing past the log.
    Two streamed queries (tasks, and all their events in chain order), whatever the log's size.
    """
    tasks = (tasks if tasks is not None else Task.objects.all()).order_by("pk")
    events = TaskEvent.objects.filter(task__in=tasks).order_by("task_id", "seq").iterator(2000)
    pending = next(events, None)
    breaks: list[ChainBreak] = []
    for task in tasks.only("pk", "event_count", "last_event_hash").iterator(chunk_size=2000):
        previous, seq, broken = "", 0, None
        while pending is not None and pending.task_id == task.pk:
            seq += 1
            if broken is None:
                if pending.seq != seq or pending.prev_hash != previous:
                    broken = ChainBreak(task.pk, seq, "missing")
                elif event_hash(pending) != pending.hash:
                    broken = ChainBreak(task.pk, seq, "altered")
                previous = pending.hash
            pending = next(events, None)
        if broken is None and (seq != task.event_count or previous != task.last_event_hash):
            broken = ChainBreak(task.pk, seq + 1, "missing")
        if broken is not None:
            breaks.append(broken)
    return breaks

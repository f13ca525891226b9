"""The deadline a task had on a given day, read from its append-only event log.

One rule, two spellings of it: `deadline_as_of` over a task's events in Python (the ratings' work
items, a task page), and `deadline_at` as a database expression (the overview, the reports, the
lists and their exports count thousands of tasks in one query). `tests/tasks/test_deadlines.py`
checks that the two agree.

The rule (docs/counting.md, "Deadlines, extensions and status"), for the end of day D:

- the **deadline in force** at D is the first event's deadline moved by every extension granted
  on or before D; an extension granted after D does not exist yet for a report on D;
- an extension is **late** when it is granted after the deadline then in force has passed (its
  local day is after that deadline), or while the task stands reported complete; `grant_extension`
  refuses a late one without a reason and marks its event `"late": true`;
- the **counted deadline** at D, the one on-time and overdue are judged by, is the deadline in
  force just before the first late extension granted on or before D, or the deadline in force at
  D when there is none: a late extension moves the deadline the holder now works to, but never
  turns a task that was overdue into one on time, and nothing granted after it does either.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import Case, DateField, F, OuterRef, Q, Subquery, When
from django.db.models.expressions import Expression
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from congvu.tasks.models import TaskEvent

CREATE, GRANT = "create", "grant_extension"
COMPLETE, SEND_BACK, REOPEN = "complete", "send_back", "reopen"


class LogEvent(Protocol):
    """The columns of a task event the rule reads (`day`: the local calendar day of its time)."""

    @property
    def id(self) -> int: ...
    @property
    def day(self) -> dt.date: ...
    @property
    def activity(self) -> str: ...
    @property
    def due(self) -> dt.date | None: ...
    @property
    def payload(self) -> Mapping[str, Any] | None: ...


@dataclass(frozen=True)
class Deadline:
    """A task's deadlines at the end of a day, with the extension events behind them."""

    in_force: dt.date | None  # moved by every extension granted by then
    counted: dt.date | None  # what on-time and overdue are judged by
    granted: tuple[int, ...]  # ids of the extensions that moved the counted deadline
    late: tuple[int, ...]  # ids of the late extensions: they cure nothing

    @property
    def cured_nothing(self) -> bool:
        return bool(self.late)


def is_late_grant(*, day: dt.date, due_before: dt.date, completed: bool) -> bool:
    """Whether an extension granted on `day` is late: after the deadline in force, or while the
    task stands reported complete (the test `grant_extension` applies)."""
    return completed or day > due_before


def deadline_as_of(events: Sequence[LogEvent], as_of: dt.date) -> Deadline:
    """The deadlines of one task at the end of `as_of`, from its events in log order.

    A grant counts as late when its event says so (`payload["late"]`) or when its dates do: the
    events of a log written before grants were marked are judged by the same rule.
    """
    in_force: dt.date | None = None
    counted: dt.date | None = None
    granted: list[int] = []
    late: list[int] = []
    completed = False
    for index, event in enumerate(events):
        if event.day > as_of:
            break
        if index == 0:
            in_force = counted = event.due
            continue
        if event.activity == GRANT:
            flagged = bool((event.payload or {}).get("late"))
            if flagged or (
                in_force is not None
                and is_late_grant(day=event.day, due_before=in_force, completed=completed)
            ):
                late.append(event.id)
            elif not late:
                counted = event.due
                granted.append(event.id)
            in_force = event.due
        elif event.activity == COMPLETE:
            completed = True
        elif event.activity in (SEND_BACK, REOPEN):
            completed = False
    return Deadline(in_force, counted, tuple(granted), tuple(late))


def end_of(day: dt.date) -> dt.datetime:
    """The first instant after the local day `day`."""
    return dt.datetime.combine(
        day + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone()
    )


def deadline_at(as_of: dt.date, *, original: bool = False) -> Expression | F | Coalesce:
    """The counted deadline of each task at the end of `as_of`, as a database expression over
    `Task` (the SQL twin of `deadline_as_of(...).counted`); `original` gives the deadline set at
    assignment instead.

    A task not extended after `as_of` reads no event: its counted deadline then is its counted
    deadline now, `judged_due` (the deadline before its first late extension) or else `due`,
    both kept by `grant_extension` with `extended_at`. A task extended after `as_of` reads two
    rows of its log: the deadline before its first late extension up to `as_of` (the grant
    records it as `previous_due`), or else the deadline in force after its last event up to
    `as_of` (every event records the deadline in force after it). Deadlines only move later, so
    the first late grant's `previous_due` is the earlier of the two.
    """
    if original:
        return F("original_due")
    now = Coalesce(F("judged_due"), F("due"))
    if as_of >= timezone.localdate():
        # Nothing is granted in the future: today's figures read no event at all.
        return Coalesce(F("judged_due"), F("due"), output_field=DateField())
    end = end_of(as_of)
    events = TaskEvent.objects.filter(task_id=OuterRef("pk"), ts__lt=end)
    before_late = (
        events.filter(activity=GRANT, payload__late=True)
        .order_by("seq")
        .values(previous=Cast(KT("payload__previous_due"), DateField()))[:1]
    )
    last = events.order_by("-seq").values("due")[:1]
    return Case(
        When(
            Q(extended_at__isnull=True) | Q(extended_at__lt=end),
            then=now,
        ),
        default=Coalesce(Subquery(before_late), Subquery(last), F("original_due")),
        output_field=DateField(),
    )

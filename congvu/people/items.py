"""Work items from the task log (sản phẩm, công việc): what each task an official held says about
quantity (completed), quality (sent back) and timeliness (delay), read from its events.

The rules, for one task (`task_facts`, a pure function over the task's events):

- **Completed**: the last of its complete / send_back / reopen events is a completion (the
  holder's report: waiting for the approver afterwards is not the holder's time). Completion day =
  the local day of that last `complete` event. A cancelled task is no item.
- **Quality failures**: each `send_back` (sent back for rework: a major content error) is one.
- **Deadline in force**: the counted deadline of `tasks.deadlines.deadline_as_of` (the one rule the
  overview and the reports count by): the first event's deadline, moved by each `grant_extension`
  granted on or before the deadline then in force and not while the task stood reported complete.
  A late grant (after the deadline had lapsed, or after completion) cures nothing, nor does any
  grant after it.
- **Waiting on others**: the calendar days an input request to a coordinating unit (request_input →
  respond_input or decline by that unit) or an escalation to a superior (escalate →
  answer_escalation) stayed open, overlapping spans counted once, push the holder's deadline by as
  many days: that time is not the holder's delay. Spans still open count up to `as_of`.
- **Delay**: completed after the fair deadline (deadline in force + waiting), or not completed and
  the fair deadline lapsed before `as_of`; one per task.
- **Period**: a task belongs to the period of its completion day when completed on time, else of its
  fair deadline (a late task is an item of the period it was due in).
- **Holder**: the assignee of the last `assign` on or before that day (the first assignee when
  every assignment is later; the task's assignee when it was never handed over).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from congvu.tasks.deadlines import deadline_as_of

COMPLETE, SEND_BACK, REOPEN, CANCEL = "complete", "send_back", "reopen", "cancel"
ASSIGN, GRANT = "assign", "grant_extension"
REQUEST_INPUT, RESPOND_INPUT, DECLINE = "request_input", "respond_input", "decline"
ESCALATE, ANSWER_ESCALATION = "escalate", "answer_escalation"


@dataclass(frozen=True)
class EventRow:
    """The columns of a task event the rules read (`day` is the local calendar day of `ts`)."""

    id: int
    day: dt.date
    activity: str
    due: dt.date | None
    unit_id: int | None = None
    to_unit_id: int | None = None
    payload: dict[str, Any] | None = None


@dataclass(frozen=True)
class TaskFacts:
    """What one task's log says, with the ids of the events each fact comes from."""

    completed: bool
    completed_on: dt.date | None
    due: dt.date | None  # the deadline in force
    waited_days: int
    fair_due: dt.date | None  # due + waited_days
    quality_failures: int
    delays: int
    cancelled: bool
    item_day: dt.date | None
    holders: tuple[tuple[dt.date, int], ...]  # (day, official id) of each assignment
    evidence: tuple[int, ...]  # complete, send_back, grant and assign events
    ignored_grants: tuple[int, ...]  # grants after the deadline: they cure nothing

    def holder_on(self, day: dt.date, default: int | None) -> int | None:
        """Who held the task on `day` (see the module's rules)."""
        if not self.holders:
            return default
        held = [official for start, official in self.holders if start <= day]
        return held[-1] if held else self.holders[0][1]


def _union_days(spans: Iterable[tuple[dt.date, dt.date]]) -> int:
    total, reach = 0, None
    for start, end in sorted(spans):
        if reach is not None and start < reach:
            start = reach
        if end > start:
            total += (end - start).days
            reach = end if reach is None or end > reach else reach
    return total


def task_facts(events: Sequence[EventRow], *, as_of: dt.date) -> TaskFacts:
    """The facts of one task from its events in log order (see the module docstring)."""
    deadline = deadline_as_of(events, as_of)
    due = deadline.counted
    completed, completed_on, failures, cancelled = False, None, 0, False
    holders: list[tuple[dt.date, int]] = []
    evidence: list[int] = []
    ignored: list[int] = []
    open_waits: dict[tuple[str, object], dt.date] = {}
    spans: list[tuple[dt.date, dt.date]] = []
    for event in events:
        payload = event.payload or {}
        if event.activity == GRANT:
            if event.id in deadline.granted:
                evidence.append(event.id)
            elif event.id in deadline.late:
                ignored.append(event.id)
        elif event.activity == COMPLETE:
            completed, completed_on = True, event.day
            evidence.append(event.id)
        elif event.activity == SEND_BACK:
            completed, completed_on = False, None
            failures += 1
            evidence.append(event.id)
        elif event.activity == REOPEN:
            completed, completed_on = False, None
        elif event.activity == CANCEL:
            cancelled = True
        elif event.activity == ASSIGN and "assignee" in payload:
            holders.append((event.day, int(payload["assignee"])))
            evidence.append(event.id)
        elif event.activity == REQUEST_INPUT:
            open_waits.setdefault(("unit", event.to_unit_id), event.day)
        elif event.activity in (RESPOND_INPUT, DECLINE):
            start = open_waits.pop(("unit", event.unit_id), None)
            if start is not None:
                spans.append((start, event.day))
        elif event.activity == ESCALATE:
            open_waits.setdefault(("escalation", payload.get("escalation")), event.day)
        elif event.activity == ANSWER_ESCALATION:
            start = open_waits.pop(("escalation", payload.get("escalation")), None)
            if start is not None:
                spans.append((start, event.day))
    stop = completed_on or as_of
    spans.extend((start, stop) for start in open_waits.values())
    waited = _union_days((start, min(end, stop)) for start, end in spans)
    fair_due = None if due is None else due + dt.timedelta(days=waited)
    if completed and completed_on is not None:
        late = fair_due is not None and completed_on > fair_due
        item_day = fair_due if late else completed_on
    else:
        late = fair_due is not None and as_of > fair_due
        item_day = fair_due
    return TaskFacts(
        completed=completed,
        completed_on=completed_on,
        due=due,
        waited_days=waited,
        fair_due=fair_due,
        quality_failures=failures,
        delays=1 if late else 0,
        cancelled=cancelled,
        item_day=item_day,
        holders=tuple(holders),
        evidence=tuple(evidence),
        ignored_grants=tuple(ignored),
    )

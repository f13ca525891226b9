"""Fair attribution of delays caused by a coordinating unit or by the approver (issue 11 item 2).

The holder of a task is not charged for the time it waited on a coordinating unit's answer or on
the approver (`people.items`: the open span of an input request pushes the holder's fair deadline;
completion is the holder's report, the approval after it is not their time). The delay caused
there is charged to the coordinating unit's items, by this rule (`answer_item`, a pure function
over one input request, `InputRequest` of congvu.tasks):

- Every input request answered is an item (ý kiến phối hợp) of the official who answered it, with
  coefficient 1, completed: coordination is work, and counts as such.
- Answered after its `answer_due`: one delay on that item, and the item belongs to the period of
  `answer_due` (as a late task belongs to the period it was due in); on time: the period of the
  answer day.
- Still open after `answer_due` (as of the day of computation): an item not completed, with one
  delay, of each head of the coordinating unit on `answer_due` (nobody answered: the unit's head
  answers for it), in the period of `answer_due`. Still open and not yet due: no item yet.
- Declined by the unit (it says the task is not in its remit): no item; that dispute is the
  assigner's to settle, and the holder's waiting stopped on the day of the decline.

The approver, by the same rule (`review_item`, over one wait for a decision): a result reported
complete waits for the assigner's acceptance or sending back (nghiệm thu), and a request for
direction (báo cáo xin chỉ đạo, `escalate`) waits for the superior's answer. Neither is the
holder's time. No text we hold sets how long that decision may take; congvu's norm, written here
and in docs/ratings.md, is `REVIEW_WORKING_DAYS` working days of the province's calendar after the
day of the report or the request (the caller computes `due` with that calendar).

- Decided (approved or sent back; answered): an item (nghiệm thu kết quả / trả lời xin chỉ đạo) of
  the official who decided, coefficient 1, completed; decided after `due`: one delay, in the period
  of `due`; on time: the period of the decision day.
- Undecided after `due` (as of the day of computation): an item not completed, with one delay, of
  those who answer for the decision (the task's supervisor, else the assigning unit's heads on
  `due`; for a request for direction, the official it was addressed to), in the period of `due`.
- Ended otherwise (the task cancelled or reopened while it waited): no item.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

COORDINATION_COEFFICIENT = Decimal(1)
REVIEW_WORKING_DAYS = 5
APPROVAL, DIRECTION = "approval", "direction"


@dataclass(frozen=True)
class InputFacts:
    """The columns of one input request the rule reads (days are local calendar days)."""

    request_id: int
    task_id: int
    to_unit_id: int
    answer_due: dt.date
    status: str  # open | answered | declined
    answered_on: dt.date | None
    answered_by: int | None


@dataclass(frozen=True)
class AnswerItem:
    """An item charged to the coordinating unit: `officials` are those it counts for (the one
    who answered, or the unit's heads when nobody did)."""

    request_id: int
    task_id: int
    officials: tuple[int, ...]
    day: dt.date  # the day that decides its period
    completed: bool
    delays: int
    answered_on: dt.date | None = None
    evidence: tuple[int, ...] = ()  # the events it stands on (the decision, or the wait's start)


def answer_item(
    facts: InputFacts, *, as_of: dt.date, heads: tuple[int, ...] = ()
) -> AnswerItem | None:
    """The item of one input request by the module's rule; `heads` are the coordinating unit's
    heads on `answer_due` (used only when the request is still open and overdue)."""
    if facts.status == "answered" and facts.answered_on is not None:
        if facts.answered_by is None:
            return None
        late = facts.answered_on > facts.answer_due
        return AnswerItem(
            facts.request_id,
            facts.task_id,
            (facts.answered_by,),
            facts.answer_due if late else facts.answered_on,
            True,
            1 if late else 0,
            facts.answered_on,
        )
    if facts.status == "open" and as_of > facts.answer_due and heads:
        return AnswerItem(facts.request_id, facts.task_id, heads, facts.answer_due, False, 1)
    return None


@dataclass(frozen=True)
class ReviewFacts:
    """One wait for a decision: a reported result (`APPROVAL`) or a request for direction
    (`DIRECTION`), from `asked_on` (the local day of the event `asked_event`) to the decision."""

    kind: str
    task_id: int
    asked_event: int
    asked_on: dt.date
    due: dt.date  # REVIEW_WORKING_DAYS working days after asked_on
    outcome: str  # decided | open | ended
    decided_on: dt.date | None = None
    decided_by: int | None = None
    decision_event: int | None = None


def review_item(
    facts: ReviewFacts, *, as_of: dt.date, answerable: tuple[int, ...] = ()
) -> AnswerItem | None:
    """The item of one wait for a decision by the module's rule; `answerable` are those who
    answer for a decision still not taken (used only when it is overdue)."""
    if facts.outcome == "decided" and facts.decided_on is not None:
        if facts.decided_by is None:
            return None
        late = facts.decided_on > facts.due
        return AnswerItem(
            facts.asked_event,
            facts.task_id,
            (facts.decided_by,),
            facts.due if late else facts.decided_on,
            True,
            1 if late else 0,
            facts.decided_on,
            (facts.decision_event,) if facts.decision_event else (),
        )
    if facts.outcome == "open" and as_of > facts.due and answerable:
        return AnswerItem(
            facts.asked_event,
            facts.task_id,
            answerable,
            facts.due,
            False,
            1,
            evidence=(facts.asked_event,),
        )
    return None

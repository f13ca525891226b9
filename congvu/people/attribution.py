"""Fair attribution of delays caused by a coordinating unit (issue 11 item 2).

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
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

COORDINATION_COEFFICIENT = Decimal(1)


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

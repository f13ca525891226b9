"""The work items' rules on hand-written task logs (no database): completion, send-backs, the
deadline in force, grants after the deadline, waiting on others, the period and the holder."""

from __future__ import annotations

import datetime as dt

from congvu.people.items import EventRow, task_facts

D = dt.date


def ev(pk: int, day: dt.date, activity: str, due: dt.date | None = None, **kw: object) -> EventRow:
    return EventRow(pk, day, activity, due, **kw)  # type: ignore[arg-type]


def test_completed_on_time_is_an_item_of_its_completion_day():
    # Due 20/03, completed 15/03: no delay, no failure; the item's day is 15/03.
    events = [
        ev(1, D(2026, 3, 2), "create", D(2026, 3, 20)),
        ev(2, D(2026, 3, 3), "assign", D(2026, 3, 20), payload={"assignee": 7}),
        ev(3, D(2026, 3, 15), "complete", D(2026, 3, 20)),
        ev(4, D(2026, 3, 25), "approve", D(2026, 3, 20)),
    ]

    facts = task_facts(events, as_of=D(2026, 4, 5))

    assert (facts.completed, facts.completed_on, facts.delays, facts.quality_failures) == (
        True, D(2026, 3, 15), 0, 0,
    )  # fmt: skip
    assert facts.item_day == D(2026, 3, 15)
    assert facts.holder_on(facts.item_day, None) == 7
    assert facts.evidence == (2, 3)


def test_waiting_for_the_approver_is_not_a_delay():
    # Reported complete 20/03 (the deadline), approved 10/04: completion counts from the report.
    events = [
        ev(1, D(2026, 3, 2), "create", D(2026, 3, 20)),
        ev(2, D(2026, 3, 20), "complete", D(2026, 3, 20)),
        ev(3, D(2026, 4, 10), "approve", D(2026, 3, 20)),
    ]

    facts = task_facts(events, as_of=D(2026, 4, 15))

    assert facts.delays == 0 and facts.completed_on == D(2026, 3, 20)


def test_each_send_back_is_a_quality_failure_and_the_last_completion_counts():
    # Completed 10/03, sent back 12/03, completed 18/03, sent back 19/03, completed 25/03 while
    # due 20/03: two failures, one delay (25/03 > 20/03); a late item belongs to its deadline.
    events = [
        ev(1, D(2026, 3, 1), "create", D(2026, 3, 20)),
        ev(2, D(2026, 3, 10), "complete", D(2026, 3, 20)),
        ev(3, D(2026, 3, 12), "send_back", D(2026, 3, 20)),
        ev(4, D(2026, 3, 18), "complete", D(2026, 3, 20)),
        ev(5, D(2026, 3, 19), "send_back", D(2026, 3, 20)),
        ev(6, D(2026, 3, 25), "complete", D(2026, 3, 20)),
    ]

    facts = task_facts(events, as_of=D(2026, 4, 1))

    assert (facts.quality_failures, facts.delays, facts.completed_on) == (2, 1, D(2026, 3, 25))
    assert facts.item_day == D(2026, 3, 20)


def test_a_grant_before_the_deadline_moves_it_and_a_grant_after_cures_nothing():
    # Due 10/03; a grant on 09/03 moves it to 20/03; a grant on 22/03 (lapsed) to 31/03 is
    # ignored; completed 25/03 > 20/03: one delay.
    events = [
        ev(1, D(2026, 3, 1), "create", D(2026, 3, 10)),
        ev(2, D(2026, 3, 9), "grant_extension", D(2026, 3, 20)),
        ev(3, D(2026, 3, 22), "grant_extension", D(2026, 3, 31)),
        ev(4, D(2026, 3, 25), "complete", D(2026, 3, 31)),
    ]

    facts = task_facts(events, as_of=D(2026, 4, 1))

    assert facts.due == D(2026, 3, 20)
    assert facts.ignored_grants == (3,)
    assert facts.delays == 1


def test_days_waiting_on_a_coordinating_unit_and_a_superior_push_the_deadline_once():
    # Due 20/03. Input asked of unit 5 on 10/03, answered 14/03 (4 days); escalation asked 12/03,
    # answered 16/03 (4 days, overlapping 12–14): union 10/03–16/03 = 6 days. Fair deadline
    # 26/03; completed 25/03: no delay.
    events = [
        ev(1, D(2026, 3, 1), "create", D(2026, 3, 20)),
        ev(2, D(2026, 3, 10), "request_input", D(2026, 3, 20), to_unit_id=5),
        ev(3, D(2026, 3, 12), "escalate", D(2026, 3, 20), payload={"escalation": 9}),
        ev(4, D(2026, 3, 14), "respond_input", D(2026, 3, 20), unit_id=5),
        ev(5, D(2026, 3, 16), "answer_escalation", D(2026, 3, 20), payload={"escalation": 9}),
        ev(6, D(2026, 3, 25), "complete", D(2026, 3, 20)),
    ]

    facts = task_facts(events, as_of=D(2026, 4, 1))

    assert facts.waited_days == 6
    assert facts.fair_due == D(2026, 3, 26)
    assert facts.delays == 0


def test_an_open_task_past_its_deadline_has_lapsed_and_is_not_completed():
    events = [ev(1, D(2026, 3, 1), "create", D(2026, 3, 20))]

    facts = task_facts(events, as_of=D(2026, 4, 1))

    assert (facts.completed, facts.delays, facts.item_day) == (False, 1, D(2026, 3, 20))


def test_the_holder_is_the_assignee_on_the_items_day():
    # Assigned to 7 on 02/03, to 8 on 10/04; completed 05/03: 7 held it.
    events = [
        ev(1, D(2026, 3, 1), "create", D(2026, 3, 20)),
        ev(2, D(2026, 3, 2), "assign", D(2026, 3, 20), payload={"assignee": 7}),
        ev(3, D(2026, 3, 5), "complete", D(2026, 3, 20)),
        ev(4, D(2026, 3, 6), "reopen", D(2026, 3, 20)),
        ev(5, D(2026, 3, 10), "assign", D(2026, 3, 20), payload={"assignee": 8}),
        ev(6, D(2026, 3, 12), "complete", D(2026, 3, 20)),
    ]

    facts = task_facts(events, as_of=D(2026, 4, 1))

    assert facts.holder_on(D(2026, 3, 12), None) == 8
    assert facts.holder_on(D(2026, 3, 5), None) == 7
    assert facts.quality_failures == 0  # a reopening is not a send-back


def test_a_cancelled_task_is_no_item():
    events = [ev(1, D(2026, 3, 1), "create", D(2026, 3, 20)), ev(2, D(2026, 3, 2), "cancel")]

    assert task_facts(events, as_of=D(2026, 4, 1)).cancelled

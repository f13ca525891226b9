"""The definitions the demo's ground truth is computed with, on a handful of events."""

from __future__ import annotations

import datetime as dt
from typing import Any

from congvu.demo.truth import TZ, Event, find_patterns

START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=TZ)  # a Monday
DUE = dt.date(2026, 3, 31)
OFFICE, A, B, C = 1, 2, 3, 4


def event(
    n: int, day: float, activity: str, unit: int, to_unit: int | None = None, **kw: Any
) -> Event:
    return Event(
        event_id=n,
        seq=n,
        ts=START + dt.timedelta(days=day),
        activity=activity,
        actor=kw.pop("actor", 100 + unit),
        unit=unit,
        to_unit=to_unit,
        due=kw.pop("due", DUE),
        reason=kw.pop("reason", ""),
        payload=kw.pop("payload", {}),
    )


def kinds(*events: Event, field_id: int = 7, as_of: dt.date = dt.date(2026, 4, 20)) -> set[str]:
    found = find_patterns(
        events,
        field_id=field_id,
        mandates={A: frozenset({7}), B: frozenset({8})},
        delegated=lambda actor, unit, kind, day: (actor, unit, kind) == (102, A, "land"),
        as_of=as_of,
    )
    return {f.kind for f in found}


def clean_life(*middle: Event) -> list[Event]:
    return [
        event(1, 0, "create", OFFICE, A),
        event(2, 0.2, "accept", A),
        event(3, 0.3, "assign", A, A, payload={"assignee": 9}),
        event(4, 6, "progress", A),
        event(5, 12, "progress", A),
        *middle,
        event(20, 18, "complete", A, OFFICE),
        event(21, 19, "approve", OFFICE, A),
    ]


def test_a_clean_life_shows_nothing() -> None:
    assert kinds(*clean_life()) == set()


def test_a_task_sent_back_to_the_unit_it_came_from_is_a_ping_pong() -> None:
    log = clean_life(event(6, 0.1, "transfer", A, B), event(7, 0.15, "transfer", B, A))

    assert kinds(*log) == {"ping_pong"}


def test_one_transfer_is_not_a_ping_pong_but_three_are_a_chain() -> None:
    one = clean_life(event(6, 0.1, "transfer", A, B))
    three = clean_life(
        event(6, 0.1, "transfer", A, B),
        event(7, 0.12, "transfer", B, C),
        event(8, 0.14, "transfer", C, OFFICE + 10),
    )

    assert kinds(*one) == set()
    assert kinds(*three) == {"transfer_chain"}


def test_a_return_is_unjustified_only_when_the_field_is_in_the_mandate() -> None:
    returned = event(6, 0.1, "return", A, OFFICE, reason="not_in_mandate")

    assert "refusal" in kinds(*clean_life(returned), field_id=7)
    assert "refusal" not in kinds(*clean_life(returned), field_id=8)


def test_escalating_a_decision_delegated_to_oneself_is_flagged() -> None:
    mine = event(6, 7, "escalate", A, payload={"decision_kind": "land"})
    above = event(6, 7, "escalate", A, payload={"decision_kind": "budget"})

    assert kinds(*clean_life(mine)) == {"escalation"}
    assert kinds(*clean_life(above)) == set()


def test_silence_over_half_the_allotted_time_is_a_stall_and_a_reminder_does_not_break_it() -> None:
    log = [
        event(1, 0, "create", OFFICE, A),
        event(2, 0.2, "accept", A),
        event(3, 10, "remind", OFFICE, A),
        event(4, 25, "progress", A),
        event(5, 27, "complete", A, OFFICE),
    ]
    crammed = [*log[:3], event(4, 29, "progress", A), event(5, 29.2, "complete", A, OFFICE)]

    assert kinds(*log) == {"stall"}
    assert kinds(*crammed) == {"stall", "last_minute"}


def test_an_input_answered_after_its_deadline_or_never_is_slow_coordination() -> None:
    ask = event(6, 3, "request_input", A, B, payload={"request": 5, "answer_due": "2026-03-09"})
    late = event(7, 9, "respond_input", B, A, payload={"request": 5})
    on_time = event(7, 6, "respond_input", B, A, payload={"request": 5})

    assert kinds(*clean_life(ask, late)) == {"slow_coordination"}
    assert kinds(*clean_life(ask)) == {"slow_coordination"}
    assert kinds(*clean_life(ask, on_time)) == set()


def test_two_granted_extensions_late_completion_and_send_back() -> None:
    grants = (
        event(6, 10, "grant_extension", OFFICE, A),
        event(7, 11, "grant_extension", OFFICE, A),
    )
    late = [
        *clean_life()[:-2],
        event(8, 18, "progress", A),
        event(9, 24, "progress", A),
        event(20, 31, "complete", A, OFFICE),
    ]
    reworked = clean_life(
        event(6, 13, "complete", A, OFFICE), event(7, 13.5, "send_back", OFFICE, A)
    )

    assert kinds(*clean_life(*grants)) == {"extension_chain"}
    assert kinds(*late) == {"overdue"}
    assert kinds(*reworked) == {"rework"}


def test_an_open_task_past_its_deadline_is_overdue() -> None:
    log = clean_life()[:-2]

    assert "overdue" in kinds(*log, as_of=dt.date(2026, 4, 1))
    assert "overdue" not in kinds(*log, as_of=dt.date(2026, 3, 31))

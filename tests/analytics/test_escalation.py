"""The escalation detector judges each opinion request against the delegation in force that day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import ibis

from congvu.analytics.escalation import empty_delegations, escalation
from tests.analytics.events import START, events, rows

HANOI = timedelta(hours=7)
VALID_FROM = date(2025, 3, 10)
VALID_TO = date(2025, 3, 20)


def asked(case: str, utc: datetime, *, actor: str = "lan", kind: str = "small_purchase") -> dict:
    """An opinion request at the instant ``utc`` (the helper takes ``ts`` in days from START)."""
    return {
        "case_id": case,
        "ts": (utc - START) / timedelta(days=1),
        "activity": "escalate",
        "unit": "Sở Tài chính",
        "actor": actor,
        "decision_kind": kind,
    }


def hanoi(day: date, hour: int, minute: int = 0) -> datetime:
    """The UTC instant of a wall-clock time in Hanoi."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - HANOI


def delegated(**validity: list[date | None]) -> ibis.Table:
    return ibis.memtable(
        {"actor": ["lan"], "decision_kind": ["small_purchase"], **validity},
        schema={
            "actor": "string",
            "decision_kind": "string",
            **dict.fromkeys(validity, "date"),
        },
    )


def found_cases(log: ibis.Table, delegations: ibis.Table) -> list[str]:
    return [r["case_id"] for r in rows(escalation(log, delegations=delegations))]


def test_an_opinion_asked_the_evening_before_valid_from_is_not_found():
    log = events(asked("eve", hanoi(VALID_FROM - timedelta(days=1), 23, 30)))

    found = found_cases(log, delegated(valid_from=[VALID_FROM], valid_to=[VALID_TO]))

    assert found == []


def test_an_opinion_asked_just_after_midnight_in_hanoi_on_valid_from_is_found():
    # 00:30 in Hanoi on 10/03 is 17:30 UTC on 09/03: the UTC date is the day before valid_from.
    at = hanoi(VALID_FROM, 0, 30)
    log = events(asked("early", at))

    found = found_cases(log, delegated(valid_from=[VALID_FROM], valid_to=[VALID_TO]))

    assert at == datetime(2025, 3, 9, 17, 30, tzinfo=UTC)
    assert found == ["early"]


def test_an_opinion_asked_late_on_the_valid_to_day_is_found():
    at = hanoi(VALID_TO, 23, 30)
    log = events(asked("late", at))

    found = found_cases(log, delegated(valid_from=[VALID_FROM], valid_to=[VALID_TO]))

    assert at == datetime(2025, 3, 20, 16, 30, tzinfo=UTC)
    assert found == ["late"]


def test_an_opinion_asked_after_valid_to_in_hanoi_is_not_found_though_utc_is_still_that_day():
    # 00:30 in Hanoi on 21/03 is 17:30 UTC on 20/03, valid_to's date in UTC.
    log = events(asked("after", hanoi(VALID_TO + timedelta(days=1), 0, 30)))

    found = found_cases(log, delegated(valid_from=[VALID_FROM], valid_to=[VALID_TO]))

    assert found == []


def test_a_missing_bound_is_open_on_that_side():
    log = events(
        asked("long_before", hanoi(date(2024, 1, 1), 9)),
        asked("long_after", hanoi(date(2030, 1, 1), 9)),
    )

    open_start = found_cases(log, delegated(valid_from=[None], valid_to=[VALID_TO]))
    open_end = found_cases(log, delegated(valid_from=[VALID_FROM], valid_to=[None]))

    assert open_start == ["long_before"]
    assert open_end == ["long_after"]


def test_delegations_without_date_columns_are_always_in_force():
    log = events(
        asked("old", hanoi(date(2020, 6, 1), 9)),
        asked("other_kind", hanoi(date(2020, 6, 1), 9), kind="land_allocation"),
        asked("other_actor", hanoi(date(2020, 6, 1), 9), actor="minh"),
    )
    delegations = ibis.memtable({"actor": ["lan"], "decision_kind": ["small_purchase"]})

    found = rows(escalation(log, delegations=delegations))

    assert [(r["case_id"], r["actor"], r["decision_kind"], r["evidence"]) for r in found] == [
        ("old", "lan", "small_purchase", "1")
    ]


def test_an_opinion_matched_by_overlapping_delegations_is_found_once():
    log = events(asked("twice", hanoi(date(2025, 3, 15), 10)))
    overlapping = ibis.memtable(
        {
            "actor": ["lan", "lan", "lan"],
            "decision_kind": ["small_purchase"] * 3,
            "valid_from": [VALID_FROM, date(2025, 3, 14), date(2025, 3, 14)],
            "valid_to": [VALID_TO, None, None],
        },
        schema={
            "actor": "string",
            "decision_kind": "string",
            "valid_from": "date",
            "valid_to": "date",
        },
    )

    found = rows(escalation(log, delegations=overlapping))

    assert [(r["case_id"], r["event_id"], r["evidence"]) for r in found] == [("twice", "1", "1")]


def test_no_delegations_means_no_finding():
    log = events(asked("any", hanoi(date(2025, 3, 15), 10)))

    assert rows(escalation(log)) == []
    assert rows(escalation(log, delegations=empty_delegations())) == []

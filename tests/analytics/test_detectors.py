"""Every detector on a handful of events: a case that fires and one that must not."""

from __future__ import annotations

import ibis

from congvu.analytics.escalation import escalation
from congvu.analytics.extension_chain import extension_chain
from congvu.analytics.handovers import handover_network, placeholder_units
from congvu.analytics.last_minute import last_minute
from congvu.analytics.overdue import overdue
from congvu.analytics.ping_pong import ping_pong, ping_pong_pairs
from congvu.analytics.refusal import refusal
from congvu.analytics.rework import rework
from congvu.analytics.slow_coordination import slow_coordination
from congvu.analytics.stall import stall
from congvu.analytics.transfer_chain import transfer_chain
from tests.analytics.events import day, due, events, rows


def create(case: str, ts: float = 0, *, to: str = "Sở Xây dựng", deadline: int = 20) -> dict:
    return {
        "case_id": case,
        "ts": ts,
        "activity": "create",
        "actor": "vp",
        "unit": "Văn phòng",
        "to_unit": to,
        "due": due(deadline),
    }


def act(case: str, ts: float, activity: str, unit: str, **more: object) -> dict:
    return {"case_id": case, "ts": ts, "activity": activity, "unit": unit, **more}


def test_ping_pong_finds_a_case_sent_back_to_an_earlier_holder_and_its_pair():
    log = events(
        create("bounced", to="A"),
        act("bounced", 1, "transfer", "A", to_unit="B", actor="a"),
        act("bounced", 2, "transfer", "B", to_unit="A", actor="b"),
        create("straight", to="A"),
        act("straight", 1, "transfer", "A", to_unit="B", actor="a"),
        act("straight", 2, "request_input", "B", to_unit="A"),
        act("straight", 3, "respond_input", "A", to_unit="B"),
    )

    found = rows(ping_pong(log))
    pairs = rows(ping_pong_pairs(ping_pong(log)))

    assert [(r["case_id"], r["from_unit"], r["back_to"], r["cycle"]) for r in found] == [
        ("bounced", "B", "A", 2)
    ]
    assert found[0]["evidence"] == "2 3"
    assert pairs == [{"from_unit": "B", "back_to": "A", "count": 1, "cases": 1}]


def test_ping_pong_follows_longer_cycles_in_logs_without_handover_events():
    log = events(
        act("c", 0, "Queued", "A"),
        act("c", 1, "Accepted", "B"),
        act("c", 2, "Accepted", "C"),
        act("c", 3, "Completed", "A"),
        act("d", 0, "Queued", "A"),
        act("d", 1, "Accepted", "A"),
        act("d", 2, "Completed", "B"),
    )

    found = rows(ping_pong(log))

    assert [(r["case_id"], r["from_unit"], r["back_to"], r["cycle"]) for r in found] == [
        ("c", "C", "A", 3)
    ]
    assert found[0]["evidence"] == "2 3 4"


def test_ping_pong_between_officials_of_one_unit():
    log = events(
        create("x", to="A"),
        act("x", 1, "assign", "A", actor="head", assignee="lan"),
        act("x", 2, "assign", "A", actor="head", assignee="minh"),
        act("x", 3, "assign", "A", actor="head", assignee="lan"),
        create("y", to="A"),
        act("y", 1, "assign", "A", actor="head", assignee="lan"),
    )

    found = rows(ping_pong(log, level="official"))

    assert [(r["case_id"], r["actor"], r["official"]) for r in found] == [("x", "minh", "lan")]


def test_handover_network_counts_transfers_and_returns_not_requests_or_creation():
    log = events(
        create("t", to="A"),
        act("t", 1, "transfer", "A", to_unit="B"),
        act("t", 2, "request_input", "B", to_unit="C"),
        act("t", 3, "return", "B", to_unit="Văn phòng"),
    )

    network = rows(handover_network(log))

    assert network == [
        {"from_unit": "A", "to_unit": "B", "count": 1},
        {"from_unit": "B", "to_unit": "Văn phòng", "count": 1},
    ]


def test_placeholder_units_are_suspected_by_name():
    log = events(act("p", 0, "x", "EMPTY"), act("p", 1, "x", "Group 1"), act("p", 2, "x", "EMPTY"))

    assert rows(placeholder_units(log)) == [{"unit": "EMPTY", "events": 2}]


def test_transfer_chain_needs_three_handovers_and_counts_days_lost():
    log = events(
        create("long", to="A"),
        act("long", 1, "transfer", "A", to_unit="B", actor="a"),
        act("long", 3, "transfer", "B", to_unit="C", actor="b"),
        act("long", 6, "return", "C", to_unit="Văn phòng", actor="c"),
        create("short", to="A"),
        act("short", 1, "transfer", "A", to_unit="B"),
        act("short", 2, "transfer", "B", to_unit="C"),
    )

    found = rows(transfer_chain(log))

    assert len(found) == 1
    chain = found[0]
    assert (chain["case_id"], chain["unit"], chain["actor"], chain["handovers"]) == (
        "long",
        "C",
        "c",
        3,
    )
    assert chain["days_lost"] == 6.0
    assert chain["path"] == "A > B > C > Văn phòng"
    assert chain["evidence"] == "2 3 4"


def test_refusal_not_in_mandate_is_unjustified_only_when_the_field_is_in_the_mandate():
    log = events(
        act("r1", 1, "return", "Sở Xây dựng", reason="not_in_mandate", field="xay_dung"),
        act("r2", 1, "return", "Sở Xây dựng", reason="not_in_mandate", field="y_te"),
        act("r3", 1, "decline", "Sở Tài chính", reason="missing_information", field="xay_dung"),
    )
    mandates = ibis.memtable({"unit": ["Sở Xây dựng"], "field": ["xay_dung"]})

    found = {r["case_id"]: r["unjustified"] for r in rows(refusal(log, mandates=mandates))}

    assert found == {"r1": True, "r2": False, "r3": False}


def test_escalation_fires_only_on_a_decision_kind_the_official_was_delegated():
    log = events(
        act("e1", 1, "escalate", "A", actor="lan", decision_kind="small_purchase"),
        act("e2", 1, "escalate", "A", actor="lan", decision_kind="land_allocation"),
        act("e3", 1, "escalate", "A", actor="minh", decision_kind="small_purchase"),
    )
    delegations = ibis.memtable({"actor": ["lan"], "decision_kind": ["small_purchase"]})

    found = rows(escalation(log, delegations=delegations))

    assert [(r["case_id"], r["actor"], r["evidence"]) for r in found] == [("e1", "lan", "1")]


def test_stall_fires_on_a_silence_longer_than_half_the_allotted_time():
    log = events(
        create("quiet", deadline=20),
        act("quiet", 1, "accept", "Sở Xây dựng"),
        act("quiet", 5, "remind", "Văn phòng"),
        act("quiet", 15, "progress", "Sở Xây dựng"),
        act("quiet", 18, "complete", "Sở Xây dựng"),
        create("busy", deadline=20),
        act("busy", 4, "progress", "Sở Xây dựng"),
        act("busy", 9, "progress", "Sở Xây dựng"),
        act("busy", 14, "complete", "Sở Xây dựng"),
    )

    found = rows(stall(log))

    assert [(r["case_id"], r["unit"], r["silence_days"], r["evidence"]) for r in found] == [
        ("quiet", "Sở Xây dựng", 14.0, "2 4")
    ]


def test_stall_counts_an_open_case_up_to_as_of():
    log = events(create("open", deadline=10), act("open", 1, "accept", "Sở Xây dựng"))

    assert rows(stall(log, as_of=day(4))) == []
    assert [r["is_open"] for r in rows(stall(log, as_of=day(8)))] == [True]


def test_last_minute_finds_progress_only_in_the_last_tenth_and_work_after_a_reminder():
    log = events(
        create("late", deadline=20),
        act("late", 20.5, "complete", "Sở Xây dựng"),
        create("reminded", deadline=20),
        act("reminded", 3, "remind", "Văn phòng"),
        act("reminded", 4, "accept", "Sở Xây dựng"),
        act("reminded", 8, "complete", "Sở Xây dựng"),
        create("steady", deadline=20),
        act("steady", 1, "accept", "Sở Xây dựng"),
        act("steady", 6, "remind", "Văn phòng"),
        act("steady", 8, "progress", "Sở Xây dựng"),
        act("steady", 12, "complete", "Sở Xây dựng"),
    )

    found = sorted((r["case_id"], r["pattern"]) for r in rows(last_minute(log)))

    assert found == [("late", "last_tenth"), ("reminded", "after_reminder")]


def test_extension_chain_needs_two_grants_and_measures_the_share_added():
    log = events(
        create("twice", deadline=10),
        act("twice", 5, "grant_extension", "Văn phòng", actor="vp", due=due(15)),
        act("twice", 12, "grant_extension", "Văn phòng", actor="vp", due=due(20)),
        create("once", deadline=10),
        act("once", 5, "grant_extension", "Văn phòng", due=due(15)),
    )

    found = rows(extension_chain(log))

    assert [(r["case_id"], r["extensions"], r["days_added"]) for r in found] == [("twice", 2, 10.0)]
    assert found[0]["evidence"] == "2 3"
    assert 0.9 < found[0]["share_added"] < 1.0


def test_slow_coordination_finds_late_and_missing_answers():
    log = events(
        act("k", 0, "request_input", "A", to_unit="B", request_id="q1", answer_due=due(3)),
        act("k", 5, "respond_input", "B", request_id="q1", actor="b"),
        act("k", 1, "request_input", "A", to_unit="C", request_id="q2", answer_due=due(3)),
        act("k", 2, "request_input", "A", to_unit="D", request_id="q3", answer_due=due(4)),
        act("k", 3, "respond_input", "D", request_id="q3"),
        act("k", 9, "progress", "A"),
    )

    found = sorted((r["unit"], r["status"]) for r in rows(slow_coordination(log)))

    assert found == [("B", "late"), ("C", "unanswered")]


def test_overdue_finds_late_completion_and_open_cases_past_the_deadline():
    log = events(
        create("late", deadline=5),
        act("late", 9, "complete", "Sở Xây dựng"),
        create("open", deadline=5),
        act("open", 2, "progress", "Sở Xây dựng"),
        create("on_time", deadline=5),
        act("on_time", 4, "complete", "Sở Xây dựng"),
        create("extended", deadline=5),
        act("extended", 3, "grant_extension", "Văn phòng", due=due(12)),
        act("extended", 10, "complete", "Sở Xây dựng"),
    )

    found = sorted((r["case_id"], r["status"]) for r in rows(overdue(log, as_of=day(40))))

    assert found == [("late", "late"), ("open", "open_overdue")]


def test_rework_pairs_a_send_back_with_the_completion_before_it():
    log = events(
        create("redo"),
        act("redo", 3, "complete", "Sở Xây dựng", actor="lan"),
        act("redo", 4, "send_back", "Văn phòng", actor="chief"),
        act("redo", 6, "complete", "Sở Xây dựng", actor="lan"),
        create("fine"),
        act("fine", 3, "complete", "Sở Xây dựng", actor="lan"),
        act("fine", 4, "approve", "Văn phòng", actor="chief"),
    )

    found = rows(rework(log))

    assert [(r["case_id"], r["actor"], r["reviewer"], r["evidence"]) for r in found] == [
        ("redo", "lan", "chief", "2 3")
    ]

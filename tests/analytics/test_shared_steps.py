"""The shortcuts give the same tables as the general path: stints without a full annotation,
and detectors run from shared steps computed once (as `congvu analyze` does)."""

from __future__ import annotations

from typing import Any

import ibis
import pyarrow.csv as pa_csv
import pytest

from congvu.analytics.findings import find_all, findings_from
from congvu.analytics.handovers import (
    handover_network,
    handovers,
    handovers_from,
    held_stints,
    network_from,
    stints,
)
from congvu.analytics.metrics import metrics, metrics_from
from congvu.analytics.ping_pong import ping_pong, ping_pong_from
from congvu.analytics.timeline import annotate
from congvu.analytics.transfer_chain import transfer_chain, transfer_chain_from
from tests.analytics.events import due, events, rows


def mixed_log():
    """An explicit case (transfers, a send-back, an extension), a case of runs with a gap in the
    unit and tied timestamps, and a case of officials."""
    return events(
        {
            "case_id": "e",
            "ts": 0,
            "activity": "create",
            "unit": "VP",
            "to_unit": "A",
            "due": due(10),
            "actor": "vp",
        },
        {
            "case_id": "e",
            "ts": 1,
            "activity": "transfer",
            "unit": "A",
            "to_unit": "B",
            "actor": "a",
        },
        {
            "case_id": "e",
            "ts": 2,
            "activity": "assign",
            "unit": "B",
            "actor": "hb",
            "assignee": "lan",
        },
        {
            "case_id": "e",
            "ts": 3,
            "activity": "transfer",
            "unit": "B",
            "to_unit": "A",
            "actor": "b",
        },
        {"case_id": "e", "ts": 4, "activity": "grant_extension", "unit": "VP", "due": due(20)},
        {
            "case_id": "e",
            "ts": 5,
            "activity": "transfer",
            "unit": "A",
            "to_unit": "C",
            "actor": "a",
        },
        {"case_id": "e", "ts": 9, "activity": "complete", "unit": "C", "actor": "c"},
        {"case_id": "e", "ts": 10, "activity": "send_back", "unit": "VP", "actor": "vp"},
        {"case_id": "r", "ts": 0, "activity": "Queued", "unit": "G1", "actor": "x"},
        {"case_id": "r", "ts": 1, "activity": "Accepted", "unit": None, "actor": "y"},
        {
            "case_id": "r",
            "ts": 1,
            "activity": "Accepted",
            "unit": "G2",
            "actor": "y",
            "position": 3,
        },
        {
            "case_id": "r",
            "ts": 1,
            "activity": "Accepted",
            "unit": "G3",
            "actor": "x",
            "position": 2,
        },
        {"case_id": "r", "ts": 2, "activity": "Completed", "unit": "G1", "actor": "x"},
        {"case_id": "r", "ts": 3, "activity": "Closed", "unit": "G2", "actor": "z"},
    )


def same(left: Any, right: Any) -> None:
    def ordered(table: Any) -> list[dict[str, Any]]:
        found = rows(table)
        # A stint is an ordering key in its case (its first event's place), not a count: paths
        # may number events differently, so stints are compared by their rank in the case.
        if found and "stint" in found[0]:
            ranks: dict[Any, list[int]] = {}
            for row in found:
                ranks.setdefault(row["case_id"], []).append(row["stint"])
            for row in found:
                row["stint"] = sorted(ranks[row["case_id"]]).index(row["stint"])
        return sorted(found, key=lambda row: repr(sorted(row.items(), key=str)))

    # Names and types; not the not-null flags, which ibis drops after a left join.
    def columns(table: Any) -> list[tuple[str, Any]]:
        return [(field.name, field.type) for field in table.to_pyarrow().schema]

    assert columns(left) == columns(right)
    assert ordered(left) == ordered(right)


@pytest.mark.parametrize("mode", ["auto", "runs", "explicit"])
@pytest.mark.parametrize("level", ["unit", "official"])
def test_stints_of_raw_events_equal_stints_of_annotated_events(mode, level):
    log = mixed_log()

    direct = stints(log, mode=mode, level=level)
    annotated = stints(annotate(log, mode=mode), mode=mode, level=level)

    same(direct, annotated)
    assert rows(direct)


def test_annotate_keeps_the_latest_holder_and_deadline_in_force():
    annotated = rows(annotate(mixed_log()).filter(ibis._.case_id == "e").order_by("seq"))

    assert [row["holder"] for row in annotated] == ["A", "B", "B", "A", "A", "C", "C", "C"]
    assert [row["due_now"] for row in annotated] == [due(10)] * 4 + [due(20)] * 4


@pytest.mark.parametrize("mode", ["auto", "runs"])
def test_detectors_from_shared_steps_equal_the_detectors_on_events(mode):
    log = mixed_log()
    annotated = annotate(log, mode=mode)
    held_units = held_stints(annotated, mode=mode, carry=["actor"])
    held_officials = held_stints(annotated, mode=mode, level="official")
    moves = handovers_from(held_units)

    same(moves.drop("actor"), handovers(log, mode=mode))
    same(network_from(moves), handover_network(log, mode=mode))
    same(ping_pong_from(held_units), ping_pong(log, mode=mode))
    same(
        ping_pong_from(held_officials, level="official"),
        ping_pong(log, mode=mode, level="official"),
    )
    same(
        transfer_chain_from(annotated, moves, min_handovers=2),
        transfer_chain(log, mode=mode, min_handovers=2),
    )
    found = find_all(log, mode=mode)
    shared = findings_from(annotated, held_units=held_units, held_officials=held_officials)
    same(shared.mutate(case_type=ibis.literal("task")), found)
    same(
        metrics_from(annotated, found, held_units=held_units, held_officials=held_officials),
        metrics(log, found, mode=mode),
    )


def gapped_log():
    """Case g has events without a unit and without an actor between its runs; case h is the same
    case without them. Only g needs the second ordering; both must give the same hand-overs."""
    steps = [("A", "x"), (None, None), ("A", "x"), ("B", "y"), (None, "y"), ("A", "z")]
    return events(
        *[
            {
                "case_id": "g",
                "event_id": f"g{n}",
                "ts": n,
                "activity": "step",
                "unit": u,
                "actor": a,
            }
            for n, (u, a) in enumerate(steps)
        ],
        *[
            {
                "case_id": "h",
                "event_id": f"h{n}",
                "ts": n,
                "activity": "step",
                "unit": u,
                "actor": a,
            }
            for n, (u, a) in enumerate(steps)
            if u is not None
        ],
    )


@pytest.mark.parametrize("mode", ["auto", "runs"])
def test_events_without_a_unit_are_left_out_of_runs(mode):
    log = gapped_log()

    moves = rows(handovers(log, mode=mode).order_by(["case_id", "stint"]))
    bounces = rows(ping_pong(log, mode=mode).order_by("case_id"))

    assert [(m["case_id"], m["from_unit"], m["to_unit"], m["event_id"]) for m in moves] == [
        ("g", "A", "B", "g3"),
        ("g", "B", "A", "g5"),
        ("h", "A", "B", "h3"),
        ("h", "B", "A", "h5"),
    ]
    assert [
        (b["case_id"], b["from_unit"], b["back_to"], b["cycle"], b["evidence"]) for b in bounces
    ] == [
        ("g", "B", "A", 2, "g3 g5"),
        ("h", "B", "A", 2, "h3 h5"),
    ]
    officials = rows(stints(log, mode=mode, level="official").order_by(["case_id", "stint"]))
    assert [(s["case_id"], s["holder"], s["from_holder"]) for s in officials] == [
        ("g", "x", None),
        ("g", "y", "x"),
        ("g", "z", "y"),
        ("h", "x", None),
        ("h", "y", "x"),
        ("h", "z", "y"),
    ]


@pytest.mark.parametrize("log", [mixed_log, gapped_log])
def test_analyze_events_finds_what_find_all_finds(tmp_path, log):
    """`congvu analyze` stores only what the log has and annotates a log without hand-over events
    as runs; its findings are those of find_all all the same."""
    from congvu.analytics.cli import analyze_events

    events_table = log()
    summary = analyze_events(events_table, tmp_path / "out")

    expected = rows(find_all(events_table))
    written = pa_csv.read_csv(tmp_path / "out" / "findings.csv").to_pylist()
    assert sorted((r["kind"], r["case_id"], r["evidence"]) for r in written) == sorted(
        (r["kind"], r["case_id"], r["evidence"]) for r in expected
    )
    assert sum(summary.findings_by_kind.values()) == len(expected)

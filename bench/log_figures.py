"""The per-log figures of congvu/analytics/README.md: cases, hand-overs, ping-pongs and the top
bouncing pairs of each public log, printed as the README's Markdown table (never a test).

    .venv/bin/python bench/log_figures.py

Hand-overs and ping-pongs are those of ``congvu.analytics`` in ``runs`` mode (the definitions are
in the README); the units named in the table's "ignored" column are dropped first.
"""

from __future__ import annotations

from pathlib import Path

import ibis

from congvu.analytics.handovers import handover_network
from congvu.analytics.ping_pong import ping_pong, ping_pong_pairs
from congvu.analytics.schema import drop_units
from congvu.interchange.eventlog_csv import read_csv_log
from congvu.interchange.xes import read_xes

DATASETS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "event-logs"

# (file, unit attribute, units ignored as placeholders)
LOGS = [
    ("bpic2013_incidents.xes.gz", "org:group", ()),
    ("wabo_receipt_coselog.xes.gz", "org:group", ("EMPTY",)),
    ("bpic2014_incident_activity_sample4000.csv.gz", "org:group", ()),
    ("bpic2015_municipality1.xes.gz", "org:resource", ()),
    ("bpic2020_DomesticDeclarations_cleaned.xes.gz", "org:role", ("UNDEFINED",)),
    ("bpic2020_InternationalDeclarations_cleaned.xes.gz", "org:role", ("UNDEFINED",)),
    ("bpic2020_PermitLog_cleaned.xes.gz", "org:role", ("UNDEFINED",)),
    ("bpic2020_PrepaidTravelCost_cleaned.xes.gz", "org:role", ("UNDEFINED",)),
    ("bpic2020_RequestForPayment_cleaned.xes.gz", "org:role", ("UNDEFINED",)),
]


def figures(name: str, attr: str, ignored: tuple[str, ...]) -> str:
    path = DATASETS / name
    read = read_csv_log if name.endswith(".csv.gz") else read_xes
    events = drop_units(read(path, unit_attr=attr), ignored)
    cases = int(events.case_id.nunique().to_pyarrow().as_py())
    handovers = int(handover_network(events, mode="runs")["count"].sum().to_pyarrow().as_py())
    bounces = ping_pong(events, mode="runs")
    with_any = int(bounces.case_id.nunique().to_pyarrow().as_py())
    strict = bounces.filter(bounces.cycle == 2)
    with_two = int(strict.case_id.nunique().to_pyarrow().as_py())
    total = int(bounces.count().to_pyarrow().as_py())
    top = ping_pong_pairs(bounces).limit(3).to_pyarrow().to_pylist()
    pairs = "; ".join(f"{row['from_unit']} → {row['back_to']} ({row['count']})" for row in top)
    share = 100 * with_any / cases if cases else 0.0
    return (
        f"| `{name}` | `{attr}` | {', '.join(ignored) or '–'} | {cases:,} | {handovers:,} | "
        f"{with_any:,} ({share:.1f} %) | {with_two:,} | {total:,} | {pairs} |"
    )


def main() -> None:
    ibis.set_backend("duckdb")
    print(
        "| log | unit attribute | ignored | cases | hand-overs | cases with ping-pong (any cycle)"
        " | cases (cycle 2) | ping-pongs | top bouncing pairs (count) |"
    )
    print("|---|---|---|---:|---:|---:|---:|---:|---|")
    for name, attr, ignored in LOGS:
        if (DATASETS / name).exists():
            print(figures(name, attr, ignored), flush=True)


if __name__ == "__main__":
    main()

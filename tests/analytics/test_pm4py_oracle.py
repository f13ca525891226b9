"""Hand-over counts on real public logs against pm4py's hand-over of work (the oracle, tests only).

pm4py's hand-over of work with beta = 0 counts, over every case, each pair of directly following
events by resource, including a resource followed by itself, and divides by the number of such
pairs. Multiplying back by that number gives counts; the pairs of different resources must equal
congvu's hand-overs between runs of units. Both sides read the file with their own parser; events
without the unit attribute are left out on both sides, and pm4py's events are ordered by timestamp
keeping file order for ties, as congvu orders by (ts, position).
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest

from congvu.analytics.handovers import handover_network
from congvu.interchange.eventlog_csv import read_csv_log
from congvu.interchange.xes import read_xes

pm4py = pytest.importorskip("pm4py")

CASE = "case:concept:name"
TS = "time:timestamp"

LOGS = [
    pytest.param("wabo_receipt_coselog.xes.gz", "org:group", id="wabo"),
    pytest.param("bpic2014_incident_activity_sample4000.csv.gz", "org:group", id="bpic2014"),
    pytest.param("bpic2020_PrepaidTravelCost_cleaned.xes.gz", "org:role", id="bpic2020-prepaid"),
    pytest.param("pm4py_running-example.xes", "org:resource", id="running-example"),
    pytest.param("bpic2013_incidents.xes.gz", "org:group", id="bpic2013", marks=pytest.mark.heavy),
    pytest.param(
        "bpic2013_closed_problems.xes.gz",
        "organization involved",
        id="bpic2013-closed",
        marks=pytest.mark.heavy,
    ),
    pytest.param(
        "bpic2015_municipality1.xes.gz", "org:resource", id="bpic2015", marks=pytest.mark.heavy
    ),
    pytest.param(
        "bpic2020_RequestForPayment_cleaned.xes.gz",
        "org:role",
        id="bpic2020-payment",
        marks=pytest.mark.heavy,
    ),
    pytest.param(
        "bpic2020_DomesticDeclarations_cleaned.xes.gz",
        "org:role",
        id="bpic2020-domestic",
        marks=pytest.mark.heavy,
    ),
    pytest.param(
        "bpic2020_InternationalDeclarations_cleaned.xes.gz",
        "org:role",
        id="bpic2020-international",
        marks=pytest.mark.heavy,
    ),
    pytest.param(
        "bpic2020_PermitLog_cleaned.xes.gz",
        "org:role",
        id="bpic2020-permit",
        marks=pytest.mark.heavy,
    ),
]


def pm4py_handover_counts(path: Path, attr: str) -> dict[tuple[str, str], int]:
    """pm4py's hand-over of work (beta = 0) on the file, multiplied back to counts."""
    import pandas as pd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if path.name.endswith(".csv.gz"):
            frame = pd.read_csv(path, dtype=str)
            frame[TS] = pd.to_datetime(frame[TS], utc=True)
        else:
            # The line-by-line reader is pm4py's fastest pure-Python one; any of its readers do.
            frame = pm4py.read_xes(str(path), variant="line_by_line", show_progress_bar=False)
    frame = frame[frame[attr].notna()].copy()
    frame[attr] = frame[attr].astype(str)
    frame["_file_order"] = range(len(frame))
    frame = frame.sort_values([CASE, TS, "_file_order"], kind="stable")
    network: Any = pm4py.discover_handover_of_work_network(
        frame, beta=0, resource_key=attr, timestamp_key=TS, case_id_key=CASE
    )
    pairs = int((frame.groupby(CASE).size() - 1).sum())
    return {
        (str(source), str(target)): round(frequency * pairs)
        for (source, target), frequency in network.connections.items()
        if source != target
    }


@pytest.mark.parametrize(("name", "attr"), LOGS)
def test_handovers_between_units_equal_pm4py_handover_of_work(
    datasets: Path, name: str, attr: str
) -> None:
    path = datasets / name
    events = (
        read_csv_log(path, unit_attr=attr)
        if name.endswith(".csv.gz")
        else read_xes(path, unit_attr=attr)
    )

    network = handover_network(events, mode="runs").to_pyarrow().to_pylist()
    ours = {(row["from_unit"], row["to_unit"]): row["count"] for row in network}

    expected = pm4py_handover_counts(path, attr)
    assert sum(ours.values()) == sum(expected.values())
    assert ours == expected

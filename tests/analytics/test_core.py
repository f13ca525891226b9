"""The analytics core is pure, compiles for PostgreSQL; `run_analyze` writes all or nothing."""

from __future__ import annotations

import ast
import csv
import gzip
from pathlib import Path

import ibis
import pytest

from congvu.analytics.cli import OUTPUTS, run_analyze
from congvu.analytics.findings import find_all
from congvu.analytics.handovers import handover_network
from congvu.analytics.metrics import metrics
from congvu.analytics.timeline import annotate
from congvu.interchange.eventlog_arrow import EventLogError
from tests.analytics.events import due, events

ANALYTICS = Path(__file__).resolve().parents[2] / "congvu" / "analytics"


def test_no_module_under_analytics_imports_django():
    offenders = []
    for module in sorted(ANALYTICS.rglob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            offenders += [
                f"{module.name}: {name}" for name in names if name.split(".")[0] == "django"
            ]

    assert offenders == []


def small_log():
    return events(
        {
            "case_id": "a",
            "ts": 0,
            "activity": "create",
            "unit": "VP",
            "to_unit": "A",
            "due": due(9),
        },
        {"case_id": "a", "ts": 1, "activity": "transfer", "unit": "A", "to_unit": "B"},
        {"case_id": "a", "ts": 2, "activity": "transfer", "unit": "B", "to_unit": "A"},
        {"case_id": "a", "ts": 12, "activity": "complete", "unit": "A", "actor": "lan"},
    )


def test_every_output_compiles_to_one_postgresql_query():
    log = small_log()
    findings = find_all(log)

    for expression in (findings, handover_network(log), metrics(log, findings)):
        sql = ibis.to_sql(expression, dialect="postgres")

        assert sql.lstrip().upper().startswith(("WITH", "SELECT"))


def test_find_all_reports_the_planted_patterns_with_evidence():
    found = find_all(small_log()).to_pyarrow().to_pylist()

    kinds = sorted((row["kind"], row["evidence"]) for row in found)
    assert kinds == [("last_minute", "4"), ("overdue", "4"), ("ping_pong", "2 3"), ("stall", "3 4")]


def write_csv(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


HEADER = "case_id,event_id,ts,activity,actor,unit,to_unit,due"


def test_run_analyze_writes_the_four_outputs_in_vietnamese(tmp_path: Path):
    log = tmp_path / "log.csv"
    write_csv(
        log,
        [
            HEADER,
            "a,1,2025-03-03T08:00:00+07:00,create,vp,Văn phòng,Sở Xây dựng,2025-03-10",
            "a,2,2025-03-04T08:00:00+07:00,transfer,x,Sở Xây dựng,Sở Tài chính,",
            "a,3,2025-03-05T08:00:00+07:00,transfer,t,Sở Tài chính,Sở Xây dựng,",
            "a,4,2025-03-20T08:00:00+07:00,complete,x,Sở Xây dựng,,",
        ],
    )

    summary = run_analyze(log, tmp_path / "out", show_progress=False)

    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == sorted(OUTPUTS)
    with (tmp_path / "out" / "handovers.csv").open(encoding="utf-8") as stream:
        assert list(csv.DictReader(stream)) == [
            {"from_unit": "Sở Tài chính", "to_unit": "Sở Xây dựng", "count": "1"},
            {"from_unit": "Sở Xây dựng", "to_unit": "Sở Tài chính", "count": "1"},
        ]
    with (tmp_path / "out" / "findings.csv").open(encoding="utf-8") as stream:
        header = next(csv.reader(stream))
    assert header[:7] == ["kind", "case_type", "case_id", "unit", "actor", "severity", "ts"]
    assert "evidence" in header
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "Mạng chuyển giao giữa các đơn vị" in report
    assert "<svg" in report
    assert summary.handovers == 2
    assert summary.findings_by_kind["ping_pong"] == 1


def test_run_analyze_on_a_malformed_log_names_the_line_and_writes_nothing(tmp_path: Path):
    log = tmp_path / "bad.csv"
    write_csv(
        log,
        [
            HEADER,
            "a,1,2025-03-03T08:00:00+07:00,create,vp,VP,A,2025-03-10",
            "a,2,yesterday,transfer,x,A,B,",
        ],
    )

    with pytest.raises(EventLogError, match=r"line 3, column 'ts'"):
        run_analyze(log, tmp_path / "out", show_progress=False)

    assert sorted(path.name for path in tmp_path.iterdir()) == ["bad.csv"]


def test_run_analyze_reads_a_gzipped_xes_and_ignores_named_units(tmp_path: Path):
    log = tmp_path / "log.xes.gz"
    trace = (
        '<trace><string key="concept:name" value="c1"/>'
        + "".join(
            f'<event><string key="concept:name" value="step"/>'
            f'<date key="time:timestamp" value="2020-01-0{day}T10:00:00.000+01:00"/>'
            f'<string key="org:group" value="{group}"/></event>'
            for day, group in ((1, "G1"), (2, "EMPTY"), (3, "G2"), (4, "G1"))
        )
        + "</trace>"
    )
    with gzip.open(log, "wt", encoding="utf-8") as stream:
        stream.write(f'<?xml version="1.0"?><log xes.version="1.0">{trace}</log>')

    summary = run_analyze(log, tmp_path / "out", ignore_units=["EMPTY"], show_progress=False)

    assert summary.handovers == 2
    assert summary.findings_by_kind == {"ping_pong": 1}


def test_a_source_without_positions_is_ordered_by_time_then_id():
    """Readers number the events they read; a table without positions gets them by case, time
    and id, so that events at the same instant keep one order on every engine."""
    from datetime import UTC, datetime

    at = datetime(2025, 3, 3, 1, 0, tzinfo=UTC)
    source = ibis.memtable(
        {
            "case_id": ["c", "c", "c", "d"],
            "event_id": ["e9", "e10", "e2", "e1"],
            "ts": [at, at, at.replace(hour=0), at],
            "activity": ["step"] * 4,
            "actor": ["x", "y", "z", "x"],
            "unit": ["A", "B", "C", "A"],
            "to_unit": [None] * 4,
            "due": [None] * 4,
        },
        schema={
            "case_id": "string",
            "event_id": "string",
            "ts": "timestamp('UTC')",
            "activity": "string",
            "actor": "string",
            "unit": "string",
            "to_unit": "string",
            "due": "date",
        },
    )

    ordered_rows = annotate(source, mode="runs").order_by(["case_id", "seq"]).to_pyarrow()

    assert ordered_rows.column("event_id").to_pylist() == ["e2", "e10", "e9", "e1"]
    assert ordered_rows.column("position").to_pylist() == [1, 2, 3, 4]

"""A national store: provinces' exports in Hive layout, analysed together with the province as a
column, each province's findings those of its own analysis."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from congvu.analytics.cli import run_analyze
from congvu.analytics.national import pseudonymised, write_province
from congvu.analytics.schema import arrow_schema

START = datetime(2025, 3, 3, 1, 0, tzinfo=UTC)


def province_log(bounces: int, extra_case: bool) -> pa.Table:
    """Cases ``a``, ``b``, ... with the same ids and unit names in every province: ``bounces``
    of them bounce A -> B -> A, a case ``z`` (when asked) spans two months."""
    rows: list[dict[str, object]] = []

    def add(case: str, hours: float, activity: str, unit: str, to_unit: str | None) -> None:
        rows.append(
            {
                "case_id": case,
                "event_id": f"{case}{len(rows)}",
                "ts": START + timedelta(hours=hours),
                "activity": activity,
                "actor": f"cb.{unit.lower()}",
                "unit": unit,
                "to_unit": to_unit,
                "position": len(rows) + 1,
            }
        )

    for number in range(bounces):
        case = "abcdefgh"[number]
        add(case, 0, "create", "VP", "A")
        add(case, 1, "transfer", "A", "B")
        add(case, 2, "transfer", "B", "A")
        add(case, 30, "complete", "A", None)
    if extra_case:
        add("z", 0, "create", "VP", "C")
        add("z", 24 * 40, "complete", "C", None)
    columns = {name: [row.get(name) for row in rows] for name in arrow_schema().names}
    return pa.table(columns, schema=arrow_schema())


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture
def store(tmp_path: Path) -> Path:
    root = tmp_path / "store"
    write_province(province_log(2, extra_case=True), root, "22")
    write_province(province_log(1, extra_case=False), root, "01")
    return root


def test_each_province_is_written_by_month_in_hive_layout(store: Path):
    folders = sorted(str(path.relative_to(store)) for path in store.glob("*/*"))

    assert folders == [
        "province=01/month=2025-03",
        "province=22/month=2025-03",
        "province=22/month=2025-04",
    ]
    files = sorted(store.rglob("*.parquet"))
    assert sum(pq.read_metadata(path).num_rows for path in files) == 8 + 2 + 4


def test_a_new_export_replaces_only_its_own_province(store: Path):
    write_province(province_log(1, extra_case=False), store, "22")

    folders = sorted(str(path.relative_to(store)) for path in store.glob("*/*"))
    assert folders == ["province=01/month=2025-03", "province=22/month=2025-03"]
    assert not [path for path in store.iterdir() if path.name.startswith(".")]


def test_a_province_that_is_not_a_code_is_refused(tmp_path: Path):
    with pytest.raises(ValueError, match="province"):
        write_province(province_log(1, extra_case=False), tmp_path, "22/../01")


def test_a_national_run_gives_each_province_its_own_findings(store: Path, tmp_path: Path):
    summary = run_analyze(store, tmp_path / "national", show_progress=False)

    findings = read_csv(tmp_path / "national" / "findings.csv")
    assert list(findings[0])[0] == "province"
    bounced = sorted(
        (row["province"], row["case_id"], row["unit"], row["evidence"])
        for row in findings
        if row["kind"] == "ping_pong" and '"level":"unit"' in row["detail"]
    )
    # Case "a" of province 01 is not case "a" of province 22, nor is unit A.
    assert bounced == [
        ("01", "a", "B", "a1 a2"),
        ("22", "a", "B", "a1 a2"),
        ("22", "b", "B", "b5 b6"),
    ]
    assert summary.findings_by_kind["ping_pong"] >= 3
    assert summary.handovers == 3 * 2
    handovers = read_csv(tmp_path / "national" / "handovers.csv")
    assert sorted(
        (row["province"], row["from_unit"], row["to_unit"], row["count"]) for row in handovers
    ) == [
        ("01", "A", "B", "1"),
        ("01", "B", "A", "1"),
        ("22", "A", "B", "2"),
        ("22", "B", "A", "2"),
    ]
    metrics = read_csv(tmp_path / "national" / "metrics.csv")
    units = {(row["province"], row["key"]) for row in metrics if row["level"] == "unit"}
    assert ("01", "A") in units and ("22", "C") in units and ("01", "C") not in units

    # Each province's rows are those of the province analysed alone.
    for code, log in (("22", province_log(2, True)), ("01", province_log(1, False))):
        alone = tmp_path / f"alone-{code}.parquet"
        pq.write_table(log, alone)
        run_analyze(alone, tmp_path / f"alone-{code}", show_progress=False)
        own = read_csv(tmp_path / f"alone-{code}" / "findings.csv")
        mine = [
            {name: value for name, value in row.items() if name != "province"}
            for row in findings
            if row["province"] == code
        ]
        assert mine == own


def test_pseudonyms_are_stable_under_one_key_and_free_text_is_dropped():
    log = province_log(1, extra_case=False)
    log = log.set_column(log.schema.get_field_index("note"), "note", pa.array(["x"] * 4))

    once = pseudonymised(log, b"key")
    again = pseudonymised(log, b"key")
    other = pseudonymised(log, b"other")

    actors = once.column("actor").to_pylist()
    assert actors == again.column("actor").to_pylist()
    assert actors != other.column("actor").to_pylist()
    assert not set(actors) & set(log.column("actor").to_pylist())
    # The same official keeps one pseudonym: A acts twice, each time as the same person.
    assert len(set(actors)) == len(set(log.column("actor").to_pylist()))
    assert pc.all(pc.is_null(once.column("note"))).as_py()

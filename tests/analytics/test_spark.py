"""The analytics core on Spark (local mode): the same ibis expressions give DuckDB's findings,
metrics and hand-overs row for row, on the working-days truth log and on BPIC 2013.

Runs in CI (``make test`` installs Java 17 through ``make java``); select with ``-m spark``. One
Spark session serves the whole test session, with few shuffle partitions: the logs are small and
Spark's fixed cost per query dominates.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from congvu.analytics.cli import run_analyze
from congvu.analytics.national import write_province
from tests.analytics.workdays_log import AS_OF, generate

pytestmark = pytest.mark.spark

OUTPUTS = ("findings.csv", "metrics.csv", "handovers.csv")
BPIC_2013 = "bpic2013_incidents.xes.gz"


@pytest.fixture(scope="session")
def spark():
    from congvu.analytics.engines import spark_session

    session = spark_session("local[2]", shuffle_partitions=2, driver_memory="1g")
    yield session
    session.stop()


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def same_number(left: str, right: str) -> bool:
    """Equal text, or floats equal but for the last bits: a sum of floats depends on the order
    its terms are added in, which differs between engines (``allotted_days``)."""
    if left == right:
        return True
    try:
        return math.isclose(float(left), float(right), rel_tol=1e-12)
    except ValueError:
        return False


def assert_same_outputs(duckdb_dir: Path, spark_dir: Path) -> None:
    for name in OUTPUTS:
        on_duckdb, on_spark = rows(duckdb_dir / name), rows(spark_dir / name)
        assert len(on_spark) == len(on_duckdb), name
        for number, (mine, theirs) in enumerate(zip(on_spark, on_duckdb, strict=True)):
            assert mine.keys() == theirs.keys(), name
            different = {
                key: (mine[key], theirs[key])
                for key in mine
                if not same_number(mine[key], theirs[key])
            }
            assert not different, f"{name} row {number + 2}: {different}"


def test_spark_gives_duckdbs_outputs_on_the_working_days_truth_log(spark, tmp_path: Path):
    log = tmp_path / "log.csv"
    truth = generate(log, cases=600)

    on_duckdb = run_analyze(log, tmp_path / "duckdb", as_of=AS_OF, show_progress=False)
    on_spark = run_analyze(
        log, tmp_path / "spark", as_of=AS_OF, show_progress=False, engine="spark"
    )

    assert on_spark.findings_by_kind == on_duckdb.findings_by_kind
    assert on_duckdb.findings_by_kind["overdue"] >= len(truth["overdue"]) * 0.9
    assert_same_outputs(tmp_path / "duckdb", tmp_path / "spark")


@pytest.mark.heavy
def test_spark_gives_duckdbs_outputs_on_bpic_2013(spark, datasets: Path, tmp_path: Path):
    log = datasets / BPIC_2013

    on_duckdb = run_analyze(log, tmp_path / "duckdb", show_progress=False)
    on_spark = run_analyze(log, tmp_path / "spark", show_progress=False, engine="spark")

    assert_same_outputs(tmp_path / "duckdb", tmp_path / "spark")
    # The figures of congvu/analytics/README.md: 9,454 hand-overs, 1,258 cases with a ping-pong.
    assert on_spark.handovers == on_duckdb.handovers == 9454
    bounced = {
        row["case_id"]
        for row in rows(tmp_path / "spark" / "findings.csv")
        if row["kind"] == "ping_pong" and '"level":"unit"' in row["detail"]
    }
    assert len(bounced) == 1258


def test_spark_reads_a_national_store_with_the_province_as_a_column(spark, tmp_path: Path):
    from tests.analytics.test_national import province_log

    store = tmp_path / "store"
    write_province(province_log(2, extra_case=True), store, "22")
    write_province(province_log(1, extra_case=False), store, "01")

    run_analyze(store, tmp_path / "duckdb", show_progress=False)
    run_analyze(store, tmp_path / "spark", show_progress=False, engine="spark")

    assert_same_outputs(tmp_path / "duckdb", tmp_path / "spark")
    provinces = {row["province"] for row in rows(tmp_path / "spark" / "handovers.csv")}
    assert provinces == {"01", "22"}

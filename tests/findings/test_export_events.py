"""`congvu export-events --format parquet --out DIR --province P`: the province's canonical events
for the national store, officials pseudonymised, read back by `congvu analyze DIR`."""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow.dataset as ds
import pytest
import time_machine
from django.core.management import CommandError, call_command

from congvu.findings.loaders import all_events_arrow
from congvu.tasks.models import TaskEvent
from tests.findings.world import NOW, build_world


@pytest.fixture
def world(province):
    with time_machine.travel(NOW, tick=False):
        yield build_world(province)


def test_the_export_is_partitioned_by_province_and_month_with_officials_pseudonymised(
    world, tmp_path: Path
):
    store = tmp_path / "store"

    call_command("export_events", "--out", str(store), "--province", "22", verbosity=0)

    months = sorted(path.name for path in (store / "province=22").iterdir())
    assert months and all(name.startswith("month=2026-") for name in months)
    exported = ds.dataset(store, format="parquet", partitioning="hive").to_table()
    assert exported.num_rows == all_events_arrow().num_rows
    assert exported.num_rows >= TaskEvent.objects.count()
    actors = {str(actor) for actor in TaskEvent.objects.values_list("actor_id", flat=True)}
    exported_actors = {value for value in exported.column("actor").to_pylist() if value}
    assert exported_actors and not exported_actors & actors
    assert all(value.startswith("p") and len(value) == 17 for value in exported_actors)


def test_congvu_analyze_reads_the_store_with_the_province_as_a_column(world, tmp_path: Path):
    store = tmp_path / "store"
    call_command("export_events", "--out", str(store), "--province", "22", verbosity=0)

    call_command("analyze", str(store), "--out", str(tmp_path / "out"), verbosity=0)

    with (tmp_path / "out" / "findings.csv").open(encoding="utf-8") as stream:
        findings = list(csv.DictReader(stream))
    assert findings
    assert {row["province"] for row in findings} == {"22"}
    bounced = {row["case_id"] for row in findings if row["kind"] == "ping_pong"}
    assert str(world.bounced.pk) in bounced


def test_a_province_code_that_does_not_exist_is_refused(db, tmp_path: Path):
    with pytest.raises(CommandError, match="not a province code"):
        call_command("export_events", "--out", str(tmp_path / "s"), "--province", "99")

    assert not (tmp_path / "s").exists()

"""The app's task log as the canonical event table, on DuckDB and on PostgreSQL, with one result."""

import pytest
import time_machine
from django.db import connection

from congvu.analytics.schema import arrow_schema
from congvu.findings.jobs import detect
from congvu.findings.loaders import events_arrow, load_duckdb, load_postgres
from congvu.tasks.models import TaskEvent
from tests.findings.world import NOW, build_world

IS_POSTGRES = connection.vendor == "postgresql"


@pytest.fixture
def world(province):
    with time_machine.travel(NOW, tick=False):
        yield build_world(province)


def column(table, name):
    return table.column(name).to_pylist()


def test_every_event_becomes_one_row_with_the_canonical_schema(world):
    table = events_arrow()

    assert table.schema == arrow_schema()
    assert table.num_rows == TaskEvent.objects.count()
    first = TaskEvent.objects.order_by("pk").first()
    row = next(row for row in table.to_pylist() if row["event_id"] == str(first.pk))
    assert row["case_id"] == str(first.task_id)
    assert row["activity"] == "create"
    assert row["actor"] == str(first.actor_id)
    assert row["to_unit"] == str(first.to_unit_id)
    assert row["field"] == "XD"
    assert row["position"] == 1
    assert row["reason"] is None


def test_payload_keys_become_the_optional_columns(world, province):
    table = events_arrow(TaskEvent.objects.filter(task=world.coordinated))
    by_activity = {row["activity"]: row for row in table.to_pylist()}

    asked, answered = by_activity["request_input"], by_activity["respond_input"]
    assert (
        asked["request_id"]
        == answered["request_id"]
        == str(world.coordinated.input_requests.get().pk)
    )
    assert str(asked["answer_due"]) == "2026-01-10"
    assert by_activity["assign"]["assignee"] == str(province.official.pk)
    escalated = events_arrow(TaskEvent.objects.filter(task=world.escalated)).to_pylist()
    assert [row["decision_kind"] for row in escalated if row["activity"] == "escalate"] == [
        "cap_phep_xay_dung"
    ]


def test_returns_keep_their_reason_and_other_events_have_none(world):
    table = events_arrow(TaskEvent.objects.filter(task=world.returned))

    assert dict(zip(column(table, "activity"), column(table, "reason"), strict=True)) == {
        "create": None,
        "return": "not_in_mandate",
    }


def test_reference_tables_name_mandates_and_the_holders_of_delegated_posts(world, province):
    log = load_duckdb()

    assert log.con.to_pyarrow(log.mandates).to_pylist() == [
        {"unit": str(province.construction.pk), "field": "XD"}
    ]
    holders = log.con.to_pyarrow(log.delegations).to_pylist()
    assert sorted(row["actor"] for row in holders) == sorted(
        [str(province.official.pk), str(province.colleague.pk)]
    )


def test_a_subset_of_tasks_loads_only_their_events(world):
    log = load_duckdb([world.bounced.pk])

    assert set(column(log.con.to_pyarrow(log.events), "case_id")) == {str(world.bounced.pk)}


def test_duckdb_finds_each_planted_case_of_the_world(world):
    found = {(row["kind"], row["case_id"]) for row in detect(load_duckdb(), as_of=NOW)}

    assert ("ping_pong", str(world.bounced.pk)) in found
    assert ("refusal", str(world.returned.pk)) in found
    assert ("escalation", str(world.escalated.pk)) in found
    assert ("stall", str(world.stalled.pk)) in found
    assert ("extension_chain", str(world.extended.pk)) in found
    assert ("slow_coordination", str(world.coordinated.pk)) in found
    assert ("rework", str(world.reworked.pk)) in found
    assert ("last_minute", str(world.reminded.pk)) in found
    assert not [kind for kind, case in found if case == str(world.clean.pk)]


@pytest.mark.skipif(not IS_POSTGRES, reason="the PostgreSQL engine needs DATABASE_URL=postgres://")
def test_postgres_and_duckdb_give_identical_findings(world):
    on_duckdb = detect(load_duckdb(), as_of=NOW)
    on_postgres = detect(load_postgres(), as_of=NOW)

    assert len(on_duckdb) >= 10
    assert on_postgres == on_duckdb


@pytest.mark.skipif(not IS_POSTGRES, reason="the PostgreSQL engine needs DATABASE_URL=postgres://")
def test_postgres_reads_the_same_canonical_events(world):
    log = load_postgres()

    on_postgres = log.con.to_pyarrow(log.events.order_by("event_id")).to_pylist()
    on_duckdb = events_arrow().sort_by("event_id").to_pylist()

    assert on_postgres == on_duckdb


@pytest.mark.skipif(not IS_POSTGRES, reason="the PostgreSQL engine needs DATABASE_URL=postgres://")
def test_the_job_stores_the_same_findings_on_either_engine(world):
    from congvu.findings.jobs import compute_findings
    from congvu.findings.models import Finding

    with time_machine.travel(NOW, tick=False):
        compute_findings(engine="duckdb")
        on_duckdb = set(Finding.objects.values_list("fingerprint", "severity", "evidence"))
        summary = compute_findings(engine="postgres", full=True)

    assert (summary.raised, summary.cleared) == (0, 0)
    assert set(Finding.objects.values_list("fingerprint", "severity", "evidence")) == on_duckdb

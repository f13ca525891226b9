"""The case-event kernel: every registered log is append-only in the model and the database, its
hash chain shows tampering, and `congvu verify` walks every log and names what broke."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, models, transaction

from congvu.core.errors import StaleWrite
from congvu.core.eventlog import (
    EventLog,
    allow_changes,
    log_named,
    log_of,
    next_event,
    record_event,
    registered_logs,
    seal_existing,
    verify_log,
)
from congvu.discipline.actions import hold_meeting, issue_notice, open_case
from congvu.discipline.rules import Form
from congvu.dossiers.actions import record_step
from congvu.findings.actions import apply_detection, explain_finding, review_finding
from congvu.innovation.actions import create_proposal, record_vote, submit
from congvu.investment.actions import schedule_stage, transfer_stage
from congvu.investment.models import Project, ProjectEvent, StageKind
from congvu.org.models import Post
from congvu.people.actions import record_objective_cause, review, self_assess
from congvu.rewards import actions as rewards
from congvu.tasks.actions import accept_task, assign_task
from congvu.tasks.models import Activity, Task, TaskEvent
from tests.dossiers.conftest import at, build_desk, sent
from tests.factories import Province, make_official, make_task, make_unit
from tests.findings.world import NOW, make_finding
from tests.investment.conftest import Investment, make_project

LOGS = registered_logs()
IS_POSTGRES = connection.vendor == "postgresql"


def by_name(log: EventLog) -> str:
    return log.name


def three_events_each(province: Province) -> dict[str, models.Model]:
    """One case with three events in every log, each written through its domain's actions."""
    task = make_task(province)
    accept_task(task, by=province.head)
    assign_task(task, to=province.official, by=province.head)

    desk = build_desk(province)
    dossier = sent(desk)
    record_step(dossier, by=province.official, note="Thẩm định hồ sơ", ts=at(2025, 10, 7))

    ban = make_unit("Ban Quản lý dự án đầu tư xây dựng tỉnh", parent=province.province_pc)
    director = make_official("Đặng Văn Khoa", unit=ban, role=Post.Role.HEAD)
    investment = Investment(province, ban, director, make_official("Lương Thị Ngọc", unit=ban))
    project = make_project(investment)
    stage = project.stages.get(kind=StageKind.BIDDING)
    transfer_stage(stage, by=director, to_unit=province.finance, reason="Sở Tài chính chủ trì")
    schedule_stage(
        stage, by=director, planned_start=dt.date(2026, 2, 1), planned_end=dt.date(2026, 5, 31)
    )

    with time_machine.travel(NOW, tick=False):
        finding = make_finding(task, unit=province.construction)
        explain_finding(finding, by=province.official, text="Chờ ý kiến Sở Tài chính")
        review_finding(finding, by=province.chair, decision="justified", note="Lý do chính đáng")
        # A nomination citing the justified signal the official explained: drafted, submitted,
        # reviewed (rewards.actions).
        nomination = rewards.nominate(
            by=province.head,
            nominee=province.official,
            unit=province.construction,
            year=NOW.year,
            criteria=["dare_responsibility"],
            achievements="Giải trình rõ, nhận trách nhiệm",
            evidence=[["finding", finding.pk]],
        )
        rewards.submit(nomination, by=province.head)
        rewards.review(nomination, by=province.head, supported=True, note="Nhất trí")

    deputy = make_official(
        "Trịnh Văn Khoa", unit=province.construction, role=Post.Role.HEAD, position="Phó Giám đốc"
    )
    proposal = create_proposal(
        by=deputy, unit=province.construction, title="Thí điểm", bottleneck="…", plan="…"
    )
    submit(proposal, by=deputy, head=province.head)
    record_vote(proposal, by=province.head, ballots={province.head.pk: True})

    case = open_case(
        by=province.head,
        official=province.official,
        unit=province.construction,
        handler=province.head,
        summary="Chậm trình hồ sơ",
        violation_on=dt.date(2026, 1, 5),
        warranted=Form.REPRIMAND,
        discovered_on=dt.date(2026, 2, 2),
    )
    issue_notice(case, by=province.head, on=dt.date(2026, 2, 3))
    hold_meeting(case, by=province.head, on=dt.date(2026, 2, 5))
    # A rating: self-assessment, the manager's review, an objective cause (people.actions).
    with time_machine.travel(NOW, tick=False):
        period = f"{NOW.year}-{NOW.month:02d}"
        points = [Decimal(9)] * 3
        rating = self_assess(province.official, period, points=points, note="")
        review(rating, by=province.head, points=points)
        record_objective_cause(
            rating, by=province.head, task_id=task.pk, kind="delay", reason="Chờ"
        )
    return {
        "task": task,
        "dossier": dossier,
        "project": project,
        "finding": finding,
        "proposal": proposal,
        "discipline": case,
        "rating": rating,
        "nomination": nomination,
    }


@pytest.fixture
def cases(province: Province) -> dict[str, models.Model]:
    return three_events_each(province)


def table(log: EventLog) -> str:
    return connection.ops.quote_name(log.model._meta.db_table)


def tamper(log: EventLog, sql: str, params: list[Any]) -> None:
    """Play a tamperer with the database owner's rights (undone when the test rolls back)."""
    allow_changes(log.model)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def verify_output(capsys: pytest.CaptureFixture[str]) -> tuple[bool, str]:
    try:
        call_command("verify")
    except CommandError:
        return False, capsys.readouterr().out
    return True, capsys.readouterr().out


def test_the_four_case_logs_are_registered():
    assert {log.name for log in LOGS} >= {"task", "dossier", "project", "finding"}
    assert {log.case_model for log in LOGS} >= {Task, Project}


@pytest.mark.parametrize("log", LOGS, ids=by_name)
def test_every_log_is_written_as_a_chain(cases, log):
    case = cases[log.name]

    events = list(log.model.objects.filter(**{log.case_field: case}).order_by("seq"))

    assert [event.seq for event in events] == [1, 2, 3]
    assert events[0].prev_hash == ""
    assert [event.prev_hash for event in events[1:]] == [event.hash for event in events[:2]]
    case.refresh_from_db()
    assert (case.event_count, case.last_event_hash) == (3, events[2].hash)
    assert verify_log(log).breaks == []


@pytest.mark.parametrize("log", LOGS, ids=by_name)
def test_the_model_refuses_to_change_or_delete_an_event(cases, log):
    event = log.model.objects.filter(**{log.case_field: cases[log.name]}).first()
    event.note = "sửa lại"

    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        log.model.objects.filter(pk=event.pk).update(note="x")
    with pytest.raises(TypeError):
        log.model.objects.filter(pk=event.pk).delete()


@pytest.mark.parametrize("log", LOGS, ids=by_name)
def test_the_database_refuses_an_update_behind_the_models_back(cases, log):
    case = cases[log.name]

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table(log)} SET note = 'x' WHERE {log.case_attname} = %s", [case.pk]
        )

    assert not log.model.objects.filter(note="x").exists()


@pytest.mark.parametrize("log", LOGS, ids=by_name)
def test_the_database_refuses_a_delete_behind_the_models_back(cases, log):
    case = cases[log.name]

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table(log)} WHERE {log.case_attname} = %s", [case.pk])

    assert log.model.objects.filter(**{log.case_field: case}).count() == 3


@pytest.mark.skipif(not IS_POSTGRES, reason="TRUNCATE is PostgreSQL's (SQLite has none)")
@pytest.mark.parametrize("log", LOGS, ids=by_name)
def test_postgresql_refuses_to_truncate(cases, log):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {table(log)} CASCADE")

    assert log.model.objects.count() >= 3


def test_verify_prints_one_line_per_log(cases, capsys):
    intact, out = verify_output(capsys)

    lines = out.splitlines()
    assert intact
    assert len(lines) == len(LOGS)
    for log, line in zip(LOGS, lines, strict=True):
        events = log.model.objects.count()
        cases_ = log.case_model._default_manager.count()
        assert line == (
            f"{log.name} ({log.model._meta.verbose_name_plural}): đã kiểm tra {events} sự kiện "
            f"của {cases_} vụ việc, nguyên vẹn."
        )


EDITS = {
    "note": ("note", "đã sửa"),
    "ts": ("ts", dt.datetime(2020, 1, 1, tzinfo=dt.UTC)),
    "actor": ("actor_id", None),
}


@pytest.mark.parametrize("column", EDITS)
@pytest.mark.parametrize("log", LOGS, ids=by_name)
def test_an_edited_event_makes_verify_fail_naming_log_case_and_event(cases, log, column, capsys):
    case = cases[log.name]
    event = log.model.objects.get(**{log.case_field: case, "seq": 2})
    name, value = EDITS[column]
    attname = log.model._meta.get_field(name.removesuffix("_id")).column
    tamper(
        log,
        f"UPDATE {table(log)} SET {attname} = %s WHERE id = %s",
        [connection.ops.adapt_datetimefield_value(value) if column == "ts" else value, event.pk],
    )

    intact, out = verify_output(capsys)

    assert not intact
    broken = [line.strip() for line in out.splitlines() if line.startswith("  ")]
    assert len(broken) == 1
    assert broken[0].startswith(f"{log.name} {log.case_value(case)}, sự kiện 2 (id {event.pk}): ")
    assert event.hash[:12] in broken[0]
    report = verify_log(log)
    assert [(b.case_id, b.seq, b.event_id, b.problem) for b in report.breaks] == [
        (case.pk, 2, event.pk, "altered")
    ]


def test_a_project_events_domain_column_is_sealed(cases):
    log = log_named("project")
    event = ProjectEvent.objects.get(project=cases["project"], seq=2)
    tamper(log, f"UPDATE {table(log)} SET stage = 'construction' WHERE id = %s", [event.pk])

    report = verify_log(log)

    assert [(b.seq, b.problem) for b in report.breaks] == [(2, "altered")]


@pytest.mark.parametrize("log", LOGS, ids=by_name)
def test_a_removed_event_is_caught_as_a_gap(cases, log, capsys):
    case = cases[log.name]
    third = log.model.objects.get(**{log.case_field: case, "seq": 3})
    tamper(log, f"DELETE FROM {table(log)} WHERE {log.case_attname} = %s AND seq = 2", [case.pk])

    intact, out = verify_output(capsys)

    assert not intact
    assert f"{log.name} {log.case_value(case)}, sự kiện id {third.pk}: " in out
    assert [(b.case_id, b.seq, b.problem, b.expected) for b in verify_log(log).breaks] == [
        (case.pk, 3, "gap", "2")
    ]


@pytest.mark.parametrize("log", LOGS, ids=by_name)
def test_a_removed_last_event_is_caught_by_the_cases_head(cases, log, capsys):
    case = cases[log.name]
    tamper(log, f"DELETE FROM {table(log)} WHERE {log.case_attname} = %s AND seq = 3", [case.pk])

    intact, out = verify_output(capsys)

    assert not intact
    assert f"{log.name} {log.case_value(case)}: " in out
    assert [(b.case_id, b.seq, b.problem) for b in verify_log(log).breaks] == [(case.pk, 3, "head")]


def test_a_rewritten_link_is_caught(cases):
    log = log_named("task")
    task = cases["task"]
    tamper(
        log,
        f"UPDATE {table(log)} SET prev_hash = 'abc' WHERE task_id = %s AND seq = 3",
        [task.pk],
    )

    assert [(b.seq, b.problem) for b in verify_log(log).breaks] == [(3, "link")]


def test_a_stale_write_is_refused_with_the_logs_message_and_nothing_is_written(province):
    task = make_task(province)
    other = Task.objects.get(pk=task.pk)
    accept_task(other, by=province.head)

    with pytest.raises(StaleWrite) as refused:
        record_event(task, Activity.REMIND, actor=province.head, unit=province.office)

    assert "Nhiệm vụ này" in str(refused.value)
    assert TaskEvent.objects.filter(task=task).count() == 2
    assert verify_log(log_of(task)).breaks == []


def test_next_event_seals_without_writing(province):
    task = make_task(province)

    event = next_event(task, Activity.REMIND, actor=province.head, unit=province.office)

    assert (event.seq, event.due, event.prev_hash) == (2, task.due, task.events.get().hash)
    assert task.event_count == 2 and task.last_event_hash == event.hash
    assert TaskEvent.objects.filter(task=task).count() == 1


def test_the_data_migration_chains_events_written_before_the_chain(cases):
    log = log_named("project")
    project = cases["project"]
    tamper(log, f"UPDATE {table(log)} SET prev_hash = '', hash = ''", [])
    Project.objects.filter(pk=project.pk).update(last_event_hash="")
    assert [b.problem for b in verify_log(log).breaks] == ["altered"]

    seal_existing(ProjectEvent, log="project", case_field="project")

    assert verify_log(log).breaks == []
    project.refresh_from_db()
    assert project.last_event_hash == ProjectEvent.objects.get(project=project, seq=3).hash


def test_a_recomputation_chains_the_findings_it_clears_and_raises_again(province):
    task = make_task(province)
    finding = make_finding(task, unit=province.construction)
    row = {
        "kind": finding.kind,
        "case_id": str(task.pk),
        "unit": str(province.construction.pk),
        "actor": None,
        "severity": "medium",
        "ts": finding.ts,
        "evidence": finding.evidence,
        "detail": finding.detail,
    }

    apply_detection([], examined={str(task.pk)}, as_of=NOW)
    apply_detection([row], examined={str(task.pk)}, as_of=NOW + dt.timedelta(days=1))

    finding.refresh_from_db()
    history = list(finding.events.values_list("seq", "activity"))
    assert history == [(1, "raised"), (2, "cleared"), (3, "raised")]
    assert finding.last_event_hash == finding.events.get(seq=3).hash
    assert verify_log(log_named("finding")).breaks == []

"""The permission matrix: every API endpoint for every role of the `province` cast.

A role that may act gets its answer; any other gets 403 when it may see the task and 404 when it
may not, and nothing is written (the task's version and event count stay as they were).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from congvu.org.models import Post
from congvu.tasks.actions import (
    accept_task,
    approve_task,
    assign_task,
    complete_task,
    escalate_task,
    request_extension,
    request_input,
)
from congvu.tasks.models import Task, TaskEvent
from tests.api.conftest import ROLES
from tests.factories import Province, make_official, make_task

# Who can see the standard task: everyone but the ward official.
CAN_SEE = set(ROLES) - {"outsider"}
LEAD = {"chair", "head", "official", "colleague"}  # the lead unit, its head and the leader above
ASSIGNER = {"chair", "clerk"}  # the office that assigned it and the supervising chair
COORDINATING = {"chair", "finance_official", "finance_head"}


def in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


@dataclass
class World:
    province: Province
    task: Task
    deputy: Any  # a vice-chair the official escalates to
    prepared: Any = None  # what a case's `prepare` returned, for its payload


def new_task(world: World) -> dict[str, Any]:
    return {}


def in_progress(world: World) -> Task:
    p = world.province
    accept_task(world.task, by=p.head)
    return assign_task(world.task, to=p.official, by=p.head)


def with_input_request(world: World) -> dict[str, Any]:
    in_progress(world)
    p = world.province
    asked = request_input(
        world.task,
        to_unit=p.finance,
        question="Cho ý kiến về nguồn vốn",
        answer_due=in_days(5),
        by=p.official,
    )
    return {"request_id": asked.pk, "answer": "Đồng ý bố trí vốn năm sau"}


def with_extension_request(world: World) -> dict[str, Any]:
    in_progress(world)
    asked = request_extension(
        world.task, by=world.province.official, new_due=in_days(60), reason="Chờ số liệu quy hoạch"
    )
    return {"request_id": asked.pk}


def with_escalation(world: World) -> dict[str, Any]:
    in_progress(world)
    asked = escalate_task(
        world.task, by=world.province.official, to=world.deputy, question="Xin ý kiến chỉ đạo"
    )
    return {"escalation_id": asked.pk, "answer": "Thống nhất phương án 2"}


def completed(world: World) -> Task:
    in_progress(world)
    return complete_task(world.task, by=world.province.official, result="Đã ban hành báo cáo")


@dataclass(frozen=True)
class Case:
    """One write endpoint: how to bring the task to a state where it applies, what to send, and
    who may call it."""

    path: str
    allowed: frozenset[str]
    prepare: Callable[[World], Any]
    payload: Callable[[World], dict[str, Any]]


def _static(**values: Any) -> Callable[[World], dict[str, Any]]:
    return lambda world: dict(values)


CASES = {
    "accept": Case("accept", frozenset({"chair", "head"}), new_task, _static(note="Tiếp nhận")),
    "assign": Case(
        "assign",
        frozenset({"chair", "head"}),
        in_progress,
        lambda w: {"official_id": w.province.colleague.pk},
    ),
    "progress": Case(
        "progress", frozenset(LEAD), in_progress, _static(percent=40, note="Đã khảo sát hiện trạng")
    ),
    "request-input": Case(
        "request-input",
        frozenset(LEAD),
        in_progress,
        lambda w: {
            "unit_id": w.province.finance.pk,
            "question": "Cho ý kiến về nguồn vốn",
            "answer_due": in_days(7).isoformat(),
        },
    ),
    "respond-input": Case(
        "respond-input", frozenset(COORDINATING), with_input_request, lambda w: w.prepared
    ),
    "request-extension": Case(
        "request-extension",
        frozenset(LEAD),
        in_progress,
        lambda w: {"new_due": in_days(90).isoformat(), "reason": "Chờ ý kiến bộ ngành"},
    ),
    "grant-extension": Case(
        "grant-extension", frozenset(ASSIGNER), with_extension_request, lambda w: w.prepared
    ),
    "refuse-extension": Case(
        "refuse-extension",
        frozenset(ASSIGNER),
        with_extension_request,
        lambda w: w.prepared | {"note": "Nhiệm vụ cấp bách, không gia hạn"},
    ),
    "transfer": Case(
        "transfer",
        frozenset(LEAD | ASSIGNER),
        in_progress,
        lambda w: {"to_unit_id": w.province.ward.pk, "reason": "Thuộc thẩm quyền phường"},
    ),
    "return": Case(
        "return", frozenset(LEAD), in_progress, _static(reason="not_in_mandate", note="")
    ),
    "decline": Case(
        "decline", frozenset(COORDINATING), in_progress, _static(reason="missing_information")
    ),
    "escalate": Case(
        "escalate",
        frozenset(LEAD),
        in_progress,
        lambda w: {"to_official_id": w.deputy.pk, "question": "Xin ý kiến chỉ đạo"},
    ),
    "answer-escalation": Case(
        "answer-escalation",
        frozenset(ASSIGNER | {"head"}),
        with_escalation,
        lambda w: w.prepared,
    ),
    "approve": Case("approve", frozenset(ASSIGNER), completed, _static(note="Đạt yêu cầu")),
    "send-back": Case(
        "send-back", frozenset(ASSIGNER), completed, _static(note="Bổ sung số liệu quý III")
    ),
    "reopen": Case(
        "reopen",
        frozenset(ASSIGNER),
        lambda w: approve_task(completed(w), by=w.province.clerk),
        _static(note="Phát sinh yêu cầu mới"),
    ),
    "cancel": Case("cancel", frozenset(ASSIGNER), in_progress, _static(note="Không còn cần thiết")),
    "remind": Case(
        "remind", frozenset(ASSIGNER | {"head"}), in_progress, _static(note="Đề nghị khẩn trương")
    ),
}


@pytest.fixture
def world(province: Province) -> World:
    deputy = make_official(
        "Nguyễn Thị Hạnh", unit=province.province_pc, role=Post.Role.LEADER, position="Phó Chủ tịch"
    )
    task = make_task(province, coordinating_units=[province.finance], supervisor=province.chair)
    return World(province, task, deputy)


def _expected(allowed: frozenset[str], role: str) -> int:
    if role in allowed:
        return 200
    return 403 if role in CAN_SEE else 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(CASES))
def test_write_endpoint_for_role(world, api_as, name, role):
    case = CASES[name]
    world.prepared = case.prepare(world)
    payload = case.payload(world)
    before = Task.objects.get(pk=world.task.pk)
    events_before = TaskEvent.objects.count()

    response = api_as(role).post(
        f"/tasks/{world.task.pk}/{case.path}", payload | {"version": before.version}
    )

    expected = _expected(case.allowed, role)
    assert response.status_code == expected, response.content
    after = Task.objects.get(pk=world.task.pk)
    if expected == 200:
        assert TaskEvent.objects.count() == events_before + 1
        assert after.version == before.version + 1
        assert response.json()["version"] == after.version
    else:
        assert response.json()["code"] == {403: "forbidden", 404: "not_found"}[expected]
        assert TaskEvent.objects.count() == events_before
        assert after.version == before.version


@pytest.mark.parametrize("role", ROLES)
def test_complete_with_files_for_role(world, api_as, role, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    in_progress(world)
    events_before = TaskEvent.objects.count()
    upload = tmp_path / "bao-cao.txt"
    upload.write_text("Báo cáo kết quả rà soát")

    with upload.open("rb") as handle:
        response = api_as(role).post_form(
            f"/tasks/{world.task.pk}/complete",
            {"result": "Đã hoàn thành rà soát", "files": [handle]},
        )

    expected = _expected(frozenset(LEAD), role)
    assert response.status_code == expected, response.content
    assert TaskEvent.objects.count() == events_before + (1 if expected == 200 else 0)


@pytest.mark.parametrize("role", ROLES)
def test_create_for_role(province, api_as, role):
    tasks_before = Task.objects.count()

    response = api_as(role).post(
        "/tasks",
        {
            "title": "Báo cáo tiến độ giải phóng mặt bằng",
            "lead_unit_id": province.construction.pk,
            "field_id": province.field.pk,
            "due": in_days(20).isoformat(),
            "coordinating_unit_ids": [province.finance.pk],
        },
    )

    allowed = role in ("chair", "clerk")
    assert response.status_code == (201 if allowed else 403), response.content
    assert Task.objects.count() == tasks_before + (1 if allowed else 0)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", ["", "/events"])
def test_reading_a_task_for_role(world, api_as, role, path):
    response = api_as(role).get(f"/tasks/{world.task.pk}{path}")

    assert response.status_code == (200 if role in CAN_SEE else 404)


@pytest.mark.parametrize("role", ROLES)
def test_the_task_list_holds_the_task_only_for_those_who_may_see_it(world, api_as, role):
    response = api_as(role).get("/tasks")

    assert response.status_code == 200
    ids = [item["id"] for item in response.json()["items"]]
    assert ids == ([world.task.pk] if role in CAN_SEE else [])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", ["/overview", "/units", "/officials", "/me"])
def test_every_role_reads_the_organisation_and_its_overview(world, api_as, role, path):
    response = api_as(role).get(path)

    assert response.status_code == 200


def test_an_official_cannot_act_on_another_units_task(world, api_as):
    in_progress(world)

    response = api_as("finance_official").post(
        f"/tasks/{world.task.pk}/progress", {"percent": 90, "note": "Đã xong"}
    )

    assert response.status_code == 403
    assert world.task.events.count() == 3


def test_a_coordinating_unit_answers_a_request_for_input(world, api_as):
    payload = with_input_request(world)

    response = api_as("finance_official").post(f"/tasks/{world.task.pk}/respond-input", payload)

    assert response.status_code == 200
    answered = response.json()["input_requests"][0]
    assert answered["status"] == "answered"
    assert answered["answered_by"]["full_name"] == "Vũ Thị Lan"
    assert world.task.events.order_by("-seq").first().activity == "respond_input"


def test_the_inspector_reads_everything_and_writes_nothing(world, api_as):
    other = make_task(world.province, lead_unit=world.province.ward, title="Thu hồi đất dự án")

    listed = api_as("inspector").get("/tasks").json()
    refused = api_as("inspector").post(f"/tasks/{other.pk}/remind", {"note": "Khẩn trương"})

    assert sorted(item["id"] for item in listed["items"]) == sorted([world.task.pk, other.pk])
    assert refused.status_code == 403
    assert other.events.count() == 1

"""Permissions the API alone has: lists, the organisation, the refusal's JSON. The (role × action)
table of every write endpoint, the reads and the rules on whom an action may name are checked
through the API and the pages alike, in tests/test_permissions.py."""

from __future__ import annotations

import pytest

from tests import permissions as table
from tests.api.conftest import ROLES
from tests.factories import make_task


def test_the_refusal_of_an_escalation_says_why_in_vietnamese(province, api_as):
    world = table.build_world(province)
    table.in_progress(world)

    response = api_as("official").post(
        f"/tasks/{world.task.pk}/escalate",
        {"to_official_id": province.finance_head.pk, "question": "Xin ý kiến"},
    )

    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "forbidden"
    assert "Hoàng Văn Nam" in body["message"]
    assert body["errors"] == []


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", ["/units", "/officials", "/me"])
def test_every_role_reads_the_organisation(province, api_as, role, path):
    response = api_as(role).get(path)

    assert response.status_code == 200


@pytest.fixture
def world(province):
    return table.build_world(province)


@pytest.mark.parametrize("role", ROLES)
def test_the_task_list_holds_the_task_only_for_those_who_may_see_it(world, api_as, role):
    response = api_as(role).get("/tasks")

    assert response.status_code == 200
    ids = [item["id"] for item in response.json()["items"]]
    assert ids == ([world.task.pk] if role in table.SEES_TASK else [])


def test_an_official_cannot_act_on_another_units_task(world, api_as):
    table.in_progress(world)

    response = api_as("finance_official").post(
        f"/tasks/{world.task.pk}/progress", {"percent": 90, "note": "Đã xong"}
    )

    assert response.status_code == 403
    assert world.task.events.count() == 3


def test_a_coordinating_unit_answers_a_request_for_input(world, api_as):
    table.with_input_request(world)
    payload = {"request_id": world.prepared["request"], "answer": "Đồng ý bố trí vốn năm sau"}

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

"""Every refusal is JSON `{code, message, errors}` with a Vietnamese message by default."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from congvu.tasks.actions import accept_task, assign_task, report_progress
from congvu.tasks.models import Task
from tests.factories import make_task


def in_days(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def test_a_stale_version_is_a_409_and_nothing_is_written(province, api_as):
    task = make_task(province)
    read = api_as("head").get(f"/tasks/{task.pk}").json()
    accept_task(task, by=province.head)  # someone else acts in between

    response = api_as("head").post(
        f"/tasks/{task.pk}/assign",
        {"official_id": province.official.pk, "version": read["version"]},
    )

    assert response.status_code == 409
    with translation.override("vi"):
        message = gettext(
            "This task was changed by someone else a moment ago. Reload it and try again."
        )
    assert message.startswith("Nhiệm vụ này")
    assert response.json() == {"code": "stale", "message": message, "errors": []}
    task.refresh_from_db()
    assert task.assignee is None
    assert task.event_count == 2


def test_the_current_version_or_none_goes_through(province, api_as):
    task = make_task(province)

    with_version = api_as("head").post(f"/tasks/{task.pk}/accept", {"version": 1})
    without = api_as("head").post(f"/tasks/{task.pk}/assign", {"official_id": province.official.pk})

    assert with_version.status_code == 200
    assert with_version.json()["version"] == 2
    assert without.status_code == 200
    assert without.json()["version"] == 3


def test_a_write_racing_another_is_refused_by_the_action(province, api_as, monkeypatch):
    # Both requests read version 3; the second to write finds the row changed and gets 409.
    task = make_task(province)
    accept_task(task, by=province.head)
    assign_task(task, to=province.official, by=province.head)
    from congvu.api import tasks as api_tasks

    fetch = api_tasks._fetch

    def fetch_then_lose_the_race(request, task_id, version):
        found = fetch(request, task_id, version)
        report_progress(Task.objects.get(pk=task_id), by=province.head, percent=10, note="Họp")
        return found

    monkeypatch.setattr(api_tasks, "_fetch", fetch_then_lose_the_race)

    response = api_as("official").post(
        f"/tasks/{task.pk}/progress", {"percent": 50, "note": "Xong khảo sát", "version": 3}
    )

    assert response.status_code == 409
    assert response.json()["code"] == "stale"
    task.refresh_from_db()
    assert task.progress_percent == 10


def test_an_illegal_transition_is_422_illegal_state(province, api_as):
    task = make_task(province)

    response = api_as("official").post_form(f"/tasks/{task.pk}/complete", {"result": "Đã xong"})

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "illegal_state"
    assert body["message"]  # the action's own sentence
    assert body["errors"] == []
    assert Task.objects.get(pk=task.pk).event_count == 1


def test_a_refused_action_keeps_its_code(province, api_as):
    task = make_task(province)
    accept_task(task, by=province.head)

    response = api_as("official").post(
        f"/tasks/{task.pk}/request-extension", {"new_due": in_days(-5), "reason": "Chờ số liệu"}
    )

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


def test_bad_input_is_422_with_field_names(province, api_as):
    task = make_task(province)
    accept_task(task, by=province.head)

    response = api_as("official").post(
        f"/tasks/{task.pk}/progress", {"percent": 150, "version": "mới nhất"}
    )

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["message"] == "Một số trường không hợp lệ."
    assert {e["field"]: e["message"] for e in body["errors"]} == {
        "percent": "Nhập giá trị không lớn hơn 100.",
        "note": "Trường này là bắt buộc.",
        "version": "Nhập một số nguyên.",
    }


def test_bad_query_parameters_are_422_with_field_names(province, api_as):
    response = api_as("head").get("/tasks", category="sap_het_han", due_within="x")

    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"category", "due_within"}


def test_a_body_that_is_not_json_is_400_invalid(province, api_as):
    task = make_task(province)

    response = api_as("head").client.post(
        f"/api/v1/tasks/{task.pk}/accept", "{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "message": "Nội dung yêu cầu không phải JSON hợp lệ.",
        "errors": [],
    }


def test_missing_and_invisible_tasks_get_the_same_404(province, api_as):
    hidden = make_task(province)

    invisible = api_as("outsider").get(f"/tasks/{hidden.pk}")
    missing = api_as("outsider").get("/tasks/987654")

    assert invisible.status_code == missing.status_code == 404
    assert (
        invisible.json()
        == missing.json()
        == {
            "code": "not_found",
            "message": "Không tìm thấy, hoặc bạn không có quyền xem.",
            "errors": [],
        }
    )


def test_forbidden_is_403_json(province, api_as):
    task = make_task(province)

    response = api_as("official").post(f"/tasks/{task.pk}/accept", {})

    assert response.status_code == 403
    assert response.json() == {
        "code": "forbidden",
        "message": "Bạn không có quyền thực hiện thao tác này.",
        "errors": [],
    }


def test_messages_follow_accept_language(province, api_as):
    task = make_task(province)
    client = api_as("official").client

    response = client.post(
        f"/api/v1/tasks/{task.pk}/accept",
        {},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.json()["message"] == "You are not allowed to do this."


def test_unauthenticated_is_401_json():
    response = Client().get("/api/v1/me")

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_an_unknown_decision_kind_is_422_naming_the_field(province, api_as):
    from congvu.org.models import DecisionKind

    DecisionKind.objects.create(code="construction_permit", name="Cấp giấy phép xây dựng")
    task = make_task(province)
    accept_task(task, by=province.head)
    client = api_as("official")

    refused = client.post(
        f"/tasks/{task.pk}/escalate",
        {"to_official_id": province.head.pk, "question": "Xin ý kiến", "decision_kind": "khac"},
    )
    known = client.post(
        f"/tasks/{task.pk}/escalate",
        {
            "to_official_id": province.head.pk,
            "question": "Xin ý kiến",
            "decision_kind": "construction_permit",
        },
    )

    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["decision_kind"]
    assert known.status_code == 200, known.json()
    assert Task.objects.get(pk=task.pk).escalations.get().decision_kind == "construction_permit"

"""The API grants a late extension only with its reason, and lists each task's counted deadline
(issue 10, items 2 and 3)."""

from __future__ import annotations

import datetime as dt

import time_machine

from congvu.tasks.actions import accept_task, assign_task, request_extension
from tests.factories import make_task


def test_a_late_grant_needs_late_reason_and_the_list_keeps_the_deadline_it_missed(province, api_as):
    with time_machine.travel(dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC), tick=False):
        task = make_task(province, due=dt.date(2026, 3, 10))
        accept_task(task, by=province.head)
        assign_task(task, to=province.official, by=province.head)
        request = request_extension(
            task, by=province.official, new_due=dt.date(2026, 3, 31), reason="Chờ ý kiến Bộ"
        )
    task.refresh_from_db()
    with time_machine.travel(dt.datetime(2026, 3, 12, 2, 0, tzinfo=dt.UTC), tick=False):
        path = f"/tasks/{task.pk}/grant-extension"
        refused = api_as("clerk").post(path, {"version": task.version, "request_id": request.pk})
        granted = api_as("clerk").post(
            path,
            {"version": task.version, "request_id": request.pk, "late_reason": "Bộ trả lời chậm"},
        )
        listed = api_as("clerk").get("/tasks", as_of="2026-03-12").json()
        # Looking back to 11/03, before the grant: the same category, the same deadline.
        before = api_as("clerk").get("/tasks", as_of="2026-03-11").json()

    assert refused.status_code == 422
    assert refused.json()["code"] == "invalid"
    assert "gia hạn muộn" in str(refused.json())
    assert granted.status_code == 200
    assert granted.json()["due"] == "2026-03-31"
    for body in (listed, before):
        item = next(i for i in body["items"] if i["id"] == task.pk)
        assert (item["due_counted"], item["category"]) == ("2026-03-10", "open_overdue")

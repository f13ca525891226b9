"""Granting an extension from the task page: once the deadline in force has passed, the form asks
for the reason it is granted late, and the grant is refused without one (issue 10, item 3)."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse

from congvu.tasks.actions import accept_task, assign_task, request_extension
from congvu.tasks.models import Task
from tests.factories import make_task

DUE = dt.date(2026, 3, 10)


def _requested(province) -> Task:
    with time_machine.travel(dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC), tick=False):
        task = make_task(province, due=DUE)
        accept_task(task, by=province.head)
        assign_task(task, to=province.official, by=province.head)
        request_extension(
            task, by=province.official, new_due=dt.date(2026, 3, 31), reason="Chờ ý kiến Bộ"
        )
    task.refresh_from_db()
    return task


def _grant(client, task, **fields):
    request = task.extension_requests.get()
    return client.post(
        reverse("task_action", args=[task.pk, "grant_extension"]),
        {"version": task.version, "request": request.pk, "note": "", **fields},
    )


def test_before_the_deadline_the_form_asks_no_late_reason(province, login):
    task = _requested(province)
    with time_machine.travel(dt.datetime(2026, 3, 9, 2, 0, tzinfo=dt.UTC), tick=False):
        page = login(province.clerk).get(reverse("task_detail", args=[task.pk])).content.decode()

    assert reverse("task_action", args=[task.pk, "grant_extension"]) in page
    assert "Lý do gia hạn muộn" not in page


def test_after_the_deadline_the_form_asks_the_reason_and_refuses_without_it(province, login):
    task = _requested(province)
    with time_machine.travel(dt.datetime(2026, 3, 12, 2, 0, tzinfo=dt.UTC), tick=False):
        client = login(province.clerk)
        page = client.get(reverse("task_detail", args=[task.pk])).content.decode()
        refused = _grant(client, task)
        task.refresh_from_db()
        due_after_refusal = task.due
        granted = _grant(client, task, late_reason="Bộ trả lời chậm")

    assert reverse("task_action", args=[task.pk, "grant_extension"]) in page
    assert "Lý do gia hạn muộn" in page
    assert "không làm nhiệm vụ quá hạn trở thành đúng hạn" in page
    assert refused.status_code != 303
    assert due_after_refusal == DUE
    assert granted.status_code == 303
    task.refresh_from_db()
    assert task.due == dt.date(2026, 3, 31)
    event = task.events.order_by("seq").last()
    assert (event.payload["late"], event.payload["late_reason"]) == (True, "Bộ trả lời chậm")
    with time_machine.travel(dt.datetime(2026, 3, 13, 2, 0, tzinfo=dt.UTC), tick=False):
        response = login(province.clerk).get(reverse("task_detail", args=[task.pk]))
    assert response.status_code == 200, response.status_code
    detail = response.content.decode()
    assert "Được đánh giá theo hạn 10/03/2026" in detail
    assert "Gia hạn muộn" in detail and "Bộ trả lời chậm" in detail
    assert "Quá hạn 3 ngày" in detail  # judged by 10/03, not by the new 31/03


def test_an_official_who_may_not_decide_cannot_grant_late_either(province, login):
    task = _requested(province)
    with time_machine.travel(dt.datetime(2026, 3, 12, 2, 0, tzinfo=dt.UTC), tick=False):
        response = _grant(login(province.official), task, late_reason="Tự gia hạn")

    assert response.status_code in (403, 404)
    task.refresh_from_db()
    assert task.due == DUE


def test_my_work_offers_no_quick_grant_once_the_deadline_has_passed(province, login):
    task = _requested(province)
    action = reverse("task_action", args=[task.pk, "grant_extension"])
    with time_machine.travel(dt.datetime(2026, 3, 9, 2, 0, tzinfo=dt.UTC), tick=False):
        in_time = login(province.clerk).get(reverse("my_work")).content.decode()
    with time_machine.travel(dt.datetime(2026, 3, 12, 2, 0, tzinfo=dt.UTC), tick=False):
        late = login(province.clerk).get(reverse("my_work")).content.decode()

    assert action in in_time
    assert action not in late
    assert "Gia hạn muộn: cần ghi lý do tại trang nhiệm vụ" in late

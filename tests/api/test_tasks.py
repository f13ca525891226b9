"""Task endpoints: lists and their filters, detail, the timeline, creation, the overview."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from congvu.core.eventlog import event_hash
from congvu.org.actions import merge_units
from congvu.org.models import Unit
from congvu.tasks.actions import (
    accept_task,
    approve_task,
    assign_task,
    cancel_task,
    complete_task,
    escalate_task,
    request_extension,
    request_input,
    transfer_task,
)
from congvu.tasks.models import TaskEvent
from tests.factories import make_field, make_task, make_unit

TODAY = dt.date(2025, 10, 15)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(dt.datetime(2025, 10, 15, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_the_list_is_sorted_by_deadline_and_paginated(province, api_as):
    later = make_task(province, due=days(30), title="Lập kế hoạch đầu tư công trung hạn")
    sooner = make_task(province, due=days(3), title="Báo cáo giải ngân tháng 10")
    middle = make_task(province, due=days(10), title="Rà soát thủ tục hành chính")

    first = api_as("head").get("/tasks", page_size=2).json()
    second = api_as("head").get("/tasks", page_size=2, page=2).json()

    assert [t["id"] for t in first["items"]] == [sooner.pk, middle.pk]
    assert [t["id"] for t in second["items"]] == [later.pk]
    assert first["count"] == second["count"] == 3
    assert first["as_of"] == "2025-10-15"
    item = first["items"][0]
    assert item["title"] == "Báo cáo giải ngân tháng 10"
    assert item["due"] == "2025-10-18"
    assert item["status"] == "new"
    assert item["status_label"]
    assert item["category"] == "open_on_time"
    assert item["lead_unit"]["name"] == "Sở Xây dựng"
    assert item["created_at"].startswith("2025-10-15T")


def test_search_ignores_diacritics(province, api_as):
    wanted = make_task(province, title="Chỉnh trang đô thị phường Hạ Long")
    make_task(province, title="Kiểm tra an toàn thực phẩm")

    assert ids(api_as("head").get("/tasks", q="ha long")) == [wanted.pk]
    assert ids(api_as("head").get("/tasks", q="HẠ LONG")) == [wanted.pk]
    assert ids(api_as("head").get("/tasks", q="do thi")) == [wanted.pk]


def test_filters_by_status_field_and_category(province, api_as):
    done = make_task(province, due=days(5), title="Hoàn thành")
    accept_task(done, by=province.head)
    assign_task(done, to=province.official, by=province.head)
    complete_task(done, by=province.official, result="Xong")
    approve_task(done, by=province.clerk)
    other_field = make_task(province, field=make_field("DD", "Đất đai"), title="Đất đai")
    with time_machine.travel(dt.datetime(2025, 10, 1, 9, tzinfo=dt.UTC), tick=False):
        late = make_task(province, due=dt.date(2025, 10, 10), title="Quá hạn")

    head = api_as("head")
    assert ids(head.get("/tasks", status="done")) == [done.pk]
    assert sorted(ids(head.get("/tasks", status=["new", "done"]))) == sorted(
        [done.pk, other_field.pk, late.pk]
    )
    assert ids(head.get("/tasks", field=other_field.field_id)) == [other_field.pk]
    assert ids(head.get("/tasks", category="done_on_time")) == [done.pk]
    assert ids(head.get("/tasks", category="open_overdue")) == [late.pk]
    # As of 9 October the late task was still within its deadline.
    assert ids(head.get("/tasks", category="open_overdue", as_of="2025-10-09")) == []


def test_overdue_and_due_within(province, api_as):
    with time_machine.travel(dt.datetime(2025, 10, 1, 9, tzinfo=dt.UTC), tick=False):
        late = make_task(province, due=dt.date(2025, 10, 10), title="Quá hạn")
    soon = make_task(province, due=days(3), title="Sắp đến hạn")
    make_task(province, due=days(40), title="Còn xa")

    assert ids(api_as("head").get("/tasks", overdue=True)) == [late.pk]
    assert ids(api_as("head").get("/tasks", due_within=7)) == [soon.pk]


def test_unit_filter_follows_sub_units_mergers_and_lead_or_coordinating(province, api_as):
    led = make_task(province, lead_unit=province.construction_planning, title="Quy hoạch")
    coordinated = make_task(
        province, lead_unit=province.finance, coordinating_units=[province.construction]
    )
    old = make_unit("Sở Giao thông vận tải", parent=province.province_pc)
    inherited = make_task(province, lead_unit=old, title="Nâng cấp tỉnh lộ")
    merge_units([old], into=province.construction, on=TODAY)
    make_task(province, lead_unit=province.ward, title="Không liên quan")
    unit = province.construction.pk

    chair = api_as("chair")
    assert sorted(ids(chair.get("/tasks", unit=unit))) == sorted(
        [led.pk, coordinated.pk, inherited.pk]
    )
    assert sorted(ids(chair.get("/tasks", unit=unit, involvement="lead"))) == sorted(
        [led.pk, inherited.pk]
    )
    assert ids(chair.get("/tasks", unit=unit, involvement="coordinating")) == [coordinated.pk]
    assert ids(api_as("official").get("/tasks", involvement="coordinating")) == [coordinated.pk]


def test_the_list_runs_a_fixed_number_of_queries(province, api_as, django_assert_num_queries):
    for n in range(12):
        make_task(province, coordinating_units=[province.finance], title=f"Nhiệm vụ {n}")
    head = api_as("head")
    head.get("/me")  # the token's first use is recorded once; later reads do not write

    # token, posts, managed units, merged units, count, page, coordinating units
    with django_assert_num_queries(7):
        response = head.get("/tasks", q="nhiem vu", status="new", page_size=10)

    assert len(response.json()["items"]) == 10
    assert all(item["coordinating_units"][0]["code"] for item in response.json()["items"])


def test_the_inspectors_list_needs_no_scope(province, api_as, django_assert_num_queries):
    for n in range(5):
        make_task(province, title=f"Nhiệm vụ {n}")
    inspector = api_as("inspector")
    inspector.get("/me")

    with django_assert_num_queries(4):  # token, count, page, coordinating units
        response = inspector.get("/tasks")

    assert response.json()["count"] == 5


def test_detail_carries_requests_and_the_version(province, api_as):
    task = make_task(province, coordinating_units=[province.finance], supervisor=province.chair)

    body = api_as("official").get(f"/tasks/{task.pk}").json()

    assert body["id"] == task.pk
    assert body["version"] == task.version
    assert body["supervisor"]["full_name"] == "Cao Tường Huy"
    assert body["coordinating_units"][0]["name"] == "Sở Tài chính"
    assert body["event_count"] == 1
    assert body["input_requests"] == body["extension_requests"] == body["escalations"] == []


def test_the_timeline_lists_events_with_their_hash_chain(province, api_as):
    task = make_task(province)
    accept_task(task, by=province.head)
    transfer_task(task, to_unit=province.finance, by=province.head, reason="Đúng thẩm quyền")

    events = api_as("clerk").get(f"/tasks/{task.pk}/events").json()

    assert [e["activity"] for e in events] == ["create", "accept", "transfer"]
    assert events[2]["to_unit"]["name"] == "Sở Tài chính"
    assert events[2]["note"] == "Đúng thẩm quyền"
    assert events[2]["ts"].startswith("2025-10-15T")
    assert events[0]["prev_hash"] == ""
    assert events[1]["prev_hash"] == events[0]["hash"]
    assert events[2]["prev_hash"] == events[1]["hash"]
    stored = TaskEvent.objects.get(task=task, seq=3)
    assert events[2]["hash"] == stored.hash == event_hash(stored)


def test_the_timeline_runs_a_fixed_number_of_queries(province, api_as, django_assert_num_queries):
    task = make_task(province)
    accept_task(task, by=province.head)
    assign_task(task, to=province.official, by=province.head)
    clerk = api_as("clerk")
    clerk.get("/me")

    # token, posts, merged units, task, events, attachments
    with django_assert_num_queries(6):
        response = clerk.get(f"/tasks/{task.pk}/events")

    assert len(response.json()) == 3


def test_completing_stores_the_files_with_their_digest(province, api_as, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    task = make_task(province)
    accept_task(task, by=province.head)
    assign_task(task, to=province.official, by=province.head)
    report = tmp_path / "ket-qua.txt"
    report.write_bytes(b"Bao cao ket qua")

    with report.open("rb") as handle:
        response = api_as("official").post_form(
            f"/tasks/{task.pk}/complete",
            {"result": "Đã trình báo cáo", "version": 3, "files": [handle]},
        )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "completed"
    events = api_as("official").get(f"/tasks/{task.pk}/events").json()
    assert events[-1]["attachments"][0]["name"] == "ket-qua.txt"
    digest = hashlib.sha256(b"Bao cao ket qua").hexdigest()
    assert events[-1]["attachments"][0]["sha256"] == digest
    assert events[-1]["payload"]["files"] == [{"name": "ket-qua.txt", "sha256": digest}]


def test_creating_a_task_returns_it_with_its_first_event(province, api_as):
    response = api_as("clerk").post(
        "/tasks",
        {
            "title": "  Triển khai Nghị quyết 57 về chuyển đổi số  ",
            "lead_unit_id": province.construction.pk,
            "field_id": province.field.pk,
            "due": days(30).isoformat(),
            "coordinating_unit_ids": [province.finance.pk],
            "supervisor_id": province.chair.pk,
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["title"] == "Triển khai Nghị quyết 57 về chuyển đổi số"
    assert body["assigner_unit"]["short_name"] == "Văn phòng UBND tỉnh"
    assert body["status"] == "new"
    assert body["version"] == 1
    assert body["event_count"] == 1


def test_creating_with_an_unknown_unit_names_the_field(province, api_as):
    response = api_as("clerk").post(
        "/tasks",
        {"title": "X", "lead_unit_id": 999999, "field_id": province.field.pk, "due": "2099-01-01"},
    )

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert response.json()["errors"] == [
        {"field": "lead_unit_id", "message": "Không có mục nào có mã 999999."}
    ]


def test_the_overview_counts_the_four_categories_per_unit(province, api_as):
    with time_machine.travel(dt.datetime(2025, 9, 1, 9, tzinfo=dt.UTC), tick=False):
        on_time = make_task(province, due=dt.date(2025, 9, 30), title="Đúng hạn")
        late = make_task(province, due=dt.date(2025, 9, 10), title="Trễ hạn")
        make_task(province, lead_unit=province.finance, due=dt.date(2025, 10, 1))
        make_task(province, lead_unit=province.construction_planning, due=days(10))
        cancelled = make_task(province, lead_unit=province.finance, due=days(10))
    for task, when in (
        (on_time, dt.datetime(2025, 9, 20, 9, tzinfo=dt.UTC)),
        (late, dt.datetime(2025, 9, 25, 9, tzinfo=dt.UTC)),
    ):
        with time_machine.travel(when, tick=False):
            accept_task(task, by=province.head)
            assign_task(task, to=province.official, by=province.head)
            complete_task(task, by=province.official, result="Xong")
            approve_task(task, by=province.clerk)
    cancel_task(cancelled, by=province.clerk, note="Không còn cần")

    body = api_as("chair").get("/overview", start="2025-09-01", end="2025-09-30").json()

    assert body["unit"]["short_name"] == "UBND tỉnh"
    assert body["as_of"] == "2025-10-15"
    assert [c["code"] for c in body["categories"]] == [
        "done_on_time",
        "done_late",
        "open_on_time",
        "open_overdue",
    ]
    rows = {row["unit"]["name"]: row["counts"] for row in body["rows"]}
    assert rows["Sở Xây dựng"] == {
        "done_on_time": 1,
        "done_late": 1,
        "open_on_time": 1,
        "open_overdue": 0,
        "total": 3,
        "carried_over": 0,
        "judged": 2,
        "on_time_rate": 0.5,
        "overdue_rate": pytest.approx(1 / 3),
    }
    assert rows["Sở Tài chính"]["open_overdue"] == 1
    assert rows["Sở Tài chính"]["total"] == 1
    assert body["total"]["total"] == 4
    # Nothing reported complete awaits the province's approval.
    assert body["approval_wait"] == {"count": 0, "longest_days": 0}
    assert body["rows"][0]["unit"]["name"] == "Sở Xây dựng"  # largest first


def test_the_overview_of_a_unit_out_of_scope_is_404(province, api_as):
    response = api_as("head").get("/overview", unit=province.finance.pk)

    assert response.status_code == 404


def test_the_overview_of_a_department_head_defaults_to_their_department(province, api_as):
    make_task(province, lead_unit=province.construction_planning)

    body = api_as("head").get("/overview").json()

    assert body["unit"]["name"] == "Sở Xây dựng"
    assert [row["unit"]["name"] for row in body["rows"]] == ["Phòng Quy hoạch - Kiến trúc"]
    assert body["rows"][0]["counts"]["open_on_time"] == 1


def test_units_carry_validity_and_successor(province, api_as):
    old = make_unit("Sở Giao thông vận tải", parent=province.province_pc)
    merge_units([old], into=province.construction, on=TODAY)

    every = {u["name"]: u for u in api_as("official").get("/units").json()}
    active = [u["name"] for u in api_as("official").get("/units", active_on="2025-10-15").json()]

    assert every["Sở Giao thông vận tải"]["valid_to"] == "2025-10-14"
    assert every["Sở Giao thông vận tải"]["successor_id"] == province.construction.pk
    assert every["Phòng Quy hoạch - Kiến trúc"]["parent_id"] == province.construction.pk
    assert every["Phòng Quy hoạch - Kiến trúc"]["depth"] == 2
    assert "Sở Giao thông vận tải" not in active
    assert Unit.objects.count() == len(every)


def test_officials_show_only_public_fields(province, api_as, django_assert_num_queries):
    client = api_as("official")
    client.get("/me")

    with django_assert_num_queries(4):  # token, count, page, posts with units and positions
        body = client.get("/officials", q="duc").json()

    assert body["count"] == 1
    (head,) = body["items"]
    assert head["full_name"] == "Lê Minh Đức"
    assert head["posts"][0]["unit"]["name"] == "Sở Xây dựng"
    assert head["posts"][0]["role"] == "head"
    assert set(head) == {"id", "full_name", "category", "category_label", "posts"}


def test_me_names_the_units_the_caller_acts_in(province, api_as):
    body = api_as("head").get("/me").json()

    assert body["username"] == "giamdoc"
    assert body["member_unit_ids"] == [province.construction.pk]
    assert body["managed_unit_ids"] == sorted(
        [province.construction.pk, province.construction_planning.pk]
    )
    assert body["office_unit_ids"] == []


def test_the_assignment_period_needs_both_ends(province, api_as):
    with time_machine.travel(dt.datetime(2025, 9, 1, 9, tzinfo=dt.UTC), tick=False):
        september = make_task(province, due=days(10), title="Giao tháng 9")
    make_task(province, due=days(10), title="Giao tháng 10")
    head = api_as("head")

    in_september = head.get("/tasks", assigned_from="2025-09-01", assigned_to="2025-09-30")
    half = head.get("/tasks", assigned_from="2025-09-01")

    assert ids(in_september) == [september.pk]
    assert half.status_code == 422
    assert half.json()["errors"][0]["field"] == "assigned_to"


@pytest.mark.parametrize("role", ["chair", "clerk", "head", "finance_head", "inspector"])
def test_the_overview_is_the_pages_for_every_role_that_has_one(province, api_as, role):
    # Tasks of every category and unit, one assigned by a leader rather than the office (the
    # office does not see it: the page and the API must both leave it out for the clerk).
    make_task(province, due=days(10))
    make_task(province, lead_unit=province.finance, due=days(20))
    make_task(province, lead_unit=province.construction_planning, due=days(5))
    make_task(province, lead_unit=province.ward, by=province.chair, due=days(8))
    closed = make_unit("Sở Giao thông vận tải", parent=province.province_pc)
    make_task(province, lead_unit=closed, due=days(9))
    merge_units([closed], into=province.construction, on=TODAY)
    official = getattr(province, role)

    api = api_as(role).get("/overview").json()
    browser = Client()
    browser.force_login(official.user)
    page = browser.get(reverse("overview")).context

    assert api["unit"]["id"] == page["unit"].pk
    assert api["total"]["total"] == page["total"].total
    page_rows = {line.unit.pk: line.counts.total for line in page["lines"] if line.unit}
    api_rows = {row["unit"]["id"]: row["counts"]["total"] for row in api["rows"]}
    assert api_rows == page_rows
    assert api["total"]["total"] > 0


def test_a_task_read_runs_a_fixed_number_of_queries(province, api_as, django_assert_num_queries):
    task = make_task(province, coordinating_units=[province.finance], supervisor=province.chair)
    accept_task(task, by=province.head)
    assign_task(task, to=province.official, by=province.head)
    request_input(
        task,
        to_unit=province.finance,
        question="Cho ý kiến về nguồn vốn",
        answer_due=days(5),
        by=province.official,
    )
    request_extension(
        task,
        by=province.official,
        new_due=days(60),
        reason="Chờ số liệu quy hoạch",
    )
    escalate_task(task, by=province.official, to=province.chair, question="Xin ý kiến chỉ đạo")
    official = api_as("official")
    official.get("/me")

    # token, posts, merged units; the task (visible, with its related rows); its coordinating
    # units, requests for input, extension requests and escalations, each with their officials
    with django_assert_num_queries(8):
        response = official.get(f"/tasks/{task.pk}")

    body = response.json()
    assert response.status_code == 200
    assert [len(body[key]) for key in ("input_requests", "extension_requests", "escalations")] == [
        1,
        1,
        1,
    ]

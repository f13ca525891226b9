"""The reads behind the pages: list filters, the "my work" queues and the overdue top list."""

from __future__ import annotations

import datetime as dt

import time_machine

from congvu.org.access import lineage_ids
from congvu.org.actions import merge_units
from congvu.tasks.actions import (
    accept_task,
    assign_task,
    cancel_task,
    escalate_task,
    request_input,
)
from congvu.tasks.models import Task
from congvu.tasks.queries import (
    TaskFilter,
    awaiting_acceptance,
    awaiting_assignment,
    filter_tasks,
    oldest_overdue,
    open_escalations_to,
    open_input_requests_to,
)
from tests.factories import make_task, make_unit

NOW = dt.datetime(2025, 9, 15, 9, 0, tzinfo=dt.UTC)
TODAY = dt.date(2025, 9, 15)


def titles(tasks):
    return [task.title for task in tasks]


def test_filter_by_unit_follows_merged_predecessors(province):
    old = make_unit("Sở Giao thông vận tải", parent=province.province_pc)
    make_task(province, title="Việc của sở cũ", lead_unit=old)
    merge_units([old], into=province.construction, on=dt.date(2025, 8, 1))

    spec = TaskFilter(as_of=TODAY, unit_ids=tuple(lineage_ids(province.construction)))

    assert titles(filter_tasks(Task.objects.all(), spec)) == ["Việc của sở cũ"]


def test_counted_category_leaves_out_cancelled_tasks(province):
    make_task(province, title="Còn hiệu lực")
    cancel_task(make_task(province, title="Đã hủy"), by=province.clerk, note="Không cần nữa")

    spec = TaskFilter(as_of=TODAY, category="counted")

    assert titles(filter_tasks(Task.objects.all(), spec)) == ["Còn hiệu lực"]


def test_filter_annotates_the_category_and_sorts_by_due(province):
    with time_machine.travel(NOW - dt.timedelta(days=30), tick=False):
        make_task(province, title="Quá hạn", due=dt.date(2025, 9, 1))
        make_task(province, title="Trong hạn", due=dt.date(2025, 10, 1))

    tasks = list(filter_tasks(Task.objects.all(), TaskFilter(as_of=TODAY, descending=True)))

    assert [(t.title, t.category) for t in tasks] == [  # type: ignore[attr-defined]
        ("Trong hạn", "open_on_time"),
        ("Quá hạn", "open_overdue"),
    ]


def test_queues_of_a_head(province):
    new = make_task(province, title="Mới")
    accepted = make_task(province, title="Đã tiếp nhận")
    accept_task(accepted, by=province.head)
    handed = make_task(province, title="Đã phân công")
    accept_task(handed, by=province.head)
    assign_task(handed, to=province.official, by=province.head)

    units = [province.construction.pk]

    assert [t.pk for t in awaiting_acceptance(units)] == [new.pk]
    assert [t.pk for t in awaiting_assignment(units)] == [accepted.pk]


def test_input_requests_and_escalations_waiting(province):
    task = make_task(province, coordinating_units=[province.finance])
    accept_task(task, by=province.head)
    assign_task(task, to=province.official, by=province.head)
    request_input(
        task,
        to_unit=province.finance,
        question="Ý kiến?",
        answer_due=task.due,
        by=province.official,
    )
    escalate_task(task, by=province.official, to=province.head, question="Xin chỉ đạo")

    assert [r.task_id for r in open_input_requests_to([province.finance.pk])] == [task.pk]
    assert list(open_input_requests_to([province.ward.pk])) == []
    assert [e.task_id for e in open_escalations_to(province.head.pk)] == [task.pk]
    assert list(open_escalations_to(province.official.pk)) == []


def test_oldest_overdue_puts_the_oldest_deadline_first(province):
    with time_machine.travel(NOW - dt.timedelta(days=60), tick=False):
        make_task(province, title="Trễ ít", due=dt.date(2025, 9, 10))
        make_task(province, title="Trễ nhiều", due=dt.date(2025, 8, 1))
        make_task(province, title="Chưa trễ", due=dt.date(2025, 10, 1))

    assert titles(oldest_overdue(Task.objects.all(), as_of=TODAY)) == ["Trễ nhiều", "Trễ ít"]

"""Deadlines as they stood and extensions in time (issue 10, items 2 and 3): the rule over a log
(`deadline_as_of`), its SQL twin (`deadline_at`), the late grant in `grant_extension`, and the
counts that a late grant must not cure. Every case is worked by hand in its comment."""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.apps import apps as django_apps
from django.utils import timezone

from congvu.core.errors import ActionError
from congvu.tasks.actions import (
    accept_task,
    approve_task,
    assign_task,
    complete_task,
    grant_extension,
    request_extension,
    send_back_task,
)
from congvu.tasks.deadlines import deadline_as_of, deadline_at
from congvu.tasks.models import Task, TaskEvent
from congvu.tasks.queries import (
    Category,
    Counts,
    Period,
    TaskFilter,
    counts_by_lead_unit,
    filter_tasks,
    in_period,
    with_category,
)
from tests.factories import make_task

D = dt.date


@dataclass(frozen=True)
class Ev:
    id: int
    day: dt.date
    activity: str
    due: dt.date | None
    payload: dict[str, Any] | None = None


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone())


# -- the rule over a log -----------------------------------------------------------------------


def test_a_grant_in_time_moves_the_counted_deadline_from_its_day_on():
    # Due 10/03; on 05/03 a grant moves it to 20/03. On 04/03 the deadline was still 10/03.
    log = [
        Ev(1, D(2026, 3, 1), "create", D(2026, 3, 10)),
        Ev(2, D(2026, 3, 5), "grant_extension", D(2026, 3, 20)),
    ]

    assert deadline_as_of(log, D(2026, 3, 4)).counted == D(2026, 3, 10)
    after = deadline_as_of(log, D(2026, 3, 5))
    assert (after.in_force, after.counted, after.granted, after.late) == (
        D(2026, 3, 20),
        D(2026, 3, 20),
        (2,),
        (),
    )


def test_a_grant_after_the_deadline_moves_the_deadline_in_force_but_not_the_counted_one():
    # Due 10/03; granted on 12/03 (lapsed) to 31/03: in force 31/03, counted 10/03. A second
    # grant on 20/03, before 31/03, comes after a late one: it cures nothing either.
    log = [
        Ev(1, D(2026, 3, 1), "create", D(2026, 3, 10)),
        Ev(2, D(2026, 3, 12), "grant_extension", D(2026, 3, 31)),
        Ev(3, D(2026, 3, 20), "grant_extension", D(2026, 4, 15)),
    ]

    deadline = deadline_as_of(log, D(2026, 4, 1))

    assert (deadline.in_force, deadline.counted) == (D(2026, 4, 15), D(2026, 3, 10))
    assert (deadline.granted, deadline.late) == ((), (2,))


def test_a_grant_on_the_deadline_day_is_in_time():
    log = [
        Ev(1, D(2026, 3, 1), "create", D(2026, 3, 10)),
        Ev(2, D(2026, 3, 10), "grant_extension", D(2026, 3, 20)),
    ]

    assert deadline_as_of(log, D(2026, 3, 31)).counted == D(2026, 3, 20)


def test_a_grant_after_completion_cures_nothing_even_before_the_deadline():
    # Reported complete on 05/03 (due 10/03); a grant on 06/03 while the result awaits approval
    # is late; sent back on 07/03, the task is judged by 10/03.
    log = [
        Ev(1, D(2026, 3, 1), "create", D(2026, 3, 10)),
        Ev(2, D(2026, 3, 5), "complete", D(2026, 3, 10)),
        Ev(3, D(2026, 3, 6), "grant_extension", D(2026, 3, 20)),
        Ev(4, D(2026, 3, 7), "send_back", D(2026, 3, 20)),
    ]

    assert deadline_as_of(log, D(2026, 3, 31)).counted == D(2026, 3, 10)
    assert deadline_as_of(log, D(2026, 3, 31)).late == (3,)


def test_a_grant_marked_late_is_late_whatever_its_dates():
    log = [
        Ev(1, D(2026, 3, 1), "create", D(2026, 3, 10)),
        Ev(2, D(2026, 3, 5), "grant_extension", D(2026, 3, 20), {"late": True}),
    ]

    assert deadline_as_of(log, D(2026, 3, 31)).counted == D(2026, 3, 10)


def test_nothing_exists_before_the_first_event():
    log = [Ev(1, D(2026, 3, 1), "create", D(2026, 3, 10))]

    assert deadline_as_of(log, D(2026, 2, 28)).counted is None


# -- the action --------------------------------------------------------------------------------


def _in_progress(province: Any, due: dt.date) -> Task:
    task = make_task(province, due=due)
    accept_task(task, by=province.head)
    assign_task(task, to=province.official, by=province.head)
    return task


def test_a_late_grant_is_refused_without_a_reason_and_marked_late_with_one(province):
    with time_machine.travel(at(D(2026, 3, 2)), tick=False):
        task = _in_progress(province, D(2026, 3, 10))
    with time_machine.travel(at(D(2026, 3, 12)), tick=False):
        request = request_extension(
            task, by=province.official, new_due=D(2026, 3, 31), reason="Chờ ý kiến Bộ"
        )
        with pytest.raises(ActionError) as refused:
            grant_extension(request, by=province.clerk)
        assert refused.value.message == (
            "Thời hạn đang có hiệu lực (10/03/2026) đã qua: gia hạn lúc này là gia hạn muộn. "
            "Hãy ghi rõ lý do gia hạn muộn."
        )
        task.refresh_from_db()
        assert task.due == D(2026, 3, 10)

        grant_extension(request, by=province.clerk, late_reason="Bộ trả lời chậm")

    task.refresh_from_db()
    assert task.due == D(2026, 3, 31)
    event = task.events.order_by("seq").last()
    assert event.activity == "grant_extension"
    assert event.payload["late"] is True
    assert event.payload["late_reason"] == "Bộ trả lời chậm"
    assert event.payload["previous_due"] == "2026-03-10"


def test_a_grant_in_time_needs_no_reason_and_is_not_marked(province):
    with time_machine.travel(at(D(2026, 3, 2)), tick=False):
        task = _in_progress(province, D(2026, 3, 10))
        request = request_extension(
            task, by=province.official, new_due=D(2026, 3, 31), reason="Chờ ý kiến Bộ"
        )
        grant_extension(request, by=province.clerk)

    event = task.events.order_by("seq").last()
    assert "late" not in event.payload


def test_a_grant_after_completion_is_refused_without_a_reason(province):
    with time_machine.travel(at(D(2026, 3, 2)), tick=False):
        task = _in_progress(province, D(2026, 3, 10))
        request = request_extension(
            task, by=province.official, new_due=D(2026, 3, 31), reason="Chờ ý kiến Bộ"
        )
    with time_machine.travel(at(D(2026, 3, 5)), tick=False):
        complete_task(task, by=province.official, result="Đã xong")
        with pytest.raises(ActionError) as refused:
            grant_extension(request, by=province.clerk)
        assert refused.value.message.startswith("Nhiệm vụ đã được báo cáo hoàn thành")

        grant_extension(request, by=province.clerk, late_reason="Chờ phê duyệt")

    assert task.events.order_by("seq").last().payload["late"] is True


# -- the counts: a late grant cures nothing; the SQL agrees with the rule ------------------------


def _world(province: Any) -> dict[str, Task]:
    """Five tasks of March 2026 led by construction, due 10/03 unless said:

    - A: granted in time on 05/03 to 20/03, completed 18/03: on time.
    - B: granted late on 12/03 (reason given) to 31/03, completed 25/03: late.
    - C: granted late on 12/03 to 31/03, still open: overdue from 11/03 on.
    - D: completed on 09/03, awaiting approval: on time whatever the day.
    - E: completed on 09/03, granted after completion on 09/03 to 31/03, sent back on 10/03,
      completed again on 20/03: late (the grant after completion cured nothing).
    """
    tasks: dict[str, Task] = {}
    with time_machine.travel(at(D(2026, 3, 2)), tick=False):
        for key in "ABCDE":
            tasks[key] = _in_progress(province, D(2026, 3, 10))
    requests = {}
    with time_machine.travel(at(D(2026, 3, 4)), tick=False):
        for key, due in (("A", D(2026, 3, 20)), ("B", D(2026, 3, 31)), ("C", D(2026, 3, 31))):
            requests[key] = request_extension(
                tasks[key], by=province.official, new_due=due, reason="Chờ số liệu"
            )
        requests["E"] = request_extension(
            tasks["E"], by=province.official, new_due=D(2026, 3, 31), reason="Chờ số liệu"
        )
    with time_machine.travel(at(D(2026, 3, 5)), tick=False):
        grant_extension(requests["A"], by=province.clerk)
    with time_machine.travel(at(D(2026, 3, 9)), tick=False):
        complete_task(tasks["D"], by=province.official, result="Xong")
        complete_task(tasks["E"], by=province.official, result="Xong")
        grant_extension(requests["E"], by=province.clerk, late_reason="Đã báo cáo xong")
    with time_machine.travel(at(D(2026, 3, 10)), tick=False):
        send_back_task(tasks["E"], by=province.clerk, note="Thiếu phụ lục")
    with time_machine.travel(at(D(2026, 3, 12)), tick=False):
        for key in "BC":
            grant_extension(requests[key], by=province.clerk, late_reason="Chờ ý kiến Bộ")
    with time_machine.travel(at(D(2026, 3, 18)), tick=False):
        complete_task(tasks["A"], by=province.official, result="Xong")
    with time_machine.travel(at(D(2026, 3, 20)), tick=False):
        complete_task(tasks["E"], by=province.official, result="Xong")
    with time_machine.travel(at(D(2026, 3, 25)), tick=False):
        complete_task(tasks["B"], by=province.official, result="Xong")
    return tasks


def _categories(as_of: dt.date) -> dict[int, str | None]:
    rows = with_category(Task.objects.all(), as_of=as_of).values_list("pk", "category")
    return dict(rows)


@pytest.mark.parametrize(
    # The last day is "today" of the test: the figures of today read no event.
    "as_of",
    [D(2026, 3, 9), D(2026, 3, 11), D(2026, 3, 15), D(2026, 4, 1), D(2026, 4, 2)],
)
def test_the_sql_deadline_agrees_with_the_rule_over_the_log(province, as_of):
    with time_machine.travel(at(D(2026, 4, 2)), tick=False):
        _world(province)
        sql = dict(Task.objects.annotate(d=deadline_at(as_of)).values_list("pk", "d"))
    for task in Task.objects.all():
        events = [
            Ev(e.pk, timezone.localtime(e.ts).date(), e.activity, e.due, e.payload)
            for e in TaskEvent.objects.filter(task=task).order_by("seq")
        ]
        assert sql[task.pk] == deadline_as_of(events, as_of).counted, task.title
        if as_of == D(2026, 4, 2):
            assert task.counted_due == sql[task.pk]


def test_a_late_extension_never_turns_an_overdue_task_on_time(province):
    with time_machine.travel(at(D(2026, 4, 2)), tick=False):
        tasks = _world(province)
        on_1_april = _categories(D(2026, 4, 1))
        on_11_march = _categories(D(2026, 3, 11))
        counts = counts_by_lead_unit(Task.objects.all(), as_of=D(2026, 4, 1))
        overdue = filter_tasks(Task.objects.all(), TaskFilter(as_of=D(2026, 4, 1), overdue=True))

    assert {key: on_1_april[task.pk] for key, task in tasks.items()} == {
        "A": Category.DONE_ON_TIME,
        "B": Category.DONE_LATE,
        "C": Category.OPEN_OVERDUE,
        "D": Category.DONE_ON_TIME,
        "E": Category.DONE_LATE,
    }
    # On 11/03: A within its extended deadline; B and C past 10/03; D reported complete (not
    # overdue although unapproved); E sent back, open past 10/03.
    assert {key: on_11_march[task.pk] for key, task in tasks.items()} == {
        "A": Category.OPEN_ON_TIME,
        "B": Category.OPEN_OVERDUE,
        "C": Category.OPEN_OVERDUE,
        "D": Category.DONE_ON_TIME,
        "E": Category.OPEN_OVERDUE,
    }
    assert counts[province.construction.pk] == Counts(
        done_on_time=2, done_late=2, open_on_time=0, open_overdue=1
    )
    assert [task.pk for task in overdue] == [tasks["C"].pk]
    assert overdue[0].due_at == D(2026, 3, 10)  # type: ignore[attr-defined]


def test_a_result_awaiting_approval_is_not_overdue_after_its_deadline(province):
    # Due 10/03, reported complete on 09/03, never approved: on 31/03 it is completed on time.
    with time_machine.travel(at(D(2026, 3, 2)), tick=False):
        task = _in_progress(province, D(2026, 3, 10))
    with time_machine.travel(at(D(2026, 3, 9)), tick=False):
        complete_task(task, by=province.official, result="Xong")
    with time_machine.travel(at(D(2026, 3, 31)), tick=False):
        counts = counts_by_lead_unit(Task.objects.all(), as_of=D(2026, 3, 31))
        overdue = filter_tasks(Task.objects.all(), TaskFilter(as_of=D(2026, 3, 31), overdue=True))

    assert counts[province.construction.pk] == Counts(done_on_time=1)
    assert list(overdue) == []


def test_a_result_reported_late_and_awaiting_approval_counts_as_completed_late(province):
    with time_machine.travel(at(D(2026, 3, 2)), tick=False):
        task = _in_progress(province, D(2026, 3, 10))
    with time_machine.travel(at(D(2026, 3, 12)), tick=False):
        complete_task(task, by=province.official, result="Xong")
    with time_machine.travel(at(D(2026, 3, 31)), tick=False):
        counts = counts_by_lead_unit(Task.objects.all(), as_of=D(2026, 3, 31))
        # Looking back to 11/03 it was still open, past its deadline.
        before = counts_by_lead_unit(Task.objects.all(), as_of=D(2026, 3, 11))
        approve_task(task, by=province.clerk)
        approved = counts_by_lead_unit(Task.objects.all(), as_of=D(2026, 3, 31))

    assert counts[province.construction.pk] == Counts(done_late=1)
    assert before[province.construction.pk] == Counts(open_overdue=1)
    assert approved == counts


def test_the_year_counts_the_tasks_carried_over_from_earlier_years(province):
    # 2025: X (due 15/12/2025) still open, Y completed 10/12/2025, Z completed only 05/01/2026.
    # 2026: W assigned 10/01/2026. The year 2026 answers for X, Z and W (X and Z carried over).
    with time_machine.travel(at(D(2025, 12, 1)), tick=False):
        x = _in_progress(province, D(2025, 12, 15))
        y = _in_progress(province, D(2025, 12, 20))
        z = _in_progress(province, D(2025, 12, 20))
    with time_machine.travel(at(D(2025, 12, 10)), tick=False):
        complete_task(y, by=province.official, result="Xong")
    with time_machine.travel(at(D(2026, 1, 5)), tick=False):
        complete_task(z, by=province.official, result="Xong")
    with time_machine.travel(at(D(2026, 1, 10)), tick=False):
        w = _in_progress(province, D(2026, 3, 1))
    year = Period(D(2026, 1, 1), D(2026, 12, 31))
    with time_machine.travel(at(D(2026, 2, 1)), tick=False):
        tasks = in_period(Task.objects.all(), year, carried_over=True)
        counts = counts_by_lead_unit(tasks, as_of=D(2026, 1, 31), period=year)
        assigned_only = in_period(Task.objects.all(), year)

    assert {t.pk for t in tasks} == {x.pk, z.pk, w.pk}
    assert {t.pk for t in assigned_only} == {w.pk}
    # X overdue since 15/12/2025, Z completed late (05/01 > 20/12), W within its deadline.
    assert counts[province.construction.pk] == Counts(
        done_on_time=0, done_late=1, open_on_time=1, open_overdue=1, carried_over=2
    )
    assert y.pk not in {t.pk for t in tasks}


def test_the_migration_fills_the_extension_columns_of_tasks_extended_before_them(province):
    fill = importlib.import_module(
        "congvu.tasks.migrations.0009_task_extended_at_judged_due"
    ).fill_extensions
    with time_machine.travel(at(D(2026, 4, 2)), tick=False):
        tasks = _world(province)
        kept = {t.pk: (t.extended_at, t.judged_due) for t in Task.objects.all()}
        Task.objects.update(extended_at=None, judged_due=None)

        fill(django_apps, None)

    assert {t.pk: (t.extended_at, t.judged_due) for t in Task.objects.all()} == kept
    # B and C were extended late on 12/03: judged by 10/03; A in time: no judged deadline; D never.
    filled = {key: Task.objects.get(pk=task.pk) for key, task in tasks.items()}
    assert filled["B"].judged_due == filled["C"].judged_due == D(2026, 3, 10)
    assert (filled["A"].judged_due, filled["D"].extended_at) == (None, None)
    assert filled["A"].extended_at == at(D(2026, 3, 5))

"""Each role's "Việc của tôi": the work the role answers for, and the queues that wait on it."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse
from django.utils import timezone

from congvu.org.access import units_run_by
from congvu.tasks.actions import accept_task, assign_task, complete_task
from congvu.tasks.models import Task
from tests.factories import make_official, make_task


def started(province, **kwargs) -> Task:
    task = make_task(province, **kwargs)
    accept_task(task, by=province.head)
    assign_task(task, to=province.official, by=province.head)
    return task


def test_the_chair_runs_only_the_units_no_nearer_head_runs(province):
    run = units_run_by(province.chair, timezone.localdate())

    assert province.province_pc.pk in run
    assert province.ward.pk in run  # the ward has no chairman of its own in this cast
    assert province.construction.pk not in run
    assert province.construction_planning.pk not in run  # under the construction director
    assert province.finance.pk not in run


def test_a_head_runs_the_unit_and_the_divisions_without_a_head_of_their_own(province):
    assert units_run_by(province.head, timezone.localdate()) == {
        province.construction.pk,
        province.construction_planning.pk,
    }
    make_official(
        "Vũ Quang Hải", unit=province.construction_planning, role="head", position="Trưởng phòng"
    )

    assert units_run_by(province.head, timezone.localdate()) == {province.construction.pk}


def test_a_specialist_runs_no_unit(province):
    assert units_run_by(province.official, timezone.localdate()) == frozenset()


def test_the_chairs_work_holds_what_he_directs_not_other_units_new_tasks(province, login):
    departments = make_task(province, title="Việc mới của Sở Xây dựng")
    directed = started(province, title="Nhiệm vụ Chủ tịch chỉ đạo", supervisor=province.chair)
    complete_task(directed, by=province.official, result="Đã xong")

    page = login(province.chair).get(reverse("my_work"))

    assert page.context["to_accept"] == []
    assert [t.pk for t in page.context["to_approve"]] == [directed.pk]
    assert [p.key for p in page.context["panels"]] == ["directed"]
    assert page.context["panels"][0].counts.done_on_time == 1
    html = page.content.decode()
    assert "Nhiệm vụ tôi chỉ đạo" in html
    assert departments.title not in html


def test_the_head_sees_the_units_counts_and_on_time_is_not_full_beside_an_overdue_task(
    province, login
):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), tick=False):
        on_time = started(province, title="Xong đúng hạn", due=dt.date(2026, 4, 1))
        complete_task(on_time, by=province.official, result="Đã xong")
        late = started(province, title="Rà soát quy hoạch phường Hạ Long", due=dt.date(2026, 5, 4))
        make_task(province, title="Việc của Sở Tài chính", lead_unit=province.finance)

    with time_machine.travel(dt.datetime(2026, 6, 15, 9, tzinfo=dt.UTC), tick=False):
        page = login(province.head).get(reverse("my_work"))

    unit = page.context["panels"][0]
    assert (unit.key, unit.unit) == ("unit", province.construction)
    counts = unit.counts
    assert (counts.done_on_time, counts.done_late, counts.open_on_time, counts.open_overdue) == (
        1,
        0,
        0,
        1,
    )
    assert [t.pk for t in unit.overdue] == [late.pk]
    html = page.content.decode()
    assert "50,0 % (1/2)" in html
    assert "100" not in html.split('id="front-unit"')[1].split("</section>")[0]
    assert "Việc của Sở Tài chính" not in html


def test_a_specialist_sees_only_the_tasks_they_hold(province, login):
    mine = started(province, title="Việc tôi được giao")
    make_task(province, title="Việc mới chưa giao")

    page = login(province.official).get(reverse("my_work"))

    assert [p.key for p in page.context["panels"]] == ["held"]
    assert page.context["panels"][0].counts.open_on_time == 1
    assert [t.pk for t in page.context["my_tasks"]] == [mine.pk]
    assert page.context["to_accept"] == []
    assert "Việc mới chưa giao" not in page.content.decode()


def test_the_office_sees_what_it_assigned(province, login):
    make_task(province)

    page = login(province.clerk).get(reverse("my_work"))

    assert [p.key for p in page.context["panels"]] == ["office"]
    assert page.context["panels"][0].counts.open_on_time == 1


def test_the_inspector_has_no_panel(province, login):
    make_task(province)

    page = login(province.inspector).get(reverse("my_work"))

    assert page.context["panels"] == []

"""Who sees which tasks: subtree scopes, the office, inspectors, and units merged into others."""

import datetime as dt

from congvu.org.access import scope_of
from congvu.org.actions import merge_units
from congvu.org.models import Post, Unit
from congvu.tasks.access import assignable_units, can, visible
from congvu.tasks.actions import accept_task, assign_task
from tests.factories import make_official, make_task, make_unit


def test_a_head_manages_the_unit_and_its_divisions(province):
    scope = scope_of(province.head)

    assert province.construction.pk in scope.managed_units
    assert province.construction_planning.pk in scope.managed_units
    assert province.finance.pk not in scope.visible_units


def test_an_official_sees_their_units_tasks_but_not_other_units(province):
    mine = make_task(province, lead_unit=province.construction)
    other = make_task(province, lead_unit=province.finance)

    seen = set(visible(province.official))

    assert mine in seen
    assert other not in seen


def test_a_coordinating_unit_sees_the_task(province):
    task = make_task(
        province, lead_unit=province.construction, coordinating_units=[province.finance]
    )

    assert task in visible(province.finance_official)
    assert can(province.finance_official, "respond_input", task)
    assert not can(province.finance_official, "complete", task)


def test_the_leader_sees_the_whole_province_and_the_inspector_everything(province):
    make_task(province, lead_unit=province.ward)
    make_task(province, lead_unit=province.finance)

    assert visible(province.chair).count() == 2
    assert visible(province.inspector).count() == 2
    assert visible(province.outsider).count() == 1


def test_the_inspector_may_only_view(province):
    task = make_task(province)

    assert can(province.inspector, "view", task)
    for action in ("accept", "assign", "transfer", "remind", "review", "cancel", "respond_input"):
        assert not can(province.inspector, action, task)


def test_a_concurrent_post_adds_its_unit_to_the_scope(province):
    from congvu.org.actions import give_post
    from tests.factories import make_position

    give_post(province.official, unit=province.ward, position=make_position(), is_primary=False)

    assert province.ward.pk in scope_of(province.official).member_units


def test_the_office_assigns_to_any_current_unit_of_its_peoples_committee(province):
    units = set(assignable_units(province.clerk))

    assert {province.construction, province.finance, province.ward} <= units
    assert not assignable_units(province.official).exists()
    assert not assignable_units(province.inspector).exists()


def test_a_merged_units_tasks_stay_visible_to_the_successor(province):
    old_ward = make_unit(
        "Ủy ban nhân dân phường Bạch Đằng",
        parent=province.province_pc,
        kind=Unit.Kind.COMMUNE_PC,
        valid_from=dt.date(2020, 1, 1),
    )
    old_official = make_official("Đinh Văn Sơn", unit=old_ward, role=Post.Role.HEAD)
    task = make_task(province, lead_unit=old_ward)
    accept_task(task, by=old_official)
    assign_task(task, to=old_official, by=old_official)
    ward_chair = make_official("Lý Thị Hoa", unit=province.ward, role=Post.Role.HEAD)

    merge_units([old_ward], into=province.ward, on=dt.date(2025, 7, 1))

    old_ward.refresh_from_db()
    assert old_ward.valid_to == dt.date(2025, 6, 30)
    assert task in visible(ward_chair)
    assert task.events.first().to_unit == old_ward
    assert not assignable_units(province.clerk).filter(pk=old_ward.pk).exists()


def test_the_official_asked_for_an_opinion_sees_the_task_and_may_answer(province):
    from congvu.org.models import Delegation
    from congvu.tasks.actions import answer_escalation, escalate_task

    task = make_task(province)
    accept_task(task, by=province.head)
    assign_task(task, to=province.official, by=province.head)
    assert task not in visible(province.finance_head)
    # The finance director's position decides this kind of question (the delegation table).
    post = province.finance_head.posts.get()
    Delegation.objects.create(unit=post.unit, position=post.position, decision_kind="du-toan")

    escalation = escalate_task(
        task, by=province.official, to=province.finance_head, question="Xin ý kiến về dự toán"
    )
    answer_escalation(escalation, by=province.finance_head, answer="Đồng ý")

    assert task in visible(province.finance_head)
    assert can(province.finance_head, "view", task)
    assert not can(province.finance_head, "complete", task)

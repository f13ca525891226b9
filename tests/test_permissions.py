"""The permission tests of the pages and the API, driven by the one (role × action) table of
tests/permissions.py: every test runs through both doors, so an interface that allows what the
other refuses fails here. Then the rules on whom an action may name (each with its refusal): an
escalation only up the line of superiors or to a delegated position, a transfer only to a unit in
force, a supervisor only among the leaders above the lead unit, and no approving one's own
completion.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from congvu.org.actions import close_unit
from congvu.org.models import Delegation, Official
from congvu.tasks.actions import accept_task, complete_task
from congvu.tasks.models import Task
from tests.factories import Province, make_unit
from tests.permissions import (
    CREATE,
    OVERVIEW,
    ROLES,
    TABLE,
    VIEW_TASK,
    ApiDoor,
    Door,
    Outcome,
    PageDoor,
    World,
    build_world,
    in_progress,
    new_task_data,
    refusal_status,
    snapshot,
    who,
)


@pytest.fixture(params=["page", "api"])
def door(request: pytest.FixtureRequest) -> Door:
    """Each test runs once through the pages and once through the API."""
    return PageDoor() if request.param == "page" else ApiDoor()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(TABLE))
def test_task_action_for_role(door: Door, province: Province, action: str, role: str) -> None:
    """`role` takes `action` through `door`: allowed members succeed with exactly one event,
    the others get 403 or 404 and nothing is written."""
    world = build_world(province)
    case = TABLE[action]
    case.prepare(world)
    payload = case.page(world) if door.side == "page" else case.api(world)
    version, events = snapshot(world.task)

    outcome = door.act(who(province, role), world, action, payload)

    if role in case.allowed:
        assert outcome.ok, (outcome.status, outcome.body[:2000])
        assert snapshot(world.task) == (version + 1, events + 1)
    else:
        assert outcome.status == refusal_status(role), (outcome.status, outcome.body[:2000])
        assert snapshot(world.task) == (version, events)


@pytest.mark.parametrize("role", ROLES)
def test_reading_a_task_for_role(door: Door, province: Province, role: str) -> None:
    world = build_world(province)

    outcome = door.view(who(province, role), world.task)

    assert outcome.status == (200 if role in VIEW_TASK else 404)


@pytest.mark.parametrize("role", ROLES)
def test_overview_for_role(door: Door, province: Province, role: str) -> None:
    build_world(province)

    outcome = door.overview(who(province, role))

    assert outcome.status == (200 if role in OVERVIEW else 403)


def test_overview_of_a_unit_outside_the_subtree_is_404(door: Door, province: Province) -> None:
    """The head of construction opens their department's overview, not the finance one."""
    assert door.overview(province.head, province.construction.pk).status == 200
    assert door.overview(province.head, province.finance.pk).status == 404


@pytest.mark.parametrize("role", ROLES)
def test_giving_a_task_for_role(door: Door, province: Province, role: str) -> None:
    before = Task.objects.count()
    data = new_task_data(province, "Báo cáo tiến độ giải phóng mặt bằng")

    outcome = door.create(who(province, role), data)

    if role in CREATE:
        assert outcome.ok, (outcome.status, outcome.body[:2000])
        assert Task.objects.count() == before + 1
    else:
        assert outcome.status == 403
        assert Task.objects.count() == before


# --- The rules on whom an action names -----------------------------------------------------------


def sided(door: Door, field: str, pk: int, **rest: Any) -> dict[str, Any]:
    """A payload naming an object: the page's form calls the field `field`, the API `field_id`
    (`to` is `to_official_id` in the API)."""
    api_name = {"to": "to_official_id"}.get(field, f"{field}_id")
    return {field if door.side == "page" else api_name: pk, **rest}


def _escalate(door: Door, world: World, to: Official) -> Outcome:
    payload = sided(door, "to", to.pk, question="Xin ý kiến về phương án bồi thường")
    return door.act(world.province.official, world, "escalate", payload)


@pytest.mark.parametrize("target", ["finance_head", "outsider"])
def test_escalation_outside_the_line_of_superiors_is_refused(
    door: Door, province: Province, target: str
) -> None:
    """The official of the construction department may not ask the head of another department
    or a ward official: refused, nothing written, and the one named gains no sight of the task."""
    world = build_world(province)
    in_progress(world)
    version, events = snapshot(world.task)

    outcome = _escalate(door, world, who(province, target))

    assert not outcome.ok
    assert 400 <= outcome.status < 500
    assert snapshot(world.task) == (version, events)
    assert not world.task.escalations.exists()
    if target == "outsider":
        assert door.view(province.outsider, world.task).status == 404


def test_escalation_to_a_position_the_delegation_table_names(
    door: Door, province: Province
) -> None:
    """Whoever the delegation table names may be asked, though outside the line of superiors."""
    world = build_world(province)
    in_progress(world)
    post = province.finance_head.posts.get()
    Delegation.objects.create(
        unit=post.unit, position=post.position, decision_kind="dau-tu-cong-nhom-c"
    )

    outcome = _escalate(door, world, province.finance_head)

    assert outcome.ok, (outcome.status, outcome.body[:2000])
    assert world.task.escalations.get().to_official == province.finance_head


@pytest.mark.parametrize("when", ["dissolved", "not_yet"])
def test_transfer_to_a_unit_not_in_force_is_refused(
    door: Door, province: Province, when: str
) -> None:
    """A unit closed yesterday, or one that only comes into force tomorrow, takes no task."""
    world = build_world(province)
    in_progress(world)
    today = timezone.localdate()
    if when == "dissolved":
        unit = close_unit(make_unit("Sở Kế hoạch và Đầu tư", parent=province.province_pc), on=today)
    else:
        unit = make_unit(
            "Sở Nội vụ (mới)", parent=province.province_pc, valid_from=today + dt.timedelta(days=1)
        )
    payload = sided(door, "to_unit", unit.pk, reason="Chuyển đơn vị mới")
    version, events = snapshot(world.task)

    outcome = door.act(province.official, world, "transfer", payload)

    assert not outcome.ok
    assert 400 <= outcome.status < 500
    assert snapshot(world.task) == (version, events)
    assert Task.objects.get(pk=world.task.pk).lead_unit == province.construction


def test_nobody_approves_their_own_completion(door: Door, province: Province) -> None:
    """The chair leads the province, so may complete the construction department's task; having
    reported it complete, the chair (also its supervisor) may not approve it."""
    world = build_world(province)
    accept_task(world.task, by=province.head)
    complete_task(world.task, by=province.chair, result="Đã hoàn thành")
    version, events = snapshot(world.task)

    outcome = door.act(province.chair, world, "approve", {"note": "Đạt"})

    assert outcome.status == 403
    assert snapshot(world.task) == (version, events)
    assert Task.objects.get(pk=world.task.pk).status == Task.Status.COMPLETED


def test_a_supervisor_outside_the_leaders_is_refused(door: Door, province: Province) -> None:
    """The office may name a leader of the People's Committee, not a department head."""
    before = Task.objects.count()
    data = new_task_data(province, "Kiểm tra công trình")

    refused = door.create(province.clerk, {**data, "supervisor": province.head.pk})
    allowed = door.create(province.clerk, {**data, "supervisor": province.chair.pk})

    assert not refused.ok
    assert Task.objects.count() == before + 1
    assert allowed.ok
    assert Task.objects.get().supervisor == province.chair

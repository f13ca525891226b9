"""Who sees a discipline case and who acts on it: each rule with its refusal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from congvu.core.errors import Forbidden
from congvu.discipline import access, actions
from congvu.discipline.models import DisciplineCase, Pause
from congvu.discipline.rules import Form
from tests.discipline.conftest import World
from tests.factories import make_official

D = dt.date


@pytest.fixture
def case(world: World) -> DisciplineCase:
    case = world.open()
    actions.issue_notice(case, by=world.personnel, on=D(2026, 1, 6))
    actions.skip_meeting(case, by=world.personnel, note="Đã tự nhận trách nhiệm")
    actions.form_council(
        case,
        by=world.personnel,
        chair=world.p.colleague,
        members=[world.p.colleague, world.personnel, world.member],
    )
    return case


def visible_to(world: World, who: str) -> bool:
    official = getattr(world, who, None) or getattr(world.p, who)
    return DisciplineCase.objects.filter(pk__in=access.visible(official)).exists()


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("personnel", True),  # Sở Nội vụ
        ("member", True),  # Sở Nội vụ, council member
        ("handler", True),  # the unit's head, the competent person
        ("colleague", True),  # council chair
        ("chair", True),  # the province's chair: heads every unit
        ("person", True),  # the person concerned: their own case
        ("inspector", True),  # read-only
        ("finance_head", False),  # head of another department
        ("finance_official", False),
        ("outsider", False),
        ("clerk", False),  # the office that assigns tasks
    ],
)
def test_who_sees_a_case(world: World, case: DisciplineCase, who: str, sees: bool) -> None:
    official = getattr(world, who, None) or getattr(world.p, who)
    assert visible_to(world, who) is sees
    assert access.can(official, "view", case) is sees


def test_a_unit_colleague_outside_the_council_does_not_see(
    world: World, case: DisciplineCase
) -> None:
    peer = make_official("Hà Văn Lực", unit=world.p.construction)
    assert not access.can(peer, "view", case)
    assert not access.visible(peer).exists()


def test_the_person_sees_only_their_own_case(world: World, case: DisciplineCase) -> None:
    other = world.open(official=world.p.colleague, handler=world.handler)
    assert set(access.visible(world.person)) == {case}
    assert not access.can(world.person, "view", other)


def test_the_person_concerned_acts_on_nothing(world: World, case: DisciplineCase) -> None:
    for kind in ("procedure", "council", "decide"):
        assert not access.can(world.person, kind, case)
    with pytest.raises(PermissionDenied):
        actions.postpone(case, by=world.person, reason=Pause.ILLNESS)


def test_inspectors_read_only(world: World, case: DisciplineCase) -> None:
    inspector = world.p.inspector
    assert access.can(inspector, "view", case)
    for kind in ("procedure", "council", "decide"):
        assert not access.can(inspector, kind, case)
    with pytest.raises(PermissionDenied):
        actions.record_ballot(case, by=inspector, yes=3, no=0, forms={Form.REPRIMAND: 3})
    with pytest.raises(Forbidden):
        world.open(by=inspector)


def test_only_the_council_chair_records_the_ballot(world: World, case: DisciplineCase) -> None:
    for who in (world.member, world.personnel, world.handler):
        with pytest.raises(PermissionDenied):
            actions.record_ballot(case, by=who, yes=3, no=0, forms={Form.REPRIMAND: 3})
    actions.record_ballot(case, by=world.p.colleague, yes=3, no=0, forms={Form.REPRIMAND: 3})


def test_only_the_competent_person_decides(world: World, case: DisciplineCase) -> None:
    actions.record_ballot(case, by=world.p.colleague, yes=3, no=0, forms={Form.REPRIMAND: 3})
    actions.send_recommendation(case, by=world.p.colleague)
    for who in (world.personnel, world.p.colleague, world.p.chair):
        with pytest.raises(PermissionDenied):
            actions.decide(case, by=who, form=Form.REPRIMAND, number="1/QĐ")
    actions.decide(case, by=world.handler, form=Form.REPRIMAND, number="1/QĐ")


def test_council_members_other_than_the_chair_record_no_procedure(
    world: World, case: DisciplineCase
) -> None:
    # The Sở Nội vụ member records procedure as the personnel side, not as a council member:
    # a council member from elsewhere (the finance head) does not.
    case.council_members.add(world.p.finance_head)
    assert access.can(world.p.finance_head, "view", case)
    assert not access.can(world.p.finance_head, "procedure", case)


def test_who_opens_a_case(world: World) -> None:
    with pytest.raises(Forbidden):  # a head of another department
        world.open(by=world.p.finance_head)
    with pytest.raises(Forbidden):  # a colleague
        world.open(by=world.p.colleague)
    with pytest.raises(Forbidden):  # nobody about themselves
        world.open(by=world.handler, official=world.handler, handler=world.p.chair)
    world.open(by=world.handler)  # the unit's head

"""Nominations: who may nominate whom, the evidence they link, each step as an event, and who
sees and acts (each rule with its refusal)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from congvu.core.errors import ActionError, Forbidden
from congvu.core.eventlog import log_named, verify_log
from congvu.rewards import access, actions
from congvu.rewards.models import AwardForm, Basis, Nomination
from tests.rewards.conftest import World

D = dt.date


@pytest.fixture
def evidence(world: World) -> list[list[object]]:
    task = world.task(due=D(2026, 6, 30), completed=D(2026, 6, 1), approved=D(2026, 6, 2))
    return [["task", task.pk]]


def test_a_head_and_a_colleague_nominate(world: World, evidence: list[list[object]]) -> None:
    by_head = world.nominate(evidence=evidence)
    by_colleague = world.nominate(by=world.p.colleague, criteria=["dare_speak"])

    assert (by_head.basis, by_colleague.basis) == (Basis.HEAD, Basis.COLLEAGUE)
    assert by_head.status == Nomination.Status.DRAFT
    assert by_head.evidence == evidence
    assert by_head.events.get().payload["evidence"] == evidence


@pytest.mark.parametrize("who", ["finance_official", "finance_head", "outsider", "inspector"])
def test_others_may_not_nominate(world: World, who: str) -> None:
    with pytest.raises(Forbidden):
        world.nominate(by=getattr(world.p, who))
    assert not Nomination.objects.exists()


def test_nobody_nominates_themselves(world: World) -> None:
    with pytest.raises(Forbidden):
        world.nominate(by=world.nominee)


def test_the_nominee_must_work_in_the_unit(world: World) -> None:
    with pytest.raises(Forbidden):
        world.nominate(nominee=world.p.finance_official)


def test_a_nominator_nominates_an_official_once_a_year(world: World) -> None:
    world.nominate()
    with pytest.raises(ActionError, match="2026"):
        world.nominate()
    world.nominate(year=2025)  # another year


def test_the_criteria_are_the_slogans(world: World) -> None:
    with pytest.raises(ActionError):
        world.nominate(criteria=[])
    with pytest.raises(ActionError, match="brave"):
        world.nominate(criteria=["brave"])
    nomination = world.nominate(criteria=["dare_act", "think_true", "dare_act"])
    assert nomination.criteria == ["think_true", "dare_act"]


def test_evidence_outside_the_panel_is_refused_by_name(world: World) -> None:
    on_time = world.task(due=D(2026, 6, 30), completed=D(2026, 6, 30), approved=D(2026, 7, 1))
    with pytest.raises(ActionError, match=f"task {on_time.pk}"):
        world.nominate(evidence=[["task", on_time.pk]])
    with pytest.raises(ActionError):
        world.nominate(evidence=[["salary", 1]])


def test_the_year_is_this_one_or_the_last(world: World) -> None:
    with pytest.raises(ActionError, match="2024"):
        world.nominate(year=2024)


def test_submitting_needs_evidence(world: World) -> None:
    nomination = world.nominate()
    with pytest.raises(ActionError):
        actions.submit(nomination, by=world.head, on=D(2026, 11, 21))
    assert Nomination.objects.get(pk=nomination.pk).status == Nomination.Status.DRAFT


def test_draft_to_awarded_every_step_an_event(world: World, evidence: list[list[object]]) -> None:
    nomination = world.nominate(evidence=evidence)
    actions.submit(nomination, by=world.head, on=D(2026, 11, 21))
    actions.review(
        nomination, by=world.deputy, supported=True, note="Hội đồng nhất trí", on=D(2026, 11, 25)
    )
    actions.award(
        nomination,
        by=world.head,
        form=AwardForm.CERTIFICATE,
        number="120/QĐ-SXD",
        on=D(2026, 12, 1),
    )

    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.AWARDED
    assert (nomination.decision_number, nomination.decided_on) == ("120/QĐ-SXD", D(2026, 12, 1))
    assert list(nomination.events.values_list("activity", flat=True)) == [
        "create",
        "submit",
        "review",
        "award",
    ]
    assert nomination.events.get(activity="submit").payload["evidence"] == evidence
    assert verify_log(log_named("nomination")).intact


def test_not_awarded_with_the_reason(world: World, evidence: list[list[object]]) -> None:
    nomination = world.nominate(evidence=evidence)
    actions.submit(nomination, by=world.head, on=D(2026, 11, 21))
    actions.review(nomination, by=world.head, supported=False, note="Chưa tiêu biểu")
    with pytest.raises(ActionError):
        actions.award(nomination, by=world.head, form=AwardForm.CERTIFICATE, number="1/QĐ")
    with pytest.raises(ActionError):
        actions.not_award(nomination, by=world.head, reason=" ")

    actions.not_award(nomination, by=world.personnel, reason="Thành tích chưa nổi bật")

    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.NOT_AWARDED
    assert nomination.events.last().note == "Thành tích chưa nổi bật"  # type: ignore[union-attr]


def test_a_provincial_form_is_recorded_by_home_affairs_only(
    world: World, evidence: list[list[object]]
) -> None:
    nomination = world.nominate(evidence=evidence)
    actions.submit(nomination, by=world.head, on=D(2026, 11, 21))
    actions.review(nomination, by=world.head, supported=True, note="Đề nghị Bằng khen")
    with pytest.raises(Forbidden):
        actions.award(nomination, by=world.head, form=AwardForm.PROVINCE_MERIT, number="9/QĐ")

    actions.award(
        nomination, by=world.personnel, form=AwardForm.PROVINCE_MERIT, number="2345/QĐ-UBND"
    )
    assert Nomination.objects.get(pk=nomination.pk).award_form == AwardForm.PROVINCE_MERIT


def test_steps_not_theirs_are_refused(world: World, evidence: list[list[object]]) -> None:
    nomination = world.nominate(by=world.p.colleague, evidence=evidence)
    with pytest.raises(PermissionDenied):
        actions.submit(nomination, by=world.head)  # only the nominator submits
    actions.submit(nomination, by=world.p.colleague, on=D(2026, 11, 21))
    for official in (world.p.colleague, world.nominee, world.p.inspector, world.personnel):
        with pytest.raises(PermissionDenied):
            actions.review(nomination, by=official, supported=True, note="x")
    actions.review(nomination, by=world.head, supported=True, note="Nhất trí")
    for official in (world.nominee, world.p.inspector, world.p.colleague, world.p.finance_head):
        with pytest.raises(PermissionDenied):
            actions.award(nomination, by=official, form=AwardForm.CERTIFICATE, number="1/QĐ")
    assert Nomination.objects.get(pk=nomination.pk).status == Nomination.Status.REVIEWED


@pytest.mark.parametrize(
    ("who", "sees_draft", "sees_submitted"),
    [
        ("nominator", True, True),  # the colleague who nominated
        ("head", False, True),
        ("deputy", False, True),
        ("personnel", False, True),
        ("inspector", False, True),
        ("chair", False, True),
        ("nominee", False, True),
        ("finance_head", False, False),
        ("outsider", False, False),
        ("peer", False, False),  # another member of the same unit
    ],
)
def test_who_sees_a_nomination(
    world: World, evidence: list[list[object]], who: str, sees_draft: bool, sees_submitted: bool
) -> None:
    from tests.factories import make_official

    peer = make_official("Hà Văn Lực", unit=world.p.construction)
    nomination = world.nominate(by=world.p.colleague, evidence=evidence)
    official = {
        "nominator": world.p.colleague,
        "head": world.head,
        "deputy": world.deputy,
        "personnel": world.personnel,
        "nominee": world.nominee,
        "peer": peer,
    }.get(who) or getattr(world.p, who)

    assert access.can(official, "view", nomination) is sees_draft
    assert access.visible(official).filter(pk=nomination.pk).exists() is sees_draft
    actions.submit(nomination, by=world.p.colleague, on=D(2026, 11, 21))
    assert access.can(official, "view", nomination) is sees_submitted
    assert access.visible(official).filter(pk=nomination.pk).exists() is sees_submitted


def test_a_leader_who_sees_everything_sees_their_own_draft_only(world: World) -> None:
    mine = world.nominate(by=world.p.chair)
    theirs = world.nominate(by=world.head)

    assert set(access.visible(world.p.chair)) == {mine}
    assert not access.visible(world.personnel).exists()
    assert not access.can(world.p.chair, "view", theirs)

"""The evidence panel, hand-worked: each kind's rule, with the cases it must leave out."""

from __future__ import annotations

import datetime as dt

from congvu.innovation import actions as innovation
from congvu.innovation.models import Achievement
from congvu.rewards.queries import evidence_panel, hard_procedures
from tests.dossiers.conftest import Desk
from tests.rewards.conftest import World, ended

D = dt.date


def test_tasks_finished_early_and_accepted_the_first_time(world: World) -> None:
    # Counted: done 10 days before the deadline, approved the next day.
    early = world.task(due=D(2025, 9, 30), completed=D(2025, 9, 20), approved=D(2025, 9, 21))
    # Not: sent back once, though early in the end.
    world.task(
        due=D(2025, 9, 30), completed=D(2025, 9, 10), approved=D(2025, 9, 12), sent_back=True
    )
    # Not: done on the deadline day (on time, not early).
    world.task(due=D(2025, 10, 31), completed=D(2025, 10, 31), approved=D(2025, 11, 3))
    # Not in 2025: early, but approved in January 2026 (it counts in 2026).
    late_approval = world.task(
        due=D(2025, 12, 31), completed=D(2025, 12, 29), approved=D(2026, 1, 5)
    )
    # Not: done early by a colleague.
    world.task(
        due=D(2025, 11, 28), completed=D(2025, 11, 3), approved=D(2025, 11, 4), by=world.p.colleague
    )
    # Not: early but still awaiting approval.
    world.task(due=D(2025, 12, 15), completed=D(2025, 12, 1), approved=None)

    panel = evidence_panel(world.nominee, 2025)

    assert [(item.id, item.days_early, item.day) for item in panel.tasks] == [
        (early.pk, 10, D(2025, 9, 21))
    ]
    assert [item.id for item in evidence_panel(world.nominee, 2026).tasks] == [late_approval.pk]
    assert len(evidence_panel(world.p.colleague, 2025).tasks) == 1


def test_signals_explained_and_accepted_as_justified(world: World) -> None:
    task = world.task(due=D(2026, 3, 31), completed=D(2026, 3, 30), approved=D(2026, 3, 31))
    other = world.task(
        due=D(2026, 4, 30), completed=D(2026, 4, 29), approved=D(2026, 4, 30), title="Khác"
    )
    third = world.task(
        due=D(2026, 5, 29), completed=D(2026, 5, 28), approved=D(2026, 5, 29), title="Ba"
    )
    # Counted: explained by the nominee, accepted as justified in 2026.
    justified = world.finding(task, explained_by=world.nominee, reviewed=D(2026, 4, 2))
    # Not: explained by the nominee but confirmed (the signal stands).
    world.finding(other, explained_by=world.nominee, reviewed=D(2026, 5, 4), decision="confirmed")
    # Not the nominee's: a colleague explained it.
    world.finding(third, explained_by=world.p.colleague, reviewed=D(2026, 6, 1))

    panel = evidence_panel(world.nominee, 2026)

    assert [(item.id, item.day) for item in panel.findings] == [(justified.pk, D(2026, 4, 2))]
    assert evidence_panel(world.nominee, 2025).findings == []
    assert len(evidence_panel(world.p.colleague, 2026).findings) == 1


def test_dossiers_on_time_in_a_hard_procedure(world: World, desk: Desk) -> None:
    """Five dossiers of the 5-day procedure ended in 2025, one late (a fifth): it is hard. The
    nominee resolved three on time; a colleague one on time and the late one."""
    nominee, colleague = world.nominee, world.p.colleague
    mine = [
        ended(desk, by=nominee, received=D(2025, 10, 6), completed=D(2025, 10, 8)),
        ended(desk, by=nominee, received=D(2025, 10, 7), completed=D(2025, 10, 10)),
        ended(desk, by=nominee, received=D(2025, 11, 3), completed=D(2025, 11, 4)),
    ]
    ended(desk, by=colleague, received=D(2025, 11, 3), completed=D(2025, 11, 5))
    late = ended(desk, by=colleague, received=D(2025, 10, 6), completed=D(2025, 10, 31))
    assert late.late_766 and not any(d.late_766 for d in mine)

    assert hard_procedures(2025) == {desk.procedure.pk}
    assert [item.id for item in evidence_panel(nominee, 2025).dossiers] == [d.pk for d in mine]
    assert len(evidence_panel(colleague, 2025).dossiers) == 1  # the late one does not count
    assert evidence_panel(nominee, 2026).dossiers == []


def test_a_procedure_below_a_fifth_late_is_not_hard(world: World, desk: Desk) -> None:
    """Six ended, one late: a sixth, under the fifth: not hard, nothing counts."""
    for day in (6, 7, 8, 9, 10):
        ended(desk, by=world.nominee, received=D(2025, 10, day), completed=D(2025, 10, day))
    ended(desk, by=world.p.colleague, received=D(2025, 10, 6), completed=D(2025, 10, 31))

    assert hard_procedures(2025) == set()
    assert evidence_panel(world.nominee, 2025).dossiers == []


def test_a_procedure_needs_five_ended_dossiers(world: World, desk: Desk) -> None:
    """Four ended, two late: half late, but too few to call the procedure hard."""
    ended(desk, by=world.nominee, received=D(2025, 10, 6), completed=D(2025, 10, 7))
    ended(desk, by=world.nominee, received=D(2025, 10, 7), completed=D(2025, 10, 8))
    ended(desk, by=world.p.colleague, received=D(2025, 10, 6), completed=D(2025, 10, 31))
    ended(desk, by=world.p.colleague, received=D(2025, 10, 6), completed=D(2025, 11, 3))

    assert hard_procedures(2025) == set()


def test_innovation_proposals_implemented_in_the_year(world: World) -> None:
    counted = world.proposal(implemented=D(2025, 9, 1), title="Một cửa liên thông")
    world.proposal(implemented=None, title="Được thông qua, chưa triển khai")
    next_year = world.proposal(implemented=D(2026, 2, 2), title="Năm sau")
    wanting = world.proposal(implemented=D(2025, 8, 4), title="Động cơ không trong sáng")
    innovation.evaluate(
        wanting,
        by=world.head,
        achievement=Achievement.NOT,
        damage=True,
        motive_pure=False,
        policy_correct=True,
        on=D(2025, 9, 1),
    )

    assert [item.id for item in evidence_panel(world.deputy, 2025).proposals] == [counted.pk]
    assert [item.id for item in evidence_panel(world.deputy, 2026).proposals] == [next_year.pk]


def test_the_panels_counts(world: World, desk: Desk) -> None:
    task = world.task(due=D(2025, 9, 30), completed=D(2025, 9, 20), approved=D(2025, 9, 22))
    world.task(due=D(2025, 8, 29), completed=D(2025, 8, 1), approved=D(2025, 8, 4), title="Hai")
    world.finding(task, explained_by=world.nominee, reviewed=D(2025, 10, 1))
    for day in (6, 7, 8, 9):
        ended(desk, by=world.nominee, received=D(2025, 10, day), completed=D(2025, 10, day))
    ended(desk, by=world.p.colleague, received=D(2025, 10, 6), completed=D(2025, 10, 31))

    panel = evidence_panel(world.nominee, 2025)

    assert panel.counts == {"task": 2, "finding": 1, "dossier": 4, "proposal": 0}
    assert panel.total == 7

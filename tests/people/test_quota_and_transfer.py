"""Two rules of the procedure worked in the database: the head's choice at a tie on the quota's
cut, recorded on the approval; and a transfer, where the new unit rates and the old unit's months
are carried into the year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from congvu.core.errors import ActionError
from congvu.org.actions import give_post
from congvu.org.models import Post
from congvu.people import actions
from congvu.people.models import Rating, RatingActivity
from congvu.people.queries import compute_batch
from tests.factories import make_official, make_position
from tests.people.world import VN, build_world, held_task

D = dt.date
MARCH = "2026-03"
APRIL_6 = dt.datetime(2026, 4, 6, 10, tzinfo=VN)


@pytest.fixture
def seven(province):
    """Seven officials of the construction department in group "Quy hoạch", each with one task
    completed on time (a = b = c = 100, task points 70): the total is 70 + the manager's general
    points. Five get 5 + 5 + 5 = 15 → 85.00 HTT; two get 8 + 7 + 7 = 22 → 92.00 HTXS, tied.
    Quota: k ≤ (5 + 2)/6 → k = 1, and the engine, unable to choose, moves both to HTT."""
    world = build_world(province)
    people = [province.official, province.colleague]
    people += [make_official(f"Cán bộ {i}", unit=province.construction) for i in range(5)]
    for official in people[2:]:
        world.position.placements.create(official=official, start=D(2026, 1, 1))
    for official in people:
        held_task(province, official, created=D(2026, 3, 2), due=D(2026, 3, 20),
                  completed=D(2026, 3, 10))  # fmt: skip
    with time_machine.travel(APRIL_6, tick=False):
        for index, official in enumerate(people):
            actions.self_assess(official, MARCH, points=[Decimal(5)] * 3, note="")
            rating = Rating.objects.get(official=official)
            high = index < 2
            points = [Decimal(8), Decimal(7), Decimal(7)] if high else [Decimal(5)] * 3
            actions.review(rating, by=province.head, points=points)
        yield province, people


def test_the_engine_moves_both_tied_candidates(seven):
    province, people = seven

    results = compute_batch(province.construction, MARCH).results

    assert [results[o.pk].printed for o in people[:2]] == [Decimal("92.00")] * 2
    assert [results[o.pk].level for o in people[:2]] == ["HTT", "HTT"]


def test_the_head_keeps_one_of_the_tied_and_the_choice_is_recorded(seven):
    province, people = seven

    actions.approve_unit(province.construction, MARCH, by=province.head, keep_htxs={people[1].pk})

    kept = Rating.objects.get(official=people[1], period=MARCH)
    moved = Rating.objects.get(official=people[0], period=MARCH)
    assert (kept.level, kept.reasons) == ("HTXS", "")
    assert (moved.level, moved.reasons) == ("HTT", "quota")
    for rating in (kept, moved):
        event = rating.events.get(activity=RatingActivity.APPROVE)
        assert event.payload["tie_decision"] is True


def test_the_head_may_not_keep_both_tied(seven):
    province, people = seven

    with pytest.raises(ActionError):
        actions.approve_unit(
            province.construction, MARCH, by=province.head, keep_htxs={p.pk for p in people[:2]}
        )

    assert not Rating.objects.filter(status=Rating.Status.APPROVED).exists()


def test_after_a_transfer_the_new_unit_rates_and_the_old_months_count_in_the_year(province):
    build_world(province)
    p = province
    held_task(p, p.official, created=D(2026, 3, 2), due=D(2026, 3, 20), completed=D(2026, 3, 10))
    with time_machine.travel(APRIL_6, tick=False):
        actions.self_assess(p.official, MARCH, points=[Decimal(10)] * 3, note="")
        actions.review(Rating.objects.get(official=p.official), by=p.head,
                       points=[Decimal(8)] * 3)  # fmt: skip
        actions.approve_unit(p.construction, MARCH, by=p.head)
    # Transferred to Sở Tài chính from 1 April: the construction post ends on 31 March.
    Post.objects.filter(official=p.official).update(end=D(2026, 3, 31))
    give_post(p.official, unit=p.finance, position=make_position(), start=D(2026, 4, 1))

    with time_machine.travel(dt.datetime(2026, 5, 4, 9, tzinfo=VN), tick=False):
        actions.self_assess(p.official, "2026", points=[Decimal(10)] * 3, note="")
        year = Rating.objects.get(official=p.official, period="2026")
        batch = compute_batch(p.finance, "2026")

    assert (year.unit, year.manager) == (p.finance, p.finance_head)
    # March (rated by Sở Xây dựng): 70 + 24 = 94.00, the only month with items.
    assert batch.results[p.official.pk].printed == Decimal("94.00")

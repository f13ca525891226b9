"""The rating procedure on the kernel, March 2026 in the construction department, figures worked
by hand from the tasks below (Decree 335/2025; the engine is congvu.people.rating).

    Phạm Quang Hải (official, group "Quy hoạch", position QH: field XD counts 2):
      T1 XD, due 20/03, completed 15/03           coef 2, done, 0 failures, 0 delays
      T2 other field, due 10/03, completed 12/03  coef 1, done, 0 failures, 1 delay
      T3 XD, due 25/03, sent back 20/03, completed 24/03  coef 2, done, 1 failure, 0 delays
      A = 5; a = 100·5/5 = 100; b = 100·(2 + 1 + 2·0.75)/5 = 90; c = 100·(2 + 0.75 + 2)/5 = 95
      task = (100 + 90 + 95)/3 · 0.7 = 66.50; general (manager) 10 + 9 + 9 = 28; total 94.50 HTXS
    Đỗ Thu Hằng (official, same group): T4 XD due 20/03 completed 18/03
      a = b = c = 100; task 70; general 30; total 100.00 HTXS
    Lê Minh Đức (head, leader, no placement: coefficient 1): T5 due 25/03 completed 20/03
      a = b = c = 100; d = 100 (both below ≥ 50); đ = e = 100; task = 600/6 · 0.7 = 70
      general (the chair) 9 + 9 + 9 = 27; total 97.00 HTXS
    Quota (5·HTXS ≤ HTT): group "Quy hoạch" has 2 HTXS and 0 HTT → both HTT (quota);
    group "" (the head alone) → HTT (quota).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from congvu.core.errors import ActionError
from congvu.people import actions
from congvu.people.access import require
from congvu.people.models import Rating, RatingActivity
from congvu.people.overrides import Overrides, register_source, unregister_source
from congvu.people.queries import compute_batch
from congvu.people.rating import Result
from tests.people.world import VN, build_world, held_task

D = dt.date
MARCH = "2026-03"
APRIL_6 = dt.datetime(2026, 4, 6, 10, tzinfo=VN)


def march_tasks(province):
    p = province
    held_task(p, p.official, created=D(2026, 3, 2), due=D(2026, 3, 20), completed=D(2026, 3, 15))
    held_task(
        p, p.official, created=D(2026, 3, 2), due=D(2026, 3, 10), completed=D(2026, 3, 12),
        field_code="KH",
    )  # fmt: skip
    held_task(
        p, p.official, created=D(2026, 3, 3), due=D(2026, 3, 25), sent_back=D(2026, 3, 20),
        completed=D(2026, 3, 24),
    )  # fmt: skip
    held_task(p, p.colleague, created=D(2026, 3, 2), due=D(2026, 3, 20), completed=D(2026, 3, 18))
    held_task(
        p, p.head, created=D(2026, 3, 2), due=D(2026, 3, 25), completed=D(2026, 3, 20),
        field_code="KH",
    )  # fmt: skip


def assessed(province):
    p = province
    n = Decimal
    actions.self_assess(p.official, MARCH, points=[n(10), n(10), n(10)], note="")
    actions.self_assess(p.colleague, MARCH, points=[n(10), n(10), n(10)], note="")
    actions.self_assess(p.head, MARCH, points=[n(10), n(10), n(10)], note="")
    official = Rating.objects.get(official=p.official)
    colleague = Rating.objects.get(official=p.colleague)
    head = Rating.objects.get(official=p.head)
    actions.review(official, by=p.head, points=[n(10), n(9), n(9)])
    actions.review(colleague, by=p.head, points=[n(10), n(10), n(10)])
    actions.review(head, by=p.chair, points=[n(9), n(9), n(9)])
    return official, colleague, head


@pytest.fixture
def march(province):
    build_world(province)
    march_tasks(province)
    with time_machine.travel(APRIL_6, tick=False):
        yield province


def test_the_engine_figures_of_the_month_match_the_hand_computation(march):
    official, colleague, head = assessed(march)

    batch = compute_batch(march.construction, MARCH)

    r = batch.results[march.official.pk]
    assert (r.a, r.b, r.c) == (Decimal(100), Decimal(90), Decimal(95))
    assert (r.printed, r.level, r.reasons) == (Decimal("94.50"), "HTT", ("quota",))
    assert batch.results[march.colleague.pk].printed == Decimal("100.00")
    h = batch.results[march.head.pk]
    assert (h.d, h.printed, h.level) == (Decimal(100), Decimal("97.00"), "HTT")
    # Item 2 (other field) counted 1: no product matched.
    mine = [i for i in batch.items if i.official_id == march.official.pk]
    product = "Thẩm định quy hoạch"
    assert sorted((i.coefficient, i.product) for i in mine) == [
        (Decimal(1), ""), (Decimal("2.00"), product), (Decimal("2.00"), product),
    ]  # fmt: skip


def test_the_direct_managers_come_from_the_posts(march):
    official, colleague, head = assessed(march)

    assert official.manager == march.head
    assert head.manager == march.chair
    assert (official.is_leader, head.is_leader) == (False, True)


def test_head_approves_publishes_and_the_events_record_each_step(march):
    official, colleague, head = assessed(march)

    approved = actions.approve_unit(march.construction, MARCH, by=march.head)

    assert {r.official_id for r in approved} == {march.official.pk, march.colleague.pk}
    official.refresh_from_db()
    assert (official.total, official.level, official.reasons) == (Decimal("94.50"), "HTT", "quota")
    event = official.events.get(activity=RatingActivity.APPROVE)
    assert event.payload["figures"][:4] == [MARCH, march.official.code, "100.00", "90.00"]
    assert len(event.payload["items"]) == 3
    # The head's own rating waits for the chair, on the same figures.
    head.refresh_from_db()
    assert head.status == Rating.Status.REVIEWED
    actions.approve_unit(march.construction, MARCH, by=march.chair)
    head.refresh_from_db()
    assert (head.total, head.level) == (Decimal("97.00"), "HTT")

    actions.publish_unit(march.construction, MARCH, by=march.head)

    official.refresh_from_db()
    assert official.status == Rating.Status.PUBLISHED
    assert official.petition_until == D(2026, 4, 13)  # 5 working days after Monday 06/04
    assert list(official.events.values_list("activity", flat=True)) == [
        "self_assess", "review", "approve", "publish",
    ]  # fmt: skip


def test_petition_is_answered_and_the_rest_become_final_after_the_window(march):
    official, colleague, _head = assessed(march)
    actions.approve_unit(march.construction, MARCH, by=march.head)
    actions.publish_unit(march.construction, MARCH, by=march.head)
    official.refresh_from_db()

    actions.petition(
        official, by=march.official, text="Đề nghị xem lại nhiệm vụ chậm do chờ ý kiến"
    )
    actions.answer_petition(official, by=march.head, answer="Giữ nguyên", level="")
    with time_machine.travel(dt.datetime(2026, 4, 14, 9, tzinfo=VN), tick=False):
        closed = actions.finalise_unit(march.construction, MARCH, by=march.head)

    official.refresh_from_db()
    assert official.status == Rating.Status.FINAL
    assert [r.official_id for r in closed] == [march.colleague.pk]


def test_petition_after_the_window_is_refused(march):
    official, _c, _h = assessed(march)
    actions.approve_unit(march.construction, MARCH, by=march.head)
    actions.publish_unit(march.construction, MARCH, by=march.head)
    official.refresh_from_db()

    after = dt.datetime(2026, 4, 14, 9, tzinfo=VN)
    with time_machine.travel(after, tick=False), pytest.raises(ActionError):
        actions.petition(official, by=march.official, text="Muộn")

    assert not official.events.filter(activity=RatingActivity.PETITION).exists()


def test_objective_cause_removes_the_delay_deduction(march):
    official, _c, _h = assessed(march)
    late = official.official.assigned_tasks.get(due=D(2026, 3, 10))

    actions.record_objective_cause(
        official, by=march.head, task_id=late.pk, kind="delay", reason="Chờ quy hoạch phân khu"
    )

    # c = 100·(2 + 1 + 2)/5 = 100; task = (100 + 90 + 100)/3 · 0.7 = 67.67; total 95.67
    r = compute_batch(march.construction, MARCH).results[march.official.pk]
    assert (r.c, r.printed) == (Decimal(100), Decimal("95.67"))


def test_absence_leaves_out_the_tasks_due_in_it(march):
    official, _c, _h = assessed(march)

    actions.record_absence(
        march.official, MARCH, by=march.head, start=D(2026, 3, 9), end=D(2026, 3, 13), kind="sick"
    )

    # T2 (item day 10/03, late) is left out: A = 4; a = 100; b = 100·(2 + 1.5)/4 = 87.5; c = 100
    # task = 287.5/3 · 0.7 = 67.0833…; total 95.08
    r = compute_batch(march.construction, MARCH).results[march.official.pk]
    assert (r.b, r.printed) == (Decimal("87.5"), Decimal("95.08"))


def test_recorded_discipline_forces_khtnv_with_its_reason(march):
    official, _c, _h = assessed(march)

    def source(official_id: int, year: int) -> Overrides | None:
        if official_id == march.official.pk and year == 2026:
            return Overrides("khien_trach", True, False, "Quyết định 12/QĐ-SXD ngày 02/02/2026")
        return None

    register_source(source)
    try:
        batch = compute_batch(march.construction, MARCH)
    finally:
        unregister_source(source)

    r = batch.results[march.official.pk]
    assert (r.printed, r.level, r.reasons) == (Decimal("94.50"), "KHTNV", ("discipline",))
    assert batch.reasons_text[march.official.pk] == "Quyết định 12/QĐ-SXD ngày 02/02/2026"


def test_year_rating_is_the_mean_of_the_months_and_is_refused_from_15_december(march):
    assessed(march)
    actions.approve_unit(march.construction, MARCH, by=march.head)
    n = Decimal
    actions.self_assess(march.official, "2026", points=[n(10), n(10), n(10)], note="")
    year = Rating.objects.get(official=march.official, period="2026")
    actions.review(year, by=march.head, points=[n(10), n(10), n(10)])

    batch = compute_batch(march.construction, "2026")

    assert batch.results[march.official.pk].printed == Decimal("94.50")  # March only
    december_15 = dt.datetime(2026, 12, 15, 9, tzinfo=VN)
    with time_machine.travel(december_15, tick=False), pytest.raises(ActionError):
        actions.approve_unit(march.construction, "2026", by=march.head)
    year.refresh_from_db()
    assert year.status == Rating.Status.REVIEWED


# Refusals: every step by someone who may not take it, and nothing recorded.


@pytest.mark.parametrize("who", ["colleague", "head", "inspector", "outsider"])
def test_only_the_official_self_assesses_their_rating(march, who):
    actions.self_assess(march.official, MARCH, points=[Decimal(5)] * 3, note="")
    rating = Rating.objects.get(official=march.official)

    with pytest.raises(PermissionDenied):
        require(getattr(march, who), "self_assess", rating)

    assert rating.events.count() == 1


@pytest.mark.parametrize("who", ["official", "colleague", "chair", "inspector", "outsider"])
def test_only_the_direct_manager_reviews(march, who):
    actions.self_assess(march.official, MARCH, points=[Decimal(5)] * 3, note="")
    rating = Rating.objects.get(official=march.official)

    with pytest.raises(PermissionDenied):
        actions.review(rating, by=getattr(march, who), points=[Decimal(5)] * 3)
    with pytest.raises(PermissionDenied):
        actions.record_objective_cause(
            rating, by=getattr(march, who), task_id=1, kind="delay", reason="x"
        )

    assert list(rating.events.values_list("activity", flat=True)) == ["self_assess"]


@pytest.mark.parametrize("who", ["official", "colleague", "finance_head", "inspector", "outsider"])
def test_only_a_head_above_approves_publishes_and_finalises(march, who):
    assessed(march)

    for step in (actions.approve_unit, actions.publish_unit, actions.finalise_unit):
        with pytest.raises(PermissionDenied):
            step(march.construction, MARCH, by=getattr(march, who))

    assert not Rating.objects.exclude(status=Rating.Status.REVIEWED).exists()


def test_nobody_petitions_someone_elses_rating(march):
    official, _c, _h = assessed(march)
    actions.approve_unit(march.construction, MARCH, by=march.head)
    actions.publish_unit(march.construction, MARCH, by=march.head)
    official.refresh_from_db()

    for who in ("colleague", "head", "inspector"):
        with pytest.raises(PermissionDenied):
            actions.petition(official, by=getattr(march, who), text="x")

    assert not official.events.filter(activity=RatingActivity.PETITION).exists()


def test_the_head_may_not_approve_beyond_the_quota(march):
    assessed(march)

    with pytest.raises(ActionError):
        actions.approve_unit(
            march.construction, MARCH, by=march.head, keep_htxs={march.colleague.pk}
        )

    assert not Rating.objects.filter(status=Rating.Status.APPROVED).exists()


def _result(official: str, total: str, level: str) -> Result:
    t = Decimal(total)
    return Result(
        "2026-03", official, "SXD", "G", None, None, None, None, None, Decimal(0), t, level
    )


def test_quota_choice_a_tie_at_the_cut_is_left_to_the_head():
    # 5 HTT and 2 HTXS tied at 92.00: 5·k ≤ HTT after the cut allows k = 1 (5·1 ≤ 6); the engine
    # cannot choose between the two and moves both; the head may keep one of them.
    results = [_result(f"H{i}", "80", "HTT") for i in range(5)]
    results += [_result("X1", "92", "HTXS"), _result("X2", "92", "HTXS")]

    candidates, kept, allowed = actions.quota_choice(results)

    assert [r.official for r in candidates] == ["X1", "X2"]
    assert (kept, allowed) == ([], 1)


def test_quota_choice_below_five_htt_allows_no_htxs():
    results = [_result(f"H{i}", "80", "HTT") for i in range(4)] + [_result("X", "95", "HTXS")]

    _candidates, kept, allowed = actions.quota_choice(results)

    assert (kept, allowed) == ([], 0)

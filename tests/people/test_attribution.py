"""Fair attribution (issue 11 item 2): the time a task waited on a coordinating unit's answer or on
the approver is not the holder's delay; the delay is charged to their items. Hand-worked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from congvu.core.calendar import add_working_days
from congvu.org.models import Post
from congvu.people.attribution import (
    APPROVAL,
    REVIEW_WORKING_DAYS,
    InputFacts,
    ReviewFacts,
    answer_item,
    review_item,
)
from congvu.people.queries import work_items
from congvu.people.rating import ITEM_COLUMNS, PEOPLE_COLUMNS, round2, run_rating
from congvu.people.tables import Rows
from congvu.tasks import actions as tasks
from congvu.tasks.models import Activity
from tests.factories import make_official
from tests.people.world import at, build_world, held_task

D = dt.date
APRIL_6 = D(2026, 4, 6)


def facts(status: str, answered: dt.date | None, by: int | None = 7) -> InputFacts:
    return InputFacts(1, 10, 3, D(2026, 3, 10), status, answered, by)


def test_the_rule_on_one_request():
    on_time = answer_item(facts("answered", D(2026, 3, 9)), as_of=APRIL_6)
    late = answer_item(facts("answered", D(2026, 3, 13)), as_of=APRIL_6)
    overdue = answer_item(facts("open", None, None), as_of=APRIL_6, heads=(4,))

    assert (on_time.officials, on_time.day, on_time.completed, on_time.delays) == (
        (7,), D(2026, 3, 9), True, 0,
    )  # fmt: skip
    # Late: one delay, in the period of the answer deadline.
    assert (late.officials, late.day, late.completed, late.delays) == (
        (7,),
        D(2026, 3, 10),
        True,
        1,
    )
    # Nobody answered: the unit's head answers for it, not completed, one delay.
    assert (overdue.officials, overdue.completed, overdue.delays) == ((4,), False, 1)
    assert answer_item(facts("open", None, None), as_of=D(2026, 3, 10), heads=(4,)) is None
    assert answer_item(facts("declined", D(2026, 3, 12), None), as_of=APRIL_6) is None


@pytest.fixture
def waited(province):
    """A task of Sở Xây dựng, due 20/03, with Sở Tài chính coordinating, held by Hải:

    - 05/03 Hải asks Sở Tài chính for input, answer due 10/03; Lan (Sở Tài chính) answers 13/03,
      three days late. Waiting 05/03 → 13/03 = 8 days: Hải's fair deadline is 20/03 + 8 = 28/03.
    - 06/03 a second request, answer due 15/03, never answered.
    - 22/03 Hải completes: after 20/03 but before 28/03, so no delay of Hải's.
    """
    p = province
    build_world(p)
    task = tasks.create_task(
        by=p.clerk, title="Thẩm định dự án khu đô thị", lead_unit=p.construction,
        field=p.field, due=D(2026, 3, 20), coordinating_units=[p.finance], ts=at(D(2026, 3, 2)),
    )  # fmt: skip
    tasks.accept_task(task, by=p.head, ts=at(D(2026, 3, 2), 10))
    tasks.assign_task(task, to=p.official, by=p.head, ts=at(D(2026, 3, 2), 11))
    first = tasks.request_input(
        task, to_unit=p.finance, question="Ý kiến về nguồn vốn", answer_due=D(2026, 3, 10),
        by=p.official, ts=at(D(2026, 3, 5)),
    )  # fmt: skip
    tasks.request_input(
        task, to_unit=p.finance, question="Ý kiến về định mức", answer_due=D(2026, 3, 15),
        by=p.official, ts=at(D(2026, 3, 6)),
    )  # fmt: skip
    tasks.respond_input(first, by=p.finance_official, answer="Đủ vốn", ts=at(D(2026, 3, 13)))
    tasks.complete_task(task, by=p.official, result="Đã thẩm định", ts=at(D(2026, 3, 22)))
    tasks.approve_task(task, by=p.clerk, ts=at(D(2026, 3, 30)))
    return p, task


def test_the_delay_is_charged_to_the_coordinating_unit(waited):
    p, task = waited
    ids = [p.official.pk, p.finance_official.pk, p.finance_head.pk]

    items = {
        i.official_id: i for i in work_items(ids, D(2026, 3, 1), D(2026, 3, 31), as_of=APRIL_6)
    }

    holder = items[p.official.pk]
    assert (holder.completed, holder.delays, holder.facts.fair_due) == (True, 0, D(2026, 3, 28))
    answer = items[p.finance_official.pk]
    assert (answer.task_id, answer.completed, answer.delays, answer.coefficient) == (
        task.pk, True, 1, Decimal(1),
    )  # fmt: skip
    assert answer.period == "2026-03"
    unanswered = items[p.finance_head.pk]
    assert (unanswered.completed, unanswered.delays) == (False, 1)


def test_the_charged_delay_in_the_figures(waited):
    """Lan's only item: A = 1, a = 100, b = 100, c = 100 · 1 · (1 − 0,25) = 75:
    task points = (100 + 100 + 75) / 3 · 0,7 = 64,17; with 20 general points, total 84,17."""
    p, _task = waited
    items = work_items([p.finance_official.pk], D(2026, 3, 1), D(2026, 3, 31), as_of=APRIL_6)
    code = p.finance_official.code
    table = Rows("ITEMS", ITEM_COLUMNS, list(enumerate([i.row(code) for i in items], start=2)))
    people = Rows(
        "PEOPLE",
        PEOPLE_COLUMNS,
        [(2, ["2026-03", code, "STC", "", "staff", "", "20", "", "", "", "no", "no"])],
    )

    (result,) = run_rating(table, people)

    assert [round2(v) for v in (result.c, result.task_points, result.total)] == [
        Decimal("75.00"), Decimal("64.17"), Decimal("84.17"),
    ]  # fmt: skip
    assert result.level == "HTT"


# The approver (attribution.review_item): five working days of the province's calendar to decide.


def review(outcome: str, decided: dt.date | None = None) -> ReviewFacts:
    """A result reported Monday 16/03/2026: the norm ends Monday 23/03 (17, 18, 19, 20, 23)."""
    return ReviewFacts(
        APPROVAL, 10, 5, D(2026, 3, 16), D(2026, 3, 23), outcome,
        decided, 8 if decided else None, 6 if decided else None,
    )  # fmt: skip


def test_the_rule_on_one_wait_for_a_decision():
    on_time = review_item(review("decided", D(2026, 3, 23)), as_of=APRIL_6)
    late = review_item(review("decided", D(2026, 3, 27)), as_of=APRIL_6)
    undecided = review_item(review("open"), as_of=APRIL_6, answerable=(4,))

    assert (on_time.officials, on_time.day, on_time.completed, on_time.delays) == (
        (8,), D(2026, 3, 23), True, 0,
    )  # fmt: skip
    assert on_time.evidence == (6,)  # the approval event
    # Decided four days after the norm: one delay, in the period of the norm's end.
    assert (late.officials, late.day, late.completed, late.delays) == (
        (8,), D(2026, 3, 23), True, 1,
    )  # fmt: skip
    # Nobody decided: those who answer for it, not completed, one delay, the report as evidence.
    assert (undecided.officials, undecided.completed, undecided.delays) == ((4,), False, 1)
    assert undecided.evidence == (5,)
    assert review_item(review("open"), as_of=D(2026, 3, 23), answerable=(4,)) is None
    assert review_item(review("ended"), as_of=APRIL_6, answerable=(4,)) is None


def test_the_norm_counts_working_days_of_the_province(db):
    """Reported Friday 13/02/2026, the eve of Tết (holidays 14–22/02 with the weekends): the five
    working days are 23, 24, 25, 26 and 27/02."""
    assert add_working_days(D(2026, 2, 13), REVIEW_WORKING_DAYS) == D(2026, 2, 27)


@pytest.fixture
def reviewed(province):
    """Two tasks of Hải's, due 20/03, assigned by the office, whose head is Chánh Văn phòng Sơn:

    - 04/03 (Wed) Hải asks the department head Đức for direction; the norm ends 11/03 (5, 6, 9, 10,
      11); Đức answers 12/03, a day late: Hải waited 8 days, his fair deadline is 28/03.
    - 16/03 (Mon) Hải reports the first task complete (on time); the norm for the office ends 23/03;
      Bích (the office) approves it 27/03, four working days late.
    - 20/03 (Fri) Hải reports the second task complete; the norm ends 27/03; nobody decides: the
      office's head Sơn answers for it (as of 06/04).
    """
    p = province
    build_world(p)
    office_head = make_official(
        "Nguyễn Văn Sơn", unit=p.office, role=Post.Role.HEAD, position="Chánh Văn phòng"
    )
    first = held_task(p, p.official, created=D(2026, 3, 2), due=D(2026, 3, 20))
    second = held_task(
        p, p.official, created=D(2026, 3, 2), due=D(2026, 3, 20), title="Rà soát quy hoạch ven biển"
    )
    question = tasks.escalate_task(
        first, by=p.official, to=p.head, question="Xin chỉ đạo về chỉ tiêu", ts=at(D(2026, 3, 4))
    )
    tasks.answer_escalation(question, by=p.head, answer="Giữ chỉ tiêu", ts=at(D(2026, 3, 12)))
    tasks.complete_task(first, by=p.official, result="Đã thẩm định", ts=at(D(2026, 3, 16)))
    tasks.approve_task(first, by=p.clerk, ts=at(D(2026, 3, 27)))
    tasks.complete_task(second, by=p.official, result="Đã rà soát", ts=at(D(2026, 3, 20)))
    return p, first, second, office_head


def test_the_approvers_delay_is_charged_to_the_approver(reviewed):
    p, first, second, office_head = reviewed
    ids = [p.official.pk, p.clerk.pk, p.head.pk, office_head.pk]

    items = work_items(ids, D(2026, 3, 1), D(2026, 3, 31), as_of=APRIL_6)
    by_official = {}
    for item in items:
        by_official.setdefault(item.official_id, []).append(item)

    # Hải: both reported on time; the approval of 27/03 and the undecided one are not his delay.
    held = {i.task_id: i for i in by_official[p.official.pk]}
    assert (held[first.pk].completed, held[first.pk].delays) == (True, 0)
    assert held[first.pk].facts.fair_due == D(2026, 3, 28)  # 20/03 + 8 days waiting on Đức
    assert (held[second.pk].completed, held[second.pk].delays) == (True, 0)
    # Bích approved four working days after the norm: her item, completed, one delay.
    (approval,) = by_official[p.clerk.pk]
    assert (approval.task_id, approval.completed, approval.delays) == (first.pk, True, 1)
    assert approval.title == "Nghiệm thu kết quả: Thẩm định đồ án quy hoạch"
    assert approval.facts.evidence == (first.events.get(activity=Activity.APPROVE).pk,)
    # Đức answered the request for direction a day after the norm.
    (direction,) = [i for i in by_official[p.head.pk] if i.title.startswith("Trả lời")]
    assert (direction.task_id, direction.completed, direction.delays) == (first.pk, True, 1)
    # Nobody decided on the second result: the office's head answers for it.
    (undecided,) = by_official[office_head.pk]
    assert (undecided.task_id, undecided.completed, undecided.delays) == (second.pk, False, 1)
    assert undecided.period == "2026-03"


def test_an_objective_cause_removes_the_approvers_delay(reviewed):
    p, first, _second, _head = reviewed
    causes = {(p.clerk.pk, "2026-03"): {(first.pk, "delay")}}

    (approval,) = work_items(
        [p.clerk.pk], D(2026, 3, 1), D(2026, 3, 31), as_of=APRIL_6, causes=causes
    )

    assert (approval.delays, approval.excused) == (0, ("delay",))


def test_the_approvers_figures(reviewed):
    """Bích's only item: A = 1, a = 100, b = 100, c = 100 · (1 − 0,25) = 75: task points =
    (100 + 100 + 75) / 3 · 0,7 = 64,17; with 25 general points, total 89,17 (HTT, not HTXS)."""
    p, _first, _second, _head = reviewed
    items = work_items([p.clerk.pk], D(2026, 3, 1), D(2026, 3, 31), as_of=APRIL_6)
    code = p.clerk.code
    table = Rows("ITEMS", ITEM_COLUMNS, list(enumerate([i.row(code) for i in items], start=2)))
    people = Rows(
        "PEOPLE",
        PEOPLE_COLUMNS,
        [(2, ["2026-03", code, "VP", "", "staff", "", "25", "", "", "", "no", "no"])],
    )

    (result,) = run_rating(table, people)

    assert [round2(v) for v in (result.c, result.task_points, result.total)] == [
        Decimal("75.00"), Decimal("64.17"), Decimal("89.17"),
    ]  # fmt: skip
    assert result.level == "HTT"

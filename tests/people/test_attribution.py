"""Fair attribution (issue 11 item 2): the time a task waited on a coordinating unit's answer is
not the holder's delay; the delay is charged to that unit's items. Hand-worked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from congvu.people.attribution import InputFacts, answer_item
from congvu.people.queries import work_items
from congvu.people.rating import ITEM_COLUMNS, PEOPLE_COLUMNS, round2, run_rating
from congvu.people.tables import Rows
from congvu.tasks import actions as tasks
from tests.people.world import at, build_world

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

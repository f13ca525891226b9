"""The queues as plain items (the digest and the notification page): days are Hà Nội's."""

from __future__ import annotations

import datetime as dt

from congvu.tasks.actions import accept_task, assign_task, escalate_task
from congvu.web.queues import sections, waiting_on
from tests.factories import Province, make_task


def test_a_question_asked_after_five_in_the_afternoon_utc_is_dated_the_next_day_in_vietnam(
    province: Province,
) -> None:
    """Asked 04/03/2026 at 18:30 UTC, that is 01:30 on 05/03 in Hà Nội: the item says 05/03."""
    asked = dt.datetime(2026, 3, 4, 18, 30, tzinfo=dt.UTC)
    task = make_task(province, due=dt.date(2026, 3, 31), ts=asked - dt.timedelta(days=1))
    accept_task(task, by=province.head, ts=asked - dt.timedelta(hours=20))
    assign_task(task, to=province.official, by=province.head, ts=asked - dt.timedelta(hours=19))
    escalate_task(task, by=province.official, to=province.head, question="Xin chỉ đạo", ts=asked)

    queues = waiting_on(province.head, dt.date(2026, 3, 5))
    (escalations,) = [s for s in sections(queues, dt.date(2026, 3, 5)) if s.key == "escalations"]

    (item,) = escalations.items
    assert item.meta.endswith("05/03/2026")

"""Percentages are cut down, never rounded up: nothing reads 100 % while something is late."""

from __future__ import annotations

import pytest

from congvu.core.numbers import floored, money, percent, share
from congvu.tasks.queries import Counts
from congvu.web.templatetags.congvu_web import on_time
from congvu.web.templatetags.congvu_web import percent as page_percent


def test_199_of_200_is_not_shown_as_100_percent():
    assert share(199, 200) == "99,5 % (199/200)"
    assert floored(1999, 2000) == "99,9 %"
    assert floored(19999, 20000) == "99,9 %"
    assert percent(1999 / 2000) == "99,9 %"
    assert page_percent(199 / 200) == "99%"
    assert floored(200, 200) == "100,0 %"


def test_a_share_shows_its_numerator_and_denominator():
    assert share(194, 200) == "97,0 % (194/200)"
    assert share(2, 3) == "66,6 % (2/3)"
    assert share(0, 0) == "—"
    assert floored(1, 3, digits=0) == "33 %"


@pytest.mark.parametrize(
    ("rate", "text"),
    [(0.29, "29,0 %"), (0.328125, "32,8 %"), (0.0, "0,0 %"), (-0.0234, "-2,3 %"), (None, "—")],
)
def test_percent_cuts_without_falling_below_a_boundary(rate, text):
    assert percent(rate) == text


def test_a_unit_with_one_overdue_open_task_does_not_read_100_percent_on_time():
    # 199 completed on time, none late, one open past its deadline: 199 of 200 settled tasks.
    counts = Counts(done_on_time=199, open_on_time=5, open_overdue=1)

    assert counts.judged == 200
    assert on_time(counts) == "99,5 % (199/200)"
    assert on_time(Counts(done_on_time=4, open_on_time=2)) == "100,0 % (4/4)"
    assert on_time(Counts(open_on_time=2)) == "—"


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (None, "—"),
        (850_000, "850.000 đồng"),
        (1_000_000, "1 triệu đồng"),
        (350_540_000, "350,5 triệu đồng"),
        (999_960_000, "1 tỷ đồng"),  # rounds to a thousand triệu: said in tỷ
        (12_345_678_901, "12,35 tỷ đồng"),
        (20_000_000_000, "20 tỷ đồng"),
        (1_234_567_890_123, "1.234,57 tỷ đồng"),
        (-2_500_000, "-2,5 triệu đồng"),
    ],
)
def test_money_reads_in_trieu_and_ty_with_vietnamese_grouping(amount, text):
    assert money(amount) == text

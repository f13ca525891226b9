"""Months as pages, reports and commands take them."""

from __future__ import annotations

import datetime as dt

import pytest

from congvu.core.months import month_end, parse_month


def test_months_are_read_in_both_spellings():
    assert parse_month("2026-10") == dt.date(2026, 10, 1)
    assert parse_month("9/2026") == dt.date(2026, 9, 1)
    assert parse_month(" 12/2026 ") == dt.date(2026, 12, 1)
    with pytest.raises(ValueError):
        parse_month("2026-13")
    with pytest.raises(ValueError):
        parse_month("13/2026")
    with pytest.raises(ValueError):
        parse_month("tháng 9")


def test_the_last_day_of_a_month():
    assert month_end(dt.date(2026, 2, 10)) == dt.date(2026, 2, 28)
    assert month_end(dt.date(2028, 2, 1)) == dt.date(2028, 2, 29)
    assert month_end(dt.date(2026, 12, 31)) == dt.date(2026, 12, 31)

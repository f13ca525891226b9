"""The working-day calendar: weekends, lunar and solar holidays, swaps, province days."""

import datetime as dt
from collections.abc import Iterator

import pytest

from congvu.core.calendar import (
    add_working_days,
    forget_calendar,
    holiday_name,
    is_working_day,
    set_extra_day,
    working_days_between,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_calendar() -> Iterator[None]:
    forget_calendar()
    yield
    forget_calendar()


def test_tet_2026_is_five_days_off_from_new_years_eve():
    friday_before_tet = dt.date(2026, 2, 13)

    first_day_back = add_working_days(friday_before_tet, 1)

    assert first_day_back == dt.date(2026, 2, 23)
    assert [is_working_day(dt.date(2026, 2, d)) for d in range(16, 21)] == [False] * 5
    assert holiday_name(dt.date(2026, 2, 17)) == "Tết Nguyên Đán"


def test_hung_kings_day_2026_falls_on_sunday_and_is_observed_on_monday():
    assert not is_working_day(dt.date(2026, 4, 27))
    assert add_working_days(dt.date(2026, 4, 24), 1) == dt.date(2026, 4, 28)


def test_swapped_saturday_2025_is_a_working_day_and_friday_2_may_is_off():
    assert is_working_day(dt.date(2025, 4, 26))
    assert not is_working_day(dt.date(2025, 5, 2))

    assert add_working_days(dt.date(2025, 4, 25), 1) == dt.date(2025, 4, 26)


def test_30_april_and_1_may_2025_with_the_bridge_day():
    tuesday = dt.date(2025, 4, 29)

    assert add_working_days(tuesday, 1) == dt.date(2025, 5, 5)
    assert working_days_between(tuesday, dt.date(2025, 5, 5)) == 1


def test_national_day_2025_takes_1_and_2_september():
    friday = dt.date(2025, 8, 29)

    assert add_working_days(friday, 1) == dt.date(2025, 9, 3)
    assert not is_working_day(dt.date(2025, 9, 1))
    assert not is_working_day(dt.date(2025, 9, 2))


def test_start_day_is_not_counted_and_weekends_are_skipped():
    monday = dt.date(2025, 10, 6)

    assert add_working_days(monday, 0) == monday
    assert add_working_days(monday, 1) == dt.date(2025, 10, 7)
    assert add_working_days(monday, 5) == dt.date(2025, 10, 13)
    assert add_working_days(dt.date(2025, 10, 11), 1) == dt.date(2025, 10, 13)  # from a Saturday


def test_counting_crosses_the_year_and_goes_backwards():
    assert add_working_days(dt.date(2025, 12, 30), 2) == dt.date(2026, 1, 2)
    assert add_working_days(dt.date(2026, 1, 2), -2) == dt.date(2025, 12, 30)
    assert working_days_between(dt.date(2025, 12, 30), dt.date(2026, 1, 2)) == 2
    assert working_days_between(dt.date(2026, 1, 2), dt.date(2025, 12, 30)) == -2


def test_working_days_between_inverts_add_working_days_over_a_year():
    start = dt.date(2025, 7, 1)

    for days in range(0, 260, 7):
        assert working_days_between(start, add_working_days(start, days)) == days


def test_province_day_off_and_working_saturday_override_the_national_calendar():
    set_extra_day(day=dt.date(2025, 10, 10), is_working_day=False, reason="Ngày giải phóng tỉnh")
    set_extra_day(day=dt.date(2025, 10, 18), is_working_day=True, reason="Làm bù")

    assert not is_working_day(dt.date(2025, 10, 10))
    assert holiday_name(dt.date(2025, 10, 10)) == "Ngày giải phóng tỉnh"
    assert is_working_day(dt.date(2025, 10, 18))
    assert add_working_days(dt.date(2025, 10, 9), 1) == dt.date(2025, 10, 13)
    assert add_working_days(dt.date(2025, 10, 17), 1) == dt.date(2025, 10, 18)

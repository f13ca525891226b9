"""The working-day clock (analytics.workdays), hand-worked on 2026 and 2027."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import ibis
import numpy as np
import pytest

from congvu.analytics.timeline import work_time
from congvu.analytics.workdays import Calendar, CalendarFileError, load_calendar, read_extra_days

VN = Calendar.vn()
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
D = dt.date


def at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)


def test_tet_2026_is_nine_days_off_from_saturday_14_to_sunday_22_february():
    days = [D(2026, 2, 13) + dt.timedelta(days=n) for n in range(12)]

    working = [day for day in days if VN.is_working_day(day)]

    # Friday 13 works, Saturday 14 to Sunday 22 are off (Tết Monday 16 to Friday 20 and two
    # weekends), Monday 23 works again.
    assert working == [D(2026, 2, 13), D(2026, 2, 23), D(2026, 2, 24)]
    assert VN.holiday_name(D(2026, 2, 17)) != ""


def test_tet_2027_is_off_from_thursday_4_to_wednesday_10_february():
    off = [D(2027, 2, 4) + dt.timedelta(days=n) for n in range(7)]

    assert not any(VN.is_working_day(day) for day in off)
    assert VN.is_working_day(D(2027, 2, 3))
    assert VN.is_working_day(D(2027, 2, 11))
    # Wednesday 3 February to Thursday 11 February 2027: one working day.
    assert VN.working_days_between(D(2027, 2, 3), D(2027, 2, 11)) == 1


def test_a_swapped_saturday_works_and_its_weekday_is_off():
    # 2026: Saturday 22 August is worked for Monday 31 August (before National Day, 1–2/9).
    assert VN.is_working_day(D(2026, 8, 22))
    assert not VN.is_working_day(D(2026, 8, 31))
    assert not VN.is_working_day(D(2026, 9, 1))
    assert not VN.is_working_day(D(2026, 9, 2))
    # Friday 21 August to Thursday 3 September 2026 by hand: Sat 22 (swap), Mon 24 to Fri 28,
    # Thu 3 September: 7 working days.
    assert VN.working_days_between(D(2026, 8, 21), D(2026, 9, 3)) == 7


def test_other_holidays_of_2026_and_2027():
    # Giỗ Tổ 2026 falls on Sunday 26 April, off on Monday 27; 30/4 and 1/5 are off.
    assert not VN.is_working_day(D(2026, 4, 27))
    assert not VN.is_working_day(D(2026, 4, 30))
    assert not VN.is_working_day(D(2026, 5, 1))
    # 2027: Giỗ Tổ Friday 16 April; 1/5 is a Saturday, made up on Monday 3 May.
    assert not VN.is_working_day(D(2027, 4, 16))
    assert not VN.is_working_day(D(2027, 5, 3))
    assert VN.is_working_day(D(2027, 5, 4))


def test_add_working_days_skips_tet_and_is_the_inverse_of_the_count():
    # Thursday 12 February 2026 + 3 working days: Fri 13, Mon 23, Tue 24.
    assert VN.add_working_days(D(2026, 2, 12), 3) == D(2026, 2, 24)
    assert VN.add_working_days(D(2026, 2, 24), -3) == D(2026, 2, 12)
    assert VN.add_working_days(D(2026, 2, 14), 0) == D(2026, 2, 14)
    for start in (D(2026, 2, 10), D(2026, 8, 20), D(2027, 2, 1), D(2027, 12, 30)):
        for days in (1, 5, 17, 60):
            assert VN.working_days_between(start, VN.add_working_days(start, days)) == days


def test_working_time_between_instants_counts_parts_of_working_days():
    # Friday 13 February 2026 at noon to Monday 23 February at noon: half of Friday and half of
    # Monday, one working day (ten calendar days).
    assert VN.instant_work_days(at(D(2026, 2, 13), 12), at(D(2026, 2, 23), 12)) == 1.0
    # Saturday to Sunday 2026-02-21/22 (both off): nothing.
    assert VN.instant_work_days(at(D(2026, 2, 21), 9), at(D(2026, 2, 22), 18)) == 0.0
    # Wednesday 3 February 2027 at 18:00 to Thursday 11 at 06:00: 6 h + 6 h = half a day.
    assert VN.instant_work_days(at(D(2027, 2, 3), 18), at(D(2027, 2, 11), 6)) == 0.5
    # The plain calendar counts calendar days.
    plain = Calendar.none()
    assert plain.instant_work_days(at(D(2026, 2, 13), 12), at(D(2026, 2, 23), 12)) == 10.0


def test_the_calendar_table_gives_the_numbers_of_the_arrays():
    instants = [
        at(D(2026, 2, 13), 12),
        at(D(2026, 2, 23), 12),
        at(D(2027, 2, 3), 18),
        at(D(2027, 2, 11), 6),
        at(D(2026, 8, 22), 10),
        dt.datetime(1985, 6, 1, tzinfo=dt.UTC),
        dt.datetime(2070, 6, 1, tzinfo=dt.UTC),
    ]
    seconds = [instant.timestamp() for instant in instants]
    table = ibis.memtable({"i": list(range(len(seconds))), "t": seconds})

    by_table = work_time(table, VN, w="t").order_by("i").to_pyarrow().column("w").to_pylist()

    assert by_table == pytest.approx(VN.work_seconds(np.array(seconds)).tolist())
    # Outside the covered years time counts as calendar time and keeps growing.
    in_time_order = [work for _instant, work in sorted(zip(seconds, by_table, strict=True))]
    assert in_time_order == sorted(by_table)


def test_extra_days_win_over_the_national_calendar(tmp_path: Path):
    path = tmp_path / "days.csv"
    path.write_text("date,kind,reason\n2026-02-13,off,province\n2026-02-21,on,make-up\n")

    calendar = load_calendar(str(path))

    assert not calendar.is_working_day(D(2026, 2, 13))
    assert calendar.is_working_day(D(2026, 2, 21))
    assert calendar.is_working_day(D(2026, 2, 12))
    assert load_calendar("none").is_plain
    assert load_calendar("vn") is VN


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("day,kind\n2026-02-13,off\n", "line 1: missing column(s) date"),
        ("date,kind\n2026-02-13,off\n13/02/2026,off\n", "line 3: field date"),
        ("date,kind\n2026-02-13,holiday\n", "line 2: field kind"),
    ],
)
def test_a_bad_calendar_file_names_the_line_and_the_field(tmp_path: Path, text, message):
    path = tmp_path / "days.csv"
    path.write_text(text)

    with pytest.raises(CalendarFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_extra_days(path)


def test_an_unknown_calendar_name_is_refused():
    with pytest.raises(CalendarFileError, match="neither vn, none nor a CSV file"):
        load_calendar("vietnam")

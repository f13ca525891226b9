"""The one parser of dates and times: day first, ISO 8601, Excel serials, Vietnam time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pyarrow as pa
import pytest

from congvu.interchange.moments import parse_local_moment, parse_moments

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def refuse(index: int, value: str) -> ValueError:
    return ValueError(f"value {index}: {value!r}")


def test_every_form_reads_the_same_moment_one_by_one_and_as_a_column():
    written = [
        "03/04/2025 08:30:00",
        "3/4/2025 8:30",
        "2025-04-03T08:30:00",
        "2025-04-03 08:30:00+07:00",
        "2025-04-03T01:30:00Z",
        "45750.3541666667",
        " 03/04/2025  08:30 ",
    ]
    expected = dt.datetime(2025, 4, 3, 8, 30, tzinfo=HANOI)

    one_by_one = [parse_local_moment(text) for text in written]
    column = parse_moments(pa.array(written), refuse=refuse).to_pylist()

    assert all(abs(moment - expected) < dt.timedelta(seconds=1) for moment in one_by_one)
    assert all(abs(moment - expected) < dt.timedelta(seconds=1) for moment in column)


def test_the_day_comes_first_and_no_offset_is_local_unless_told():
    assert parse_local_moment("03/04/2025").date() == dt.date(2025, 4, 3)
    utc = parse_moments(pa.array(["03/04/2025 08:00"]), tz="UTC", refuse=refuse)
    assert utc.to_pylist()[0] == dt.datetime(2025, 4, 3, 8, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("bad", ["31/02/2025 08:00", "2025-02-30", "13/13/2025", "hôm qua", "0"])
def test_an_impossible_date_is_refused_by_its_index(bad):
    with pytest.raises(ValueError, match=rf"value 1: {bad!r}"):
        parse_moments(pa.array(["03/04/2025 08:00", bad]), refuse=refuse)
    with pytest.raises(ValueError):
        parse_local_moment(bad)

"""The detectors count working days (issue 10), and a late extension cures nothing: hand-worked
cases around Tết 2026 and in March 2026 (times are Vietnam time)."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from congvu.analytics.findings import find_all
from congvu.analytics.late_extension import late_extension
from congvu.analytics.overdue import overdue
from congvu.analytics.stall import stall
from congvu.analytics.workdays import Calendar
from tests.analytics.events import START, events, rows

VN = Calendar.vn()
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
D = dt.date
UNIT = "Sở Xây dựng"


def on(day: dt.date, hour: int) -> float:
    """The instant ``day`` at ``hour`` in Vietnam, in days after the test world's start."""
    instant = dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)
    return (instant - START).total_seconds() / 86_400


def create(case: str, day: dt.date, deadline: dt.date) -> dict:
    return {
        "case_id": case,
        "ts": on(day, 9),
        "activity": "create",
        "actor": "vp",
        "unit": "Văn phòng",
        "to_unit": UNIT,
        "due": deadline,
    }


def act(case: str, day: dt.date, hour: int, activity: str, **more: object) -> dict:
    return {"case_id": case, "ts": on(day, hour), "activity": activity, "unit": UNIT, **more}


def tet_quiet():
    # Assigned Wednesday 11/2/2026 at 09:00, due Thursday 26/2. Allotted working time: 15 hours
    # of the 11th (0.625), the 12th, the 13th, then 23 to 26 February: 6.625 working days
    # (15.625 calendar days). Quiet from Friday 13 at 10:00 to Monday 23 at 10:00: 14 h + 10 h =
    # 1 working day (10 calendar days).
    return events(
        create("tet", D(2026, 2, 11), D(2026, 2, 26)),
        act("tet", D(2026, 2, 11), 10, "accept"),
        act("tet", D(2026, 2, 12), 10, "progress"),
        act("tet", D(2026, 2, 13), 10, "progress"),
        act("tet", D(2026, 2, 23), 10, "progress"),
        act("tet", D(2026, 2, 24), 10, "progress"),
        act("tet", D(2026, 2, 25), 15, "complete"),
    )


def test_a_quiet_tet_is_not_a_stall_in_working_days():
    assert rows(stall(tet_quiet(), calendar=VN)) == []


def test_counted_in_calendar_days_the_quiet_tet_would_be_a_stall():
    found = rows(stall(tet_quiet()))

    assert [(r["silence_days"], r["allotted_days"]) for r in found] == [(10.0, 15.625)]


def test_a_stall_in_working_days_is_measured_in_working_days():
    # Assigned Monday 2/3/2026 at 09:00, due Friday 13/3: 0.625 + 9 = 9.625 working days.
    # Silent from Monday 2 at 10:00 to Tuesday 10 at 10:00: 14 h + 3, 4, 5, 6, 9 March + 10 h =
    # 6 working days, more than half.
    log = events(
        create("slow", D(2026, 3, 2), D(2026, 3, 13)),
        act("slow", D(2026, 3, 2), 10, "accept"),
        act("slow", D(2026, 3, 10), 10, "progress"),
        act("slow", D(2026, 3, 12), 15, "complete"),
    )

    found = rows(stall(log, calendar=VN))

    assert [(r["silence_days"], r["allotted_days"]) for r in found] == [
        (pytest.approx(6.0), pytest.approx(9.625))
    ]


def extensions():
    return events(
        # Due Friday 6/3; the extension asked on the 6th, granted Tuesday 10/3 at 14:00 (after
        # the deadline had passed), to 20/3; completed Monday 16/3 at 11:00.
        create("late_grant", D(2026, 3, 2), D(2026, 3, 6)),
        act("late_grant", D(2026, 3, 6), 10, "request_extension", due=D(2026, 3, 6)),
        act("late_grant", D(2026, 3, 10), 14, "grant_extension", due=D(2026, 3, 20)),
        act("late_grant", D(2026, 3, 16), 11, "complete", due=D(2026, 3, 20)),
        # Granted on the deadline's own afternoon: in time; completed before the new deadline.
        create("timely", D(2026, 3, 2), D(2026, 3, 6)),
        act("timely", D(2026, 3, 6), 16, "grant_extension", due=D(2026, 3, 20)),
        act("timely", D(2026, 3, 16), 11, "complete", due=D(2026, 3, 20)),
        # Completed on time on Thursday 5/3 at 15:00, extended after completion (Friday 09:00).
        create("after", D(2026, 3, 2), D(2026, 3, 6)),
        act("after", D(2026, 3, 5), 15, "complete", due=D(2026, 3, 6)),
        act("after", D(2026, 3, 6), 9, "grant_extension", due=D(2026, 3, 13)),
        # Still open: its deadline of 6/3 lapsed, then an extension was granted on 10/3.
        create("open", D(2026, 3, 2), D(2026, 3, 6)),
        act("open", D(2026, 3, 10), 14, "grant_extension", due=D(2026, 3, 20)),
        act("open", D(2026, 3, 11), 10, "progress", due=D(2026, 3, 20)),
    )


AS_OF = dt.datetime(2026, 3, 12, 12, 0, tzinfo=TZ)


def test_an_extension_granted_after_the_deadline_cures_nothing():
    found = {r["case_id"]: r for r in rows(overdue(extensions(), as_of=AS_OF, calendar=VN))}

    assert sorted(found) == ["late_grant", "open"]
    assert found["late_grant"]["status"] == "late"
    # From the end of 6/3 to Monday 16/3 at 11:00: 9 to 13 March and 11 hours = 5.458 days.
    assert found["late_grant"]["days_overdue"] == pytest.approx(5 + 11 / 24)
    # Open, as of Thursday 12/3 at 12:00: 9, 10, 11 March and half of the 12th.
    assert found["open"]["status"] == "open_overdue"
    assert found["open"]["days_overdue"] == pytest.approx(3.5)


def test_late_extension_names_the_grant_and_the_lapsed_deadline():
    found = {r["case_id"]: r for r in rows(late_extension(extensions(), calendar=VN))}

    assert sorted(found) == ["after", "late_grant", "open"]
    late = found["late_grant"]
    assert (late["lapsed_due"], late["new_due"], late["after_completion"]) == (
        D(2026, 3, 6),
        D(2026, 3, 20),
        False,
    )
    # Granted Tuesday 10/3 at 14:00: Monday 9 and 14 hours after the end of 6/3.
    assert late["days_after"] == pytest.approx(1 + 14 / 24)
    assert late["evidence"] == "3"
    # After completion, though before the deadline ran out (09:00 to midnight: 15 hours).
    assert found["after"]["after_completion"] is True
    assert found["after"]["days_after"] == pytest.approx(-15 / 24)


def test_late_extension_is_a_finding_with_its_facts():
    found = rows(find_all(extensions(), as_of=AS_OF, calendar=VN))
    late = [r for r in found if r["kind"] == "late_extension"]

    assert [r["case_id"] for r in late] == ["after", "late_grant", "open"]
    assert json.loads(late[1]["detail"]) == {
        "lapsed_due": "2026-03-06",
        "new_due": "2026-03-20",
        "after_completion": False,
        "days_after": 2,
    }


def dossier_waiting_on_the_applicant(supplement_received: bool):
    # Received Monday 2/3/2026, due Friday 13/3 (allotted 9.x working days). The unit asks for a
    # supplement on Tuesday 3/3 at 10:00; the applicant brings it on Monday 23/3 at 10:00 (14
    # working days later) and the appointment moves to 26/3; the result is ready on 24/3.
    # Waiting on the applicant is not the unit's silence: from 23/3 10:00 to 24/3 15:00 is 1.x
    # working days of the unit's own, far under half the allotted time.
    rows_ = [
        create("hs", D(2026, 3, 2), D(2026, 3, 13)),
        act("hs", D(2026, 3, 3), 10, "request_supplement"),
    ]
    if supplement_received:
        rows_ += [
            act("hs", D(2026, 3, 23), 10, "receive_supplement", due=D(2026, 3, 26)),
            act("hs", D(2026, 3, 24), 15, "complete", due=D(2026, 3, 26)),
        ]
    return events(*rows_)


def test_a_dossier_waiting_for_the_applicant_is_not_the_units_silence():
    found = rows(stall(dossier_waiting_on_the_applicant(True), calendar=VN))

    assert found == []


def test_the_wait_for_the_applicant_stops_the_clock_while_still_open():
    log = dossier_waiting_on_the_applicant(False)
    as_of = dt.datetime(2026, 3, 30, 10, tzinfo=TZ)

    assert rows(stall(log, calendar=VN, as_of=as_of)) == []


def test_a_silence_of_the_unit_itself_is_still_a_stall():
    # The same dossier, but the unit is silent from receipt (2/3) to its request on 12/3: 8 working
    # days of its own, over half of the allotted 9.x (the appointment is not moved here).
    log = events(
        create("hs", D(2026, 3, 2), D(2026, 3, 13)),
        act("hs", D(2026, 3, 12), 10, "request_supplement"),
        act("hs", D(2026, 3, 13), 10, "receive_supplement"),
        act("hs", D(2026, 3, 13), 15, "complete"),
    )

    found = rows(stall(log, calendar=VN))

    assert len(found) == 1 and found[0]["unit"] == UNIT

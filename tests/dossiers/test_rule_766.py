"""Decision 766, indicator 2.1, for open dossiers (VPCP specification, shared/domain/
vietnam-rules.md §8.3), with the arithmetic of each case; groups 1 and 4 say "no data"."""

import datetime as dt

from congvu.dossiers.actions import (
    complete_dossier,
    receive_supplement,
    request_supplement,
)
from congvu.dossiers.models import Dossier, Procedure
from congvu.dossiers.queries import Period, index_766, indicators
from tests.dossiers.conftest import at, sent

OCTOBER = Period(dt.date(2025, 10, 1), dt.date(2025, 10, 1))
END_OF_OCTOBER = dt.date(2025, 10, 31)


def five_dossiers(desk):
    """Five dossiers received Monday 6/10/2025 09:00 for the 5-day procedure (due 13/10)."""
    official, centre = desk.province.official, desk.receptionist
    # A: supplement asked Wed 8/10, received Fri 10/10 (waited Thu 9, Fri 10 = 2 working days,
    #    due 13/10 + 2 = 15/10), asked again Tue 14/10 and still waiting on 31/10. The second
    #    request was made before the due date, but more than one request counts as late.
    a = sent(desk, applicant="A")
    request_supplement(a, by=official, note="Thiếu bản vẽ", ts=at(2025, 10, 8))
    receive_supplement(a, by=centre, ts=at(2025, 10, 10))
    request_supplement(a, by=official, note="Thiếu giấy phép", ts=at(2025, 10, 14))
    # B: one supplement request Thu 9/10, still waiting on 31/10: the request is its end,
    #    9/10 <= 13/10, so it is on time.
    b = sent(desk, applicant="B")
    request_supplement(b, by=official, note="Thiếu bản vẽ", ts=at(2025, 10, 9))
    # C: no pause, still open on 31/10, past 13/10: late.
    c = sent(desk, applicant="C")
    # D: resolved Fri 10/10, before 13/10: early.
    d = sent(desk, applicant="D")
    complete_dossier(d, by=official, ts=at(2025, 10, 10, 15))
    # E: two requests, both answered: Wed 8/10 -> Thu 9/10 (1 working day, due 14/10), Fri 10/10
    #    -> Mon 13/10 (1 working day, due 15/10); resolved Tue 14/10, before 15/10, but asked
    #    twice: late under Decision 766.
    e = sent(desk, applicant="E")
    request_supplement(e, by=official, note="Thiếu bản vẽ", ts=at(2025, 10, 8))
    receive_supplement(e, by=centre, ts=at(2025, 10, 9))
    request_supplement(e, by=official, note="Thiếu giấy phép", ts=at(2025, 10, 10))
    receive_supplement(e, by=centre, ts=at(2025, 10, 13))
    complete_dossier(e, by=official, ts=at(2025, 10, 14, 15))
    return [Dossier.objects.get(pk=x.pk) for x in (a, b, c, d, e)]


def test_the_dates_of_the_five_cases(desk):
    a, b, c, d, e = five_dossiers(desk)

    assert (a.due, a.supplement_count, a.second_request_on) == (
        dt.date(2025, 10, 15),
        2,
        dt.date(2025, 10, 14),
    )
    assert (b.paused_on, b.due) == (dt.date(2025, 10, 9), dt.date(2025, 10, 13))
    assert (d.timeliness, d.late_766) == (Dossier.Timeliness.EARLY, False)
    assert (e.due, e.timeliness, e.late_766) == (
        dt.date(2025, 10, 15),
        Dossier.Timeliness.EARLY,
        True,
    )


def test_an_open_dossier_asked_twice_is_late_from_the_second_request(desk):
    a, b, c, _d, _e = five_dossiers(desk)

    # A waits for its second supplement: before the request (13/10) it was within its date
    # (15/10); from the request day on it is late, although its clock is stopped.
    assert not a.is_late_766(dt.date(2025, 10, 13))
    assert a.is_late_766(dt.date(2025, 10, 14))
    assert a.is_late_766(END_OF_OCTOBER)
    assert not a.is_overdue(END_OF_OCTOBER)  # the operational clock: stopped, not overdue
    assert not b.is_late_766(END_OF_OCTOBER)
    assert c.is_late_766(END_OF_OCTOBER)


def test_indicator_2_1_counts_open_dossiers_asked_twice_as_late(desk):
    five_dossiers(desk)

    components, _rule = index_766(
        Dossier.objects.all(), Procedure.objects.all(), period=OCTOBER, today=END_OF_OCTOBER
    )

    on_time = next(c for c in components if c.code == "2.1")
    # Counted: ended in October D, E (2) + open on 31/10 A, B, C (3) = 5.
    # Late: E (asked twice) + A (open, asked twice) + C (open past 13/10) = 3.
    # On time: 5 - 3 = 2 (B, D); ratio 2/5 = 0.4; points 20 x 0.4 = 8.0.
    assert (on_time.numerator, on_time.denominator, on_time.points) == (2, 5, 8.0)


def test_an_open_dossier_is_judged_by_the_requests_made_by_the_day(desk):
    five_dossiers(desk)

    components, _rule = index_766(
        Dossier.objects.all(),
        Procedure.objects.all(),
        period=OCTOBER,
        today=dt.date(2025, 10, 13),
    )

    on_time = next(c for c in components if c.code == "2.1")
    # As of 13/10: ended D (10/10) = 1; open A, B, C, E = 4 (E ended on 14/10); counted 5.
    # Late: none ended late; open: A's second request is 14/10 (later) and its date 15/10 has
    # not passed; B waits since 9/10, before its date; C's date 13/10 has not passed on 13/10;
    # E was asked a second time on 10/10: late. On time 5 - 1 = 4 of 5; 20 x 4/5 = 16.0.
    assert (on_time.numerator, on_time.denominator, on_time.points) == (4, 5, 16.0)


def test_groups_1_and_4_say_no_data_and_earn_nothing(desk):
    five_dossiers(desk)

    components, _rule = index_766(
        Dossier.objects.all(), Procedure.objects.all(), period=OCTOBER, today=END_OF_OCTOBER
    )

    missing = [c for c in components if c.code[0] in "14"]
    assert [c.code for c in missing] == [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "4.1",
        "4.x",
        "4.2",
        "4.3",
        "4.4",
        "4.5",
    ]
    assert sum(c.max_points or 0 for c in missing) == 18 + 22  # the groups' whole weight
    for component in missing:
        assert component.no_data
        assert (component.points, component.ratio, component.is_computed) == (None, None, False)


def test_the_indicator_table_counts_a_missed_new_date(desk):
    from congvu.dossiers.actions import issue_apology

    c = sent(desk)
    issue_apology(
        c,
        by=desk.province.official,
        unit_at_fault=desk.province.construction,
        reason="Chờ ý kiến Sở Tài chính",
        new_due=dt.date(2025, 10, 17),
        ts=at(2025, 10, 9),
    )

    _rows, total = indicators(
        Dossier.objects.all(), by="unit", period=OCTOBER, today=END_OF_OCTOBER
    )
    _rows, on_16 = indicators(
        Dossier.objects.all(), by="unit", period=OCTOBER, today=dt.date(2025, 10, 17)
    )
    _rows, by_month = indicators(
        Dossier.objects.all(), by="month", period=OCTOBER, today=END_OF_OCTOBER
    )

    # New date 17/10, still open on 31/10: missed. On 17/10 itself it is not missed yet.
    assert (total.missed_promise, on_16.missed_promise, by_month.missed_promise) == (1, 0, 1)
    c.refresh_from_db()
    assert c.missed_promise(END_OF_OCTOBER)
    assert not c.missed_promise(dt.date(2025, 10, 17))

"""The start of a dossier's clock: the province's receipt cut-off (default 15:00), days off, and
the portal statuses that stop it (5 supplement, 6 fees) or never start it (1 submitted, 3 not
accepted)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from congvu.core.errors import ActionError
from congvu.dossiers.actions import (
    accept_dossier,
    complete_dossier,
    not_receive_dossier,
    receive_fees,
    request_fees,
    request_supplement,
    stop_dossier,
    submit_dossier,
    withdraw_dossier,
)
from congvu.dossiers.clock import forget_cutoffs, receipt_cutoff, set_receipt_cutoff
from congvu.dossiers.models import Activity, Dossier
from congvu.dossiers.queries import Period, indicators
from congvu.dossiers.rules import status_code
from tests.dossiers.conftest import at, receive, sent


@pytest.fixture(autouse=True)
def _fresh_cutoffs():
    forget_cutoffs()
    yield
    forget_cutoffs()


def test_the_default_cut_off_is_15_00(desk):
    assert receipt_cutoff(dt.date(2025, 10, 6)) == dt.time(15, 0)


def test_a_dossier_received_before_the_cut_off_counts_from_that_day(desk):
    # Monday 6/10/2025 14:59: counted from Monday; 5 working days after it are Tue 7, Wed 8,
    # Thu 9, Fri 10, Mon 13 -> due 13/10.
    dossier = receive(desk, at(2025, 10, 6, 14, 59))

    assert (dossier.received_on, dossier.due) == (dt.date(2025, 10, 6), dt.date(2025, 10, 13))


def test_a_dossier_received_at_the_cut_off_counts_from_the_next_working_day(desk):
    # Monday 6/10/2025 15:00: counted from Tuesday 7/10; 5 working days after it: Wed 8, Thu 9,
    # Fri 10, Mon 13, Tue 14 -> due 14/10.
    dossier = receive(desk, at(2025, 10, 6, 15, 0))

    assert (dossier.received_on, dossier.due) == (dt.date(2025, 10, 7), dt.date(2025, 10, 14))


def test_after_the_cut_off_on_a_friday_the_clock_starts_on_monday(desk):
    # Friday 10/10/2025 16:00 -> Monday 13/10; 2 working days after it (quick procedure): 15/10.
    dossier = receive(desk, at(2025, 10, 10, 16, 0), procedure=desk.quick)

    assert (dossier.received_on, dossier.due) == (dt.date(2025, 10, 13), dt.date(2025, 10, 15))


def test_after_the_cut_off_before_the_april_holidays_the_clock_starts_after_them(desk):
    # Wednesday 29/4/2026 15:30: Thursday 30/4 and Friday 1/5 are public holidays, then a
    # weekend, so the dossier counts from Monday 4/5/2026.
    dossier = receive(desk, at(2026, 4, 29, 15, 30))

    assert dossier.received_on == dt.date(2026, 5, 4)


def test_the_province_sets_its_own_cut_off_and_dates_already_given_stay(desk):
    before = receive(desk, at(2025, 10, 6, 15, 30))  # after 15:00: counted from 7/10

    set_receipt_cutoff(valid_from=dt.date(2025, 10, 6), cutoff=dt.time(16, 30), basis="QĐ 1/2025")
    after = receive(desk, at(2025, 10, 6, 15, 30))  # before 16:30 now: counted from 6/10
    before.refresh_from_db()

    assert receipt_cutoff(dt.date(2025, 10, 5)) == dt.time(15, 0)
    assert receipt_cutoff(dt.date(2025, 12, 1)) == dt.time(16, 30)
    assert after.received_on == dt.date(2025, 10, 6)
    assert (before.received_on, before.due) == (dt.date(2025, 10, 7), dt.date(2025, 10, 14))


def test_before_july_2025_the_default_was_the_end_of_office_hours(desk):
    # Rule clock_start v1 (until 30/6/2025): 17:00. Monday 2/6/2025 16:00 counts that day.
    dossier = receive(desk, at(2025, 6, 2, 16, 0))

    assert dossier.received_on == dt.date(2025, 6, 2)


# --- Portal statuses 1 and 3: the clock has not started -------------------------------------


def test_an_online_submission_starts_its_clock_when_accepted_after_the_cut_off(desk):
    # Submitted Saturday 4/10/2025, accepted Monday 6/10 15:30 (after the cut-off): counted from
    # Tuesday 7/10, due 5 working days later, Tuesday 14/10.
    dossier = submit_dossier(
        by=desk.receptionist,
        centre=desk.centre,
        procedure=desk.procedure,
        applicant="Lê Văn Hải",
        ts=at(2025, 10, 4, 21, 0),
    )
    assert status_code(dossier.status, dt.date(2025, 10, 4)) == 1

    accept_dossier(dossier, by=desk.receptionist, ts=at(2025, 10, 6, 15, 30))

    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.RECEIVED
    assert dossier.submitted_at == at(2025, 10, 4, 21, 0)
    assert (dossier.received_on, dossier.due) == (dt.date(2025, 10, 7), dt.date(2025, 10, 14))
    assert dossier.original_due == dossier.due


def test_a_submission_not_accepted_counts_nowhere(desk):
    dossier = submit_dossier(
        by=desk.receptionist,
        centre=desk.centre,
        procedure=desk.procedure,
        applicant="Lê Văn Hải",
        ts=at(2025, 10, 6, 9, 0),
    )

    not_receive_dossier(dossier, by=desk.receptionist, note="Sai thẩm quyền", ts=at(2025, 10, 6))

    dossier.refresh_from_db()
    assert status_code(dossier.status, dossier.received_on) == 3
    _rows, total = indicators(
        Dossier.objects.all(),
        by="unit",
        period=Period(dt.date(2025, 10, 1), dt.date(2025, 10, 1)),
        today=dt.date(2025, 10, 31),
    )
    assert (total.received, total.open_within, total.open_overdue) == (0, 0, 0)
    assert not dossier.is_overdue(dt.date(2025, 10, 31))


def test_only_the_centre_staff_accept_a_submission(desk):
    dossier = submit_dossier(
        by=desk.receptionist,
        centre=desk.centre,
        procedure=desk.procedure,
        applicant="Lê Văn Hải",
        ts=at(2025, 10, 6, 9, 0),
    )

    for outsider in (desk.province.official, desk.province.inspector):
        with pytest.raises(PermissionDenied):
            accept_dossier(dossier, by=outsider, ts=at(2025, 10, 6, 10, 0))

    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.SUBMITTED
    assert dossier.events.count() == 1


# --- Portal status 6: fees stop the clock ---------------------------------------------------


def test_waiting_for_fees_stops_the_clock_and_moves_the_date_by_the_days_waited(desk):
    # Received Monday 6/10 09:00, due 13/10. Fees asked Wednesday 8/10, paid Friday 10/10:
    # working days waited = Thu 9, Fri 10 = 2, so the date moves 2 working days: Wed 15/10.
    dossier = sent(desk)
    request_fees(dossier, by=desk.province.official, note="Lệ phí 150.000 đồng", ts=at(2025, 10, 8))
    assert status_code(dossier.status, dt.date(2025, 10, 8)) == 6
    assert not dossier.is_overdue(dt.date(2025, 10, 20))  # the clock is stopped

    receive_fees(dossier, by=desk.receptionist, ts=at(2025, 10, 10))

    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.PROCESSING
    assert (dossier.due, dossier.paused_days) == (dt.date(2025, 10, 15), 2)


def test_resolving_a_dossier_waiting_for_fees_ends_the_wait_first(desk):
    # 6 -> 9: fees asked Friday 10/10, paid and result issued Tuesday 14/10: waited Mon 13,
    # Tue 14 = 2 working days, due 13/10 + 2 = 15/10; ended 14/10, before it: early.
    dossier = sent(desk)
    request_fees(dossier, by=desk.province.official, note="Thuế", ts=at(2025, 10, 10))

    complete_dossier(dossier, by=desk.province.official, ts=at(2025, 10, 14, 11))

    dossier.refresh_from_db()
    assert (dossier.due, dossier.finished_on) == (dt.date(2025, 10, 15), dt.date(2025, 10, 14))
    assert (dossier.timeliness, dossier.late_766) == (Dossier.Timeliness.EARLY, False)


def test_an_outsider_cannot_stop_the_clock_for_fees(desk):
    dossier = sent(desk)

    with pytest.raises(PermissionDenied):
        request_fees(dossier, by=desk.province.outsider, note="Phí", ts=at(2025, 10, 8))

    dossier.refresh_from_db()
    assert (dossier.status, dossier.paused_on) == (Dossier.Status.PROCESSING, None)
    assert not dossier.events.filter(activity=Activity.REQUEST_FEES).exists()


# --- Portal status 7: withdrawal ends processing --------------------------------------------


def test_a_withdrawal_while_waiting_for_a_supplement_ends_on_the_request_day(desk):
    # Supplement asked Wednesday 8/10 (before the due date 13/10); the applicant withdraws on
    # 20/10: Decision 766 ends the dossier on the day its clock stopped, 8/10, so it is early.
    dossier = sent(desk)
    request_supplement(dossier, by=desk.province.official, note="Thiếu bản vẽ", ts=at(2025, 10, 8))

    withdraw_dossier(dossier, by=desk.receptionist, note="Đơn xin rút", ts=at(2025, 10, 20))
    assert status_code(dossier.status, dt.date(2025, 10, 20)) == 7
    stop_dossier(dossier, by=desk.receptionist, ts=at(2025, 10, 20, 10))

    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.STOPPED
    assert (dossier.finished_on, dossier.timeliness) == (
        dt.date(2025, 10, 8),
        Dossier.Timeliness.EARLY,
    )


def test_a_withdrawn_dossier_cannot_be_resolved(desk):
    dossier = sent(desk)
    withdraw_dossier(dossier, by=desk.receptionist, note="Đơn xin rút", ts=at(2025, 10, 8))

    with pytest.raises(ActionError):
        complete_dossier(dossier, by=desk.province.official, ts=at(2025, 10, 9))

    assert dossier.events.count() == 3


def test_an_outsider_cannot_withdraw_a_dossier(desk):
    dossier = sent(desk)

    with pytest.raises(PermissionDenied):
        withdraw_dossier(dossier, by=desk.province.outsider, note="Rút", ts=at(2025, 10, 8))

    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.PROCESSING
    assert dossier.events.count() == 2

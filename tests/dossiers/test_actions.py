"""The dossier actions: the state machine, the clock, supplements, apology letters, the log."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction

from congvu.core.errors import ActionError, StaleWrite
from congvu.core.eventlog import log_named, verify_log
from congvu.dossiers.actions import (
    complete_dossier,
    deliver_result,
    issue_apology,
    receipt_day,
    receive_supplement,
    record_step,
    refuse_dossier,
    request_supplement,
    return_dossier,
    transfer_dossier,
)
from congvu.dossiers.models import Activity, ApologyLetter, Dossier, DossierEvent, ReturnReason
from tests.dossiers.conftest import at, receive, sent

Status = Dossier.Status


def test_receipt_during_office_hours_counts_from_the_next_day(desk):
    dossier = receive(desk, at(2025, 10, 6, 9))  # Monday

    assert dossier.received_on == dt.date(2025, 10, 6)
    assert dossier.due == dt.date(2025, 10, 13)  # 5 working days, Monday not counted
    assert dossier.status == Status.RECEIVED
    assert dossier.holder == desk.centre


def test_receipt_after_office_hours_counts_as_received_the_next_working_day(desk):
    dossier = receive(desk, at(2025, 10, 10, 17, 30))  # Friday 17:30

    assert dossier.received_on == dt.date(2025, 10, 13)  # Monday
    assert dossier.due == dt.date(2025, 10, 20)


def test_receipt_on_a_saturday_online_counts_from_monday(db):
    assert receipt_day(at(2025, 10, 11, 10)) == dt.date(2025, 10, 13)


def test_receipt_before_tet_2026_is_due_after_the_holiday(desk):
    dossier = receive(desk, at(2026, 2, 12, 9))  # Thursday; Tết is 16-20 February

    assert dossier.due == dt.date(2026, 2, 26)  # 13, 23, 24, 25, 26


def test_full_lifecycle_writes_one_event_per_step_and_a_sound_chain(desk):
    p = desk.province
    dossier = sent(desk)
    record_step(dossier, by=p.official, note="Thẩm định hồ sơ", ts=at(2025, 10, 7))
    transfer_dossier(dossier, to_unit=p.finance, by=p.official, ts=at(2025, 10, 8))
    record_step(dossier, by=p.finance_official, note="Xác định nghĩa vụ", ts=at(2025, 10, 9))
    transfer_dossier(dossier, to_unit=p.construction, by=p.finance_official, ts=at(2025, 10, 9, 14))

    complete_dossier(dossier, by=p.head, ts=at(2025, 10, 10, 15))
    deliver_result(dossier, by=desk.receptionist, ts=at(2025, 10, 13))

    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED
    assert dossier.timeliness == Dossier.Timeliness.EARLY
    assert dossier.late_766 is False
    assert dossier.elapsed_days == 4
    assert dossier.unit == p.construction
    assert list(dossier.events.values_list("activity", flat=True)) == [
        "receive",
        "transfer",
        "progress",
        "transfer",
        "progress",
        "transfer",
        "complete",
        "deliver",
    ]
    assert dossier.version == 8
    assert verify_log(log_named("dossier")).breaks == []
    assert set(dossier.units.values_list("pk", flat=True)) == {p.construction.pk, p.finance.pk}


def test_return_hands_the_dossier_back_to_the_sender_with_its_reason(desk):
    p = desk.province
    dossier = sent(desk)

    return_dossier(
        dossier,
        by=p.official,
        reason=ReturnReason.NOT_IN_MANDATE,
        note="Thuộc thẩm quyền Sở Tài chính",
        ts=at(2025, 10, 7),
    )

    event = dossier.events.last()
    assert dossier.holder == desk.centre
    assert (event.activity, event.unit, event.to_unit) == ("return", p.construction, desk.centre)
    assert event.reason == "not_in_mandate"


def test_supplement_pauses_the_clock_and_moves_the_appointment_date(desk):
    p = desk.province
    dossier = sent(desk)  # due Monday 13/10
    request_supplement(dossier, by=p.official, note="Thiếu bản vẽ", ts=at(2025, 10, 7))

    receive_supplement(dossier, by=desk.receptionist, ts=at(2025, 10, 10))  # waited Wed-Fri: 3

    assert dossier.status == Status.PROCESSING
    assert dossier.paused_days == 3
    assert dossier.due == dt.date(2025, 10, 16)
    assert dossier.original_due == dt.date(2025, 10, 13)
    complete_dossier(dossier, by=p.official, ts=at(2025, 10, 16))
    assert dossier.timeliness == Dossier.Timeliness.ON_TIME
    assert dossier.elapsed_days == 5
    assert dossier.late_766 is False


def test_a_second_supplement_request_makes_the_dossier_late_under_766(desk):
    p = desk.province
    dossier = sent(desk)
    for day in (7, 9):
        request_supplement(dossier, by=p.official, note="Thiếu giấy tờ", ts=at(2025, 10, day))
        receive_supplement(dossier, by=desk.receptionist, ts=at(2025, 10, day, 15))

    complete_dossier(dossier, by=p.official, ts=at(2025, 10, 10))

    assert dossier.timeliness == Dossier.Timeliness.EARLY
    assert dossier.late_766 is True


def test_refusal_while_waiting_ends_processing_on_the_request_day(desk):
    p = desk.province
    dossier = sent(desk)
    request_supplement(dossier, by=p.official, note="Thiếu bản vẽ", ts=at(2025, 10, 8))

    refuse_dossier(
        dossier,
        by=p.official,
        reason=ReturnReason.NOT_ELIGIBLE,
        note="Không bổ sung",
        ts=at(2025, 11, 20),
    )

    assert dossier.status == Status.STOPPED
    assert dossier.finished_on == dt.date(2025, 10, 8)
    assert dossier.timeliness == Dossier.Timeliness.EARLY


def test_illegal_transition_is_refused_and_nothing_is_recorded(desk):
    dossier = receive(desk)

    with pytest.raises(ActionError):
        deliver_result(dossier, by=desk.receptionist)

    assert dossier.events.count() == 1
    assert Dossier.objects.get().status == Status.RECEIVED


def test_outsider_cannot_act_and_nothing_is_recorded(desk):
    dossier = sent(desk)

    with pytest.raises(PermissionDenied):
        complete_dossier(dossier, by=desk.province.outsider)
    with pytest.raises(PermissionDenied):
        record_step(dossier, by=desk.province.inspector, note="Xem")

    assert dossier.events.count() == 2


def test_only_centre_staff_receive_dossiers(desk):
    with pytest.raises(PermissionDenied):
        receive(desk, by=desk.province.official)

    assert not Dossier.objects.exists()


def test_the_chair_above_the_centre_does_not_receive_at_its_counter(desk):
    with pytest.raises(PermissionDenied):
        receive(desk, by=desk.province.chair)

    assert not Dossier.objects.exists()


def test_stale_write_is_refused(desk):
    dossier = sent(desk)
    other = Dossier.objects.get(pk=dossier.pk)
    record_step(other, by=desk.province.official, note="Bước 1", ts=at(2025, 10, 7))

    with pytest.raises(StaleWrite):
        record_step(dossier, by=desk.province.official, note="Bước 1 lần nữa", ts=at(2025, 10, 7))

    assert DossierEvent.objects.filter(activity=Activity.PROGRESS).count() == 1


def test_apology_letter_names_the_unit_at_fault_and_moves_the_date_once(desk):
    p = desk.province
    dossier = sent(desk)  # due 13/10

    letter = issue_apology(
        dossier,
        by=p.official,
        unit_at_fault=p.construction,
        reason="Chờ ý kiến thẩm định",
        new_due=dt.date(2025, 10, 20),
        ts=at(2025, 10, 10),
    )

    assert (letter.old_due, letter.new_due, letter.unit_at_fault) == (
        dt.date(2025, 10, 13),
        dt.date(2025, 10, 20),
        p.construction,
    )
    assert dossier.promised_on == dt.date(2025, 10, 20)
    assert dossier.due == dt.date(2025, 10, 13)  # still late against the legal date
    with pytest.raises(ActionError):
        issue_apology(
            dossier,
            by=p.official,
            unit_at_fault=p.construction,
            reason="Lần hai",
            new_due=dt.date(2025, 10, 27),
            ts=at(2025, 10, 10),
        )
    assert ApologyLetter.objects.count() == 1
    assert dossier.events.filter(activity=Activity.APOLOGISE).count() == 1


def test_apology_letter_on_the_appointment_day_is_too_late(desk):
    dossier = sent(desk)  # due Monday 13/10

    with pytest.raises(ActionError) as refused:
        issue_apology(
            dossier,
            by=desk.province.official,
            unit_at_fault=desk.province.construction,
            reason="Chậm",
            new_due=dt.date(2025, 10, 20),
            ts=at(2025, 10, 13),
        )

    assert refused.value.code == "too_late"
    assert not ApologyLetter.objects.exists()


def test_events_are_append_only_in_the_model_and_in_the_database(desk):
    dossier = receive(desk)
    event = dossier.events.get()

    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        DossierEvent.objects.filter(pk=event.pk).update(note="sửa")
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE dossiers_dossierevent SET note = 'sửa' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM dossiers_dossierevent WHERE id = %s", [event.pk])


def test_a_dossier_is_never_sent_to_a_centre(desk):
    dossier = sent(desk)

    with pytest.raises(ActionError):
        transfer_dossier(dossier, to_unit=desk.centre, by=desk.province.official)

    assert dossier.events.count() == 2

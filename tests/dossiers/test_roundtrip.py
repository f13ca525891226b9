"""The dossier import keeps the source's appointment dates, pauses and apology letters: an export
read back gives the same dossiers, and a source date congvu would compute differently is kept
and listed."""

import datetime as dt
import io

import pytest
from django.db import transaction

from congvu.core.exports import write_csv, write_xlsx
from congvu.dossiers import actions
from congvu.dossiers.exports import COLUMNS, dossier_rows, dossier_sheet
from congvu.dossiers.imports import DOSSIER_COLUMNS, import_dossiers
from congvu.dossiers.models import Activity, ApologyLetter, Dossier, DossierEvent
from tests.dossiers.conftest import at, receive, sent


class _Undo(Exception):
    """Raised to roll back the dossiers once exported, so that the import starts empty."""


def build_history(desk):
    """Dossiers covering every pause, letter and portal status the import must keep."""
    p = desk.province
    official, centre = p.official, desk.receptionist
    # 1. Supplement, letter, fees, resolved after the letter's new date, returned.
    #    Received Mon 6/10 09:00, due 13/10; supplement 7/10 -> 9/10 (2 working days: 15/10);
    #    letter 10/10, new date 20/10; fees 13/10 -> 15/10 (2 working days: 17/10); resolved
    #    21/10: late, and the letter's date was missed.
    one = sent(desk, applicant="Nguyễn Văn Một")
    actions.request_supplement(one, by=official, note="Thiếu bản vẽ", ts=at(2025, 10, 7))
    actions.receive_supplement(one, by=centre, ts=at(2025, 10, 9))
    actions.issue_apology(
        one,
        by=official,
        unit_at_fault=p.construction,
        reason="Chờ ý kiến thẩm định",
        new_due=dt.date(2025, 10, 20),
        ts=at(2025, 10, 10),
    )
    actions.request_fees(one, by=official, note="Lệ phí", ts=at(2025, 10, 13))
    actions.receive_fees(one, by=centre, ts=at(2025, 10, 15))
    actions.complete_dossier(one, by=official, ts=at(2025, 10, 21, 10))
    actions.deliver_result(one, by=centre, ts=at(2025, 10, 22, 8))
    # 2. Online: submitted Saturday, accepted Monday after the cut-off, waiting for fees.
    two = actions.submit_dossier(
        by=centre,
        centre=desk.centre,
        procedure=desk.procedure,
        applicant="Trần Thị Hai",
        ts=at(2025, 10, 4, 20),
    )
    actions.accept_dossier(two, by=centre, ts=at(2025, 10, 6, 15, 30))
    actions.transfer_dossier(two, to_unit=p.construction, by=centre, ts=at(2025, 10, 6, 15, 30))
    actions.request_fees(two, by=official, note="Thuế", ts=at(2025, 10, 10))
    # 3. Online, not accepted.
    three = actions.submit_dossier(
        by=centre,
        centre=desk.centre,
        procedure=desk.procedure,
        applicant="Lê Văn Ba",
        ts=at(2025, 10, 6, 10),
    )
    actions.not_receive_dossier(three, by=centre, note="Sai thẩm quyền", ts=at(2025, 10, 6, 11))
    # 4. Withdrawn while waiting for a supplement, then stopped.
    four = sent(desk, applicant="Phạm Thị Bốn")
    actions.request_supplement(four, by=official, note="Thiếu", ts=at(2025, 10, 8))
    actions.withdraw_dossier(four, by=official, note="Đơn xin rút", ts=at(2025, 10, 14))
    actions.stop_dossier(four, by=official, ts=at(2025, 10, 14, 10))
    # 5. Refused. 6. Resolved while waiting for fees (6 -> 9). 7. Open, asked twice, waiting.
    five = sent(desk, applicant="Hoàng Năm")
    actions.refuse_dossier(
        five, by=official, reason="not_eligible", note="Không đủ điều kiện", ts=at(2025, 10, 9)
    )
    six = sent(desk, applicant="Vũ Sáu")
    actions.request_fees(six, by=official, note="Thuế", ts=at(2025, 10, 10))
    actions.complete_dossier(six, by=official, ts=at(2025, 10, 14, 11))
    seven = sent(desk, applicant="Đỗ Bảy")
    actions.request_supplement(seven, by=official, note="Thiếu", ts=at(2025, 10, 7))
    actions.receive_supplement(seven, by=centre, ts=at(2025, 10, 8))
    actions.request_supplement(seven, by=official, note="Thiếu nữa", ts=at(2025, 10, 9))
    # 8. Resolved by the centre itself, never sent anywhere.
    eight = receive(desk, applicant="Ngô Tám", procedure=desk.quick)
    actions.complete_dossier(eight, by=centre, ts=at(2025, 10, 7, 9))


def snapshot():
    """What the round trip must keep, per dossier number."""
    pauses = {}
    for event in DossierEvent.objects.filter(
        activity__in=[
            Activity.REQUEST_SUPPLEMENT,
            Activity.RECEIVE_SUPPLEMENT,
            Activity.REQUEST_FEES,
            Activity.RECEIVE_FEES,
        ]
    ).order_by("dossier_id", "seq"):
        pauses.setdefault(event.dossier.code, []).append((event.activity, event.ts, event.due))
    letters = {
        letter.dossier.code: (
            letter.number,
            letter.issued_at,
            letter.old_due,
            letter.new_due,
            letter.reason,
            letter.unit_at_fault_id,
        )
        for letter in ApologyLetter.objects.select_related("dossier")
    }
    return {
        d.code: (
            d.status,
            d.channel,
            d.submitted_at,
            d.received_at,
            d.received_on,
            d.original_due,
            d.due,
            d.promised_on,
            d.paused_on,
            d.paused_days,
            d.supplement_count,
            d.second_request_on,
            d.finished_on,
            d.elapsed_days,
            d.timeliness,
            d.late_766,
            d.delivered_at,
            d.unit_id,
            pauses.get(d.code, []),
            letters.get(d.code),
        )
        for d in Dossier.objects.all()
    }


def exported_then_undone(desk, write):
    """Build the history, export it with `write`, and roll the dossiers back."""
    kept = {}
    with pytest.raises(_Undo), transaction.atomic():
        build_history(desk)
        kept["before"] = snapshot()
        kept["file"] = write(
            Dossier.objects.select_related("procedure", "centre", "unit").order_by("received_at")
        )
        raise _Undo
    assert not Dossier.objects.exists()
    return kept["before"], kept["file"]


def as_xlsx(dossiers) -> io.BytesIO:
    stream = io.BytesIO()
    write_xlsx(stream, [dossier_sheet(dossiers)])
    stream.seek(0)
    return stream


def as_csv(dossiers) -> io.BytesIO:
    text = io.StringIO()
    write_csv(text, COLUMNS, dossier_rows(dossiers))
    return io.BytesIO(text.getvalue().encode("utf-8-sig"))


@pytest.mark.parametrize(("write", "name"), [(as_xlsx, "ho-so.xlsx"), (as_csv, "ho-so.csv")])
def test_the_round_trip_keeps_due_dates_pauses_and_letters(desk, write, name):
    before, file = exported_then_undone(desk, write)

    result = import_dossiers(file, name, by=desk.receptionist)

    assert result.count == 8
    assert result.disagreements == ()
    after = snapshot()
    assert after == before
    one = before[next(code for code, row in before.items() if row[19])]
    assert one[6:8] == (dt.date(2025, 10, 17), dt.date(2025, 10, 20))  # due 17/10, promised 20/10


def csv_file(*rows):
    header = [*DOSSIER_COLUMNS, "ngay_hen_tra", "tam_dung"]
    lines = [",".join(header)] + [",".join(row) for row in rows]
    return io.BytesIO("\n".join(lines).encode("utf-8-sig"))


def row(desk, code, due="", pauses=""):
    p = desk.province
    return [
        code,
        "1.009972",
        "Nguyễn Văn Bình",
        "1",
        desk.centre.code,
        "06/10/2025 09:00",
        p.construction.code,
        p.official.code,
        "",
        "đang xử lý",
        "",
        due,
        pauses,
    ]


def test_a_source_date_that_congvu_would_compute_differently_is_kept_and_listed(desk):
    # Received Monday 6/10 09:00 for 5 working days: congvu computes 13/10. The source gave the
    # applicant 20/10 (its own calendar or rule): 20/10 is kept, and the row is listed.
    data = csv_file(row(desk, "HS-1", due="20/10/2025"), row(desk, "HS-2"))

    result = import_dossiers(data, "ho-so.csv", by=desk.receptionist)

    kept, computed = Dossier.objects.get(code="HS-1"), Dossier.objects.get(code="HS-2")
    assert (kept.due, kept.original_due) == (dt.date(2025, 10, 20), dt.date(2025, 10, 20))
    assert computed.due == dt.date(2025, 10, 13)  # no source date: congvu computes it
    assert [(d.row, d.code, d.source_due, d.computed_due) for d in result.disagreements] == [
        (2, "HS-1", dt.date(2025, 10, 20), dt.date(2025, 10, 13))
    ]
    receipt = kept.events.get(activity=Activity.RECEIVE)
    assert receipt.payload["computed_due"] == "2025-10-13"


def test_a_source_pause_is_kept_and_the_source_date_after_it_too(desk):
    # Supplement asked 8/10, received 10/10 (2 working days): congvu would move 13/10 to 15/10;
    # the source says 16/10. The first date is worked back (16/10 - 2 working days = 14/10), the
    # pause is replayed, and its end sets 16/10 exactly.
    pauses = "5|08/10/2025 09:00|10/10/2025 09:00; 6|14/10/2025 09:00|"
    data = csv_file(row(desk, "HS-1", due="16/10/2025", pauses=pauses))

    result = import_dossiers(data, "ho-so.csv", by=desk.receptionist)

    dossier = Dossier.objects.get(code="HS-1")
    assert (dossier.original_due, dossier.due) == (dt.date(2025, 10, 14), dt.date(2025, 10, 16))
    assert (dossier.status, dossier.paused_on, dossier.paused_days) == (
        Dossier.Status.FEES,
        dt.date(2025, 10, 14),
        2,
    )
    assert [(d.source_due, d.computed_due) for d in result.disagreements] == [
        (dt.date(2025, 10, 16), dt.date(2025, 10, 15))
    ]


def test_a_bad_pause_cell_is_named_by_row_and_column(desk):
    data = csv_file(row(desk, "HS-1", pauses="9|hôm qua|"))

    from congvu.core.imports import ImportRefused

    with pytest.raises(ImportRefused) as refused:
        import_dossiers(data, "ho-so.csv", by=desk.receptionist)

    assert {(e.row, e.column) for e in refused.value.problems} == {(2, "tam_dung")}
    assert not Dossier.objects.exists()

"""Imports of the procedure catalogue and of dossiers from Excel (.xlsx) or CSV templates.

Both read the file through the one import path (core.imports: limits, streaming, problems by row
and column), check every row, and only then write in one short transaction that calls the actions
row by row; on any problem nothing is written and every bad row is reported by its number (the
header is row 1) and column. The templates are documented in docs/dossiers.md.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from congvu.core.calendar import add_working_days, working_days_between
from congvu.core.imports import (
    Cell,
    Problems,
    Source,
    parse_date,
    parse_local_datetime,
    parse_whole_number,
    read_tables,
    row_refusals,
    write_all_or_nothing,
)
from congvu.dossiers import actions
from congvu.dossiers.models import Dossier, Procedure
from congvu.org.models import Field, Official, Unit
from congvu.org.text import fold

PROCEDURE_COLUMNS = (
    "ma_thu_tuc",
    "ten_thu_tuc",
    "ma_linh_vuc",
    "cap",
    "thoi_han_ngay",
    "ma_don_vi",
    "phi_vnd",
    "truc_tuyen",
    "can_cu_phap_ly",
)
DOSSIER_COLUMNS = (
    "so_ho_so",
    "ma_thu_tuc",
    "nguoi_nop",
    "kenh",
    "ma_trung_tam",
    "tiep_nhan_luc",
    "ma_don_vi_xu_ly",
    "ma_can_bo_xu_ly",
    "ket_thuc_luc",
    "ket_qua",
    "tra_ket_qua_luc",
)
LEVELS = {"tinh": Procedure.Level.PROVINCE, "xa": Procedure.Level.COMMUNE, "khac": "other"}
ONLINE = {"": "none", "khong": "none", "mot phan": "partial", "toan trinh": "full"}
CHANNELS = {"1": "in_person", "2": "online", "3": "post"}
OUTCOMES = {
    "": "",
    "dang xu ly": "",
    "da xu ly xong": "resolved",
    "tu choi": "refused",
    "rut ho so": "withdrawn",
}
# Columns a file may have besides the required ones (read when present): the portal status code
# (TrangThaiHoSo), the online submission time, the source's appointment dates (NgayHenTra, in
# force and first), its pauses, and its apology letter.
OPTIONAL_COLUMNS = (
    "trang_thai",
    "nop_luc",
    "ngay_hen_tra",
    "ngay_hen_tra_dau",
    "tam_dung",
    "xin_loi_so",
    "xin_loi_luc",
    "xin_loi_ngay_hen_moi",
    "xin_loi_ly_do",
    "xin_loi_don_vi",
)
STATUS_CODES = {str(code) for code in range(1, 11)}


Record = dict[str, Cell]


def read_rows(source: Source, name: str, columns: tuple[str, ...]) -> list[tuple[int, Record]]:
    """(row number, {column: cell}) for each data row of an .xlsx (first sheet) or UTF-8 .csv
    file, read by the one import path; ImportRefused when it cannot be read or lacks a column."""
    table = read_tables(source, name=name, first_sheet_only=True)[0]
    problems = Problems()
    for column in columns:
        if column not in table.header:
            problems.add(1, column, _("This column is missing from the header."))
    if not problems and not table.rows:
        problems.add(1, "", _("The file has no data rows."))
    problems.raise_any()
    return table.records(str)


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _int(value: Cell, problems: Problems, row: int, column: str) -> int | None:
    try:
        number = parse_whole_number(value)
    except ValueError:
        problems.add(row, column, _("Not a whole number: “%(v)s”.") % {"v": _text(value)})
        return None
    if number < 0:
        problems.add(row, column, _("Cannot be negative."))
        return None
    return number


def import_procedures(file: Source, name: str) -> int:
    """Create or update the procedures of the file; returns how many rows were imported."""
    rows = read_rows(file, name, PROCEDURE_COLUMNS)
    fields = {f.code: f for f in Field.objects.all()}
    units = {u.code: u for u in Unit.objects.filter(valid_to__isnull=True)}
    problems = Problems()
    seen: set[str] = set()
    valid: list[tuple[dict[str, Any], list[Unit]]] = []
    for number, row in rows:
        code, title = _text(row["ma_thu_tuc"]), _text(row["ten_thu_tuc"])
        if not code:
            problems.add(number, "ma_thu_tuc", _("Required."))
        elif code in seen:
            problems.add(number, "ma_thu_tuc", _("Repeated in the file."))
        seen.add(code)
        if not title:
            problems.add(number, "ten_thu_tuc", _("Required."))
        field = fields.get(_text(row["ma_linh_vuc"]))
        if field is None:
            problems.add(number, "ma_linh_vuc", _("Unknown field code."))
        level = LEVELS.get(fold(_text(row["cap"])))
        if level is None:
            problems.add(number, "cap", _("Write “tỉnh”, “xã” or “khác”."))
        days = _int(row["thoi_han_ngay"], problems, number, "thoi_han_ngay")
        fee = _int(row["phi_vnd"] or "0", problems, number, "phi_vnd")
        online = ONLINE.get(fold(_text(row["truc_tuyen"])))
        if online is None:
            problems.add(number, "truc_tuyen", _("Write “không”, “một phần” or “toàn trình”."))
        codes = [c.strip() for c in _text(row["ma_don_vi"]).split(";") if c.strip()]
        unknown = [c for c in codes if c not in units]
        if not codes or unknown:
            problems.add(
                number,
                "ma_don_vi",
                _("Unknown unit code(s): %(codes)s.") % {"codes": ", ".join(unknown) or "—"},
            )
        values = {
            "name": title,
            "name_folded": fold(title),
            "field": field,
            "level": level,
            "processing_days": days,
            "fee_vnd": fee,
            "online": online,
            "legal_basis": _text(row["can_cu_phap_ly"]),
        }
        valid.append(({"code": code, **values}, [units[c] for c in codes if c in units]))

    def write(problems: Problems) -> int:
        for values, responsible in valid:
            procedure, _created = Procedure.objects.update_or_create(
                code=values.pop("code"), defaults=values
            )
            procedure.units.set(responsible)
        return len(valid)

    return write_all_or_nothing(write, problems=problems)


def _when(value: Cell, problems: Problems, row: int, column: str) -> dt.datetime | None:
    """A local date-time `dd/mm/yyyy hh:mm` or ISO 8601 (without offset: Vietnam time, which has
    had no summer time since 1975)."""
    try:
        return parse_local_datetime(value, timezone.get_current_timezone())
    except ValueError:
        problems.add(row, column, _("Not a date and time: “%(v)s”.") % {"v": _text(value)})
        return None


def _day(value: Cell, problems: Problems, row: int, column: str) -> dt.date | None:
    try:
        return parse_date(value)
    except ValueError:
        problems.add(row, column, _("Not a date: “%(v)s”.") % {"v": _text(value)})
        return None


@dataclass(frozen=True)
class Pause:
    """A stop of the clock in the source: a supplement request (portal status 5) or a wait for
    fees or taxes (6), from `start` to `end` (None: still waiting)."""

    kind: int
    start: dt.datetime
    end: dt.datetime | None


def pauses_text(pauses: Iterable[Pause]) -> str:
    """The `tam_dung` cell: `5|dd/mm/yyyy hh:mm:ss|dd/mm/yyyy hh:mm:ss; 6|...|` (empty end: still
    waiting), in Vietnam time."""

    def moment(value: dt.datetime | None) -> str:
        return "" if value is None else f"{timezone.localtime(value):%d/%m/%Y %H:%M:%S}"

    return "; ".join(f"{p.kind}|{moment(p.start)}|{moment(p.end)}" for p in pauses)


def _pauses(value: Cell, problems: Problems, row: int) -> list[Pause]:
    """The pauses of a `tam_dung` cell, in order; a problem for anything else."""
    text = _text(value).strip()
    if not text:
        return []
    found: list[Pause] = []
    tz = timezone.get_current_timezone()
    for item in (part.strip() for part in text.split(";")):
        pieces = [piece.strip() for piece in item.split("|")]
        try:
            if len(pieces) != 3 or pieces[0] not in ("5", "6") or not pieces[1]:
                raise ValueError(item)
            begin = parse_local_datetime(pieces[1], tz)
            finish = parse_local_datetime(pieces[2], tz) if pieces[2] else None
        except ValueError:
            problems.add(
                row,
                "tam_dung",
                _(
                    "Write each pause as “5|from|to” (supplement) or “6|from|to” (fees), "
                    "separated by “;”; leave “to” empty while still waiting: “%(v)s”."
                )
                % {"v": item},
            )
            return []
        assert begin is not None
        if finish is not None and finish < begin:
            problems.add(
                row, "tam_dung", _("A pause ends before it starts: “%(v)s”.") % {"v": item}
            )
            return []
        found.append(Pause(int(pieces[0]), begin, finish))
    found.sort(key=lambda p: p.start)
    for earlier, later in itertools.pairwise(found):
        if earlier.end is None or earlier.end > later.start:
            problems.add(row, "tam_dung", _("Pauses overlap or an earlier one never ended."))
            return []
    return found


@dataclass(frozen=True)
class Letter:
    """The source's apology letter (phiếu xin lỗi và hẹn lại ngày trả kết quả)."""

    number: str
    issued_at: dt.datetime
    new_due: dt.date
    reason: str
    unit_at_fault: Unit | None


@dataclass(frozen=True)
class Disagreement:
    """A row whose source appointment date differs from the one congvu would compute (the
    source's is kept; this is listed for a person to look at)."""

    row: int
    code: str
    source_due: dt.date
    computed_due: dt.date

    def __str__(self) -> str:
        return _(
            "Row %(row)d, dossier %(code)s: the source's appointment date %(source)s is kept; "
            "congvu would compute %(computed)s."
        ) % {
            "row": self.row,
            "code": self.code,
            "source": self.source_due.strftime("%d/%m/%Y"),
            "computed": self.computed_due.strftime("%d/%m/%Y"),
        }


@dataclass(frozen=True)
class DossierImport:
    """What a dossier import did: how many dossiers, and the appointment dates of the source that
    congvu would have computed otherwise (kept as the source gave them)."""

    count: int
    disagreements: tuple[Disagreement, ...]


@dataclass(frozen=True)
class _DossierRow:
    number: int
    code: str
    applicant: str
    procedure: Procedure
    centre: Unit
    unit: Unit | None
    official: Official | None
    channel: str
    status: int
    submitted: dt.datetime | None
    times: tuple[dt.datetime, dt.datetime | None, dt.datetime | None]
    due: dt.date | None
    first_due: dt.date | None
    pauses: tuple[Pause, ...]
    letter: Letter | None
    withdrawn: bool


# The portal status a row without `trang_thai` ends in, from `ket_qua` and the return time.
def _status_of(outcome: str, delivered: dt.datetime | None, unit: Unit | None) -> int:
    if outcome == "resolved":
        return 10 if delivered is not None else 9
    if outcome in ("refused", "withdrawn"):
        return 8
    return 4 if unit is not None else 2


def import_dossiers(file: Source, name: str, *, by: Official) -> DossierImport:
    """Replay the dossiers of the file through the actions: submitted online and accepted (or
    not), received at the centre by `by` (its staff), sent to the processing unit, paused for
    supplements or fees, apologised for, ended by the processing official, result returned.

    The source's appointment date (`ngay_hen_tra`, NgayHenTra), pauses (`tam_dung`) and apology
    letter (`xin_loi_*`) are kept as given; congvu computes only what the source lacks, and lists
    the rows whose date it would have computed differently (`DossierImport.disagreements`).

    Every row is checked first; then one transaction replays them. Any bad row imports nothing.
    """
    rows = read_rows(file, name, DOSSIER_COLUMNS)
    procedures = {p.code: p for p in Procedure.objects.all()}
    units = {u.code: u for u in Unit.objects.all()}
    officials = {o.code: o for o in Official.objects.all()}
    problems = Problems()
    checked: list[_DossierRow] = []
    for number, row in rows:
        before = len(problems)
        text = {column: _text(row.get(column)) for column in (*DOSSIER_COLUMNS, *OPTIONAL_COLUMNS)}
        procedure = procedures.get(text["ma_thu_tuc"])
        centre = units.get(text["ma_trung_tam"])
        unit = units.get(text["ma_don_vi_xu_ly"]) if text["ma_don_vi_xu_ly"] else None
        official = officials.get(text["ma_can_bo_xu_ly"]) if text["ma_can_bo_xu_ly"] else None
        channel = CHANNELS.get(text["kenh"])
        outcome = OUTCOMES.get(fold(text["ket_qua"]))
        received = _when(row["tiep_nhan_luc"], problems, number, "tiep_nhan_luc")
        finished = _when(row["ket_thuc_luc"], problems, number, "ket_thuc_luc")
        delivered = _when(row["tra_ket_qua_luc"], problems, number, "tra_ket_qua_luc")
        submitted = _when(row.get("nop_luc"), problems, number, "nop_luc")
        due = _day(row.get("ngay_hen_tra"), problems, number, "ngay_hen_tra")
        first_due = _day(row.get("ngay_hen_tra_dau"), problems, number, "ngay_hen_tra_dau")
        pauses = _pauses(row.get("tam_dung"), problems, number)
        letter = _letter(row, text, units, problems, number)
        for column in ("so_ho_so", "nguoi_nop", "tiep_nhan_luc"):
            if not text[column]:
                problems.add(number, column, _("Required."))
        if procedure is None:
            problems.add(number, "ma_thu_tuc", _("Unknown procedure code."))
        for column, found in (("ma_trung_tam", centre), ("ma_don_vi_xu_ly", unit)):
            if (text[column] or column == "ma_trung_tam") and found is None:
                codes = {"codes": text[column] or "—"}
                problems.add(number, column, _("Unknown unit code(s): %(codes)s.") % codes)
        if text["ma_can_bo_xu_ly"] and official is None:
            problems.add(number, "ma_can_bo_xu_ly", _("Unknown staff code."))
        if channel is None:
            problems.add(number, "kenh", _("Write 1 (in person), 2 (online) or 3 (post)."))
        if outcome is None:
            problems.add(
                number,
                "ket_qua",
                _("Write “đang xử lý”, “đã xử lý xong”, “từ chối” or “rút hồ sơ”."),
            )
        status = _status_of(outcome or "", delivered, unit)
        if text["trang_thai"]:
            if text["trang_thai"] not in STATUS_CODES:
                problems.add(number, "trang_thai", _("Write a portal status code from 1 to 10."))
            else:
                status = int(text["trang_thai"])
        ended = status in (3, 7, 8, 9, 10)
        if status in (7, 8, 9, 10) and (finished is None or official is None):
            problems.add(
                number,
                "ket_thuc_luc",
                _("An ended dossier needs its end time and the official who ended it."),
            )
        if status == 10 and delivered is None:
            problems.add(number, "tra_ket_qua_luc", _("A returned result needs its time."))
        if status in (1, 3) and channel != "online":
            problems.add(number, "kenh", _("Only online submissions wait to be accepted."))
        if (pauses or letter) and unit is not None and official is None:
            problems.add(
                number,
                "ma_can_bo_xu_ly",
                _("Name the official of the processing unit who paused or apologised."),
            )
        open_pause = pauses[-1].kind if pauses and pauses[-1].end is None else None
        if not text["trang_thai"] and open_pause is not None and status in (2, 4):
            status = open_pause  # still waiting: the pause's own portal status (5 or 6)
        if status in (5, 6) and open_pause != status:
            problems.add(
                number,
                "tam_dung",
                _("Status %(code)d needs its pause still open.") % {"code": status},
            )
        if open_pause is not None and status in (2, 4, 9, 10):
            problems.add(
                number, "tam_dung", _("A pause is still open but the status says it is not.")
            )
        if status in (1, 3) and (pauses or letter or due):
            problems.add(
                number, "trang_thai", _("A dossier not yet accepted has no appointment date.")
            )
        if first_due is not None and due is None:
            problems.add(number, "ngay_hen_tra", _("Give the appointment date in force too."))
        if first_due is not None and due is not None and first_due > due:
            problems.add(
                number, "ngay_hen_tra_dau", _("The first appointment date is after the last one.")
            )
        if (
            first_due is not None
            and due is not None
            and first_due != due
            and not any(p.end is not None for p in pauses)
        ):
            problems.add(
                number,
                "ngay_hen_tra_dau",
                _("Without an ended pause, the appointment date cannot have moved."),
            )
        if len(problems) > before:
            continue
        assert procedure and centre and channel and received  # each checked above
        checked.append(
            _DossierRow(
                number,
                text["so_ho_so"],
                text["nguoi_nop"],
                procedure,
                centre,
                unit,
                official,
                channel,
                status,
                submitted,
                (received, finished if ended else None, delivered),
                due,
                first_due,
                tuple(pauses),
                letter,
                outcome == "withdrawn",
            )
        )

    disagreements: list[Disagreement] = []

    def write(problems: Problems) -> int:
        for row in checked:
            with row_refusals(problems, row=row.number, column="so_ho_so"):
                computed = _replay(row, by)
                if row.due is not None and computed is not None and computed != row.due:
                    disagreements.append(Disagreement(row.number, row.code, row.due, computed))
        return len(checked)

    count = write_all_or_nothing(write, problems=problems)
    return DossierImport(count, tuple(disagreements))


def _letter(
    row: Record, text: dict[str, str], units: dict[str, Unit], problems: Problems, number: int
) -> Letter | None:
    """The row's apology letter, when its columns are filled (all or none)."""
    columns = ("xin_loi_so", "xin_loi_luc", "xin_loi_ngay_hen_moi", "xin_loi_ly_do")
    if not any(text[c] for c in (*columns, "xin_loi_don_vi")):
        return None
    for column in columns:
        if not text[column]:
            problems.add(number, column, _("Required for an apology letter."))
    issued = _when(row.get("xin_loi_luc"), problems, number, "xin_loi_luc")
    new_due = _day(row.get("xin_loi_ngay_hen_moi"), problems, number, "xin_loi_ngay_hen_moi")
    at_fault = units.get(text["xin_loi_don_vi"]) if text["xin_loi_don_vi"] else None
    if text["xin_loi_don_vi"] and at_fault is None:
        problems.add(
            number,
            "xin_loi_don_vi",
            _("Unknown unit code(s): %(codes)s.") % {"codes": text["xin_loi_don_vi"]},
        )
    if issued is None or new_due is None or not all(text[c] for c in columns):
        return None
    return Letter(text["xin_loi_so"], issued, new_due, text["xin_loi_ly_do"], at_fault)


def _computed_due(row: _DossierRow, received: dt.datetime) -> dt.date:
    """The appointment date congvu would give: the legal time from the receipt day (cut-off
    included), moved later by the working days of each ended pause."""
    _start, due = actions.appointment(row.procedure, received)
    for pause in row.pauses:
        if pause.end is not None:
            waited = working_days_between(
                timezone.localtime(pause.start).date(), timezone.localtime(pause.end).date()
            )
            due = add_working_days(due, max(0, waited))
    return due


def _first_due(row: _DossierRow) -> dt.date | None:
    """The appointment date to record at receipt: the source's first date, or its date in force
    moved back by the working days of the ended pauses (the last resume then sets the source's
    date exactly); None when the source gives no date."""
    if row.due is None:
        return None
    if row.first_due is not None:
        return row.first_due
    waited = sum(
        max(
            0,
            working_days_between(
                timezone.localtime(p.start).date(), timezone.localtime(p.end).date()
            ),
        )
        for p in row.pauses
        if p.end is not None
    )
    return add_working_days(row.due, -waited) if waited else row.due


def _replay(row: _DossierRow, by: Official) -> dt.date | None:
    """Replay one row through the actions, in time order; returns the appointment date congvu
    would have computed (None for a dossier never accepted)."""
    received, finished, delivered = row.times
    if row.submitted is not None or row.status in (1, 3):
        dossier = actions.submit_dossier(
            by=by,
            centre=row.centre,
            procedure=row.procedure,
            applicant=row.applicant,
            code=row.code,
            ts=row.submitted or received,
        )
        if row.status == 1:
            return None
        if row.status == 3:
            actions.not_receive_dossier(
                dossier, by=by, note=_("Not accepted (imported)."), ts=finished or received
            )
            return None
        actions.accept_dossier(dossier, by=by, ts=received, due=_first_due(row))
    else:
        dossier = actions.receive_dossier(
            by=by,
            centre=row.centre,
            procedure=row.procedure,
            applicant=row.applicant,
            channel=row.channel,
            code=row.code,
            ts=received,
            due=_first_due(row),
        )
    if row.unit is not None:
        actions.transfer_dossier(dossier, to_unit=row.unit, by=by, ts=received)
    actor = row.official if row.unit is not None and row.official is not None else by
    last_ended = max((i for i, p in enumerate(row.pauses) if p.end is not None), default=None)
    steps: list[tuple[dt.datetime, int, Callable[[], object]]] = []
    paid_on_completion = _paid_on_completion(row, finished)
    for index, pause in enumerate(row.pauses):
        steps.append((pause.start, 0, _pause_call(dossier, pause, actor)))
        if pause.end is not None and not (paid_on_completion and index == last_ended):
            # The last resume sets the source's appointment date exactly.
            due = row.due if index == last_ended else None
            steps.append((pause.end, 0, _resume_call(dossier, pause, actor, due)))
    if row.letter is not None:
        steps.append((row.letter.issued_at, 1, _letter_call(dossier, row, actor)))
    # Stable by time; at the same moment a pause's steps go before the letter.
    for _when_at, _order, call in sorted(steps, key=lambda step: (step[0], step[1])):
        call()
    _end(dossier, row, by, finished, delivered, row.due if paid_on_completion else None)
    return _computed_due(row, received)


def _paid_on_completion(row: _DossierRow, finished: dt.datetime | None) -> bool:
    """Whether the last pause is a wait for fees that ended with the result (6 → 9): the
    completion ends it, as `complete_dossier` does, instead of a separate payment step."""
    last = row.pauses[-1] if row.pauses else None
    return (
        last is not None
        and last.kind == 6
        and last.end is not None
        and last.end == finished
        and row.status in (9, 10)
    )


def _pause_call(dossier: Dossier, pause: Pause, actor: Official) -> Callable[[], object]:
    note = _("Imported pause.")
    if pause.kind == 5:
        return lambda: actions.request_supplement(dossier, by=actor, note=note, ts=pause.start)
    return lambda: actions.request_fees(dossier, by=actor, note=note, ts=pause.start)


def _resume_call(
    dossier: Dossier, pause: Pause, actor: Official, due: dt.date | None
) -> Callable[[], object]:
    if pause.kind == 5:
        return lambda: actions.receive_supplement(dossier, by=actor, ts=pause.end, due=due)
    return lambda: actions.receive_fees(dossier, by=actor, ts=pause.end, due=due)


def _letter_call(dossier: Dossier, row: _DossierRow, actor: Official) -> Callable[[], object]:
    letter = row.letter
    assert letter is not None
    return lambda: actions.issue_apology(
        dossier,
        by=actor,
        unit_at_fault=letter.unit_at_fault or row.unit or row.centre,
        reason=letter.reason,
        new_due=letter.new_due,
        ts=letter.issued_at,
        number=letter.number,
        from_source=True,
    )


def _end(
    dossier: Dossier,
    row: _DossierRow,
    by: Official,
    finished: dt.datetime | None,
    delivered: dt.datetime | None,
    due: dt.date | None,
) -> None:
    """The row's last steps, from its portal status (`due`: the source's date, when the
    completion ends a wait for fees)."""
    if row.status not in (7, 8, 9, 10) or finished is None or row.official is None:
        return
    if row.status in (9, 10):
        actions.complete_dossier(dossier, by=row.official, ts=finished, due=due)
        if row.status == 10 and delivered is not None:
            actions.deliver_result(dossier, by=by, ts=delivered)
    elif row.status == 7 or row.withdrawn:
        actions.withdraw_dossier(
            dossier, by=row.official, note=_("Withdrawn (imported)."), ts=finished
        )
        if row.status == 8:
            actions.stop_dossier(dossier, by=row.official, ts=finished)
    else:
        actions.refuse_dossier(
            dossier, by=row.official, reason="other", note=_("Refused (imported)."), ts=finished
        )


def import_file(path: Path, kind: str, *, by: Official | None = None) -> DossierImport:
    """Import a file from disk (for the management command)."""
    if kind == "procedures":
        return DossierImport(import_procedures(path, path.name), ())
    if by is None:
        raise ValueError("Dossier imports need the official who receives them.")
    return import_dossiers(path, path.name, by=by)

"""Imports of the procedure catalogue and of dossiers from Excel (.xlsx) or CSV templates.

Both read the file through the one import path (core.imports: limits, streaming, problems by row
and column), check every row, and only then write in one short transaction that calls the actions
row by row; on any problem nothing is written and every bad row is reported by its number (the
header is row 1) and column. The templates are documented in docs/dossiers.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from congvu.core.imports import (
    Cell,
    Problems,
    Source,
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
OUTCOMES = {"": "", "dang xu ly": "", "da xu ly xong": "resolved", "tu choi": "refused"}


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
    outcome: str
    times: tuple[dt.datetime, dt.datetime | None, dt.datetime | None]


def import_dossiers(file: Source, name: str, *, by: Official) -> int:
    """Replay the dossiers of the file through the actions: received at the centre by `by` (its
    staff), sent to the processing unit, ended by the processing official, result returned.

    Every row is checked first; then one transaction replays them. Returns how many dossiers
    were imported; any bad row imports nothing.
    """
    rows = read_rows(file, name, DOSSIER_COLUMNS)
    procedures = {p.code: p for p in Procedure.objects.all()}
    units = {u.code: u for u in Unit.objects.all()}
    officials = {o.code: o for o in Official.objects.all()}
    problems = Problems()
    checked: list[_DossierRow] = []
    for number, row in rows:
        before = len(problems)
        text = {column: _text(row[column]) for column in DOSSIER_COLUMNS}
        procedure = procedures.get(text["ma_thu_tuc"])
        centre = units.get(text["ma_trung_tam"])
        unit = units.get(text["ma_don_vi_xu_ly"]) if text["ma_don_vi_xu_ly"] else None
        official = officials.get(text["ma_can_bo_xu_ly"]) if text["ma_can_bo_xu_ly"] else None
        channel = CHANNELS.get(text["kenh"])
        outcome = OUTCOMES.get(fold(text["ket_qua"]))
        received = _when(row["tiep_nhan_luc"], problems, number, "tiep_nhan_luc")
        finished = _when(row["ket_thuc_luc"], problems, number, "ket_thuc_luc")
        delivered = _when(row["tra_ket_qua_luc"], problems, number, "tra_ket_qua_luc")
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
            problems.add(number, "ket_qua", _("Write “đang xử lý”, “đã xử lý xong” or “từ chối”."))
        if outcome and (finished is None or unit is None or official is None):
            problems.add(
                number,
                "ket_thuc_luc",
                _("An ended dossier needs its end time, unit and official."),
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
                outcome or "",
                (received, finished, delivered),
            )
        )

    def write(problems: Problems) -> int:
        for row in checked:
            with row_refusals(problems, row=row.number, column="so_ho_so"):
                _replay(row, by)
        return len(checked)

    return write_all_or_nothing(write, problems=problems)


def _replay(row: _DossierRow, by: Official) -> Dossier:
    received, finished, delivered = row.times
    dossier = actions.receive_dossier(
        by=by,
        centre=row.centre,
        procedure=row.procedure,
        applicant=row.applicant,
        channel=row.channel,
        code=row.code,
        ts=received,
    )
    if row.unit is None:
        return dossier
    actions.transfer_dossier(dossier, to_unit=row.unit, by=by, ts=received)
    if row.outcome and row.official is not None and finished is not None:
        if row.outcome == "resolved":
            actions.complete_dossier(dossier, by=row.official, ts=finished)
            if delivered is not None:
                actions.deliver_result(dossier, by=by, ts=delivered)
        else:
            actions.refuse_dossier(
                dossier, by=row.official, reason="other", note=_("Refused (imported)."), ts=finished
            )
    return dossier


def import_file(path: Path, kind: str, *, by: Official | None = None) -> int:
    """Import a file from disk (for the management command)."""
    if kind == "procedures":
        return import_procedures(path, path.name)
    if by is None:
        raise ValueError("Dossier imports need the official who receives them.")
    return import_dossiers(path, path.name, by=by)

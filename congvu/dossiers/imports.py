"""Imports of the procedure catalogue and of dossiers from Excel (.xlsx) or CSV templates.

Each import is all-or-nothing: one transaction that checks every row, calls the actions row by
row, and on any error writes nothing and reports every bad row by its number (the header is row 1)
and column. The templates are documented in docs/dossiers.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congvu.core.errors import ActionError
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


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)d, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class ImportFailed(Exception):
    """Nothing was imported; `errors` names every bad row and column."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


def read_rows(file: IO[bytes], name: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, {column: text}) for each data row of an .xlsx or .csv (UTF-8) file."""
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        sheet = load_workbook(file, read_only=True, data_only=True).active
        rows = sheet.iter_rows(values_only=True)
        header = [str(h or "").strip() for h in next(rows, ())]
        for number, values in enumerate(rows, start=2):
            if all(v in (None, "") for v in values):
                continue
            yield number, {h: _text(v) for h, v in zip(header, values, strict=False)}
        return
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    reader = csv.DictReader(text)
    for number, record in enumerate(reader, start=2):
        if not any((v or "").strip() for v in record.values()):
            continue
        yield number, {(k or "").strip(): (v or "").strip() for k, v in record.items()}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _check_header(rows: list[tuple[int, dict[str, str]]], columns: tuple[str, ...]) -> None:
    if not rows:
        raise ImportFailed([RowError(1, "—", _("The file has no data rows."))])
    missing = [c for c in columns if c not in rows[0][1]]
    if missing:
        raise ImportFailed(
            [RowError(1, c, _("This column is missing from the header.")) for c in missing]
        )


def _int(value: str, errors: list[RowError], row: int, column: str) -> int | None:
    try:
        number = int(value.replace(".", "").replace(" ", ""))
    except ValueError:
        errors.append(RowError(row, column, _("Not a whole number: “%(v)s”.") % {"v": value}))
        return None
    if number < 0:
        errors.append(RowError(row, column, _("Cannot be negative.")))
        return None
    return number


@transaction.atomic
def import_procedures(file: IO[bytes], name: str) -> int:
    """Create or update the procedures of the file; returns how many rows were imported."""
    rows = list(read_rows(file, name))
    _check_header(rows, PROCEDURE_COLUMNS)
    fields = {f.code: f for f in Field.objects.all()}
    units = {u.code: u for u in Unit.objects.filter(valid_to__isnull=True)}
    errors: list[RowError] = []
    seen: set[str] = set()
    valid: list[tuple[dict[str, Any], list[Unit]]] = []
    for number, row in rows:
        code = row["ma_thu_tuc"]
        if not code:
            errors.append(RowError(number, "ma_thu_tuc", _("Required.")))
        elif code in seen:
            errors.append(RowError(number, "ma_thu_tuc", _("Repeated in the file.")))
        seen.add(code)
        if not row["ten_thu_tuc"]:
            errors.append(RowError(number, "ten_thu_tuc", _("Required.")))
        field = fields.get(row["ma_linh_vuc"])
        if field is None:
            errors.append(RowError(number, "ma_linh_vuc", _("Unknown field code.")))
        level = LEVELS.get(fold(row["cap"]))
        if level is None:
            errors.append(RowError(number, "cap", _("Write “tỉnh”, “xã” or “khác”.")))
        days = _int(row["thoi_han_ngay"], errors, number, "thoi_han_ngay")
        fee = _int(row["phi_vnd"] or "0", errors, number, "phi_vnd")
        online = ONLINE.get(fold(row["truc_tuyen"]))
        if online is None:
            errors.append(
                RowError(number, "truc_tuyen", _("Write “không”, “một phần” or “toàn trình”."))
            )
        codes = [c.strip() for c in row["ma_don_vi"].split(";") if c.strip()]
        unknown = [c for c in codes if c not in units]
        if not codes or unknown:
            errors.append(
                RowError(
                    number,
                    "ma_don_vi",
                    _("Unknown unit code(s): %(codes)s.") % {"codes": ", ".join(unknown) or "—"},
                )
            )
        valid.append(
            (
                {
                    "code": code,
                    "name": row["ten_thu_tuc"],
                    "name_folded": fold(row["ten_thu_tuc"]),
                    "field": field,
                    "level": level,
                    "processing_days": days,
                    "fee_vnd": fee,
                    "online": online,
                    "legal_basis": row["can_cu_phap_ly"],
                },
                [units[c] for c in codes if c in units],
            )
        )
    if errors:
        raise ImportFailed(errors)
    for values, responsible in valid:
        procedure, _created = Procedure.objects.update_or_create(
            code=values.pop("code"), defaults=values
        )
        procedure.units.set(responsible)
    return len(valid)


def _when(value: str, errors: list[RowError], row: int, column: str) -> dt.datetime | None:
    """A local date-time `dd/mm/yyyy hh:mm` or ISO 8601 (without offset: Vietnam time)."""
    tz = timezone.get_current_timezone()
    for parse in (
        lambda v: dt.datetime.strptime(v + " +0700", "%d/%m/%Y %H:%M %z"),
        lambda v: dt.datetime.strptime(v + " +0700", "%d/%m/%Y %z"),
        dt.datetime.fromisoformat,
    ):
        try:
            moment = parse(value)
        except ValueError:
            continue
        # Vietnam has had no summer time since 1975: a local time is always UTC+7.
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)
    errors.append(RowError(row, column, _("Not a date and time: “%(v)s”.") % {"v": value}))
    return None


@transaction.atomic
def import_dossiers(file: IO[bytes], name: str, *, by: Official) -> int:
    """Replay the dossiers of the file through the actions: received at the centre by `by` (its
    staff), sent to the processing unit, ended by the processing official, result returned.

    Returns how many dossiers were imported; any bad row imports nothing.
    """
    rows = list(read_rows(file, name))
    _check_header(rows, DOSSIER_COLUMNS)
    procedures = {p.code: p for p in Procedure.objects.all()}
    units = {u.code: u for u in Unit.objects.all()}
    officials = {o.code: o for o in Official.objects.all()}
    errors: list[RowError] = []
    for number, row in rows:

        def fail(column: str, message: str, number: int = number) -> None:
            errors.append(RowError(number, column, message))

        procedure = procedures.get(row["ma_thu_tuc"])
        centre = units.get(row["ma_trung_tam"])
        unit = units.get(row["ma_don_vi_xu_ly"]) if row["ma_don_vi_xu_ly"] else None
        official = officials.get(row["ma_can_bo_xu_ly"]) if row["ma_can_bo_xu_ly"] else None
        channel = CHANNELS.get(row["kenh"])
        outcome = OUTCOMES.get(fold(row["ket_qua"]))
        received = _when(row["tiep_nhan_luc"], errors, number, "tiep_nhan_luc")
        finished = (
            _when(row["ket_thuc_luc"], errors, number, "ket_thuc_luc")
            if row["ket_thuc_luc"]
            else None
        )
        delivered = (
            _when(row["tra_ket_qua_luc"], errors, number, "tra_ket_qua_luc")
            if row["tra_ket_qua_luc"]
            else None
        )
        if not row["so_ho_so"]:
            fail("so_ho_so", _("Required."))
        if not row["nguoi_nop"]:
            fail("nguoi_nop", _("Required."))
        if procedure is None:
            fail("ma_thu_tuc", _("Unknown procedure code."))
        if centre is None:
            fail(
                "ma_trung_tam",
                _("Unknown unit code(s): %(codes)s.") % {"codes": row["ma_trung_tam"]},
            )
        if row["ma_don_vi_xu_ly"] and unit is None:
            fail(
                "ma_don_vi_xu_ly",
                _("Unknown unit code(s): %(codes)s.") % {"codes": row["ma_don_vi_xu_ly"]},
            )
        if row["ma_can_bo_xu_ly"] and official is None:
            fail("ma_can_bo_xu_ly", _("Unknown staff code."))
        if channel is None:
            fail("kenh", _("Write 1 (in person), 2 (online) or 3 (post)."))
        if outcome is None:
            fail("ket_qua", _("Write “đang xử lý”, “đã xử lý xong” or “từ chối”."))
        if outcome and (finished is None or unit is None or official is None):
            fail("ket_thuc_luc", _("An ended dossier needs its end time, unit and official."))
        if errors or procedure is None or centre is None or received is None or channel is None:
            continue
        try:
            _replay(
                row["so_ho_so"],
                row["nguoi_nop"],
                procedure,
                centre,
                unit,
                official,
                channel,
                outcome or "",
                (received, finished, delivered),
                by,
            )
        except (ActionError, PermissionDenied) as error:
            fail("so_ho_so", str(error) or _("Not allowed for this official."))
    if errors:
        transaction.set_rollback(True)
        raise ImportFailed(errors)
    return len(rows)


def _replay(
    code: str,
    applicant: str,
    procedure: Procedure,
    centre: Unit,
    unit: Unit | None,
    official: Official | None,
    channel: str,
    outcome: str,
    times: tuple[dt.datetime, dt.datetime | None, dt.datetime | None],
    by: Official,
) -> Dossier:
    received, finished, delivered = times
    dossier = actions.receive_dossier(
        by=by,
        centre=centre,
        procedure=procedure,
        applicant=applicant,
        channel=channel,
        code=code,
        ts=received,
    )
    if unit is None:
        return dossier
    actions.transfer_dossier(dossier, to_unit=unit, by=by, ts=received)
    if outcome and official is not None and finished is not None:
        if outcome == "resolved":
            actions.complete_dossier(dossier, by=official, ts=finished)
            if delivered is not None:
                actions.deliver_result(dossier, by=by, ts=delivered)
        else:
            actions.refuse_dossier(
                dossier, by=official, reason="other", note=_("Refused (imported)."), ts=finished
            )
    return dossier


def import_file(path: Path, kind: str, *, by: Official | None = None) -> int:
    """Import a file from disk (for the management command)."""
    with path.open("rb") as stream:
        if kind == "procedures":
            return import_procedures(stream, path.name)
        if by is None:
            raise ValueError("Dossier imports need the official who receives them.")
        return import_dossiers(stream, path.name, by=by)

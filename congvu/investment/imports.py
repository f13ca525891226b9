"""Import of projects, stages, capital plans and disbursements from Excel or CSV templates.

An import is all-or-nothing: every row goes through the same actions as the pages (so each
change appends its event and is checked for permission), inside one transaction; problems are
collected for every row, each naming its row and column, and any problem rolls everything back.
The templates (columns, formats, examples) are documented in docs/investment.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from congvu.core.errors import ActionError
from congvu.investment.actions import (
    adjust_plan,
    assign_plan,
    complete_stage,
    create_project,
    record_disbursement,
    schedule_stage,
    start_stage,
    transfer_stage,
)
from congvu.investment.models import (
    CapitalPlan,
    FundingSource,
    Group,
    Project,
    Sector,
    Stage,
    StageKind,
)
from congvu.org.models import Official, Unit
from congvu.org.text import fold

# The tables of a workbook (sheet names) or of CSV files (file names without .csv), in the order
# they are imported: a stage, plan or payment row may name a project of the same import.
TABLES: dict[str, tuple[str, ...]] = {
    "du_an": (
        "ma_du_an",
        "ten_du_an",
        "nhom",
        "chu_dau_tu",
        "tong_muc_dau_tu",
        "nguon_von",
        "linh_vuc",
        "xa_phuong",
        "dia_diem",
        "don_vi_lien_quan",
        "mo_ta",
    ),
    "giai_doan": (
        "ma_du_an",
        "giai_doan",
        "don_vi",
        "bat_dau_ke_hoach",
        "ket_thuc_ke_hoach",
        "bat_dau_thuc_te",
        "ket_thuc_thuc_te",
    ),
    "ke_hoach_von": ("ma_du_an", "nam", "loai", "so_tien", "ngay", "quyet_dinh", "ly_do"),
    "giai_ngan": ("ma_du_an", "nam_ke_hoach", "ngay", "so_tien", "chung_tu"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "du_an": ("ma_du_an", "ten_du_an", "nhom", "chu_dau_tu", "tong_muc_dau_tu", "nguon_von"),
    "giai_doan": ("ma_du_an", "giai_doan"),
    "ke_hoach_von": ("ma_du_an", "nam", "so_tien", "ngay"),
    "giai_ngan": ("ma_du_an", "nam_ke_hoach", "ngay", "so_tien"),
}
GROUPS = {
    "qtqg": Group.NATIONAL,
    "national": Group.NATIONAL,
    "a": Group.A,
    "b": Group.B,
    "c": Group.C,
}
SOURCES = {
    "tw": FundingSource.CENTRAL,
    "central": FundingSource.CENTRAL,
    "dp": FundingSource.LOCAL,
    "local": FundingSource.LOCAL,
    "oda": FundingSource.ODA,
    "khac": FundingSource.OTHER,
    "other": FundingSource.OTHER,
}


@dataclass(frozen=True)
class Problem:
    """One problem of an import: the table, the row as numbered in the file, the column."""

    table: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("%(table)s, row %(row)s, column %(column)s: %(message)s") % {
            "table": self.table,
            "row": self.row,
            "column": self.column or "—",
            "message": self.message,
        }


class ImportFailed(ActionError):
    """The import was rolled back; `problems` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(
            _("Nothing was imported: %(count)s problems.") % {"count": len(problems)},
            code="invalid",
        )
        self.problems = problems


@dataclass
class Summary:
    """What an import did: rows per table."""

    rows: dict[str, int] = field(default_factory=dict)


class _BadCell(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


Row = dict[str, Any]


def header_key(text: object) -> str:
    """ "Mã dự án" and "ma_du_an" name the same column."""
    return "_".join(fold(str(text or "")).replace("-", " ").split())


def read_csv(content: bytes) -> list[Row]:
    """The rows of a CSV file (UTF-8, with or without BOM; comma or semicolon separated)."""
    text = content.decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;")
    reader = csv.reader(io.StringIO(text), dialect)
    return _rows(list(reader))


def read_workbook(content: bytes) -> dict[str, list[Row]]:
    """The tables of an .xlsx workbook, by sheet name (folded: "Giải ngân" is giai_ngan)."""
    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    tables = {}
    for sheet in book.worksheets:
        tables[header_key(sheet.title)] = _rows(
            [list(r) for r in sheet.iter_rows(values_only=True)]
        )
    book.close()
    return tables


def _rows(cells: list[list[Any]]) -> list[Row]:
    if not cells:
        return []
    header = [header_key(h) for h in cells[0]]
    rows = []
    for number, values in enumerate(cells[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        row: Row = {"_row": number}
        for key, value in zip(header, values, strict=False):
            if key:
                row[key] = value.strip() if isinstance(value, str) else value
        rows.append(row)
    return rows


def import_tables(tables: dict[str, list[Row]], *, by: Official) -> Summary:
    """Import the tables (any of du_an, giai_doan, ke_hoach_von, giai_ngan) as `by`, all or
    nothing; raises ImportFailed with every problem found."""
    problems: list[Problem] = []
    summary = Summary()
    unknown = set(tables) - set(TABLES)
    for name in sorted(unknown):
        problems.append(
            Problem(
                name,
                1,
                "",
                _("Unknown table; expected one of %(names)s.") % {"names": ", ".join(TABLES)},
            )
        )
    units = {u.code: u for u in Unit.objects.all()}
    with transaction.atomic():
        for name, handler in HANDLERS.items():
            rows = tables.get(name, [])
            missing = _check_columns(name, rows) if rows else []
            problems += missing
            if missing:
                continue  # every row would fail on the same missing column
            for row in rows:
                problem = _one_row(name, row, handler, by=by, units=units)
                if problem is not None:
                    problems.append(problem)
            if rows:
                summary.rows[name] = len(rows)
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise ImportFailed(problems)
    return summary


def _check_columns(name: str, rows: list[Row]) -> list[Problem]:
    present = set().union(*(row.keys() for row in rows))
    return [
        Problem(name, 1, column, _("The column is missing."))
        for column in REQUIRED[name]
        if column not in present
    ]


def _one_row(
    name: str,
    row: Row,
    handler: Callable[[Row, Official, dict[str, Unit]], None],
    *,
    by: Official,
    units: dict[str, Unit],
) -> Problem | None:
    """Run one row in a savepoint, so that later rows are still checked after a bad one."""
    try:
        with transaction.atomic():
            handler(row, by, units)
    except _BadCell as error:
        return Problem(name, row["_row"], error.column, error.message)
    except ActionError as error:
        return Problem(name, row["_row"], "", error.message)
    except PermissionDenied:
        return Problem(name, row["_row"], "", _("You may not make this change."))
    return None


# -- cells -------------------------------------------------------------------------------------


def _text(row: Row, column: str, *, required: bool = False) -> str:
    value = row.get(column)
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise _BadCell(column, _("A value is required."))
    return text


def _amount(row: Row, column: str) -> int:
    """An amount of đồng: a number, or text with `.` or `,` or spaces between thousands."""
    value = row.get(column)
    if isinstance(value, bool):
        raise _BadCell(column, _("Not an amount of đồng."))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(row, column, required=True)
    digits = text.replace(".", "").replace(",", "").replace(" ", "")
    sign = -1 if digits.startswith("-") else 1
    if not digits.lstrip("-").isdigit():
        raise _BadCell(column, _("%(value)s is not a whole number of đồng.") % {"value": text})
    return sign * int(digits.lstrip("-"))


def _date(row: Row, column: str, *, required: bool = False) -> dt.date | None:
    value = row.get(column)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(row, column, required=required)
    if not text:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007  # a date, not a time
        except ValueError:
            continue
    raise _BadCell(column, _("%(value)s is not a date (dd/mm/yyyy).") % {"value": text})


def _year(row: Row, column: str) -> int:
    value = _amount(row, column)
    if not 2000 <= value <= 2100:
        raise _BadCell(column, _("%(value)s is not a year.") % {"value": value})
    return value


def _unit(row: Row, column: str, units: dict[str, Unit], *, required: bool = False) -> Unit | None:
    code = _text(row, column, required=required)
    if not code:
        return None
    if code not in units:
        raise _BadCell(column, _("No unit has the code %(code)s.") % {"code": code})
    return units[code]


def _choice(row: Row, column: str, choices: Mapping[str, str], *, default: str = "") -> str:
    text = _text(row, column, required=not default)
    if not text:
        return default
    key = header_key(text)
    if key not in choices:
        raise _BadCell(
            column,
            _("%(value)s is not one of %(choices)s.")
            % {"value": text, "choices": ", ".join(sorted(choices))},
        )
    return choices[key]


def _project(row: Row) -> Project:
    code = _text(row, "ma_du_an", required=True)
    project = Project.objects.filter(code=code).select_related("investor").first()
    if project is None:
        raise _BadCell("ma_du_an", _("No project has the code %(code)s.") % {"code": code})
    return project


# -- tables ------------------------------------------------------------------------------------


def _import_project(row: Row, by: Official, units: dict[str, Unit]) -> None:
    investor = _unit(row, "chu_dau_tu", units, required=True)
    assert investor is not None  # required above
    responsible = [
        units[code]
        for code in _text(row, "don_vi_lien_quan").replace(",", ";").split(";")
        if code.strip() and code.strip() in units
    ]
    missing = [
        code.strip()
        for code in _text(row, "don_vi_lien_quan").replace(",", ";").split(";")
        if code.strip() and code.strip() not in units
    ]
    if missing:
        raise _BadCell(
            "don_vi_lien_quan", _("No unit has the code %(code)s.") % {"code": ", ".join(missing)}
        )
    sectors = {header_key(s): s for s in Sector.values}
    create_project(
        by=by,
        code=_text(row, "ma_du_an", required=True),
        name=_text(row, "ten_du_an", required=True),
        group=_choice(row, "nhom", GROUPS),
        investor=investor,
        total_investment_vnd=_amount(row, "tong_muc_dau_tu"),
        funding_source=_choice(row, "nguon_von", SOURCES),
        sector=_choice(row, "linh_vuc", sectors, default=Sector.TRANSPORT),
        commune=_unit(row, "xa_phuong", units),
        location=_text(row, "dia_diem"),
        description=_text(row, "mo_ta"),
        responsible_units=responsible,
    )


def _import_stage(row: Row, by: Official, units: dict[str, Unit]) -> None:
    project = _project(row)
    kind = _choice(row, "giai_doan", {header_key(k): k for k in StageKind.values})
    stage = Stage.objects.select_related("project", "unit").get(project=project, kind=kind)
    unit = _unit(row, "don_vi", units)
    planned = (_date(row, "bat_dau_ke_hoach"), _date(row, "ket_thuc_ke_hoach"))
    started, ended = _date(row, "bat_dau_thuc_te"), _date(row, "ket_thuc_thuc_te")
    if unit is not None and unit.pk != stage.unit_id:
        transfer_stage(stage, by=by, to_unit=unit, reason=_("Imported from a file."))
    if any(planned) and planned != (stage.planned_start, stage.planned_end):
        schedule_stage(stage, by=by, planned_start=planned[0], planned_end=planned[1])
    if started is not None and stage.actual_start is None:
        start_stage(stage, by=by, on=started)
    if ended is not None and stage.actual_end is None:
        complete_stage(stage, by=by, on=ended)


def _import_plan(row: Row, by: Official, units: dict[str, Unit]) -> None:
    project = _project(row)
    year = _year(row, "nam")
    kind = _choice(row, "loai", {"giao": "assign", "dieu_chinh": "adjust"}, default="assign")
    on = _date(row, "ngay", required=True)
    assert on is not None  # required above
    amount = _amount(row, "so_tien")
    if kind == "assign":
        assign_plan(
            project, by=by, year=year, amount_vnd=amount, on=on, document=_text(row, "quyet_dinh")
        )
        return
    plan = CapitalPlan.objects.filter(project=project, year=year).first()
    if plan is None:
        raise _BadCell("nam", _("The project has no capital plan for %(year)s.") % {"year": year})
    adjust_plan(
        plan,
        by=by,
        delta_vnd=amount,
        on=on,
        document=_text(row, "quyet_dinh"),
        reason=_text(row, "ly_do"),
    )


def _import_disbursement(row: Row, by: Official, units: dict[str, Unit]) -> None:
    project = _project(row)
    on = _date(row, "ngay", required=True)
    assert on is not None  # required above
    record_disbursement(
        project,
        by=by,
        year=_year(row, "nam_ke_hoach"),
        on=on,
        amount_vnd=_amount(row, "so_tien"),
        document=_text(row, "chung_tu"),
    )


HANDLERS: dict[str, Callable[[Row, Official, dict[str, Unit]], None]] = {
    "du_an": _import_project,
    "giai_doan": _import_stage,
    "ke_hoach_von": _import_plan,
    "giai_ngan": _import_disbursement,
}


def template_workbook(examples: Iterable[tuple[str, list[object]]] = ()) -> Workbook:
    """The empty import template: one sheet per table with its columns (and example rows)."""
    book = Workbook()
    book.remove(book.active)
    for name, columns in TABLES.items():
        sheet = book.create_sheet(name)
        sheet.append(list(columns))
        for table, values in examples:
            if table == name:
                sheet.append(values)
    return book

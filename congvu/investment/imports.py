"""Import of projects, stages, capital plans and disbursements from Excel or CSV templates.

The file is read and checked by the one import path (core.imports: limits, streaming, problems by
sheet, row and column); then every row goes through the same actions as the pages (so each change
appends its event and is checked for permission) inside one short transaction, and any problem
rolls everything back.
The templates (columns, formats, examples) are documented in docs/investment.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from congvu.core.exports import Sheet
from congvu.core.imports import (
    CellError,
    Problem,
    Problems,
    Source,
    parse_date,
    parse_whole_number,
    read_tables,
    row_refusals,
    write_all_or_nothing,
)
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


@dataclass
class Summary:
    """What an import did: rows per table."""

    rows: dict[str, int] = field(default_factory=dict)


Row = dict[str, Any]
# A table's two steps: read and check a row's cells (no writes), then apply the checked values
# through the actions.
Parse = Callable[[Row, "_Known"], dict[str, Any]]
Apply = Callable[[dict[str, Any], Official], None]


@dataclass(frozen=True)
class _Known:
    """What a row's cells may name, looked up once per import before any row is checked: the
    units, and the project codes that exist or that a du_an row of this import creates."""

    units: dict[str, Unit]
    projects: frozenset[str]


def header_key(text: object) -> str:
    """ "Mã dự án" and "ma_du_an" name the same column."""
    return "_".join(fold(str(text or "")).replace("-", " ").split())


def read_upload(source: Source, *, name: str = "", table: str = "") -> dict[str, list[Row]]:
    """The tables of an upload: each sheet of an .xlsx workbook by its name (folded: "Giải ngân"
    is giai_ngan), or a CSV file (UTF-8, comma or semicolon) as `table`. Raises ImportRefused
    when the file cannot be read (core.imports: limits, encodings, damaged workbooks)."""
    tables: dict[str, list[Row]] = {}
    for read in read_tables(source, name=name):
        key = header_key(read.name) if read.name else table
        tables[key] = [{"_row": number, **record} for number, record in read.records(header_key)]
    return tables


def import_tables(tables: dict[str, list[Row]], *, by: Official) -> Summary:
    """Import the tables (any of du_an, giai_doan, ke_hoach_von, giai_ngan) as `by`, all or
    nothing; raises ImportRefused with every problem found.

    Every row's cells are read and checked first, without writing; then one transaction runs the
    rows through the actions, each in a savepoint so that a refused row does not hide the next."""
    problems = Problems()
    for name in sorted(set(tables) - set(TABLES)):
        problems.add(
            1,
            "",
            _("Unknown table; expected one of %(names)s.") % {"names": ", ".join(TABLES)},
            sheet=name,
        )
    named = {str(row.get("ma_du_an") or "").strip() for rows in tables.values() for row in rows}
    known = _Known(
        units={u.code: u for u in Unit.objects.all()},
        projects=frozenset(Project.objects.filter(code__in=named).values_list("code", flat=True))
        | {str(row.get("ma_du_an") or "").strip() for row in tables.get("du_an", [])},
    )
    checked: list[tuple[str, int, Apply, dict[str, Any]]] = []
    summary = Summary()
    for name, (parse, apply) in HANDLERS.items():
        rows = tables.get(name, [])
        missing = _check_columns(name, rows) if rows else []
        problems.extend(missing)
        if missing:
            continue  # every row would fail on the same missing column
        for row in rows:
            try:
                checked.append((name, row["_row"], apply, parse(row, known)))
            except CellError as error:
                problems.add(row["_row"], error.column, error.message, sheet=name)
        if rows:
            summary.rows[name] = len(rows)

    def write(problems: Problems) -> Summary:
        for name, number, apply, values in checked:
            with row_refusals(problems, row=number, sheet=name):
                apply(values, by)
        return summary

    return write_all_or_nothing(write, problems=problems)


def _check_columns(name: str, rows: list[Row]) -> list[Problem]:
    present = set().union(*(row.keys() for row in rows))
    return [
        Problem(1, column, _("The column is missing."), name)
        for column in REQUIRED[name]
        if column not in present
    ]


# -- cells -------------------------------------------------------------------------------------


def _text(row: Row, column: str, *, required: bool = False) -> str:
    value = row.get(column)
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise CellError(column, _("A value is required."))
    return text


def _amount(row: Row, column: str) -> int:
    """An amount of đồng: a number, or text with `.` or `,` or spaces between thousands."""
    value = row.get(column)
    if value is None or value == "":
        raise CellError(column, _("A value is required."))
    try:
        return parse_whole_number(value)
    except ValueError:
        raise CellError(
            column, _("%(value)s is not a whole number of đồng.") % {"value": value}
        ) from None


def _date(row: Row, column: str, *, required: bool = False) -> dt.date | None:
    value = row.get(column)
    if required and value is None:
        raise CellError(column, _("A value is required."))
    try:
        return parse_date(value)
    except ValueError:
        message = _("%(value)s is not a date (dd/mm/yyyy).") % {"value": value}
        raise CellError(column, message) from None


def _year(row: Row, column: str) -> int:
    value = _amount(row, column)
    if not 2000 <= value <= 2100:
        raise CellError(column, _("%(value)s is not a year.") % {"value": value})
    return value


def _unit(row: Row, column: str, units: dict[str, Unit], *, required: bool = False) -> Unit | None:
    code = _text(row, column, required=required)
    if not code:
        return None
    if code not in units:
        raise CellError(column, _("No unit has the code %(code)s.") % {"code": code})
    return units[code]


def _choice(row: Row, column: str, choices: Mapping[str, str], *, default: str = "") -> str:
    text = _text(row, column, required=not default)
    if not text:
        return default
    key = header_key(text)
    if key not in choices:
        raise CellError(
            column,
            _("%(value)s is not one of %(choices)s.")
            % {"value": text, "choices": ", ".join(sorted(choices))},
        )
    return choices[key]


def _project_code(row: Row, known: _Known) -> str:
    """The project a stage, plan or payment row names: one that exists or that this import
    creates (checked before the transaction; the project itself is fetched when the row is
    applied, after the du_an rows)."""
    code = _text(row, "ma_du_an", required=True)
    if code not in known.projects:
        raise CellError("ma_du_an", _("No project has the code %(code)s.") % {"code": code})
    return code


def _project(code: str) -> Project:
    """The project of a row, found when the row is applied: it may come from the same import."""
    project = Project.objects.filter(code=code).select_related("investor").first()
    if project is None:
        raise CellError("ma_du_an", _("No project has the code %(code)s.") % {"code": code})
    return project


# -- tables ------------------------------------------------------------------------------------


def _parse_project(row: Row, known: _Known) -> dict[str, Any]:
    investor = _unit(row, "chu_dau_tu", known.units, required=True)
    codes = [c.strip() for c in _text(row, "don_vi_lien_quan").replace(",", ";").split(";")]
    missing = [code for code in codes if code and code not in known.units]
    if missing:
        raise CellError(
            "don_vi_lien_quan", _("No unit has the code %(code)s.") % {"code": ", ".join(missing)}
        )
    sectors = {header_key(s): s for s in Sector.values}
    return {
        "code": _text(row, "ma_du_an", required=True),
        "name": _text(row, "ten_du_an", required=True),
        "group": _choice(row, "nhom", GROUPS),
        "investor": investor,
        "total_investment_vnd": _amount(row, "tong_muc_dau_tu"),
        "funding_source": _choice(row, "nguon_von", SOURCES),
        "sector": _choice(row, "linh_vuc", sectors, default=Sector.TRANSPORT),
        "commune": _unit(row, "xa_phuong", known.units),
        "location": _text(row, "dia_diem"),
        "description": _text(row, "mo_ta"),
        "responsible_units": [known.units[code] for code in codes if code],
    }


def _apply_project(values: dict[str, Any], by: Official) -> None:
    create_project(by=by, **values)


def _parse_stage(row: Row, known: _Known) -> dict[str, Any]:
    return {
        "project": _project_code(row, known),
        "kind": _choice(row, "giai_doan", {header_key(k): k for k in StageKind.values}),
        "unit": _unit(row, "don_vi", known.units),
        "planned": (_date(row, "bat_dau_ke_hoach"), _date(row, "ket_thuc_ke_hoach")),
        "started": _date(row, "bat_dau_thuc_te"),
        "ended": _date(row, "ket_thuc_thuc_te"),
    }


def _apply_stage(values: dict[str, Any], by: Official) -> None:
    project = _project(values["project"])
    stage = Stage.objects.select_related("project", "unit").get(
        project=project, kind=values["kind"]
    )
    unit, planned = values["unit"], values["planned"]
    if unit is not None and unit.pk != stage.unit_id:
        transfer_stage(stage, by=by, to_unit=unit, reason=_("Imported from a file."))
    if any(planned) and planned != (stage.planned_start, stage.planned_end):
        schedule_stage(stage, by=by, planned_start=planned[0], planned_end=planned[1])
    if values["started"] is not None and stage.actual_start is None:
        start_stage(stage, by=by, on=values["started"])
    if values["ended"] is not None and stage.actual_end is None:
        complete_stage(stage, by=by, on=values["ended"])


def _parse_plan(row: Row, known: _Known) -> dict[str, Any]:
    return {
        "project": _project_code(row, known),
        "year": _year(row, "nam"),
        "kind": _choice(row, "loai", {"giao": "assign", "dieu_chinh": "adjust"}, default="assign"),
        "on": _date(row, "ngay", required=True),
        "amount": _amount(row, "so_tien"),
        "document": _text(row, "quyet_dinh"),
        "reason": _text(row, "ly_do"),
    }


def _apply_plan(values: dict[str, Any], by: Official) -> None:
    project, year = _project(values["project"]), values["year"]
    if values["kind"] == "assign":
        assign_plan(
            project,
            by=by,
            year=year,
            amount_vnd=values["amount"],
            on=values["on"],
            document=values["document"],
        )
        return
    plan = CapitalPlan.objects.filter(project=project, year=year).first()
    if plan is None:
        raise CellError("nam", _("The project has no capital plan for %(year)s.") % {"year": year})
    adjust_plan(
        plan,
        by=by,
        delta_vnd=values["amount"],
        on=values["on"],
        document=values["document"],
        reason=values["reason"],
    )


def _parse_disbursement(row: Row, known: _Known) -> dict[str, Any]:
    return {
        "project": _project_code(row, known),
        "on": _date(row, "ngay", required=True),
        "year": _year(row, "nam_ke_hoach"),
        "amount_vnd": _amount(row, "so_tien"),
        "document": _text(row, "chung_tu"),
    }


def _apply_disbursement(values: dict[str, Any], by: Official) -> None:
    project = _project(values.pop("project"))
    record_disbursement(project, by=by, **values)


HANDLERS: dict[str, tuple[Parse, Apply]] = {
    "du_an": (_parse_project, _apply_project),
    "giai_doan": (_parse_stage, _apply_stage),
    "ke_hoach_von": (_parse_plan, _apply_plan),
    "giai_ngan": (_parse_disbursement, _apply_disbursement),
}


def template_sheets(examples: Iterable[tuple[str, list[object]]] = ()) -> list[Sheet]:
    """The empty import template: one sheet per table with its columns (and example rows)."""
    examples = list(examples)
    return [
        Sheet(name, list(columns), [values for table, values in examples if table == name])
        for name, columns in TABLES.items()
    ]

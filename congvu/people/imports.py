"""Import of job positions, the product catalogue and placements from an Excel workbook (or CSV
files), by Sở Nội vụ.

The workbook's sheets, read by the one import path (core.imports), in this order:

- `vi_tri_viec_lam`: ma_don_vi, ma_vi_tri, ten_vi_tri, nhom (task group), trinh_do (degree),
  chung_chi (certificates), so_nam_kinh_nghiem, nang_luc (competencies);
- `san_pham`: ma_don_vi, ma_vi_tri, ma_san_pham, ten_san_pham, linh_vuc (field code, may be
  empty), he_so (conversion coefficient, > 0; "1,5" or "1.5");
- `bo_tri`: ma_can_bo, ma_don_vi, ma_vi_tri, tu_ngay, den_ngay (may be empty).

Every row is checked first (problems by sheet, row and column); then one transaction writes them
through the actions, and any problem rolls everything back: all or nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from congvu.core.imports import (
    Cell,
    Problems,
    Source,
    parse_date,
    parse_whole_number,
    read_tables,
    refusal_stops_import,
    write_all_or_nothing,
)
from congvu.org.models import Field, Official, Unit
from congvu.org.text import fold
from congvu.people.access import require_catalogue
from congvu.people.actions import place_official, save_job_position, save_product
from congvu.people.models import JobPosition

POSITIONS, PRODUCTS, PLACEMENTS = "vi_tri_viec_lam", "san_pham", "bo_tri"
COLUMNS: dict[str, tuple[str, ...]] = {
    POSITIONS: (
        "ma_don_vi",
        "ma_vi_tri",
        "ten_vi_tri",
        "nhom",
        "trinh_do",
        "chung_chi",
        "so_nam_kinh_nghiem",
        "nang_luc",
    ),
    PRODUCTS: ("ma_don_vi", "ma_vi_tri", "ma_san_pham", "ten_san_pham", "linh_vuc", "he_so"),
    PLACEMENTS: ("ma_can_bo", "ma_don_vi", "ma_vi_tri", "tu_ngay", "den_ngay"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    POSITIONS: ("ma_don_vi", "ma_vi_tri", "ten_vi_tri", "nhom"),
    PRODUCTS: ("ma_don_vi", "ma_vi_tri", "ma_san_pham", "ten_san_pham", "he_so"),
    PLACEMENTS: ("ma_can_bo", "ma_don_vi", "ma_vi_tri", "tu_ngay"),
}


def header_key(text: object) -> str:
    """ "Mã đơn vị" and "ma_don_vi" name the same column."""
    return "_".join(fold(str(text or "")).replace("-", " ").split())


@dataclass(frozen=True)
class Summary:
    positions: int
    products: int
    placements: int


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def import_catalogue(source: Source, *, by: Official, name: str = "") -> Summary:
    """Import the workbook (or one CSV file named after its sheet) as `by`; raises ImportRefused
    with every problem found, and then nothing is written."""
    require_catalogue(by)
    problems = Problems()
    tables: dict[str, list[tuple[int, dict[str, Cell]]]] = {}
    for table in read_tables(source, name=name):
        key = header_key(table.name) if table.name else header_key(name.rsplit(".", 1)[0])
        tables[key] = table.records(header_key)
    for key in sorted(set(tables) - set(COLUMNS)):
        problems.add(
            1,
            "",
            _("Unknown sheet; expected %(names)s.") % {"names": ", ".join(COLUMNS)},
            sheet=key,
        )
    units = {unit.code: unit for unit in Unit.objects.all()}
    fields = {field.code: field for field in Field.objects.all()}
    declared = {
        (_text(row.get("ma_don_vi")), _text(row.get("ma_vi_tri")))
        for _number, row in tables.get(POSITIONS, [])
    }
    existing = set(JobPosition.objects.values_list("unit__code", "code"))
    codes = {_text(row.get("ma_can_bo")) for _n, row in tables.get(PLACEMENTS, [])}
    officials = {o.code: o for o in Official.objects.filter(code__in=codes)}
    writes: list[tuple[str, int, dict[str, Any]]] = []
    for sheet in COLUMNS:
        rows = tables.get(sheet, [])
        present = set().union(*(row.keys() for _n, row in rows)) if rows else set()
        missing = [column for column in REQUIRED[sheet] if rows and column not in present]
        for column in missing:
            problems.add(1, column, _("The column is missing."), sheet=sheet)
        if missing:
            continue
        for number, row in rows:
            before = len(problems)
            values: dict[str, Any] = {}
            for column in REQUIRED[sheet]:
                if not _text(row.get(column)):
                    problems.add(number, column, _("Required."), sheet=sheet)
            unit = units.get(_text(row.get("ma_don_vi")))
            if _text(row.get("ma_don_vi")) and unit is None:
                problems.add(number, "ma_don_vi", _("Unknown unit code."), sheet=sheet)
            values["unit"] = unit
            values["position"] = _text(row.get("ma_vi_tri"))
            if sheet != POSITIONS and unit is not None and values["position"]:
                pair = (unit.code, values["position"])
                if pair not in declared and pair not in existing:
                    problems.add(number, "ma_vi_tri", _("Unknown job position."), sheet=sheet)
            if sheet == POSITIONS:
                values |= {
                    "name": _text(row.get("ten_vi_tri")),
                    "task_group": _text(row.get("nhom")),
                    "degree": _text(row.get("trinh_do")),
                    "certificates": _text(row.get("chung_chi")),
                    "competencies": _text(row.get("nang_luc")),
                    "years": 0,
                }
                if _text(row.get("so_nam_kinh_nghiem")):
                    try:
                        values["years"] = parse_whole_number(row.get("so_nam_kinh_nghiem"))
                        if values["years"] < 0:
                            raise ValueError
                    except ValueError:
                        problems.add(
                            number, "so_nam_kinh_nghiem", _("Write a whole number."), sheet=sheet
                        )
            elif sheet == PRODUCTS:
                values["code"] = _text(row.get("ma_san_pham"))
                values["name"] = _text(row.get("ten_san_pham"))
                field_code = _text(row.get("linh_vuc"))
                values["field"] = fields.get(field_code) if field_code else None
                if field_code and values["field"] is None:
                    problems.add(number, "linh_vuc", _("Unknown field code."), sheet=sheet)
                try:
                    coefficient = Decimal(_text(row.get("he_so")).replace(",", "."))
                    if not coefficient.is_finite() or coefficient <= 0:
                        raise InvalidOperation
                    values["coefficient"] = coefficient
                except InvalidOperation:
                    problems.add(number, "he_so", _("Write a number greater than 0."), sheet=sheet)
            else:
                values["official"] = officials.get(_text(row.get("ma_can_bo")))
                if _text(row.get("ma_can_bo")) and values["official"] is None:
                    problems.add(number, "ma_can_bo", _("Unknown staff code."), sheet=sheet)
                for column in ("tu_ngay", "den_ngay"):
                    try:
                        values[column] = parse_date(row.get(column))
                    except ValueError:
                        problems.add(number, column, _("Write a date as dd/mm/yyyy."), sheet=sheet)
            if len(problems) == before:
                writes.append((sheet, number, values))

    def write(problems: Problems) -> Summary:
        counts = {POSITIONS: 0, PRODUCTS: 0, PLACEMENTS: 0}
        for sheet, number, values in writes:
            with refusal_stops_import(row=number, sheet=sheet):
                _write_row(sheet, values, by)
            counts[sheet] += 1
        return Summary(counts[POSITIONS], counts[PRODUCTS], counts[PLACEMENTS])

    return write_all_or_nothing(write, problems=problems)


def _write_row(sheet: str, values: dict[str, Any], by: Official) -> None:
    unit = values["unit"]
    if sheet == POSITIONS:
        save_job_position(
            by=by,
            unit=unit,
            code=values["position"],
            name=values["name"],
            task_group=values["task_group"],
            degree=values["degree"],
            certificates=values["certificates"],
            years_experience=values["years"],
            competencies=values["competencies"],
        )
        return
    position = JobPosition.objects.get(unit=unit, code=values["position"])
    if sheet == PRODUCTS:
        save_product(
            by=by,
            job_position=position,
            code=values["code"],
            name=values["name"],
            coefficient=values["coefficient"],
            field=values["field"],
        )
        return
    start: dt.date = values["tu_ngay"]
    place_official(
        by=by,
        official=values["official"],
        job_position=position,
        start=start,
        end=values["den_ngay"],
    )

"""Import of units and officials from an Excel (.xlsx) or CSV template (nhập đơn vị, cán bộ).

The file is read by the one import path (core.imports: size and row limits, streaming, problems
by row and column). An import is all-or-nothing: every row is read and checked first, then one
short transaction calls the org actions row by row; any problem, found while checking or refused
by an action, rolls everything back and the report lists each problem once, by the row number the
user sees in Excel (the header is row 1) and the column header. The templates and the accepted
values are documented in docs/import.md.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from congvu.analytics.text import name_key
from congvu.core.imports import Cell as CoreCell
from congvu.core.imports import (
    ImportRefused,
    Problem,
    Problems,
    Source,
    listed_lines,
    parse_date,
    read_tables,
    refusal_stops_import,
    write_all_or_nothing,
)
from congvu.org.actions import create_official, create_unit, give_post, merge_units
from congvu.org.divisions import find_ward
from congvu.org.models import Field, Official, Position, Post, Unit
from congvu.org.text import fold

Cell = str | dt.date | None

# The template headers, in template order. Only these are accepted; matching ignores case,
# diacritics and the explanation in brackets, so "Loai" and "Loại (cán bộ/...)" both match.
UNIT_COLUMNS = (
    "Mã đơn vị",
    "Tên đơn vị",
    "Tên viết tắt",
    "Loại",
    "Mã đơn vị cấp trên",
    "Hiệu lực từ",
    "Hiệu lực đến",
    "Mã đơn vị kế thừa",
    "Giao nhiệm vụ",
    "Mã đơn vị hành chính",
)
UNIT_REQUIRED = ("Mã đơn vị", "Tên đơn vị", "Loại")

OFFICIAL_COLUMNS = (
    "Mã cán bộ",
    "Họ và tên",
    "Tên đăng nhập",
    "Email",
    "Loại (cán bộ/công chức/viên chức)",
    "Ngạch",
    "Lĩnh vực",
    "Trình độ",
    "Ngày bắt đầu",
    "Mã đơn vị",
    "Chức vụ",
    "Vai trò (chuyên viên/trưởng đơn vị/lãnh đạo)",
    "Kiêm nhiệm (mã đơn vị:chức vụ:vai trò; ...)",
    "Thanh tra (có/không)",
    "Mật khẩu",
)
OFFICIAL_REQUIRED = (
    "Mã cán bộ",
    "Họ và tên",
    "Loại (cán bộ/công chức/viên chức)",
    "Mã đơn vị",
    "Chức vụ",
)
# The columns an example template leaves out, because most provinces do not need them.
OFFICIAL_OPTIONAL_IN_TEMPLATE = ("Thanh tra (có/không)", "Mật khẩu")

# Accepted spellings (folded) of the closed sets; the stored value and its Vietnamese and English
# labels are accepted too (see _choices).
UNIT_KIND_ALIASES: Mapping[str, str] = {
    "ubnd tinh": Unit.Kind.PROVINCE_PC,
    "uy ban nhan dan tinh": Unit.Kind.PROVINCE_PC,
    "van phong": Unit.Kind.OFFICE,
    "van phong ubnd": Unit.Kind.OFFICE,
    "so": Unit.Kind.DEPARTMENT,
    "phong": Unit.Kind.DIVISION,
    "chi cuc": Unit.Kind.DIVISION,
    "ubnd xa": Unit.Kind.COMMUNE_PC,
    "ubnd phuong": Unit.Kind.COMMUNE_PC,
    "ubnd dac khu": Unit.Kind.COMMUNE_PC,
    "ubnd xa/phuong": Unit.Kind.COMMUNE_PC,
    "trung tam": Unit.Kind.CENTRE,
    "don vi su nghiep": Unit.Kind.PUBLIC_SERVICE,
    "don vi su nghiep cong lap": Unit.Kind.PUBLIC_SERVICE,
    "thanh tra": Unit.Kind.INSPECTORATE,
}
CATEGORY_ALIASES: Mapping[str, str] = {
    "can bo": Official.Category.CADRE,
    "cong chuc": Official.Category.CIVIL_SERVANT,
    "vien chuc": Official.Category.PUBLIC_EMPLOYEE,
}
ROLE_ALIASES: Mapping[str, str] = {
    "chuyen vien": Post.Role.MEMBER,
    "thanh vien": Post.Role.MEMBER,
    "truong don vi": Post.Role.HEAD,
    "truong": Post.Role.HEAD,
    "lanh dao": Post.Role.LEADER,
}
YES = frozenset({"co", "x", "1", "true", "yes", "c"})
NO = frozenset({"", "khong", "0", "false", "no", "k"})


@dataclass(frozen=True)
class ImportReport:
    """What an import read and wrote; with any error it wrote nothing."""

    kind: Literal["units", "officials"]
    rows: int = 0
    created: int = 0
    successors: int = 0  # units: successor links made (merged units)
    posts: int = 0  # officials: posts given, concurrent posts included
    # Rows naming a unit or official already in the system (same code, or same name on the key of
    # `analytics.text.name_key`): left as they are, not created twice.
    matched: int = 0
    errors: tuple[Problem, ...] = ()  # the first ones (settings IMPORT_MAX_PROBLEMS)
    more: int = 0  # errors found but not listed
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @classmethod
    def refused(
        cls, kind: Literal["units", "officials"], rows: int, errors: Iterable[Problem]
    ) -> ImportReport:
        """The report of an import that wrote nothing: its errors by row, the first ones listed."""
        problems = Problems()
        problems.extend(sorted(errors, key=_order))
        return cls(
            kind,
            rows=rows,
            errors=tuple(problems.listed),
            more=len(problems) - len(problems.listed),
        )

    def summary(self) -> str:
        """One translated sentence saying what happened."""
        if self.errors:
            count = len(self.errors) + self.more
            return ngettext(
                "Nothing was imported: %(count)d error.",
                "Nothing was imported: %(count)d errors.",
                count,
            ) % {"count": count}
        if self.kind == "units":
            text = ngettext(
                "%(count)d unit imported, %(successors)d successor links.",
                "%(count)d units imported, %(successors)d successor links.",
                self.created,
            ) % {"count": self.created, "successors": self.successors}
        else:
            text = ngettext(
                "%(count)d official imported, %(posts)d posts.",
                "%(count)d officials imported, %(posts)d posts.",
                self.created,
            ) % {"count": self.created, "posts": self.posts}
        if self.matched:
            text += " " + ngettext(
                "%(count)d row named one already in the system and was left as it is.",
                "%(count)d rows named ones already in the system and were left as they are.",
                self.matched,
            ) % {"count": self.matched}
        if self.dry_run:
            text = _("Checked only, nothing written: %(summary)s") % {"summary": text}
        return text

    def lines(self) -> list[str]:
        """The errors, one per line, how many more there are, then the summary."""
        return [*listed_lines(self.errors, len(self.errors) + self.more), self.summary()]


# ---------------------------------------------------------------------------------------------
# Reading a file into (row number, {column: value}) records


@dataclass
class _Table:
    columns: dict[str, str]  # template header -> header as written in the file
    rows: list[tuple[int, dict[str, Cell]]]
    errors: list[Problem] = field(default_factory=list)
    # Unreadable, or without the code column that rows are known by: the rows are not checked.
    # Any other header problem is reported and the rows are still checked, column by column.
    fatal: bool = False


def _cell(value: CoreCell) -> Cell:
    """A cell as text or a date; numbers such as codes 101 or 101.0 become "101"."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _read_grid(source: Source) -> tuple[list[tuple[int, list[Cell]]], list[Problem]]:
    """The header (row 1) and the non-empty rows of the first sheet (xlsx) or of the CSV file,
    with their row numbers, read by the one import path (core.imports)."""
    try:
        table = read_tables(source, first_sheet_only=True)[0]
    except ImportRefused as refused:
        return [], list(refused.problems)
    grid = [(1, [_cell(header or None) for header in table.header])]
    grid += [(number, [_cell(value) for value in values]) for number, values in table.rows]
    return grid, []


def _header_key(header: str) -> str:
    """Headers match ignoring case, diacritics and an explanation in brackets."""
    return fold(header.split("(", 1)[0])


def _read_table(source: Source, columns: Sequence[str], required: Sequence[str]) -> _Table:
    grid, errors = _read_grid(source)
    table = _Table(columns={}, rows=[], errors=errors, fatal=bool(errors))
    if errors:
        return table
    if not grid or not any(grid[0][1]):
        table.errors.append(Problem(1, "", _("The first row must hold the column headers.")))
        table.fatal = True
        return table
    by_key = {_header_key(column): column for column in columns}
    positions: dict[str, int] = {}
    unknown: list[tuple[int, str]] = []
    for index, header in enumerate(grid[0][1]):
        if header is None:
            continue
        column = by_key.get(_header_key(str(header)))
        if column is None:
            unknown.append((index, str(header)))
        elif column in positions:
            table.errors.append(Problem(1, str(header), _("This column appears twice.")))
        else:
            positions[column] = index
            table.columns[column] = str(header)
    missing = [column for column in required if column not in positions]
    absent = [_header_key(column) for column in columns if column not in positions]
    # A misspelt header is one problem, not an unknown column plus a missing one.
    for _index, header in unknown:
        guess = difflib.get_close_matches(_header_key(header), absent, n=1, cutoff=0.6)
        if guess:
            expected = by_key[guess[0]]
            absent.remove(guess[0])
            if expected in missing:
                missing.remove(expected)
            message = _('Unknown column; did you mean "%(expected)s"?') % {"expected": expected}
        else:
            message = _("Unknown column; the template's columns are: %(columns)s.") % {
                "columns": ", ".join(columns)
            }
        table.errors.append(Problem(1, header, message))
    for column in missing:
        table.errors.append(Problem(1, column, _("This required column is missing.")))
    table.fatal = columns[0] not in positions
    headerless = {i for _n, values in grid[1:] for i, v in enumerate(values) if v is not None}
    headerless -= set(positions.values()) | {index for index, _h in unknown}
    for index in sorted(headerless):
        table.errors.append(
            Problem(
                1,
                _column_letter(index),
                _("This column has values but no header."),
            )
        )
    for number, values in grid[1:]:
        if not any(value is not None for value in values):
            continue  # blank rows in the middle of a sheet are common and mean nothing
        record = {
            column: (values[index] if index < len(values) else None)
            for column, index in positions.items()
        }
        table.rows.append((number, record))
    return table


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# ---------------------------------------------------------------------------------------------
# Checking cells


class _Row:
    """One record being checked: reads typed values and collects this row's errors."""

    def __init__(self, number: int, record: dict[str, Cell], table: _Table) -> None:
        self.number = number
        self.record = record
        self.table = table
        self.errors: list[Problem] = []

    def error(self, column: str, message: str) -> None:
        self.errors.append(Problem(self.number, self.table.columns.get(column, column), message))

    def has(self, column: str) -> bool:
        return column in self.table.columns

    def text(self, column: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = self.record.get(column)
        if isinstance(value, dt.date):
            value = value.strftime("%d/%m/%Y")
        text = value or ""
        if required and not text and self.has(column):
            self.error(column, _("This cell must not be empty."))
        elif max_length is not None and len(text) > max_length:
            self.error(
                column,
                _("Too long: at most %(limit)d characters.") % {"limit": max_length},
            )
        return text

    def date(self, column: str) -> dt.date | None:
        value = self.record.get(column)
        try:
            return parse_date(value)
        except ValueError:
            pass
        self.error(
            column, _('"%(value)s" is not a date; write it as dd/mm/yyyy.') % {"value": value}
        )
        return None

    def choice(self, column: str, choices: _Choices, default: str | None = None) -> str:
        text = self.text(column)
        if not text:
            if default is None:
                self.text(column, required=True)
                return ""
            return default
        found = choices.values.get(fold(text))
        if found is None:
            self.error(column, choices.refusal(text))
            return ""
        return found

    def flag(self, column: str) -> bool:
        text = self.text(column)
        if fold(text) in YES:
            return True
        if fold(text) not in NO:
            self.error(column, _('"%(value)s" is not "có" or "không".') % {"value": text})
        return False


@dataclass(frozen=True)
class _Choices:
    """A closed set read from a cell: folded spelling -> stored value, and the labels to show."""

    values: Mapping[str, str]
    labels: tuple[str, ...]

    def refusal(self, text: str) -> str:
        return _('"%(value)s" is not one of: %(accepted)s.') % {
            "value": text,
            "accepted": ", ".join(self.labels),
        }


def _choices(model_choices: Sequence[tuple[str, object]], aliases: Mapping[str, str]) -> _Choices:
    """Accept the stored value, its Vietnamese and English labels and the aliases; built per import,
    so that labels are read whatever the active language."""
    found: dict[str, str] = {fold(value): value for value, _label in model_choices}
    for language in ("en", "vi"):
        with translation.override(language):
            found.update({fold(str(label)): value for value, label in model_choices})
    found.update(aliases)
    return _Choices(found, tuple(str(label) for _value, label in model_choices))


# ---------------------------------------------------------------------------------------------
# Units


@dataclass
class _UnitRow:
    number: int
    code: str
    name: str
    short_name: str
    kind: str
    parent_code: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    successor_code: str
    assigns_tasks: bool
    admin_code: str = ""


def import_units(source: Source, *, dry_run: bool = False) -> ImportReport:
    """Create the units of an import file (all or nothing); see docs/import.md for the template.

    Parents may come after their children in the file: units are created parents first. Then a unit
    with an end date ("Hiệu lực đến") is merged into its successor ("Mã đơn vị kế thừa"), which may
    be in the file or already in the database (vietnam-rules §12: the 2025 mergers).
    """
    table = _read_table(source, UNIT_COLUMNS, UNIT_REQUIRED)
    if table.fatal:
        return ImportReport("units", rows=len(table.rows), errors=tuple(table.errors))
    kinds = _choices(Unit.Kind.choices, UNIT_KIND_ALIASES)
    rows: list[_UnitRow] = []
    errors = list(table.errors)
    for number, record in table.rows:
        row = _Row(number, record, table)
        unit = _UnitRow(
            number=number,
            code=row.text("Mã đơn vị", required=True, max_length=32),
            name=row.text("Tên đơn vị", required=True, max_length=255),
            short_name=row.text("Tên viết tắt", max_length=64),
            kind=row.choice("Loại", kinds),
            parent_code=row.text("Mã đơn vị cấp trên"),
            valid_from=row.date("Hiệu lực từ"),
            valid_to=row.date("Hiệu lực đến"),
            successor_code=row.text("Mã đơn vị kế thừa"),
            assigns_tasks=row.flag("Giao nhiệm vụ"),
            admin_code=_ward_code(row),
        )
        errors += row.errors
        rows.append(unit)
    _parents_by_name(rows)
    matched = _matched_units(rows)
    rows = [row for row in rows if row.code not in matched]
    for kept in rows:
        kept.parent_code = matched.get(kept.parent_code, kept.parent_code)
        kept.successor_code = matched.get(kept.successor_code, kept.successor_code)
    errors += _check_units(rows, table)
    if errors:
        return ImportReport("units", rows=len(rows), errors=tuple(sorted(errors, key=_order)))
    total = len(rows) + len(matched)
    return _write(
        "units",
        total,
        dry_run,
        lambda: replace(
            _create_units(_parents_first(rows), table.columns), rows=total, matched=len(matched)
        ),
    )


def _ward_code(row: _Row) -> str:
    """The official code of the ward, commune or special zone the row names by code or name
    (`org.divisions`, the map after 1 July 2025); "" when the cell is empty."""
    column = "Mã đơn vị hành chính"
    text = row.text(column)
    if not text:
        return ""
    found = find_ward(text)
    if len(found) == 1:
        return found[0].code
    if not found:
        row.error(
            column,
            _("No ward, commune or special zone has the code or name “%(value)s”.")
            % {"value": text},
        )
    else:
        row.error(
            column,
            _("Several wards or communes are named “%(value)s”; write the code: %(codes)s.")
            % {"value": text, "codes": ", ".join(f"{w.code} ({w.name})" for w in found)},
        )
    return ""


def _in_force_by_key() -> dict[str, list[Unit]]:
    """The units in force by the key of their name (`name_key`)."""
    found: dict[str, list[Unit]] = {}
    for unit in Unit.objects.filter(valid_to__isnull=True):
        found.setdefault(name_key(unit.name), []).append(unit)
    return found


def _parents_by_name(rows: list[_UnitRow]) -> None:
    """A parent may be named instead of coded: a name (any Unicode form, case or spacing) that
    is one row of the file, or else one unit in force, becomes its code."""
    codes = {row.code for row in rows}
    wanted = {r.parent_code for r in rows if r.parent_code and r.parent_code not in codes}
    if not wanted:
        return
    known = set(Unit.objects.filter(code__in=wanted).values_list("code", flat=True))
    in_file: dict[str, list[str]] = {}
    for row in rows:
        in_file.setdefault(name_key(row.name), []).append(row.code)
    in_force = _in_force_by_key() if wanted - known else {}
    for row in rows:
        if not row.parent_code or row.parent_code in codes or row.parent_code in known:
            continue
        key = name_key(row.parent_code)
        candidates = in_file.get(key) or [unit.code for unit in in_force.get(key, [])]
        if len(candidates) == 1:
            row.parent_code = candidates[0]


def _matched_units(rows: list[_UnitRow]) -> dict[str, str]:
    """The rows that name a unit already in the system, by row code -> the unit's code: the same
    code and the same name (on its key), or, under the same parent, the same name or the same
    ward code. An import of the units a province already has creates no second copy of them."""
    by_code = {u.code: u for u in Unit.objects.filter(code__in={r.code for r in rows})}
    in_force = _in_force_by_key()
    by_ward = {
        u.admin_code: u for u in Unit.objects.filter(valid_to__isnull=True).exclude(admin_code="")
    }
    row_codes = {row.code for row in rows}
    parents = {u.code: u for u in Unit.objects.filter(code__in={r.parent_code for r in rows})}
    matched: dict[str, str] = {}
    # Parents first, so that a child of a matched row is looked for under the matched unit.
    for row in _parents_first(rows):
        existing = by_code.get(row.code)
        if existing is not None:
            if name_key(existing.name) == name_key(row.name):
                matched[row.code] = existing.code
            continue  # another unit holds the code: refused by _check_units
        parent_code = matched.get(row.parent_code, row.parent_code)
        if parent_code in row_codes and parent_code not in matched.values():
            continue  # a new parent: its children are new too
        parent = parents.get(parent_code) or by_code.get(parent_code)
        if parent is None and parent_code:
            parent = Unit.objects.filter(code=parent_code).first()
        parent_id = parent.pk if parent is not None else None
        same = [u for u in in_force.get(name_key(row.name), []) if u.parent_id == parent_id]
        ward = by_ward.get(row.admin_code) if row.admin_code else None
        if ward is not None and ward.parent_id == parent_id:
            same = [ward]
        if len(same) == 1:
            matched[row.code] = same[0].code
    return matched


def _order(error: Problem) -> tuple[int, str]:
    return (error.row or 0, error.column)


def _check_units(rows: list[_UnitRow], table: _Table) -> list[Problem]:
    """Codes, parents, successors and dates across rows and against the database."""
    errors: list[Problem] = []

    def error(row: _UnitRow, column: str, message: str) -> None:
        errors.append(Problem(row.number, table.columns.get(column, column), message))

    first_row: dict[str, int] = {}
    by_code: dict[str, _UnitRow] = {}
    for row in rows:
        if not row.code:
            continue
        if row.code in first_row:
            error(
                row,
                "Mã đơn vị",
                _("The code %(code)s already appears on row %(row)d.")
                % {"code": row.code, "row": first_row[row.code]},
            )
        else:
            first_row[row.code] = row.number
            by_code[row.code] = row
    referenced = {r.parent_code for r in rows} | {r.successor_code for r in rows}
    known = {
        unit.code: unit
        for unit in Unit.objects.filter(code__in=set(by_code) | referenced - {""}).only(
            "code", "valid_from", "valid_to", "successor_id"
        )
    }
    for row in rows:
        if row.code in known and by_code.get(row.code) is row:
            error(
                row,
                "Mã đơn vị",
                _("A unit with code %(code)s already exists.") % {"code": row.code},
            )
        if row.parent_code and row.parent_code not in by_code:
            parent = known.get(row.parent_code)
            if parent is None:
                error(
                    row,
                    "Mã đơn vị cấp trên",
                    _("There is no unit with code %(code)s, in this file or in the system.")
                    % {"code": row.parent_code},
                )
            elif parent.valid_to is not None:
                error(
                    row,
                    "Mã đơn vị cấp trên",
                    _("The unit %(code)s no longer exists (ended on %(date)s).")
                    % {"code": row.parent_code, "date": parent.valid_to.strftime("%d/%m/%Y")},
                )
        _check_validity(row, by_code, known, error)
    errors.extend(_check_cycles(rows, by_code, table))
    return errors


def _check_validity(
    row: _UnitRow,
    by_code: dict[str, _UnitRow],
    known: dict[str, Unit],
    error: Callable[[_UnitRow, str, str], None],
) -> None:
    """Dates in order; an ended unit names a successor in force on the day after it ended.

    Successor chains need no cycle check: each successor is in force after its predecessor ends,
    so end dates rise along a chain and a chain that came back would fail this check on its way.
    """
    valid_from = row.valid_from or dt.date(2025, 7, 1)
    if row.valid_to is not None and row.valid_to < valid_from:
        error(row, "Hiệu lực đến", _("The end date is before the start date."))
        return
    if row.successor_code and row.valid_to is None:
        error(row, "Hiệu lực đến", _("A unit with a successor must have an end date."))
    elif row.valid_to is not None and not row.successor_code:
        # org.actions has no action that ends a unit without a successor; merge_units is the one
        # way to end a unit, so an abolished unit names the unit that took over its work.
        error(row, "Mã đơn vị kế thừa", _("A unit with an end date must name its successor."))
    if not row.successor_code or row.valid_to is None:
        return
    if row.successor_code == row.code:
        error(row, "Mã đơn vị kế thừa", _("A unit cannot be its own successor."))
        return
    day_after = row.valid_to + dt.timedelta(days=1)
    in_file = by_code.get(row.successor_code)
    if in_file is not None:
        start, end = in_file.valid_from or dt.date(2025, 7, 1), in_file.valid_to
    elif row.successor_code in known:
        start, end = known[row.successor_code].valid_from, known[row.successor_code].valid_to
    else:
        error(
            row,
            "Mã đơn vị kế thừa",
            _("There is no unit with code %(code)s, in this file or in the system.")
            % {"code": row.successor_code},
        )
        return
    if not (start <= day_after and (end is None or day_after <= end)):
        error(
            row,
            "Mã đơn vị kế thừa",
            _("The successor %(code)s is not in effect on %(date)s, the day after this unit ends.")
            % {"code": row.successor_code, "date": day_after.strftime("%d/%m/%Y")},
        )


def _check_cycles(
    rows: list[_UnitRow], by_code: dict[str, _UnitRow], table: _Table
) -> list[Problem]:
    """One error per cycle of parent links inside the file, on the cycle's first row; the units
    below a cycle are not reported again."""
    column = "Mã đơn vị cấp trên"
    errors: list[Problem] = []
    done: set[str] = set()
    for start in rows:
        trail: list[str] = []
        code = start.code
        while code in by_code and code not in done and code not in trail:
            trail.append(code)
            code = by_code[code].parent_code
        if code in trail:
            cycle = trail[trail.index(code) :]
            first = min((by_code[c] for c in cycle), key=lambda r: r.number)
            chain = " → ".join([*cycle, cycle[0]])
            message = _("The parent units form a cycle: %(chain)s.") % {"chain": chain}
            errors.append(Problem(first.number, table.columns.get(column, column), message))
        done.update(trail)
    return errors


def _parents_first(rows: list[_UnitRow]) -> list[_UnitRow]:
    """The rows in an order where each parent in the file comes before its children (Kahn's
    algorithm; ties keep file order). Cycles were refused before."""
    by_code = {row.code: row for row in rows}
    children: dict[str, list[_UnitRow]] = {}
    ready: deque[_UnitRow] = deque()
    for row in rows:
        if row.parent_code in by_code:
            children.setdefault(row.parent_code, []).append(row)
        else:
            ready.append(row)
    ordered: list[_UnitRow] = []
    while ready:
        row = ready.popleft()
        ordered.append(row)
        ready.extend(children.get(row.code, []))
    return ordered


def _create_units(rows: list[_UnitRow], columns: dict[str, str]) -> ImportReport:
    created: dict[str, Unit] = {}
    # Parents and successors outside the file were checked to exist; fetch them in one query.
    outside = {r.parent_code for r in rows} | {r.successor_code for r in rows}
    existing = {u.code: u for u in Unit.objects.filter(code__in=outside - {""})}
    for row in rows:
        parent = created.get(row.parent_code) or existing.get(row.parent_code)
        with refusal_stops_import(row=row.number, column=columns.get("Mã đơn vị", "Mã đơn vị")):
            created[row.code] = create_unit(
                code=row.code,
                name=row.name,
                kind=row.kind,
                parent=parent,
                short_name=row.short_name,
                assigns_tasks=row.assigns_tasks,
                valid_from=row.valid_from or dt.date(2025, 7, 1),
                admin_code=row.admin_code,
            )
    # Merge only once every unit exists: a merged unit may be the parent of another row, and
    # create_unit refuses a parent that has already ended.
    successors = 0
    for row in sorted(rows, key=lambda r: r.number):
        if row.valid_to is None:
            continue
        into = created.get(row.successor_code) or existing[row.successor_code]
        with refusal_stops_import(
            row=row.number, column=columns.get("Mã đơn vị kế thừa", "Mã đơn vị kế thừa")
        ):
            merge_units([created[row.code]], into=into, on=row.valid_to + dt.timedelta(days=1))
        successors += 1
    return ImportReport("units", rows=len(rows), created=len(created), successors=successors)


# ---------------------------------------------------------------------------------------------
# Officials


@dataclass(frozen=True)
class _PostRow:
    unit_code: str
    position: str
    role: str


@dataclass
class _OfficialRow:
    number: int
    code: str
    full_name: str
    username: str
    email: str
    category: str
    rank: str
    fields: list[Field]
    qualifications: str
    start_date: dt.date | None
    is_inspector: bool
    password: str | None
    posts: list[_PostRow]


def import_officials(source: Source, *, dry_run: bool = False) -> ImportReport:
    """Create the officials of an import file with their posts (all or nothing).

    Units must exist already (import them first); fields of expertise (lĩnh vực) are looked up by
    code or name; a position (chức vụ) not yet known is created. Without a "Mật khẩu" column, or
    with an empty cell, the login is unusable until an administrator sets a password.
    """
    table = _read_table(source, OFFICIAL_COLUMNS, OFFICIAL_REQUIRED)
    if table.fatal:
        return ImportReport("officials", rows=len(table.rows), errors=tuple(table.errors))
    categories = _choices(Official.Category.choices, CATEGORY_ALIASES)
    roles = _choices(Post.Role.choices, ROLE_ALIASES)
    fields = {fold(f.code): f for f in Field.objects.all()} | {
        fold(f.name): f for f in Field.objects.all()
    }
    rows: list[_OfficialRow] = []
    errors = list(table.errors)
    for number, record in table.rows:
        row = _Row(number, record, table)
        code = row.text("Mã cán bộ", required=True, max_length=32)
        main_post = _PostRow(
            unit_code=row.text("Mã đơn vị", required=True),
            position=row.text("Chức vụ", required=True, max_length=120),
            role=row.choice(
                "Vai trò (chuyên viên/trưởng đơn vị/lãnh đạo)", roles, Post.Role.MEMBER
            ),
        )
        official = _OfficialRow(
            number=number,
            code=code,
            full_name=row.text("Họ và tên", required=True, max_length=120),
            username=row.text("Tên đăng nhập", max_length=150) or code,
            email=_email(row),
            category=row.choice("Loại (cán bộ/công chức/viên chức)", categories),
            rank=row.text("Ngạch", max_length=120),
            fields=_fields(row, fields),
            qualifications=row.text("Trình độ", max_length=255),
            start_date=row.date("Ngày bắt đầu"),
            is_inspector=row.flag("Thanh tra (có/không)"),
            password=_password(row),
            posts=[main_post, *_concurrent_posts(row, roles)],
        )
        errors += row.errors
        rows.append(official)
    _post_units_by_name(rows)
    matched = _matched_officials(rows)
    total = len(rows)
    rows = [row for row in rows if row.number not in matched]
    errors += _check_officials(rows, table)
    if errors:
        return ImportReport("officials", rows=total, errors=tuple(sorted(errors, key=_order)))
    return _write(
        "officials",
        total,
        dry_run,
        lambda: replace(_create_officials(rows, table.columns), rows=total, matched=len(matched)),
    )


def _post_units_by_name(rows: list[_OfficialRow]) -> None:
    """A post's unit may be named instead of coded: a name (any Unicode form, case or spacing)
    that is one unit in force becomes its code."""
    wanted = {post.unit_code for row in rows for post in row.posts if post.unit_code}
    known = set(Unit.objects.filter(code__in=wanted).values_list("code", flat=True))
    if not wanted - known:
        return
    in_force = _in_force_by_key()
    for row in rows:
        for index, post in enumerate(row.posts):
            if not post.unit_code or post.unit_code in known:
                continue
            candidates = in_force.get(name_key(post.unit_code), [])
            if len(candidates) == 1:
                row.posts[index] = replace(post, unit_code=candidates[0].code)


def _matched_officials(rows: list[_OfficialRow]) -> set[int]:
    """The rows (by number) naming an official already in the system: the same code and the same
    name (on its key), or a new code with the same name as one official who holds a post in
    force in the row's unit. An import of the staff a province already has creates no second
    copy of them."""
    by_code = {o.code: o for o in Official.objects.filter(code__in={r.code for r in rows})}
    units = {post.unit_code for row in rows for post in row.posts[:1]}
    posted: dict[tuple[str, str], list[int]] = {}
    for unit_code, official_id, full_name in Post.objects.filter(
        unit__code__in=units, end__isnull=True
    ).values_list("unit__code", "official_id", "official__full_name"):
        posted.setdefault((unit_code, name_key(full_name)), []).append(official_id)
    matched: set[int] = set()
    for row in rows:
        existing = by_code.get(row.code)
        if existing is not None:
            if name_key(existing.full_name) == name_key(row.full_name):
                matched.add(row.number)
            continue  # another official holds the code: refused by _check_officials
        if not row.posts:
            continue
        same = set(posted.get((row.posts[0].unit_code, name_key(row.full_name)), []))
        if len(same) == 1:
            matched.add(row.number)
    return matched


def _email(row: _Row) -> str:
    email = row.text("Email", max_length=254)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            row.error("Email", _('"%(value)s" is not an email address.') % {"value": email})
    return email


def _password(row: _Row) -> str | None:
    password = row.text("Mật khẩu")
    if not password:
        return None
    try:
        validate_password(password)
    except ValidationError as error:
        row.error("Mật khẩu", " ".join(error.messages))
    return password


def _fields(row: _Row, known: Mapping[str, Field]) -> list[Field]:
    found = []
    for item in _split(row.text("Lĩnh vực"), ";,"):
        field_ = known.get(fold(item))
        if field_ is None:
            row.error("Lĩnh vực", _("There is no field %(value)s.") % {"value": item})
        else:
            found.append(field_)
    return found


def _split(text: str, separators: str) -> list[str]:
    for separator in separators[1:]:
        text = text.replace(separator, separators[0])
    return [item.strip() for item in text.split(separators[0]) if item.strip()]


def _concurrent_posts(row: _Row, roles: _Choices) -> list[_PostRow]:
    """Concurrent posts (kiêm nhiệm) written as "unit code:position:role; ..." (role optional)."""
    column = "Kiêm nhiệm (mã đơn vị:chức vụ:vai trò; ...)"
    posts = []
    for item in _split(row.text(column), ";"):
        parts = [part.strip() for part in item.split(":")]
        if len(parts) not in (2, 3) or not parts[0] or not parts[1]:
            row.error(
                column,
                _('"%(value)s" should read unit code:position:role.') % {"value": item},
            )
            continue
        role: str = Post.Role.MEMBER
        if len(parts) == 3 and parts[2]:
            role = roles.values.get(fold(parts[2]), "")
            if not role:
                row.error(column, roles.refusal(parts[2]))
                continue
        posts.append(_PostRow(unit_code=parts[0], position=parts[1], role=role))
    return posts


def _check_officials(rows: list[_OfficialRow], table: _Table) -> list[Problem]:
    """Codes and logins unique in the file and the database; the units of every post in force."""
    errors: list[Problem] = []

    def error(row: _OfficialRow, column: str, message: str) -> None:
        errors.append(Problem(row.number, table.columns.get(column, column), message))

    codes = {r.code for r in rows}
    usernames = {r.username for r in rows}
    taken_codes = set(Official.objects.filter(code__in=codes).values_list("code", flat=True))
    taken_logins = set(
        get_user_model().objects.filter(username__in=usernames).values_list("username", flat=True)
    )
    unit_codes = {post.unit_code for r in rows for post in r.posts}
    units = {u.code: u for u in Unit.objects.filter(code__in=unit_codes)}
    first_code: dict[str, int] = {}
    first_login: dict[str, int] = {}
    for row in rows:
        if row.code in first_code:
            error(
                row,
                "Mã cán bộ",
                _("The code %(code)s already appears on row %(row)d.")
                % {"code": row.code, "row": first_code[row.code]},
            )
        elif row.code in taken_codes:
            error(
                row,
                "Mã cán bộ",
                _("An official with code %(code)s already exists.") % {"code": row.code},
            )
        first_code.setdefault(row.code, row.number)
        login_column = "Tên đăng nhập" if "Tên đăng nhập" in table.columns else "Mã cán bộ"
        if row.username in first_login:
            error(
                row,
                login_column,
                _("The login %(username)s already appears on row %(row)d.")
                % {"username": row.username, "row": first_login[row.username]},
            )
        elif row.username in taken_logins:
            error(
                row,
                login_column,
                _("The login %(username)s is taken.") % {"username": row.username},
            )
        first_login.setdefault(row.username, row.number)
        for index, post in enumerate(row.posts):
            column = "Mã đơn vị" if index == 0 else "Kiêm nhiệm (mã đơn vị:chức vụ:vai trò; ...)"
            unit = units.get(post.unit_code)
            if not post.unit_code:
                continue  # reported as an empty required cell
            if unit is None:
                error(
                    row,
                    column,
                    _("There is no unit with code %(code)s.") % {"code": post.unit_code},
                )
            elif unit.valid_to is not None:
                error(
                    row,
                    column,
                    _("The unit %(code)s no longer exists (ended on %(date)s).")
                    % {"code": post.unit_code, "date": unit.valid_to.strftime("%d/%m/%Y")},
                )
    return errors


def _create_officials(rows: list[_OfficialRow], columns: dict[str, str]) -> ImportReport:
    unit_codes = {post.unit_code for r in rows for post in r.posts}
    units = {u.code: u for u in Unit.objects.filter(code__in=unit_codes)}
    positions = {p.name: p for p in Position.objects.all()}
    posts = 0
    for row in rows:
        with refusal_stops_import(row=row.number, column=columns.get("Mã cán bộ", "Mã cán bộ")):
            official = create_official(
                code=row.code,
                full_name=row.full_name,
                username=row.username,
                password=row.password,
                category=row.category,
                rank=row.rank,
                fields=row.fields,
                qualifications=row.qualifications,
                start_date=row.start_date,
                is_inspector=row.is_inspector,
                email=row.email,
            )
        for index, post in enumerate(row.posts):
            unit = units[post.unit_code]
            position = positions.get(post.position)
            if position is None:
                # Positions are a plain list of titles with no invariant to keep, and org.actions
                # has no action for them: a title first seen in an import is added to the list.
                position = Position.objects.create(
                    name=post.position, is_manager=post.role != Post.Role.MEMBER
                )
                positions[position.name] = position
            # A post cannot start before its unit exists nor before the official started.
            start = max(unit.valid_from, row.start_date or unit.valid_from)
            column = "Mã đơn vị" if index == 0 else "Kiêm nhiệm (mã đơn vị:chức vụ:vai trò; ...)"
            with refusal_stops_import(row=row.number, column=columns.get(column, column)):
                give_post(
                    official,
                    unit=unit,
                    position=position,
                    role=post.role,
                    is_primary=index == 0,
                    start=start,
                )
            posts += 1
    return ImportReport("officials", rows=len(rows), created=len(rows), posts=posts)


# ---------------------------------------------------------------------------------------------
# The transaction


def _write(
    kind: Literal["units", "officials"],
    rows: int,
    dry_run: bool,
    write: Callable[[], ImportReport],
) -> ImportReport:
    """Run `write` in one transaction (core.imports); roll it back on a refused row or for a dry
    run."""
    try:
        report = write_all_or_nothing(lambda _problems: write(), dry_run=dry_run)
    except ImportRefused as refused:
        return ImportReport.refused(kind, rows, refused.problems)
    return replace(report, dry_run=True) if dry_run else report

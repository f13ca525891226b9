"""The one export helper: every .xlsx and .csv file congvu writes goes through here.

Cells are written so that nothing in them runs when a leader opens the file: a text that starts
with `=`, `+`, `-`, `@`, a tab or a carriage return (what spreadsheets read as the start of a
formula, e.g. a task titled `=HYPERLINK("http://…", "Xem")`) is written as text. In an .xlsx file
the cell gets the string type (the text is kept exactly); in a CSV file, which has no types, the
text is prefixed with an apostrophe, as OWASP advises. Numbers and dates are never touched: a
negative amount stays a number.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.http import HttpResponse

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Sheet:
    """One sheet of an export: its title (Excel keeps 31 characters), a bold header row, the
    rows (any iterable, consumed once, so a queryset iterator streams), column widths in
    characters, and how floats are shown ("0.0%" for rates)."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[float] = ()
    float_format: str = "General"
    freeze_header: bool = False
    number_formats: dict[int, str] = field(default_factory=dict)  # column index -> format


def is_formula_like(value: object) -> bool:
    """True for text a spreadsheet would read as a formula (or as the start of one)."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_safe(value: object) -> object:
    """A CSV cell that cannot run: formula-like text gets a leading apostrophe."""
    return "'" + value if isinstance(value, str) and is_formula_like(value) else value


def write_xlsx(target: str | Path | IO[bytes], sheets: Sequence[Sheet]) -> None:
    """Write the sheets as an .xlsx workbook (openpyxl's write-only mode: rows are streamed)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for spec in sheets:
        sheet = book.create_sheet(spec.title[:31])
        for index, width in enumerate(spec.widths):
            sheet.column_dimensions[get_column_letter(index + 1)].width = width
        if spec.freeze_header:
            sheet.freeze_panes = "A2"

        def cell(value: Any, index: int, spec: Sheet = spec, sheet: Any = sheet) -> Any:
            written = WriteOnlyCell(sheet, value=value)
            if is_formula_like(value):
                # openpyxl would store "=..." as a formula; the string type keeps it text.
                written.data_type = "s"
            if index in spec.number_formats:
                written.number_format = spec.number_formats[index]
            elif isinstance(value, dt.datetime):
                written.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(value, dt.date):
                written.number_format = "dd/mm/yyyy"
            elif isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000:
                written.number_format = "#,##0"
            elif isinstance(value, float):
                written.number_format = spec.float_format
            return written

        header = []
        for text in spec.headers:
            title = cell(text, -1)
            title.font = bold
            header.append(title)
        sheet.append(header)
        for values in spec.rows:
            sheet.append([cell(value, index) for index, value in enumerate(values)])
    if isinstance(target, str | Path):
        book.save(str(target))
    else:
        book.save(target)


def write_csv(target: IO[str], headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write a CSV table (the caller opens `target` with encoding utf-8-sig, so that Excel reads
    the diacritics, and newline="")."""
    writer = csv.writer(target, lineterminator="\n")
    writer.writerow([csv_safe(text) for text in headers])
    for values in rows:
        writer.writerow([csv_safe(value) for value in values])


def xlsx_response(filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    """An .xlsx download named `filename` (without the extension)."""
    buffer = io.BytesIO()
    write_xlsx(buffer, sheets)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response

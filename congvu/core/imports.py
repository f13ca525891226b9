"""The one import path (nhập dữ liệu từ tệp) under every upload page and import command.

Every import of congvu (units and officials, the procedure catalogue and dossiers, investment
projects, and the people files to come) goes through these steps:

1. `read_tables` checks the size before reading anything (settings `IMPORT_MAX_BYTES`), then streams
   the file: an .xlsx sheet by sheet with openpyxl's read-only reader (the sheet's declared
   dimension is ignored, so a workbook that declares A1:XFD1048576 costs what its real cells cost),
   a CSV line by line through an incremental UTF-8 decoder. Reading stops at `IMPORT_MAX_ROWS` data
   rows. Every cell passes `clean_cell`, the door where text is normalised (NFC, trimmed, spaces
   collapsed: `congvu.analytics.text`).
2. The importer checks every row and collects its `Problems` (sheet, row as Excel numbers it,
   column, a Vietnamese sentence); only the first `IMPORT_MAX_PROBLEMS` are kept to be listed, the
   rest are counted.
3. `write_all_or_nothing` runs the writes in one short transaction once everything was read and
   checked, so the database's write lock is never held while a file is parsed; a refused action
   becomes the problem of its row (`row_refusals`) and any problem rolls everything back.

An unreadable file (empty, not a zip, old .xls, binary, NUL bytes, not UTF-8, too large, too many
rows) raises `ImportRefused` with one listed problem: a page answers 4xx with it, a command exits
non-zero with it, and nothing is written.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from congvu.analytics.text import clean_text
from congvu.core.errors import ActionError
from congvu.interchange.moments import excel_moment, parse_local_moment, parse_moment

T = TypeVar("T")
Cell = str | int | float | dt.date | dt.time | dt.timedelta | None
# A path, raw bytes, or an open binary file (an upload: Django's UploadedFile is one).
Source = str | Path | bytes | IO[bytes]

EXCEL_LAST_ROW = 1_048_576
# The widest table read; the templates have a few dozen columns at most.
MAX_COLUMNS = 1_000
# What a multipart request adds around the file: boundaries, part headers, the form's other fields.
UPLOAD_OVERHEAD = 64 * 1024
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
TEXT_SUFFIXES = (".csv", ".txt")
ZIP_MAGIC = b"PK\x03\x04"
# The part of an old Excel 97-2003 (.xls) file: an OLE2 compound document.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass(frozen=True)
class Limits:
    """What one import may cost; read from the settings (see `limits`)."""

    max_bytes: int
    max_rows: int
    max_problems: int
    # A workbook is a zip: what its parts may unpack to, so that a small zip bomb is refused
    # before openpyxl inflates it.
    max_unpacked_bytes: int


def limits() -> Limits:
    """The limits in force, from the settings (congvu/settings.py reads them from the environment:
    CONGVU_IMPORT_MAX_MB, default 10 MB; CONGVU_IMPORT_MAX_ROWS, default 100,000 data rows;
    CONGVU_IMPORT_MAX_PROBLEMS, default 200 listed)."""
    return Limits(
        max_bytes=settings.IMPORT_MAX_BYTES,
        max_rows=settings.IMPORT_MAX_ROWS,
        max_problems=settings.IMPORT_MAX_PROBLEMS,
        max_unpacked_bytes=settings.IMPORT_MAX_UNPACKED_BYTES,
    )


def megabytes(size: int) -> str:
    """A size as people read it in the messages: "10 MB", "2,5 MB", "12 KB"."""
    if size < 1024 * 1024:
        return f"{-(-size // 1024)} KB"
    value = size / (1024 * 1024)
    text = f"{value:.0f}" if value >= 10 or value.is_integer() else f"{value:.1f}"
    return text.replace(".", ",") + " MB"


# ---------------------------------------------------------------------------------------------
# Problems


@dataclass(frozen=True)
class Problem:
    """One problem of an import file: its sheet ("" for a CSV file or a single table), its row as
    Excel numbers it (the header is row 1; None for the whole file), the column header it concerns
    ("" for the whole row) and a translated sentence."""

    row: int | None
    column: str
    message: str
    sheet: str = ""

    def __str__(self) -> str:
        values = {"sheet": self.sheet, "row": self.row, "column": self.column}
        values["message"] = self.message
        if self.row is None:
            if self.sheet:
                return _('Sheet "%(sheet)s": %(message)s') % values
            return self.message
        if self.sheet and self.column:
            return _('Sheet "%(sheet)s", row %(row)d, column "%(column)s": %(message)s') % values
        if self.sheet:
            return _('Sheet "%(sheet)s", row %(row)d: %(message)s') % values
        if self.column:
            return _('Row %(row)d, column "%(column)s": %(message)s') % values
        return _("Row %(row)d: %(message)s") % values


class Problems:
    """The problems of one import, in the order found: the first `limit` are kept to be listed,
    the others only counted (a file with an error on each of 100,000 rows gives a page that
    lists the first ones and says how many more there are, not 100,000 lines)."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = limits().max_problems if limit is None else limit
        self.listed: list[Problem] = []
        self.total = 0

    def add(self, row: int | None, column: str, message: str, *, sheet: str = "") -> None:
        self.append(Problem(row, column, message, sheet))

    def append(self, problem: Problem) -> None:
        self.total += 1
        if len(self.listed) < self.limit:
            self.listed.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)

    def __bool__(self) -> bool:
        return self.total > 0

    def __len__(self) -> int:
        return self.total

    def raise_any(self) -> None:
        """Raise ImportRefused when there is any problem."""
        if self:
            raise ImportRefused(self)


class CellError(ActionError):
    """A cell an importer cannot take: the column it is in and a translated sentence. Raised while
    a row is checked, or by the writing step (`row_refusals` files it under its column)."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message, code="invalid")
        self.column = column


class ImportRefused(Exception):
    """Nothing was imported: `problems` lists the first problems (each with sheet, row and
    column), `total` counts them all."""

    def __init__(self, problems: Problems | Problem) -> None:
        if isinstance(problems, Problem):
            single = Problems()
            single.append(problems)
            problems = single
        self.problems: tuple[Problem, ...] = tuple(problems.listed)
        self.total = problems.total
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return ngettext(
            "Nothing was imported: %(count)d problem.",
            "Nothing was imported: %(count)d problems.",
            self.total,
        ) % {"count": self.total}

    @property
    def more(self) -> int:
        """How many problems were found but are not listed."""
        return self.total - len(self.problems)

    def lines(self) -> list[str]:
        """Each listed problem, then how many more there are (if any)."""
        return listed_lines(self.problems, self.total)


def listed_lines(problems: Sequence[Problem], total: int) -> list[str]:
    """The problems listed, one per line, then a line saying how many more were found."""
    lines = [str(problem) for problem in problems]
    more = total - len(problems)
    if more:
        lines.append(
            ngettext(
                "… and %(count)d more problem, not listed; correct these and import again.",
                "… and %(count)d more problems, not listed; correct these and import again.",
                more,
            )
            % {"count": more}
        )
    return lines


# ---------------------------------------------------------------------------------------------
# Reading


@dataclass(frozen=True)
class Table:
    """One sheet of a workbook, or a CSV file: its header (row 1) and its non-empty data rows with
    the row numbers Excel shows. Cells are cleaned (`clean_cell`); trailing empty cells dropped."""

    name: str
    header: tuple[str, ...]
    rows: list[tuple[int, tuple[Cell, ...]]]

    def records(self, key: Callable[[str], str]) -> list[tuple[int, dict[str, Cell]]]:
        """Each data row as {key(header): cell}, every header present (None for a cell past the
        row's last value); columns without a header are left out."""
        keys = [(index, key(header)) for index, header in enumerate(self.header) if header]
        return [
            (number, {k: values[i] if i < len(values) else None for i, k in keys})
            for number, values in self.rows
        ]


def clean_cell(value: object) -> Cell:
    """A cell as it enters congvu: text by `congvu.analytics.text.clean_text` (Unicode NFC, since
    Vietnamese typed on some keyboards and written by older software arrives decomposed and "Sở
    Tài chính" must be one name; trimmed; runs of spaces, tabs and non-breaking spaces one space),
    empty text as None; numbers, dates and times as read."""
    if type(value) is str:  # every cell of a CSV file: the fast path, without the union check
        return clean_text(value) or None
    if value is None or isinstance(value, int | float | dt.date | dt.time | dt.timedelta):
        return value
    return clean_text(str(value)) or None


def read_tables(
    source: Source, *, name: str = "", first_sheet_only: bool = False, bound: Limits | None = None
) -> list[Table]:
    """The tables of an .xlsx workbook (one per sheet, or only the first) or of a CSV file.

    The format follows the file name when it says one (.xlsx/.xlsm or .csv/.txt), else the
    content; `name` overrides the name of `source`; `bound` overrides the settings' limits (the
    people commands read files of a province's year from the operator's disk). Raises
    ImportRefused, with one problem that says what is wrong, when the file cannot be read or
    passes a limit.
    """
    bound = bound or limits()
    stream, name, owned = _open(source, name, bound)
    try:
        head = stream.read(4096)
        stream.seek(0)
        suffix = Path(name).suffix.lower()
        if head.startswith(OLE2_MAGIC) or suffix == ".xls":
            raise _refused(
                _(
                    "This is an old Excel 97-2003 (.xls) file; open it in Excel and save it as "
                    "Excel Workbook (.xlsx)."
                )
            )
        if suffix in WORKBOOK_SUFFIXES or (suffix not in TEXT_SUFFIXES and head[:4] == ZIP_MAGIC):
            if not head.startswith(ZIP_MAGIC):
                raise _refused(
                    _(
                        "The file is named %(name)s but is not an Excel workbook (an .xlsx file "
                        "is a zip archive, this one is not); save it from Excel as Excel "
                        "Workbook (.xlsx)."
                    )
                    % {"name": name or ".xlsx"}
                )
            return list(_workbook_tables(stream, bound, first_sheet_only=first_sheet_only))
        if head.startswith(ZIP_MAGIC):
            raise _refused(
                _(
                    "The file is named %(name)s but is an Excel workbook or another zip archive, "
                    "not CSV text; upload it as .xlsx or save it as CSV UTF-8."
                )
                % {"name": name}
            )
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            # Excel's "Unicode Text" is UTF-16: a common mistake, worth its own message.
            raise _refused(_not_utf8_message(1))
        if b"\x00" in head:
            raise _refused(_nul_message())
        return [_csv_table(stream, bound)]
    finally:
        if owned:
            stream.close()


def _refused(message: str, *, sheet: str = "") -> ImportRefused:
    """A refusal of the whole file (or of a whole sheet): one problem without a row."""
    return ImportRefused(Problem(None, "", message, sheet))


def _nul_message() -> str:
    return _(
        "The file contains NUL bytes: it is a binary file, not CSV text. Upload the .xlsx "
        "workbook, or save the sheet from Excel as CSV UTF-8."
    )


def _open(source: Source, name: str, bound: Limits) -> tuple[IO[bytes], str, bool]:
    """A seekable binary stream of the whole source, its name, and whether it is ours to close.
    The size is checked first, without reading the content (a path's size from the file system,
    an upload's from its `size` or by seeking to its end)."""
    if isinstance(source, str | Path):
        path = Path(source)
        _check_size(path.stat().st_size, bound)
        return path.open("rb"), name or path.name, True
    if isinstance(source, bytes):
        _check_size(len(source), bound)
        return io.BytesIO(source), name, True
    name = name or str(getattr(source, "name", "") or "")
    size = getattr(source, "size", None)
    if isinstance(size, int):
        _check_size(size, bound)
    if source.seekable():
        _check_size(source.seek(0, io.SEEK_END), bound)
        source.seek(0)
        return source, name, False
    # A stream without a size: read at most one byte past the limit.
    data = source.read(bound.max_bytes + 1)
    _check_size(len(data), bound)
    return io.BytesIO(data), name, True


def _check_size(size: int, bound: Limits) -> None:
    if size == 0:
        raise _refused(_("The file is empty."))
    if size > bound.max_bytes:
        raise _refused(too_large_message(size, bound))


def too_large_message(size: int | None, bound: Limits | None = None) -> str:
    """The refusal of a file larger than the limit (pages say it before reading the upload)."""
    bound = bound or limits()
    values = {"limit": megabytes(bound.max_bytes), "rows": f"{bound.max_rows:,}".replace(",", ".")}
    if size is None:
        return (
            _(
                "The file is larger than the limit of %(limit)s per import; split it into files "
                "of at most %(limit)s (and %(rows)s rows)."
            )
            % values
        )
    return _(
        "The file is %(size)s, larger than the limit of %(limit)s per import; split it into "
        "files of at most %(limit)s (and %(rows)s rows)."
    ) % {**values, "size": megabytes(size)}


def oversized_upload(request: HttpRequest) -> ImportRefused | None:
    """The refusal of an upload whose request body is larger than the import limit, decided from
    the Content-Length header before any byte of the body is read: a 20 MB file is refused at
    once and never reaches the disk or the database.

    An upload view calls this first and must therefore be `csrf_exempt`, checking CSRF itself
    after this (`csrf_protect`): the CSRF middleware would otherwise read the whole body to find
    the token. Refusing here writes nothing, so it needs no token.
    """
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    bound = limits()
    if length <= bound.max_bytes + UPLOAD_OVERHEAD:
        return None
    return ImportRefused(Problem(None, "", too_large_message(length, bound)))


def _too_many_rows(bound: Limits, sheet: str = "") -> ImportRefused:
    return _refused(
        _(
            "The file has more than %(limit)s data rows, the limit per import; split it into "
            "several files."
        )
        % {"limit": f"{bound.max_rows:,}".replace(",", ".")},
        sheet=sheet,
    )


def _table(
    name: str, grid: Iterator[tuple[int, Iterable[object]]], bound: Limits, counted: list[int]
) -> Table:
    """Header and non-empty rows of a grid of raw cells; `counted` carries the number of data
    rows read so far over the whole file, for the row limit."""
    header: tuple[str, ...] = ()
    rows: list[tuple[int, tuple[Cell, ...]]] = []
    for number, raw in grid:
        cells = tuple(raw)
        if len(cells) > MAX_COLUMNS:
            # One stray cell in column XFD would make every row 16,384 cells wide to clean.
            if cells[MAX_COLUMNS:].count(None) != len(cells) - MAX_COLUMNS:
                raise _refused(
                    _("Row %(row)d has values beyond column %(limit)d; no template is so wide.")
                    % {"row": number, "limit": MAX_COLUMNS},
                    sheet=name,
                )
            cells = cells[:MAX_COLUMNS]
        values = [clean_cell(value) for value in cells]
        while values and values[-1] is None:
            values.pop()
        if number == 1:
            header = tuple("" if v is None else str(v) for v in values)
            continue
        if not values:
            continue  # blank rows in the middle of a sheet are common and mean nothing
        counted[0] += 1
        if counted[0] > bound.max_rows:
            raise _too_many_rows(bound, name)
        rows.append((number, tuple(values)))
    return Table(name, header, rows)


def _workbook_tables(
    stream: IO[bytes], bound: Limits, *, first_sheet_only: bool
) -> Iterator[Table]:
    import openpyxl

    unreadable = _("The file is not a readable Excel (.xlsx) workbook.")
    try:
        with zipfile.ZipFile(stream) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _refused(unreadable) from error
    if unpacked > bound.max_unpacked_bytes:
        raise _refused(
            _(
                "The workbook unpacks to %(size)s, more than the limit of %(limit)s; remove "
                "unused sheets and formatting, or split it."
            )
            % {"size": megabytes(unpacked), "limit": megabytes(bound.max_unpacked_bytes)}
        )
    stream.seek(0)
    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file; all mean this
        raise _refused(unreadable) from error
    counted = [0]
    try:
        sheets = workbook.worksheets[:1] if first_sheet_only else workbook.worksheets
        for sheet in sheets:
            # The <dimension> a file declares is not trusted: a 2 KB file may declare
            # A1:XFD1048576, and openpyxl would then pad every row to 16,384 cells and add a
            # million empty rows. Without it, only the cells really written are read.
            sheet.reset_dimensions()
            grid = _excel_rows(sheet.iter_rows(values_only=True), sheet.title)
            try:
                yield _table(sheet.title, grid, bound, counted)
            except ImportRefused:
                raise
            except Exception as error:  # a damaged sheet part fails while it is streamed
                raise _refused(unreadable, sheet=sheet.title) from error
    finally:
        workbook.close()


def _excel_rows(
    rows: Iterator[tuple[object, ...]], sheet: str
) -> Iterator[tuple[int, Iterable[object]]]:
    for number, values in enumerate(rows, start=1):
        if number > EXCEL_LAST_ROW:
            raise _refused(_("The sheet has rows beyond the last row of Excel."), sheet=sheet)
        yield number, values


def _csv_table(stream: IO[bytes], bound: Limits) -> Table:
    lines = _decoded_lines(stream)
    try:
        first = next(lines, "")
        # Excel in a Vietnamese locale writes ";" (the comma is the decimal separator there).
        delimiter = ";" if first.count(";") > first.count(",") else ","
        reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter)
        return _table("", enumerate(reader, start=1), bound, [0])
    except _Undecodable as error:
        raise _refused(_not_utf8_message(error.line)) from error
    except csv.Error as error:
        raise _refused(_("The CSV file cannot be read: %(error)s") % {"error": error}) from error


def _not_utf8_message(line: int) -> str:
    return _(
        "The file is not UTF-8 text (line %(line)d cannot be read as UTF-8); in Excel, "
        'save it as "CSV UTF-8 (Comma delimited)".'
    ) % {"line": line}


class _Undecodable(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def _decoded_lines(stream: IO[bytes]) -> Iterator[str]:
    """The text lines of a UTF-8 stream (a BOM, as Excel writes, is skipped), decoded chunk by
    chunk; line ends are kept for the csv module. _Undecodable names the first bad line."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    pending = ""
    done = 0
    while True:
        chunk = stream.read(64 * 1024)
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as error:
            # Count the lines before the bad bytes, so that the message names the right line.
            raise _Undecodable(done + chunk[: error.start].count(b"\n") + 1) from error
        if "\x00" in text:
            raise _refused(_nul_message())
        pending += text
        lines = pending.splitlines(keepends=True)
        pending = lines.pop() if lines and chunk and not lines[-1].endswith(("\n", "\r")) else ""
        done += len(lines)
        yield from lines
        if not chunk:
            if pending:
                yield pending
            return


# ---------------------------------------------------------------------------------------------
# Cells that several imports read the same way


def parse_date(value: Cell) -> dt.date | None:
    """A calendar day from an Excel date cell, an Excel serial number, or text in a form of the one
    parser of dates (`congvu.interchange.moments`: `dd/mm/yyyy`, day first always, or ISO
    `yyyy-mm-dd`); None when empty. ValueError when it is not such a date."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return excel_moment(float(value)).date()
    text = str(value).strip()
    moment = parse_moment(text)
    if moment.time() != dt.time() or moment.tzinfo is not None:
        raise ValueError(text)  # a date, not a moment
    return moment.date()


def parse_local_datetime(value: Cell, tz: dt.tzinfo) -> dt.datetime | None:
    """A moment from an Excel date-time cell, an Excel serial number, or text read by the one
    parser (`dd/mm/yyyy[ HH:MM[:SS]]` day first, ISO 8601); a time written without an offset is
    local time in `tz`. ValueError when unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time())
    elif isinstance(value, int | float) and not isinstance(value, bool):
        moment = excel_moment(float(value))
    else:
        return parse_local_moment(str(value), tz)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)


def parse_whole_number(value: Cell) -> int:
    """A whole number from a number cell or text with `.`, `,` or spaces between thousands
    ("1.234.567" is one million two hundred ...); ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = "" if value is None else str(value).strip()
    digits = text.replace(".", "").replace(",", "").replace(" ", "").replace("\u00a0", "")
    negative = digits.startswith("-")
    digits = digits.removeprefix("-")
    if not digits.isdigit() or not digits.isascii():
        raise ValueError(text)
    return -int(digits) if negative else int(digits)


# ---------------------------------------------------------------------------------------------
# Writing


@contextmanager
def row_refusals(
    problems: Problems, *, row: int, column: str = "", sheet: str = ""
) -> Iterator[None]:
    """Run one row's actions in a savepoint: an action's refusal (ActionError, PermissionDenied)
    becomes this row's problem and undoes only this row, so that later rows are still checked.
    Use inside `write_all_or_nothing`, which then rolls everything back."""
    try:
        with transaction.atomic():
            yield
    except ActionError as error:
        problems.add(row, getattr(error, "column", column), error.message, sheet=sheet)
    except PermissionDenied:
        problems.add(row, column, _("You may not make this change."), sheet=sheet)


class RowRefused(Exception):
    """Raised by `refusal_stops_import`: the import stops at this row's problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@contextmanager
def refusal_stops_import(*, row: int, column: str = "", sheet: str = "") -> Iterator[None]:
    """For rows that later rows build on (a parent unit, an official's posts): an action's refusal
    stops the import at this row; `write_all_or_nothing` rolls everything back and reports it."""
    try:
        yield
    except CellError as error:
        raise RowRefused(Problem(row, error.column, error.message, sheet)) from error
    except ActionError as error:
        raise RowRefused(Problem(row, column, error.message, sheet)) from error
    except PermissionDenied as error:
        message = _("You may not make this change.")
        raise RowRefused(Problem(row, column, message, sheet)) from error


def write_all_or_nothing(
    write: Callable[[Problems], T], *, problems: Problems | None = None, dry_run: bool = False
) -> T:
    """Run `write` in one transaction, after the file was read and checked in full: the write
    lock is held only while the rows are written. Any problem that `write` adds (through
    `row_refusals`) or stops at (`refusal_stops_import`) rolls everything back and raises
    ImportRefused; a dry run rolls back too and returns what `write` returned."""
    problems = problems if problems is not None else Problems()
    problems.raise_any()
    try:
        with transaction.atomic():
            result = write(problems)
            if problems or dry_run:
                transaction.set_rollback(True)
    except RowRefused as refused:
        problems.append(refused.problem)
    problems.raise_any()
    return result

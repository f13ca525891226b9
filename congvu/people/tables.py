"""The engines' input files, one record at a time: every cell checked, every problem an
InputError naming the file, the row (the header is row 1, as a spreadsheet numbers it) and the
column.

The files themselves are read by the project's one import path (congvu.core.imports.read_tables,
called by congvu.people.files on the Django side), which hands over plain `Rows`: header and
non-empty data rows with their row numbers, cells already cleaned (NFC, trimmed, empty as None).
What is here is the people-specific parsing on top: the typed cell readers of `Record`.

No Django here. Problem texts are English message ids marked with the local `gettext_noop` below, so
that `makemessages` extracts them; the management commands translate them when they print an error.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache


def gettext_noop(message: str) -> str:
    """Mark a message id for extraction; Django's makemessages looks for this name."""
    return message


LOCATION = gettext_noop("%(file)s, row %(row)s, column %(column)s: %(problem)s")
MISSING_COLUMN = gettext_noop("the column is missing")
EMPTY = gettext_noop("a value is required")
NOT_NUMBER = gettext_noop("“%(value)s” is not a number")
NOT_POSITIVE = gettext_noop("%(value)s must be greater than 0")
OUT_OF_RANGE = gettext_noop("%(value)s is outside %(low)s–%(high)s")
NOT_COUNT = gettext_noop("“%(value)s” is not a whole number of 0 or more")
NOT_YES_NO = gettext_noop("“%(value)s” is not yes or no")
NOT_ONE_OF = gettext_noop("“%(value)s” is not one of: %(allowed)s")
NOT_DATE = gettext_noop("“%(value)s” is not a date (YYYY-MM-DD or DD/MM/YYYY)")
NOT_PERIOD = gettext_noop("“%(value)s” is not a period (YYYY-MM or YYYY-Qn)")
DUPLICATE = gettext_noop("“%(value)s” already has a row (row %(other)s)")


class InputError(Exception):
    """A bad cell (or a missing column, reported on row 1): file, row, column and the problem."""

    def __init__(self, file: str, row: int, column: str, problem: str, **params: object) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.problem = problem
        self.params = {name: str(value) for name, value in params.items()}
        super().__init__(self.text())

    def text(self, translate: Callable[[str], str] = gettext_noop) -> str:
        """The message, with `translate` applied to both templates (gettext in the commands)."""
        problem = translate(self.problem) % self.params if self.params else translate(self.problem)
        return translate(LOCATION) % {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "problem": problem,
        }


@lru_cache(maxsize=4096)  # the same few words on every row
def fold(text: str) -> str:
    """Lower case, no diacritics, spaces and hyphens as underscores: "Khiển trách" → khien_trach."""
    decomposed = unicodedata.normalize("NFD", text.strip().lower().replace("đ", "d"))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[\s\-]+", "_", bare)


YES = frozenset({"yes", "y", "co", "c", "x", "1", "true"})
NO = frozenset({"no", "n", "khong", "k", "0", "false"})
_PERIOD = re.compile(r"(?P<year>\d{4})-(?:(?P<month>\d{2})|Q(?P<quarter>[1-4]))")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_VN_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")


class Record:
    """One data row of a file, with typed readers of its cells that raise InputError."""

    __slots__ = ("file", "index", "row", "values")

    def __init__(
        self, file: str, row: int, values: Sequence[object], index: Mapping[str, int]
    ) -> None:
        self.file = file
        self.row = row
        self.values = values
        self.index = index

    def cell(self, column: str) -> str:
        """The text of a cell; "" when empty or past the end of a short row. A typed cell of a
        workbook is written as it would be typed: a date as YYYY-MM-DD, 2.0 as 2."""
        try:
            value = self.values[self.index[column]]
        except IndexError:
            return ""
        if isinstance(value, str):
            return value.strip()
        return "" if value is None else as_text(value)

    def error(self, column: str, problem: str, **params: object) -> InputError:
        return InputError(self.file, self.row, column, problem, **params)

    def text(self, column: str, *, required: bool = True) -> str:
        value = self.cell(column)
        if required and not value:
            raise self.error(column, EMPTY)
        return value

    def decimal(self, column: str) -> Decimal:
        value = self.text(column)
        try:
            number = Decimal(value.replace(",", "."))
        except InvalidOperation:
            raise self.error(column, NOT_NUMBER, value=value) from None
        if not number.is_finite():
            raise self.error(column, NOT_NUMBER, value=value)
        return number

    def positive(self, column: str) -> Decimal:
        number = self.decimal(column)
        if number <= 0:
            raise self.error(column, NOT_POSITIVE, value=self.cell(column))
        return number

    def between(self, column: str, low: int, high: int) -> Decimal:
        number = self.decimal(column)
        if not low <= number <= high:
            raise self.error(column, OUT_OF_RANGE, value=self.cell(column), low=low, high=high)
        return number

    def count(self, column: str, *, empty: int | None = None) -> int:
        """A whole number ≥ 0; an empty cell is `empty` when given ("2.0" is read as 2)."""
        value = self.cell(column)
        if not value:
            if empty is not None:
                return empty
            raise self.error(column, EMPTY)
        if value.isascii() and value.isdigit():
            return int(value)
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise self.error(column, NOT_COUNT, value=value) from None
        if not number.is_finite() or number < 0 or number != number.to_integral_value():
            raise self.error(column, NOT_COUNT, value=value)
        return int(number)

    def yes_no(self, column: str, *, empty: bool | None = None) -> bool:
        """yes/no (also có/không, 1/0, x); an empty cell is `empty` when given."""
        value = self.cell(column)
        if not value and empty is not None:
            return empty
        word = fold(self.text(column))
        if word in YES:
            return True
        if word in NO:
            return False
        raise self.error(column, NOT_YES_NO, value=value)

    def choice(self, column: str, allowed: Mapping[str, str], *, required: bool = True) -> str:
        """One of a closed set, matched without case or diacritics; "" when empty and optional."""
        value = self.text(column, required=required)
        if not value:
            return ""
        word = allowed.get(fold(value))
        if word is None:
            names = ", ".join(sorted(set(allowed.values())))
            raise self.error(column, NOT_ONE_OF, value=value, allowed=names)
        return word

    def date(self, column: str, *, required: bool = True) -> dt.date | None:
        value = self.text(column, required=required)
        if not value:
            return None
        try:
            return parse_date(value)
        except ValueError:
            raise self.error(column, NOT_DATE, value=value) from None

    def period(self, column: str) -> tuple[str, int]:
        """A month "2026-03" or a quarter "2026-Q1" (also "2026-q1"): the text and its year."""
        value = self.text(column)
        match = _PERIOD.fullmatch(value.upper())
        if match is None or (match["month"] is not None and not 1 <= int(match["month"]) <= 12):
            raise self.error(column, NOT_PERIOD, value=value)
        return value.upper(), int(match["year"])


def parse_date(text: str) -> dt.date:
    """2026-05-10 or 10/05/2026 (day first, as written in Vietnam); ValueError otherwise."""
    text = text.strip()
    if _ISO_DATE.fullmatch(text):
        return dt.date.fromisoformat(text)
    if _VN_DATE.fullmatch(text):
        day, month, year = (int(part) for part in text.split("/"))
        return dt.date(year, month, day)
    raise ValueError(text)


def as_text(value: object) -> str:
    """A workbook's typed cell as text."""
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass(frozen=True)
class Rows:
    """One input file as the shared import path read it: its name (for the messages), its header
    (row 1) and its non-empty data rows, each with its row number. Plain values, no Django."""

    file: str
    header: Sequence[str]
    rows: Sequence[tuple[int, Sequence[object]]]

    def records(self, columns: Sequence[str]) -> Iterator[Record]:
        """The data rows as Records reading `columns` (other columns are ignored); a missing
        column is an InputError on row 1."""
        header = [str(name).strip() for name in self.header]
        for column in columns:
            if column not in header:
                raise InputError(self.file, 1, column, MISSING_COLUMN)
        index = {column: header.index(column) for column in columns}
        for row, values in self.rows:
            yield Record(self.file, row, values, index)


HUNDREDTH = Decimal("0.01")


def round2(value: Decimal) -> Decimal:
    """Half-up to two decimals (the only rounding the engines do, at the very end)."""
    return value.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)

"""The Django side of the people commands: their files are read by the one import path
(congvu.core.imports.read_tables) and written by the one export helper (congvu.core.exports),
and the engines (rating.py, streamlining.py, Django-free) get and give plain rows.

A file may be CSV UTF-8 (a BOM is fine; Excel's ";" too) or an .xlsx workbook (its first sheet).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from congvu.core.exports import write_csv
from congvu.core.imports import ImportRefused, Limits, Source, limits, read_tables
from congvu.people.tables import InputError, Rows

# Bad input exits with 2, the code the contract gives (argparse uses it for bad arguments too).
BAD_INPUT = 2
# These are files on the operator's disk, not uploads, and a province's year of work items is
# about 170,000 rows (bench/rating.py): the rows and bytes allowed are those of such a file with
# room to spare, not the upload pages' limits.
MAX_ROWS = 2_000_000
MAX_BYTES = 256 * 1024 * 1024


def people_limits() -> Limits:
    bound = limits()
    return dataclasses.replace(
        bound,
        max_rows=max(bound.max_rows, MAX_ROWS),
        max_bytes=max(bound.max_bytes, MAX_BYTES),
        max_unpacked_bytes=max(bound.max_unpacked_bytes, 4 * MAX_BYTES),
    )


class FileRefused(Exception):
    """The shared import path could not read a file at all (empty, not UTF-8, binary...)."""

    def __init__(self, file: str, refused: ImportRefused) -> None:
        self.file = file
        self.refused = refused
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [f"{self.file}: {line}" for line in self.refused.lines()]


def read(source: Source, name: str = "") -> Rows:
    """A people file (a path, or an upload with its `name`) through the one import path: its
    header and non-empty rows, numbered as a spreadsheet numbers them. OSError when it cannot be
    opened; FileRefused when unreadable."""
    name = name or Path(str(getattr(source, "name", source))).name
    try:
        table = read_tables(source, name=name, first_sheet_only=True, bound=people_limits())[0]
    except ImportRefused as refused:
        raise FileRefused(name, refused) from refused
    return Rows(name, table.header, table.rows)


def write(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write a CSV UTF-8 file with the one export helper (formula-like text is written as text),
    whole, under a temporary name, then rename it into place: a failure leaves no half-written
    output and an earlier file untouched."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("w", newline="", encoding="utf-8") as stream:
            write_csv(stream, header, rows)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


@contextmanager
def bad_input_exits() -> Iterator[None]:
    """A bad file becomes a CommandError with exit code 2 naming the file (and row and column)."""
    try:
        yield
    except InputError as error:
        raise CommandError(error.text(_), returncode=BAD_INPUT) from error
    except FileRefused as refused:
        raise CommandError("\n".join(refused.lines()), returncode=BAD_INPUT) from refused
    except OSError as error:
        raise CommandError(
            _("Cannot read or write %(file)s: %(error)s")
            % {"file": error.filename, "error": error.strerror},
            returncode=BAD_INPUT,
        ) from error

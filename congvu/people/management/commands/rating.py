"""``congvu rating ITEMS.csv --people PEOPLE.csv [--year YYYY] --out RESULTS.csv`` (a thin wrapper
of congvu.people.rating.run_rating; the contract is in docs/ratings.md). The files are read by the
one import path and written by the one export helper (congvu.people.files)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from congvu.people import files
from congvu.people.rating import RESULT_COLUMNS, run_rating
from congvu.people.rules import regime_for


class Command(BaseCommand):
    # A file-to-file tool: no database, URLs or templates to check before it runs.
    requires_system_checks: list[str] = []
    help = (
        "Rate officials from their work items (Decree 335/2025 from 2026; Decrees 90/2020 and "
        "48/2023 for 2025 and earlier) and write RESULTS.csv."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("items", type=Path, help="ITEMS.csv: one row per work item")
        parser.add_argument(
            "--people", type=Path, required=True, help="PEOPLE.csv: one row per official, period"
        )
        parser.add_argument("--year", type=int, help="also write one row per official for YYYY")
        parser.add_argument("--out", type=Path, required=True, help="RESULTS.csv to write")

    def handle(self, *args: Any, **options: Any) -> None:
        # The messages are for the people who keep the province's records: Vietnamese, whatever
        # the shell's locale.
        with translation.override("vi"):
            # call_command passes keyword options as given, without argparse's conversions.
            year = None if options["year"] is None else int(options["year"])
            if year is not None and regime_for(year) is None:
                raise CommandError(
                    _("There are no rating rules for the year %(year)s.") % {"year": year},
                    returncode=files.BAD_INPUT,
                )
            out = Path(options["out"])
            with files.bad_input_exits():
                people = files.read(Path(options["people"]))
                items = files.read(Path(options["items"]))
                results = run_rating(items, people, year=year)
                files.write(out, RESULT_COLUMNS, (result.cells() for result in results))
            self.stdout.write(
                ngettext(
                    "%(count)d result written to %(file)s.",
                    "%(count)d results written to %(file)s.",
                    len(results),
                )
                % {"count": len(results), "file": options["out"]}
            )

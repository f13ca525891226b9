"""``congvu rating ITEMS.csv --people PEOPLE.csv [--year YYYY] --out RESULTS.csv`` (a thin wrapper
of congvu.people.rating.run_rating; the contract is in docs/ratings.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from congvu.people.rating import run_rating
from congvu.people.rules import regime_for
from congvu.people.tables import InputError

# Bad input exits with 2, the code the contract gives (argparse uses it for bad arguments too).
BAD_INPUT = 2


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
                    returncode=BAD_INPUT,
                )
            try:
                results = run_rating(
                    Path(options["items"]), Path(options["people"]), Path(options["out"]), year=year
                )
            except InputError as error:
                raise CommandError(error.text(_), returncode=BAD_INPUT) from error
            except OSError as error:
                raise CommandError(
                    _("Cannot read or write %(file)s: %(error)s")
                    % {"file": error.filename, "error": error.strerror},
                    returncode=BAD_INPUT,
                ) from error
            self.stdout.write(
                ngettext(
                    "%(count)d result written to %(file)s.",
                    "%(count)d results written to %(file)s.",
                    len(results),
                )
                % {"count": len(results), "file": options["out"]}
            )

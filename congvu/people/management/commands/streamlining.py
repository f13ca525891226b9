"""``congvu streamlining RATINGS.csv --people PEOPLE.csv --year YYYY [--on DATE] --out
CANDIDATES.csv`` (a thin wrapper of congvu.people.streamlining.run_streamlining; the contract is in
docs/streamlining.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from congvu.people.streamlining import run_streamlining
from congvu.people.tables import InputError, parse_date

# Bad input exits with 2, the code the contract gives (argparse uses it for bad arguments too).
BAD_INPUT = 2


class Command(BaseCommand):
    # A file-to-file tool: no database, URLs or templates to check before it runs.
    requires_system_checks: list[str] = []
    help = (
        "List the streamlining candidates of a year under Decree 154/2025 (a review list, not a "
        "decision) and write CANDIDATES.csv."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("ratings", type=Path, help="RATINGS.csv: official, year, level")
        parser.add_argument(
            "--people", type=Path, required=True, help="PEOPLE.csv: sick days, family, reviews"
        )
        parser.add_argument("--year", type=int, required=True, help="the year of the review")
        parser.add_argument(
            "--on", help="the date deferrals are judged on (YYYY-MM-DD or DD/MM/YYYY; today)"
        )
        parser.add_argument("--out", type=Path, required=True, help="CANDIDATES.csv to write")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("vi"):
            text = options["on"]
            if text is None:
                on = timezone.localdate()
            else:
                try:
                    on = parse_date(text)
                except ValueError:
                    raise CommandError(
                        _("--on: “%(value)s” is not a date (YYYY-MM-DD or DD/MM/YYYY)")
                        % {"value": text},
                        returncode=BAD_INPUT,
                    ) from None
            try:
                # call_command passes keyword options as given, without argparse's conversions.
                found = run_streamlining(
                    Path(options["ratings"]),
                    Path(options["people"]),
                    Path(options["out"]),
                    year=int(options["year"]),
                    on=on,
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
                    "%(count)d candidate written to %(file)s.",
                    "%(count)d candidates written to %(file)s.",
                    len(found),
                )
                % {"count": len(found), "file": options["out"]}
            )

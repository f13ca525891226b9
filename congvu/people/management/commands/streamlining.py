"""``congvu streamlining RATINGS.csv --people PEOPLE.csv --year YYYY [--on DATE] --out
CANDIDATES.csv`` (a thin wrapper of congvu.people.streamlining.run_streamlining; the contract is in
docs/streamlining.md). The files are read by the one import path and written by the one export
helper (congvu.people.files)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from congvu.people import files
from congvu.people.streamlining import CANDIDATE_COLUMNS, run_streamlining
from congvu.people.tables import parse_date


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
                        returncode=files.BAD_INPUT,
                    ) from None
            out = Path(options["out"])
            with files.bad_input_exits():
                people = files.read(Path(options["people"]))
                ratings = files.read(Path(options["ratings"]))
                # call_command passes keyword options as given, without argparse's conversions.
                found = run_streamlining(ratings, people, year=int(options["year"]), on=on)
                files.write(out, CANDIDATE_COLUMNS, (candidate.cells() for candidate in found))
            self.stdout.write(
                ngettext(
                    "%(count)d candidate written to %(file)s.",
                    "%(count)d candidates written to %(file)s.",
                    len(found),
                )
                % {"count": len(found), "file": options["out"]}
            )

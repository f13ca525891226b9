"""``congvu export-events --format parquet --out DIR --province 22``: the province's canonical
events (tasks, dossiers, projects) for the national store, partitioned by province and month."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from congvu.analytics.national import pseudonymised, write_province
from congvu.findings.loaders import all_events_arrow
from congvu.org.divisions import province_name


class Command(BaseCommand):
    help = (
        "Export the canonical events of every log (tasks, dossiers, projects) as Parquet in "
        "Hive layout, DIR/province=P/month=YYYY-MM/, officials pseudonymised: the nightly "
        "export to the national store (read back by congvu analyze DIR)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["parquet"], default="parquet")
        parser.add_argument("--out", required=True, help="the store's folder")
        parser.add_argument(
            "--province",
            required=True,
            type=int,
            help="this province's official code (General Statistics Office), e.g. 22",
        )
        parser.add_argument(
            "--keep-officials",
            action="store_true",
            help="keep the officials' ids (for an analysis inside the province only)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["province"]
        try:
            name = province_name(code)
        except (KeyError, ValueError) as error:
            raise CommandError(f"--province {code}: not a province code") from error
        events = all_events_arrow()
        if not options["keep_officials"]:
            events = pseudonymised(events, settings.SECRET_KEY.encode())
        written = write_province(events, Path(options["out"]), f"{code:02d}")
        self.stdout.write(
            f"{events.num_rows} events of {name} ({code:02d}) in {len(written)} files "
            f"under {options['out']}"
        )

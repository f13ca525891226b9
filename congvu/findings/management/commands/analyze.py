"""``congvu analyze LOG --out DIR``: analyse an event log file (a thin wrapper of run_analyze)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from congvu.analytics.cli import run_analyze
from congvu.analytics.engines import ENGINES
from congvu.interchange.eventlog_arrow import EventLogError
from congvu.interchange.moments import VIETNAM


def _aware(text: str) -> datetime:
    """An ISO 8601 date or time; without an offset it is read in Vietnam time (UTC+7)."""
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = datetime.fromisoformat(f"{value.isoformat()}+07:00")
    return value


class Command(BaseCommand):
    help = (
        "Analyse an event log (CSV, XES, OCEL 2.0 JSON, Parquet, or a national store's folder): "
        "writes findings.csv, metrics.csv, handovers.csv and report.html into --out."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "log",
            help="the event log file, or a folder of Parquet files in Hive layout "
            "(congvu export-events: province=.../month=...)",
        )
        parser.add_argument("--out", required=True, help="output folder")
        parser.add_argument("--unit-attr", default="org:group", help="attribute giving the unit")
        parser.add_argument(
            "--actor-attr", default="org:resource", help="attribute giving the official"
        )
        parser.add_argument(
            "--ignore-unit",
            action="append",
            default=[],
            help="a unit to leave out (placeholder, system account); repeatable",
        )
        parser.add_argument("--since", type=_aware, help="keep events at or after (ISO 8601)")
        parser.add_argument("--until", type=_aware, help="keep events before (ISO 8601)")
        parser.add_argument("--as-of", type=_aware, help="evaluate open cases at (ISO 8601)")
        parser.add_argument(
            "--calendar",
            default="vn",
            help=(
                "how days are counted: vn (default: Vietnamese working days, national holidays "
                "and swapped Saturdays), none (calendar days), or a CSV file of extra days "
                "with the columns date,kind (kind off or on) on top of vn"
            ),
        )
        parser.add_argument(
            "--activity-map",
            help="CSV source,activity mapping the log's activity names to congvu's "
            "(e.g. docs/activity-map-vi.csv)",
        )
        parser.add_argument(
            "--keep-unmapped",
            action="store_true",
            help="keep activities the map does not name as neutral events instead of stopping",
        )
        parser.add_argument(
            "--engine",
            choices=ENGINES,
            default="duckdb",
            help="where the detectors run: duckdb (in-process, default) or spark "
            "(local mode, or CONGVU_SPARK_MASTER: spark://... or sc://...)",
        )
        parser.add_argument(
            "--tz",
            default=VIETNAM,
            help="time zone of times written without an offset (default Asia/Ho_Chi_Minh)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = run_analyze(
                options["log"],
                options["out"],
                unit_attr=options["unit_attr"],
                actor_attr=options["actor_attr"],
                ignore_units=options["ignore_unit"],
                since=options["since"],
                until=options["until"],
                as_of=options["as_of"],
                calendar=options["calendar"],
                show_progress=options["verbosity"] > 0,
                activity_map=options["activity_map"],
                keep_unmapped=options["keep_unmapped"],
                tz=options["tz"],
                engine=options["engine"],
            )
        except (EventLogError, OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        for line in summary.lines():
            self.stdout.write(line)

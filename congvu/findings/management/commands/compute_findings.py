"""`congvu compute_findings`: compute findings from the task log and store them (scheduled job)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from congvu.findings.jobs import compute_findings, compute_workload
from congvu.findings.loaders import ENGINES


class Command(BaseCommand):
    help = (
        "Compute findings from the task event log, incrementally since the last run, then the "
        "monthly workload and hand-over network."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--engine", choices=ENGINES, default="duckdb", help="DuckDB in-process or PostgreSQL"
        )
        parser.add_argument(
            "--full", action="store_true", help="examine every case, not only what changed"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        summary = compute_findings(engine=options["engine"], full=options["full"])
        compute_workload(engine=options["engine"])
        self.stdout.write(
            f"cases={summary.cases} raised={summary.raised} refreshed={summary.refreshed} "
            f"cleared={summary.cleared} seconds={summary.seconds:.2f}"
        )

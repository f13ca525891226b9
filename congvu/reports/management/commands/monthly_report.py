"""`congvu monthly-report --month 2026-10 --unit CODE --out FILE.pdf`: the leader's monthly
report of a unit (the province's People's Committee by default), from every record."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from congvu.core.months import parse_month
from congvu.org.models import Unit
from congvu.reports.monthly import Sources, build_report
from congvu.reports.pdf import report_html, report_pdf


class Command(BaseCommand):
    help = "Write the monthly report of a unit as an A4 PDF (or HTML), in Vietnamese."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", required=True, help="the month, as YYYY-MM or MM/YYYY")
        parser.add_argument(
            "--unit", default="", help="the unit's code (default: the one top unit in force)"
        )
        parser.add_argument("--out", required=True, help="output file (.pdf, or .html)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            month = parse_month(options["month"])
        except ValueError:
            raise CommandError(f"Not a month: {options['month']!r} (use YYYY-MM).") from None
        unit = self._unit(options["unit"])
        today = timezone.localdate()
        if month > today.replace(day=1):
            raise CommandError("The month has not started yet.")
        started = time.perf_counter()
        report = build_report(unit=unit, month=month, sources=Sources.everything(), today=today)
        out: str = options["out"]
        data = report_html(report).encode() if out.endswith(".html") else report_pdf(report)
        with open(out, "wb") as file:
            file.write(data)
        seconds = time.perf_counter() - started
        self.stdout.write(f"{unit} {month:%m/%Y}: {len(data):,} bytes -> {out} ({seconds:.1f} s)")

    def _unit(self, code: str) -> Unit:
        if code:
            unit = Unit.objects.filter(code=code).first()
            if unit is None:
                raise CommandError(f"No unit has the code {code!r}.")
            return unit
        tops = list(Unit.objects.filter(parent__isnull=True, valid_to__isnull=True))
        if len(tops) != 1:
            raise CommandError(
                "Name the unit with --unit CODE (there is not exactly one top unit)."
            )
        return tops[0]

"""`congvu demo`: build a demo province into an empty database."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from congvu.demo.console import progress_bars, province_lines
from congvu.demo.province import build_province_demo
from congvu.org.models import Unit


class Command(BaseCommand):
    help = "Build a seeded demo province into an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=settings.CONGVU_DEMO_SEED)
        parser.add_argument("--tasks", type=int, default=20000)
        parser.add_argument(
            "--events", type=int, default=None, help="Create tasks until about this many events."
        )
        parser.add_argument("--months", type=int, default=12)
        parser.add_argument("--dossiers", type=int, default=50_000, help="0 builds none.")
        parser.add_argument("--projects", type=int, default=150, help="0 builds none.")
        parser.add_argument(
            "--no-findings", action="store_true", help="Do not compute the signals at the end."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if Unit.objects.exists():
            raise CommandError(_("The database already has data; the demo needs an empty one."))
        report, close = progress_bars()
        try:
            demo = build_province_demo(
                seed=options["seed"],
                tasks=options["tasks"],
                months=options["months"],
                events=options["events"],
                dossiers=options["dossiers"],
                projects=options["projects"],
                findings=not options["no_findings"],
                today=timezone.localdate(),
                progress=report,
            )
        finally:
            close()
        for line in province_lines(demo):
            self.stdout.write(line)

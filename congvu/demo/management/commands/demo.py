"""`congvu demo`: build a demo province into an empty database."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from congvu.demo.console import progress_bars, summary_lines
from congvu.demo.generator import build_demo
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

    def handle(self, *args: Any, **options: Any) -> None:
        if Unit.objects.exists():
            raise CommandError(_("The database already has data; the demo needs an empty one."))
        report, close = progress_bars()
        try:
            summary = build_demo(
                seed=options["seed"],
                tasks=options["tasks"],
                months=options["months"],
                events=options["events"],
                today=timezone.localdate(),
                progress=report,
            )
        finally:
            close()
        for line in summary_lines(summary):
            self.stdout.write(line)

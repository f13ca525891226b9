"""`congvu seed_demo_if_empty`: fill an empty database with the demo province (first `make run`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from congvu.demo.console import progress_bars, province_lines, summary_lines
from congvu.demo.generator import build_demo
from congvu.demo.province import build_province_demo, build_rest_of_demo
from congvu.org.models import Unit


class Command(BaseCommand):
    help = "Build the demo province if the database has no units yet."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--part",
            choices=["all", "tasks", "rest"],
            default="all",
            help="tasks: the province and its tasks; rest: projects, dossiers and signals.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        part = options["part"]
        seed, today = settings.CONGVU_DEMO_SEED, timezone.localdate()
        if part == "rest":
            if not Unit.objects.exists():
                raise CommandError(_("Build the tasks of the demo first."))
            report, close = progress_bars()
            try:
                demo = build_rest_of_demo(seed=seed, today=today, progress=report)
            finally:
                close()
            for line in province_lines(demo):
                self.stdout.write(line)
            return
        if Unit.objects.exists():
            self.stdout.write(_("The database already has data; the demo is not built again."))
            return
        self.stdout.write(_("Empty database: building the demo province (a few minutes)..."))
        report, close = progress_bars()
        try:
            if part == "tasks":
                lines = summary_lines(build_demo(seed=seed, today=today, progress=report))
            else:
                lines = province_lines(build_province_demo(seed=seed, today=today, progress=report))
        finally:
            close()
        for line in lines:
            self.stdout.write(line)

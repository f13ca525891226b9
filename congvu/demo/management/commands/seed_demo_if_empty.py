"""`congvu seed_demo_if_empty`: fill an empty database with the demo province (first `make run`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from congvu.demo.console import progress_bars, province_lines, summary_lines
from congvu.demo.generator import build_demo
from congvu.demo.province import build_province_demo, build_rest_of_demo
from congvu.demo.status import recording
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
        parser.add_argument(
            "--ready-file",
            type=Path,
            help="Create this file once the organisation and the logins exist (or nothing will "
            "be built): `make run` starts serving then, while the rest is written.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ready: Path | None = options["ready_file"]
        try:
            self._build(options["part"], ready)
        finally:
            if ready is not None:
                ready.touch()

    def _build(self, part: str, ready: Path | None) -> None:
        seed, today = settings.CONGVU_DEMO_SEED, timezone.localdate()
        if part == "rest":
            if not Unit.objects.exists():
                raise CommandError(_("Build the tasks of the demo first."))
            bars, close = progress_bars()
            try:
                with recording(bars) as report:
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
        bars, close = progress_bars()

        def then_ready(stage: str, done: int, total: int) -> None:
            bars(stage, done, total)
            if ready is not None and stage == "org" and done >= total:
                ready.touch()  # the logins exist: the pages can be served

        try:
            with recording(then_ready) as report:
                if part == "tasks":
                    lines = summary_lines(build_demo(seed=seed, today=today, progress=report))
                else:
                    demo = build_province_demo(seed=seed, today=today, progress=report)
                    lines = province_lines(demo)
        finally:
            close()
        for line in lines:
            self.stdout.write(line)

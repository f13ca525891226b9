"""`congvu seed_demo_if_empty`: fill an empty database with the demo province (first `make run`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from congvu.demo.console import progress_bars, province_lines
from congvu.demo.province import build_province_demo
from congvu.org.models import Unit


class Command(BaseCommand):
    help = "Build the demo province if the database has no units yet."

    def handle(self, *args: Any, **options: Any) -> None:
        if Unit.objects.exists():
            self.stdout.write(_("The database already has data; the demo is not built again."))
            return
        self.stdout.write(_("Empty database: building the demo province (a few minutes)..."))
        report, close = progress_bars()
        try:
            demo = build_province_demo(
                seed=settings.CONGVU_DEMO_SEED, today=timezone.localdate(), progress=report
            )
        finally:
            close()
        for line in province_lines(demo):
            self.stdout.write(line)

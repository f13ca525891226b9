"""`congvu export_oc4ids --out FILE`: every project as an OC4IDS 0.9.4 project package."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from congvu.investment.models import Project
from congvu.investment.oc4ids import export


class Command(BaseCommand):
    help = "Export every investment project as an OC4IDS 0.9.4 project package (JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="output file, or - for standard output")
        parser.add_argument(
            "--as-of",
            type=dt.date.fromisoformat,
            default=None,
            help="evaluate milestones on this day (YYYY-MM-DD; today by default)",
        )
        parser.add_argument("--uri", default="", help="the package's URI")

    def handle(self, *args: Any, **options: Any) -> None:
        projects = Project.objects.all()
        if not projects.exists():
            raise CommandError("There are no projects to export (OC4IDS needs at least one).")
        as_of = options["as_of"] or timezone.localdate()
        package = export(projects, as_of=as_of, published=timezone.now(), uri=options["uri"])
        text = json.dumps(package, ensure_ascii=False, indent=2)
        if options["out"] == "-":
            sys.stdout.write(text + "\n")
            return
        with open(options["out"], "w", encoding="utf-8") as out:
            out.write(text + "\n")
        self.stdout.write(f"{len(package['projects'])} projects -> {options['out']}")

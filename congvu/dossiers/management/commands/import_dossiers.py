"""congvu import_dossiers procedures|dossiers FILE [--by STAFF_CODE]: the documented imports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from congvu.dossiers.imports import ImportFailed, import_file
from congvu.org.models import Official


class Command(BaseCommand):
    help = "Import the procedure catalogue or dossiers from an Excel or CSV template."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["procedures", "dossiers"])
        parser.add_argument("file", type=Path)
        parser.add_argument("--by", default="", help="staff code of the receiving centre official")

    def handle(self, *args: Any, **options: Any) -> None:
        by = None
        if options["by"]:
            by = Official.objects.filter(code=options["by"]).first()
            if by is None:
                raise CommandError(f"No official with staff code {options['by']}.")
        try:
            count = import_file(options["file"], options["kind"], by=by)
        except ImportFailed as failed:
            raise CommandError("\n".join(str(e) for e in failed.errors)) from failed
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{count} rows imported.")

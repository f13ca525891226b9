"""What the two import commands share: arguments, and the report printed in Vietnamese."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from congvu.core.imports import Source
from congvu.org.imports import ImportReport


class ImportCommand(BaseCommand):
    """Read FILE, call the import function, print each error and the summary; exit 1 on errors."""

    importer: Callable[..., ImportReport]

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="an .xlsx or .csv file (see docs/import.md)")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file without writing anything"
        )

    def handle(self, *args: object, **options: object) -> None:
        path = options["file"]
        assert isinstance(path, Path)
        # Reports are for the people who keep the province's records: Vietnamese, whatever the
        # shell's locale.
        with translation.override("vi"):
            if not path.is_file():
                raise CommandError(_("File not found: %(path)s") % {"path": path})
            source: Source = path
            report = type(self).importer(source, dry_run=bool(options["dry_run"]))
            for error in report.errors:
                self.stderr.write(str(error))
            if not report.ok:
                raise CommandError(report.summary())
            self.stdout.write(report.summary())

"""`congvu backup FILE`: a backup of the whole database (SQLite file copy or pg_dump archive)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from congvu.core.backup import BackupError, backup, row_counts


class Command(BaseCommand):
    help = (
        "Back up the whole database to FILE: a copy of the SQLite file made while the site runs, "
        "or a pg_dump archive on PostgreSQL. `congvu restore FILE` puts it back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            kind = backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = row_counts()
        self.stdout.write(
            _(
                "Backup written to %(file)s (%(kind)s, %(size)s bytes): %(rows)s rows in "
                "%(tables)s tables."
            )
            % {
                "file": path,
                "kind": kind,
                "size": path.stat().st_size,
                "rows": sum(counts.values()),
                "tables": len(counts),
            }
        )
        for label, count in counts.items():
            if count:
                self.stdout.write(f"  {label}: {count}")

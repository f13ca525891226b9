"""`congvu restore FILE`: replace the whole database with a backup, then check its chains."""

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from congvu.core.backup import BackupError, restore, row_counts


class Command(BaseCommand):
    help = (
        "Replace the whole database with the backup in FILE (made by `congvu backup`), then run "
        "`congvu verify`. Stop the site first: pages open during a restore see a half-restored "
        "database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask before replacing the database."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("%(file)s does not exist.") % {"file": path})
        if not options["yes"] and options.get("interactive", True):
            question = _("Replace the whole database with %(file)s? [y/N] ") % {"file": path}
            try:
                answer = input(question)
            except EOFError:  # no terminal to answer from (cron, a script, a pipe)
                raise CommandError(
                    _("No answer to the question (no terminal): add --yes to restore anyway.")
                ) from None
            if answer.strip().lower() not in {"y", "yes", "c", "có", "co"}:
                raise CommandError(_("Restore cancelled."))
        try:
            kind = restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = row_counts()
        self.stdout.write(
            _("Restored %(file)s (%(kind)s): %(rows)s rows in %(tables)s tables.")
            % {"file": path, "kind": kind, "rows": sum(counts.values()), "tables": len(counts)}
        )
        for label, count in counts.items():
            if count:
                self.stdout.write(f"  {label}: {count}")
        call_command("verify", stdout=self.stdout, stderr=self.stderr)

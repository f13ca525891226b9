"""congvu import_dossiers procedures|dossiers FILE [--by STAFF_CODE]: the documented imports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from congvu.core.imports import ImportRefused
from congvu.dossiers.imports import import_file
from congvu.org.models import Official


class Command(BaseCommand):
    help = "Import the procedure catalogue or dossiers from an Excel or CSV template."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["procedures", "dossiers"])
        parser.add_argument("file", type=Path)
        parser.add_argument("--by", default="", help="staff code of the receiving centre official")

    def handle(self, *args: Any, **options: Any) -> None:
        # Reports are for the people who keep the province's records: Vietnamese, whatever the
        # shell's locale.
        with translation.override("vi"):
            path: Path = options["file"]
            if not path.is_file():
                raise CommandError(_("File not found: %(path)s") % {"path": path})
            by = None
            if options["by"]:
                by = Official.objects.filter(code=options["by"]).first()
                if by is None:
                    raise CommandError(f"No official with staff code {options['by']}.")
            try:
                result = import_file(path, options["kind"], by=by)
            except ImportRefused as refused:
                raise CommandError("\n".join([*refused.lines(), refused.message])) from refused
            except ValueError as error:
                raise CommandError(str(error)) from error
            count = result.count
            self.stdout.write(
                ngettext("%(count)d row imported.", "%(count)d rows imported.", count)
                % {"count": count}
            )
            # The source's appointment dates are kept; where congvu would have computed another,
            # the rows are listed for a person to check.
            for disagreement in result.disagreements:
                self.stdout.write(str(disagreement))

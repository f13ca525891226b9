"""`congvu verify`: recompute the hash chain of every registered event log, one line per log;
with `--against FILE`, also check that today's chains still hold what a backup's chains held."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from congvu.core.backup import BackupError, Rewrite, compare_heads, heads_of_backup
from congvu.core.eventlog import ChainBreak, verify_logs


def describe(found: ChainBreak) -> str:
    """One line naming the log, the case, the event and what differs."""
    where = {
        "log": found.log,
        "case": found.case,
        "seq": found.seq,
        "event": found.event_id if found.event_id is not None else "-",
        "expected": found.expected,
        "found": found.found,
    }
    if found.problem == "altered":
        text = _(
            "%(log)s %(case)s, event %(seq)s (id %(event)s): its content no longer matches its "
            "hash (recomputed %(expected)s, stored %(found)s)."
        )
    elif found.problem == "gap":
        text = _(
            "%(log)s %(case)s, event id %(event)s: gap in the sequence, event %(expected)s is "
            "missing (found %(found)s)."
        )
    elif found.problem == "link":
        text = _(
            "%(log)s %(case)s, event %(seq)s (id %(event)s): broken link to the previous event "
            "(expected %(expected)s, found %(found)s)."
        )
    elif found.problem == "head":
        text = _(
            "%(log)s %(case)s: the case's record of its log does not match the log's end (the "
            "case records %(expected)s, the log has %(found)s): events from %(seq)s on are "
            "missing."
        )
    else:
        text = _("%(log)s: event id %(event)s belongs to no case (%(case)s).")
    return text % where


def describe_rewrite(found: Rewrite, backup: Path) -> str:
    """One line naming the chain, the backup's head and what today's log has there."""
    where = {
        "log": found.log,
        "case": found.case_id,
        "seq": found.seq,
        "backup": backup.name,
        "expected": found.expected,
        "found": found.found,
    }
    if found.problem == "changed":
        text = _(
            "%(log)s %(case)s: event %(seq)s, the last one in the backup %(backup)s, has another "
            "hash today (backup %(expected)s, today %(found)s): its history up to that event was "
            "rewritten after the backup."
        )
    else:
        text = _(
            "%(log)s %(case)s: event %(seq)s, the last one in the backup %(backup)s, is missing "
            "today: events or the case were removed after the backup."
        )
    return text % where


class Command(BaseCommand):
    help = (
        "Check that no event of any log was altered or removed (tamper evidence for inspectors); "
        "with --against FILE, also that no history a backup recorded was rewritten since."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--against",
            type=Path,
            metavar="FILE",
            help="A backup made by `congvu backup`: compare today's chains with its chain heads.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        broken = 0
        against: Path | None = options.get("against")
        if against is not None:
            broken += self.compare(against)
        for report in verify_logs():
            if report.intact:
                line = ngettext(
                    "%(log)s (%(title)s): %(events)s event of %(cases)s cases checked, intact.",
                    "%(log)s (%(title)s): %(events)s events of %(cases)s cases checked, intact.",
                    report.events,
                )
            else:
                line = ngettext(
                    "%(log)s (%(title)s): %(events)s event of %(cases)s cases checked, "
                    "%(broken)s broken.",
                    "%(log)s (%(title)s): %(events)s events of %(cases)s cases checked, "
                    "%(broken)s broken.",
                    report.events,
                )
            values = {
                "log": report.log,
                "title": report.title,
                "events": report.events,
                "cases": report.cases,
                "broken": len(report.breaks),
            }
            self.stdout.write(line % values)
            for found in report.breaks:
                self.stdout.write("  " + describe(found))
            broken += len(report.breaks)
        if broken:
            raise CommandError(
                ngettext("%(count)s case log is broken.", "%(count)s case logs are broken.", broken)
                % {"count": broken}
            )

    def compare(self, backup: Path) -> int:
        try:
            heads = heads_of_backup(backup)
        except BackupError as error:
            raise CommandError(str(error)) from error
        compared, rewrites = compare_heads(heads)
        line = ngettext(
            "Against the backup %(backup)s: %(chains)s chain compared, %(rewritten)s rewritten.",
            "Against the backup %(backup)s: %(chains)s chains compared, %(rewritten)s rewritten.",
            compared,
        )
        self.stdout.write(line % {"backup": backup, "chains": compared, "rewritten": len(rewrites)})
        for found in rewrites:
            self.stdout.write("  " + describe_rewrite(found, backup))
        return len(rewrites)

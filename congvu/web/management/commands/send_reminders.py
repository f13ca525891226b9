"""`congvu send_reminders`: the daily e-mail digest of what waits for each official (run it once a
day from cron or a systemd timer: docs/reminders.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from congvu.web.reminders import Digest, recipients, send_reminders

# Where `make run` serves, for a demo without CONGVU_SITE_URL.
LOCAL_URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = (
        "E-mail each official one digest a day of what waits for them (CONGVU_EMAIL_* settings; "
        "links start with CONGVU_SITE_URL)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be sent; send nothing."
        )
        parser.add_argument("--only", metavar="LOGIN", help="Only the official with this login.")
        parser.add_argument(
            "--date", type=dt.date.fromisoformat, help="The day (YYYY-MM-DD; default today)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today: dt.date = options["date"] or timezone.localdate()
        base_url = settings.CONGVU_SITE_URL
        if not base_url:
            self.stderr.write(
                f"CONGVU_SITE_URL is not set: the links in the e-mails start with {LOCAL_URL}."
            )
            base_url = LOCAL_URL
        dry_run: bool = options["dry_run"]
        only: str | None = options["only"]
        if only and not recipients(only).exists():
            raise CommandError(f"No active official has the login {only!r}.")

        def show(digest: Digest) -> None:
            if not dry_run:
                return
            self.stdout.write(f"--- {digest.address} ({digest.official.user.username})")
            self.stdout.write(f"Subject: {digest.subject}")
            self.stdout.write(digest.text)

        outcome = send_reminders(today, base_url, dry_run=dry_run, only=only, show=show)
        verb = "would send" if dry_run else "sent"
        self.stdout.write(
            f"{today:%Y-%m-%d}: {verb} {len(outcome.sent)}; nothing waiting "
            f"{outcome.nothing_waiting}; opted out {outcome.opted_out}; already sent today "
            f"{outcome.already_sent}; without an e-mail address {len(outcome.no_address)}"
            + (f" ({', '.join(outcome.no_address[:20])})" if outcome.no_address else "")
        )

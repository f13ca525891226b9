"""The daily digest (`congvu send_reminders`): one e-mail a day to each official with something
waiting — the queues of "Việc của tôi" (`congvu.web.queues`) — in Vietnamese, a text and an HTML
part, with absolute links to the pages. Nobody with nothing waiting gets mail, nor anyone who opted
out; a digest sent is logged (`DigestSent`, one per official and day), so a second run the same day
sends nothing new."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from congvu.org.models import Official
from congvu.web.models import DigestSent
from congvu.web.queues import sections, waiting_on

# Items listed per section in the e-mail; the page behind the link has them all.
ITEMS_PER_SECTION = 10


@dataclass(frozen=True)
class Digest:
    official: Official
    address: str
    subject: str
    text: str
    html: str
    items: int
    summary: str


@dataclass
class Outcome:
    """What one run did, by official."""

    sent: list[str] = field(default_factory=list)
    nothing_waiting: int = 0
    no_address: list[str] = field(default_factory=list)
    already_sent: int = 0
    opted_out: int = 0


def address_of(official: Official) -> str:
    return official.email or official.user.email


def recipients(only: str | None = None) -> QuerySet[Official]:
    """Officials with an active login, by login; `only` keeps the one with that login."""
    officials = Official.objects.filter(user__is_active=True).select_related("user")
    if only:
        officials = officials.filter(user__username=only)
    return officials.order_by("user__username")


def build_digest(official: Official, today: dt.date, base_url: str) -> Digest | None:
    """The official's digest for `today`, or None when nothing waits for them."""
    with translation.override("vi"):
        found = sections(waiting_on(official, today), today)
        if not found:
            return None
        total = sum(section.count for section in found)
        shown = [
            {
                "title": section.title,
                "items": section.items[:ITEMS_PER_SECTION],
                "total": section.count,
                "more": max(0, section.count - ITEMS_PER_SECTION),
            }
            for section in found
        ]
        context = {
            "official": official,
            "today": today,
            "base_url": base_url,
            "sections": shown,
            "total": total,
            "my_work_url": base_url + reverse("my_work"),
            "notifications_url": base_url + reverse("notifications"),
        }
        subject = ngettext(
            "congvu: %(n)d item waiting for you (%(day)s)",
            "congvu: %(n)d items waiting for you (%(day)s)",
            total,
        ) % {"n": total, "day": today.strftime("%d/%m/%Y")}
        text = render_to_string("web/email/digest.txt", context)
        html = render_to_string("web/email/digest.html", context)
        summary = "; ".join(f"{section.title}: {section.count}" for section in found)
    return Digest(official, address_of(official), subject, text, html, total, summary[:500])


def send_reminders(
    today: dt.date,
    base_url: str,
    *,
    dry_run: bool = False,
    only: str | None = None,
    show: Callable[[Digest], None] | None = None,
) -> Outcome:
    """Send each official's digest for `today` (or, with `dry_run`, only show it)."""
    outcome = Outcome()
    base_url = base_url.rstrip("/")
    done = set(DigestSent.objects.filter(day=today).values_list("official_id", flat=True))
    connection = None if dry_run else get_connection()
    try:
        for official in recipients(only).prefetch_related("reminder_preference"):
            preference = getattr(official, "reminder_preference", None)
            if preference is not None and not preference.daily_email:
                outcome.opted_out += 1
                continue
            if official.pk in done:
                outcome.already_sent += 1
                continue
            digest = build_digest(official, today, base_url)
            if digest is None:
                outcome.nothing_waiting += 1
                continue
            if not digest.address:
                outcome.no_address.append(official.user.username)
                continue
            if show is not None:
                show(digest)
            if dry_run:
                outcome.sent.append(official.user.username)
                continue
            message = EmailMultiAlternatives(
                digest.subject,
                digest.text,
                settings.DEFAULT_FROM_EMAIL,
                [digest.address],
                connection=connection,
            )
            message.attach_alternative(digest.html, "text/html")
            try:
                # The log row and the sending stand or fall together: a failed send logs nothing,
                # and a concurrent run that logged first makes this one skip.
                with transaction.atomic():
                    DigestSent.objects.create(
                        official=official,
                        day=today,
                        sent_at=timezone.now(),
                        address=digest.address,
                        items=digest.items,
                        summary=digest.summary,
                    )
                    message.send()
            except IntegrityError:
                outcome.already_sent += 1
                continue
            outcome.sent.append(official.user.username)
    finally:
        if connection is not None:
            connection.close()
    return outcome

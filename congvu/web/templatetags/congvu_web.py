"""Template helpers of the pages: due badges, percentages, query strings."""

from __future__ import annotations

import datetime as dt
import math

from django import template
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from congvu.core.numbers import share
from congvu.people.queries import period_label
from congvu.tasks.models import Task
from congvu.tasks.queries import Category, Counts
from congvu.web.queues import QUEUE_LIMIT

register = template.Library()


@register.simple_tag
def due_badge(task: Task, today: dt.date) -> SafeString:
    """A coloured badge: overdue by N days, due today, N days left, or the closed state."""
    if task.status == Task.Status.DONE:
        return format_html('<span class="badge ok">{}</span>', _("Completed"))
    if task.status == Task.Status.CANCELLED:
        return format_html('<span class="badge muted">{}</span>', _("Cancelled"))
    if task.status == Task.Status.COMPLETED:
        return format_html('<span class="badge info">{}</span>', _("Awaiting approval"))
    # The deadline the task is judged by where the query annotated it (`queries.with_category`):
    # a late extension moves the deadline in force but does not make an overdue task on time.
    due: dt.date = getattr(task, "due_at", None) or task.counted_due
    days = (due - today).days
    if days < 0:
        text = ngettext("Overdue by %(days)d day", "Overdue by %(days)d days", -days) % {
            "days": -days
        }
        return format_html('<span class="badge late">{}</span>', text)
    if days == 0:
        return format_html('<span class="badge soon">{}</span>', _("Due today"))
    text = ngettext("%(days)d day left", "%(days)d days left", days) % {"days": days}
    return format_html('<span class="badge {}">{}</span>', "soon" if days <= 3 else "", text)


@register.filter
def rating_period(period: str) -> str:
    """A rating period as an official writes it ("2026-11" → "tháng 11/2026"), for reading; the
    forms and links keep the code."""
    return period_label(str(period))


@register.filter
def percent(value: float | None) -> str:
    """0.856 → "85%", cut down, never rounded up (0.999 → "99%"); no value → "—"."""
    return "—" if value is None else f"{math.floor(value * 100 + 1e-9)}%"


@register.filter
def on_time(counts: Counts) -> str:
    """The on-time share of a row of counts with what it counts: "97,0 % (194/200)", completed
    on time over the tasks whose timeliness is settled (`Counts.on_time_rate`), never rounded up
    to 100 % while one is late."""
    return share(counts.done_on_time, counts.judged)


@register.filter
def category_label(value: str | None) -> str:
    return str(Category.LABELS.get(value or "", ""))


@register.simple_tag
def query_with(query: QueryDict, **changes: object) -> str:
    """The current query string with some keys replaced (an empty value drops the key)."""
    params = query.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value not in (None, ""):
            params[key] = str(value)
    return params.urlencode()


@register.filter
def iso_date(value: str | None) -> str:
    """ "2025-08-01" (as stored in event payloads) → "01/08/2025"."""
    try:
        return dt.date.fromisoformat(value or "").strftime("%d/%m/%Y")
    except ValueError:
        return value or ""


@register.filter
def queue_count(items: list[object]) -> str:
    """How many a queue holds, "50+" when it was cut at the queues' limit (not an exact count)."""
    return f"{len(items)}+" if len(items) >= QUEUE_LIMIT else str(len(items))

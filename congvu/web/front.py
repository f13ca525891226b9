"""The head of "Việc của tôi": the work each role answers for, in the four report categories.

A chairman answers for the tasks he directs (supervises), a head for the tasks of the units he
runs, an office for the tasks it assigned, every official for the tasks they hold. Each panel
counts the year's tasks (with those carried over into it) through `tasks.queries`, which judges
them by the deadline as it stood (`tasks.deadlines`), so "on time" here is the overview's figure
and never reads 100 % beside an overdue task.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from congvu.org.access import Scope, lineage_ids
from congvu.org.models import Official, Post, Unit
from congvu.tasks.models import Task
from congvu.tasks.queries import (
    Category,
    Counts,
    Period,
    counts_by_lead_unit,
    in_period,
    oldest_overdue,
)

# How many of a panel's overdue tasks it lists (the rest are one click away).
OVERDUE_SHOWN = 5


@dataclass(frozen=True)
class Panel:
    """One body of work: its title, the four counts and the tasks furthest past their deadline;
    `links` open the task list on each category where the list can filter to this work."""

    key: str
    title: str | Promise
    unit: Unit | None
    counts: Counts
    overdue: list[Task]
    links: dict[str, str]


def _count(tasks: QuerySet[Task], period: Period, today: dt.date) -> Counts:
    total = Counts()
    for counts in counts_by_lead_unit(tasks, as_of=today, period=period).values():
        total.add(counts)
    return total


def _panel(
    key: str,
    title: str | Promise,
    tasks: QuerySet[Task],
    today: dt.date,
    *,
    unit: Unit | None = None,
) -> Panel:
    period = Period(dt.date(today.year, 1, 1), today)
    counted = in_period(tasks, period, carried_over=True)
    links: dict[str, str] = {}
    if unit is not None:
        base = {
            "unit": str(unit.pk),
            "involvement": "lead",
            "start": period.start.strftime("%d/%m/%Y"),
            "end": period.end.strftime("%d/%m/%Y"),
            "carried": "1",
        }
        url = reverse("task_list")
        links = {c: f"{url}?{urlencode({**base, 'category': c})}" for c in Category.ALL}
    return Panel(
        key,
        title,
        unit,
        _count(counted, period, today),
        oldest_overdue(counted, as_of=today, limit=OVERDUE_SHOWN),
        links,
    )


def panels(
    official: Official, posts: tuple[Post, ...], scope: Scope, today: dt.date
) -> list[Panel]:
    """The panels of the official's roles, in this order: the tasks they direct (a leader), those
    of each unit they head, those their office assigned, and the tasks they hold (always for an
    official with no other role, else only when they hold some)."""
    if official.is_inspector:
        return []
    found: list[Panel] = []
    if any(post.role == Post.Role.LEADER for post in posts):
        found.append(
            _panel("directed", _("Tasks I direct"), Task.objects.filter(supervisor=official), today)
        )
    for post in posts:
        if post.role == Post.Role.HEAD:
            tasks = Task.objects.filter(lead_unit_id__in=lineage_ids(post.unit))
            found.append(_panel("unit", post.unit.name, tasks, today, unit=post.unit))
    if scope.office_units:
        assigned = Task.objects.filter(assigner_unit_id__in=sorted(scope.office_units))
        found.append(_panel("office", _("Tasks my office assigned"), assigned, today))
    held = Task.objects.filter(Q(assignee=official))
    if not found or held.exists():
        found.append(_panel("held", _("Tasks I hold"), held, today))
    return found

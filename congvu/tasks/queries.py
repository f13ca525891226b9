"""Reads over tasks: the four standard report categories, per unit and over a period.

Every Vietnamese task report (Báo cáo 1270/BC-TCTTTg and later VPCP reports) classifies tasks as
completed on time, completed late, open within the deadline, and open past it. Tasks without a
deadline do not exist here (every task has one); cancelled tasks are left out of all four.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.db.models import CharField as CharFieldType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congvu.org.models import Unit
from congvu.tasks.models import Task


class Category:
    """The four categories, in the order every report lists them."""

    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    OPEN_ON_TIME = "open_on_time"
    OPEN_OVERDUE = "open_overdue"

    ALL = (DONE_ON_TIME, DONE_LATE, OPEN_ON_TIME, OPEN_OVERDUE)
    LABELS = {
        DONE_ON_TIME: _("Completed on time"),
        DONE_LATE: _("Completed late"),
        OPEN_ON_TIME: _("In progress, within deadline"),
        OPEN_OVERDUE: _("Overdue, not completed"),
    }


@dataclass(frozen=True)
class Period:
    """Tasks assigned from `start` to `end` (both included, local days), evaluated as of `as_of`."""

    start: dt.date
    end: dt.date

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(self.start, dt.time.min, tzinfo=tz)
        end = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        return start, end


def _end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(
        day + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone()
    )


def category_q(category: str, *, as_of: dt.date, original_deadline: bool = False) -> Q:
    """The condition for a category as of the end of `as_of`.

    A task counts as completed once its result was approved by that day; whether it was on time
    compares the day the approved result was reported with the deadline in force (or the original
    deadline when `original_deadline`). Extensions granted after `as_of` are not undone: the task
    keeps the deadline it has today.
    """
    due = F("original_due") if original_deadline else F("due")
    done = Q(status=Task.Status.DONE, approved_at__lt=_end_of(as_of))
    live = ~Q(status=Task.Status.CANCELLED)
    if category == Category.DONE_ON_TIME:
        return done & Q(completed_on__lte=due)
    if category == Category.DONE_LATE:
        return done & Q(completed_on__gt=due)
    if category == Category.OPEN_ON_TIME:
        return (
            live & ~done & Q(**{("original_due" if original_deadline else "due") + "__gte": as_of})
        )
    if category == Category.OPEN_OVERDUE:
        return (
            live & ~done & Q(**{("original_due" if original_deadline else "due") + "__lt": as_of})
        )
    raise ValueError(category)


def with_category(
    tasks: QuerySet[Task], *, as_of: dt.date, original_deadline: bool = False
) -> QuerySet[Task]:
    """Annotate each task with `category` (None for a cancelled one)."""
    return tasks.annotate(
        category=Case(
            *(
                When(category_q(c, as_of=as_of, original_deadline=original_deadline), then=Value(c))
                for c in Category.ALL
            ),
            default=Value(None),
            output_field=CharFieldType(),
        )
    )


def in_period(tasks: QuerySet[Task], period: Period) -> QuerySet[Task]:
    start, end = period.bounds()
    return tasks.filter(created_at__gte=start, created_at__lt=end)


@dataclass
class Counts:
    """The four counts of one row of a report."""

    done_on_time: int = 0
    done_late: int = 0
    open_on_time: int = 0
    open_overdue: int = 0

    @property
    def total(self) -> int:
        return self.done_on_time + self.done_late + self.open_on_time + self.open_overdue

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def on_time_rate(self) -> float | None:
        """Share of completed tasks completed on time (None when nothing was completed)."""
        return self.done_on_time / self.done if self.done else None

    @property
    def overdue_rate(self) -> float | None:
        """Share of all tasks that are late, completed or not (None when there are none)."""
        return (self.done_late + self.open_overdue) / self.total if self.total else None

    def add(self, other: Counts) -> None:
        for name in Category.ALL:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class UnitRow:
    """A unit's counts, with its own tasks and those of its sub-units rolled up."""

    unit: Unit
    counts: Counts = field(default_factory=Counts)


def counts_by_lead_unit(
    tasks: QuerySet[Task], *, as_of: dt.date, original_deadline: bool = False
) -> dict[int, Counts]:
    """One GROUP BY query: the four counts per lead unit id."""
    aggregates = {
        c: Count("pk", filter=category_q(c, as_of=as_of, original_deadline=original_deadline))
        for c in Category.ALL
    }
    rows = tasks.order_by().values("lead_unit_id").annotate(**aggregates)
    return {row["lead_unit_id"]: Counts(**{c: row[c] for c in Category.ALL}) for row in rows}


def overview(
    tasks: QuerySet[Task],
    *,
    units: Iterable[Unit],
    as_of: dt.date,
    original_deadline: bool = False,
) -> tuple[list[UnitRow], Counts]:
    """Roll the per-unit counts up into `units` (each takes its subtree and the units merged into
    it); returns the rows, largest first, and the grand total over `tasks`.

    Rolling up in Python over the unit tree keeps this to two queries whatever the number of units.
    """
    per_unit = counts_by_lead_unit(tasks, as_of=as_of, original_deadline=original_deadline)
    all_units = {u.pk: u for u in Unit.objects.only("pk", "path", "successor_id")}
    rows = [UnitRow(unit) for unit in units]
    total = Counts()
    for unit_id, counts in per_unit.items():
        total.add(counts)
        path = _effective_path(unit_id, all_units)
        for row in rows:
            if path.startswith(row.unit.path):
                row.counts.add(counts)
    rows.sort(key=lambda row: (-row.counts.total, row.unit.path))
    return rows, total


def _effective_path(unit_id: int, units: dict[int, Unit]) -> str:
    """The tree path of the unit that holds a unit's history today (following successors)."""
    unit = units[unit_id]
    seen = {unit_id}
    while unit.successor_id is not None and unit.successor_id not in seen:
        seen.add(unit.successor_id)
        unit = units[unit.successor_id]
    return unit.path


def lineage_ids(unit: Unit) -> list[int]:
    """The unit, its sub-units, and every unit merged into any of them (for drill-down lists)."""
    subtree = set(Unit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))
    frontier = set(subtree)
    while frontier:
        frontier = (
            set(
                Unit.objects.filter(successor__in=frontier)
                .exclude(pk__in=subtree)
                .values_list("pk", flat=True)
            )
            - subtree
        )
        subtree |= frontier
    return sorted(subtree)


def open_tasks_for(official_id: int) -> QuerySet[Task]:
    """The official's own open tasks ("Việc của tôi"), most urgent first."""
    return (
        Task.objects.filter(assignee_id=official_id)
        .exclude(status__in=[Task.Status.DONE, Task.Status.CANCELLED])
        .select_related("lead_unit", "field", "assigner_unit")
        .order_by("due", "pk")
    )

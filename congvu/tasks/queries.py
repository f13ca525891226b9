"""Reads over tasks: the four standard report categories, per unit and over a period.

Every Vietnamese task report (Báo cáo 1270/BC-TCTTTg and later VPCP reports) classifies tasks as
completed on time, completed late, open within the deadline, and open past it. Tasks without a
deadline do not exist here (every task has one); cancelled tasks are left out of all four.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, Min, Q, QuerySet, Value, When
from django.db.models import CharField as CharFieldType
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual, LessThan, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congvu.org.access import Scope, lineage_ids
from congvu.org.models import Official, Unit
from congvu.org.text import fold
from congvu.tasks import access
from congvu.tasks.deadlines import deadline_at, end_of
from congvu.tasks.models import DirectiveDocument, Escalation, ExtensionRequest, InputRequest, Task


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


# A result reported complete counts by the day it was reported, whether or not the assigner has
# approved it yet: the wait for approval is the approver's figure (`approval_wait`), not the lead
# unit's. A result sent back for rework is open again from then on.
REPORTED = (Task.Status.COMPLETED, Task.Status.DONE)
WORKING = (Task.Status.NEW, Task.Status.IN_PROGRESS, Task.Status.RETURNED)


def _done_q(as_of: dt.date) -> Q:
    """Reported complete by the end of `as_of` (approved or not)."""
    return Q(status__in=REPORTED, completed_on__lte=as_of)


def _open_q(as_of: dt.date) -> Q:
    """Not completed (and not cancelled) by the end of `as_of`."""
    # Spelt as positive conditions on `status`, so that the database can read the few open tasks
    # from the (status, due) index instead of scanning all.
    still_open = Q(status__in=WORKING)
    if as_of < timezone.localdate():
        # Looking back, a task reported complete after `as_of` was still open then; nothing is
        # reported in the future, so for today this branch only kept the database off the index.
        still_open |= Q(status__in=REPORTED, completed_on__gt=as_of)
    return still_open


def category_q(category: str, *, as_of: dt.date, original_deadline: bool = False) -> Q:
    """The condition for a category as of the end of `as_of`.

    A task counts as completed once its result was reported complete by that day (approved or
    awaiting approval); whether it was on time compares that day with the counted deadline at
    `as_of` (`deadlines.deadline_at`: extensions granted later are not seen, late ones cure
    nothing), or with the original deadline when `original_deadline`.
    """
    due = deadline_at(as_of, original=original_deadline)
    done = _done_q(as_of)
    still_open = _open_q(as_of)
    if category == Category.DONE_ON_TIME:
        return done & Q(LessThanOrEqual(F("completed_on"), due))
    if category == Category.DONE_LATE:
        return done & Q(GreaterThan(F("completed_on"), due))
    if category == Category.OPEN_ON_TIME:
        return still_open & Q(GreaterThanOrEqual(due, Value(as_of)))
    if category == Category.OPEN_OVERDUE:
        return still_open & Q(LessThan(due, Value(as_of)))
    raise ValueError(category)


def with_category(
    tasks: QuerySet[Task], *, as_of: dt.date, original_deadline: bool = False
) -> QuerySet[Task]:
    """Annotate each task with `category` (None for a cancelled one) and `due_at`, the deadline
    it is judged by at `as_of` (`deadlines.deadline_at`)."""
    return tasks.annotate(
        due_at=deadline_at(as_of, original=original_deadline),
        category=Case(
            *(
                When(category_q(c, as_of=as_of, original_deadline=original_deadline), then=Value(c))
                for c in Category.ALL
            ),
            default=Value(None),
            output_field=CharFieldType(),
        ),
    )


def in_period(
    tasks: QuerySet[Task], period: Period, *, carried_over: bool = False
) -> QuerySet[Task]:
    """Tasks assigned in the period; with `carried_over`, also those assigned earlier and still
    open at its start (not reported complete before it): the tasks a period's totals answer for.
    A cancelled one is kept here and left out of every category."""
    start, end = period.bounds()
    assigned = Q(created_at__gte=start, created_at__lt=end)
    if carried_over:
        assigned |= carried_q(period)
    return tasks.filter(assigned)


def carried_q(period: Period) -> Q:
    """Assigned before the period and not reported complete before its first day."""
    start, _end = period.bounds()
    return Q(created_at__lt=start) & (
        Q(completed_on__isnull=True) | Q(completed_on__gte=period.start)
    )


@dataclass
class Counts:
    """The four counts of one row of a report."""

    done_on_time: int = 0
    done_late: int = 0
    open_on_time: int = 0
    open_overdue: int = 0
    # Of the four, the tasks assigned before the period and carried over into it.
    carried_over: int = 0

    @property
    def total(self) -> int:
        return self.done_on_time + self.done_late + self.open_on_time + self.open_overdue

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def late(self) -> int:
        """Completed late or still open past the deadline."""
        return self.done_late + self.open_overdue

    @property
    def judged(self) -> int:
        """The tasks whose timeliness is settled: completed, or open past the deadline (an open
        task within its deadline may still go either way)."""
        return self.done + self.open_overdue

    @property
    def on_time_rate(self) -> float | None:
        """Share of the settled tasks completed on time, `done_on_time / judged` (None when none
        is settled): an overdue open task weighs against it, so no unit with a late task reads
        100 %. Shown with `core.numbers.share`, which never rounds up."""
        return self.done_on_time / self.judged if self.judged else None

    @property
    def overdue_rate(self) -> float | None:
        """Share of all tasks that are late, completed or not (None when there are none)."""
        return (self.done_late + self.open_overdue) / self.total if self.total else None

    def add(self, other: Counts) -> None:
        for name in FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def less(self, other: Counts) -> None:
        for name in FIELDS:
            setattr(self, name, getattr(self, name) - getattr(other, name))


FIELDS = (*Category.ALL, "carried_over")


@dataclass
class UnitRow:
    """A unit's counts, with its own tasks and those of its sub-units rolled up."""

    unit: Unit
    counts: Counts = field(default_factory=Counts)


def counts_by_lead_unit(
    tasks: QuerySet[Task],
    *,
    as_of: dt.date,
    original_deadline: bool = False,
    period: Period | None = None,
) -> dict[int, Counts]:
    """One GROUP BY query: the four counts per lead unit id (and, given the period, how many of
    them were carried over into it)."""
    # Two of the four conditions read the deadline (a subquery looking back); the other two are
    # differences with the completed and open counts, which read plain columns.
    aggregates = {
        c: Count("pk", filter=category_q(c, as_of=as_of, original_deadline=original_deadline))
        for c in (Category.DONE_ON_TIME, Category.OPEN_OVERDUE)
    }
    aggregates["done"] = Count("pk", filter=_done_q(as_of))
    aggregates["open"] = Count("pk", filter=_open_q(as_of))
    if period is not None:
        aggregates["carried_over"] = Count(
            "pk", filter=carried_q(period) & ~Q(status=Task.Status.CANCELLED)
        )
    rows = tasks.order_by().values("lead_unit_id").annotate(**aggregates)
    return {
        row["lead_unit_id"]: Counts(
            done_on_time=row[Category.DONE_ON_TIME],
            done_late=row["done"] - row[Category.DONE_ON_TIME],
            open_on_time=row["open"] - row[Category.OPEN_OVERDUE],
            open_overdue=row[Category.OPEN_OVERDUE],
            carried_over=row.get("carried_over", 0),
        )
        for row in rows
    }


def overview(
    tasks: QuerySet[Task],
    *,
    units: Iterable[Unit],
    as_of: dt.date,
    original_deadline: bool = False,
    period: Period | None = None,
) -> tuple[list[UnitRow], Counts]:
    """Roll the per-unit counts up into `units` (each takes its subtree and the units merged into
    it); returns the rows, largest first, and the grand total over `tasks`.

    Rolling up in Python over the unit tree keeps this to two queries whatever the number of units.
    """
    per_unit = counts_by_lead_unit(
        tasks, as_of=as_of, original_deadline=original_deadline, period=period
    )
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


@dataclass(frozen=True)
class UnitOverview:
    """The overview of one unit: the tasks it counts, a row per sub-unit, and the total."""

    unit: Unit
    tasks: QuerySet[Task]
    rows: list[UnitRow]
    total: Counts
    approval_wait: ApprovalWait


def unit_overview(
    official: Official,
    unit: Unit,
    *,
    period: Period,
    as_of: dt.date,
    original_deadline: bool = False,
    scope: Scope | None = None,
) -> UnitOverview:
    """The four categories per sub-unit of `unit` (those in force on `as_of`), for the tasks of the
    unit's lineage that the official may see, assigned in the period or carried over into it:
    the one query behind the overview page and the API's /overview, so the two cannot disagree.
    The approval wait is the assigning side's own figure, for the tasks `unit`'s lineage
    assigned."""
    visible = access.visible_in(official, unit, scope)
    tasks = in_period(visible, period, carried_over=True)
    children = Unit.objects.in_force(as_of).filter(parent=unit).prefetch_related("children")
    rows, total = overview(
        tasks, units=children, as_of=as_of, original_deadline=original_deadline, period=period
    )
    wait = approval_wait(visible.filter(assigner_unit_id__in=lineage_ids(unit)), as_of=as_of)
    return UnitOverview(unit, tasks, rows, total, wait)


@dataclass(frozen=True)
class ApprovalWait:
    """Results reported complete and not yet approved at the end of a day: the approver's figure,
    not the lead unit's (a task awaiting approval counts as completed, on time or late, by the
    day it was reported)."""

    count: int
    longest_days: int  # days the oldest of them has waited (0 when none)


def approval_wait(tasks: QuerySet[Task], *, as_of: dt.date) -> ApprovalWait:
    """How many of `tasks` were reported complete by `as_of` and not approved by then, and how
    long the oldest has waited: one query."""
    end = end_of(as_of)
    waiting = tasks.filter(status__in=REPORTED, completed_on__lte=as_of).filter(
        Q(approved_at__isnull=True) | Q(approved_at__gte=end)
    )
    row = waiting.order_by().aggregate(count=Count("pk"), oldest=Min("completed_on"))
    oldest: dt.date | None = row["oldest"]
    return ApprovalWait(row["count"], (as_of - oldest).days if oldest else 0)


def _effective_path(unit_id: int, units: dict[int, Unit]) -> str:
    """The tree path of the unit that holds a unit's history today (following successors)."""
    unit = units[unit_id]
    seen = {unit_id}
    while unit.successor_id is not None and unit.successor_id not in seen:
        seen.add(unit.successor_id)
        unit = units[unit.successor_id]
    return unit.path


def open_tasks_for(official_id: int) -> QuerySet[Task]:
    """The official's own open tasks ("Việc của tôi"), most urgent first."""
    return (
        Task.objects.filter(assignee_id=official_id)
        .exclude(status__in=[Task.Status.DONE, Task.Status.CANCELLED])
        .select_related("lead_unit", "field", "assigner_unit")
        .order_by("due", "pk")
    )


# --- Lists for the pages: filters, "my work" queues, overview top lists -------------------------

OPEN_STATUSES = (
    Task.Status.NEW,
    Task.Status.IN_PROGRESS,
    Task.Status.RETURNED,
    Task.Status.COMPLETED,
)
# States in which the lead unit still holds the work (a completed task waits on the assigner).
WORKING_STATUSES = (Task.Status.NEW, Task.Status.IN_PROGRESS, Task.Status.RETURNED)

LIST_RELATED = ("lead_unit", "field", "assignee", "assigner_unit", "document")


@dataclass(frozen=True)
class TaskFilter:
    """What a task list is narrowed to; every field is optional (empty means "any").

    `unit_ids` are lead or coordinating units (already expanded with sub-units and merged
    predecessors by the caller); `involvement` says which side of the task they must be on.
    `period` limits tasks by assignment date; categories are evaluated as of `as_of`.
    """

    as_of: dt.date
    status: str = ""
    category: str = ""
    field_id: int | None = None
    unit_ids: tuple[int, ...] | None = None
    involvement: str = ""  # "", "lead" or "coordinating"
    overdue: bool = False
    due_within: int | None = None
    period: Period | None = None
    search: str = ""
    original_deadline: bool = False
    descending: bool = False
    carried_over: bool = False  # with `period`: also tasks assigned before it and still open


def filter_tasks(tasks: QuerySet[Task], spec: TaskFilter) -> QuerySet[Task]:
    """Narrow `tasks` by `spec`, annotate each with its category, with the list's related rows
    joined, sorted by deadline (then id, so that pages are stable)."""
    if spec.status:
        tasks = tasks.filter(status=spec.status)
    if spec.category == "counted":
        # Any of the four categories: every task but the cancelled ones.
        tasks = tasks.exclude(status=Task.Status.CANCELLED)
    elif spec.category:
        tasks = tasks.filter(
            category_q(spec.category, as_of=spec.as_of, original_deadline=spec.original_deadline)
        )
    if spec.field_id is not None:
        tasks = tasks.filter(field_id=spec.field_id)
    if spec.unit_ids is not None:
        coordinated = Task.coordinating_units.through.objects.filter(unit_id__in=spec.unit_ids)
        lead = Q(lead_unit_id__in=spec.unit_ids)
        coordinating = Q(pk__in=coordinated.values("task_id"))
        if spec.involvement == "lead":
            tasks = tasks.filter(lead)
        elif spec.involvement == "coordinating":
            tasks = tasks.filter(coordinating)
        else:
            tasks = tasks.filter(lead | coordinating)
    if spec.overdue:
        due = deadline_at(spec.as_of, original=spec.original_deadline)
        tasks = tasks.filter(Q(status__in=WORKING_STATUSES), Q(LessThan(due, Value(spec.as_of))))
    if spec.due_within is not None:
        tasks = tasks.filter(
            status__in=WORKING_STATUSES,
            due__gte=spec.as_of,
            due__lte=spec.as_of + dt.timedelta(days=spec.due_within),
        )
    if spec.period is not None:
        tasks = in_period(tasks, spec.period, carried_over=spec.carried_over)
    if spec.search:
        # The folded title ignores diacritics ("ha long" finds "Hạ Long"); document numbers are
        # searched as typed, since "123/UBND-TH" has none.
        # Every word must appear, in any order, so "ha long cam pha" finds "Hạ Long - Cẩm Phả".
        words = Q()
        for word in fold(spec.search).split():
            words &= Q(title_folded__contains=word)
        tasks = tasks.filter(words | Q(document__number__icontains=spec.search.strip()))
    order = ("-due", "-pk") if spec.descending else ("due", "pk")
    return with_category(
        tasks.select_related(*LIST_RELATED),
        as_of=spec.as_of,
        original_deadline=spec.original_deadline,
    ).order_by(*order)


def awaiting_acceptance(unit_ids: Iterable[int]) -> QuerySet[Task]:
    """New tasks led by `unit_ids` that nobody has accepted yet (chờ tiếp nhận), oldest first."""
    return (
        Task.objects.filter(lead_unit_id__in=list(unit_ids), status=Task.Status.NEW)
        .select_related(*LIST_RELATED)
        .order_by("due", "pk")
    )


def awaiting_assignment(unit_ids: Iterable[int]) -> QuerySet[Task]:
    """Accepted tasks led by `unit_ids` not yet handed to an official (chưa phân công)."""
    return (
        Task.objects.filter(
            lead_unit_id__in=list(unit_ids), status=Task.Status.IN_PROGRESS, assignee__isnull=True
        )
        .select_related(*LIST_RELATED)
        .order_by("due", "pk")
    )


def open_input_requests_to(unit_ids: Iterable[int]) -> QuerySet[InputRequest]:
    """Requests for input sent to `unit_ids` awaiting their answer, earliest deadline first."""
    return (
        InputRequest.objects.filter(to_unit_id__in=list(unit_ids), status=InputRequest.Status.OPEN)
        .exclude(task__status__in=[Task.Status.DONE, Task.Status.CANCELLED])
        .select_related("task", "task__lead_unit", "to_unit", "requested_by")
        .order_by("answer_due", "pk")
    )


def _followed_by(official_id: int, office_unit_ids: Iterable[int]) -> Q:
    """Tasks the official follows up: assigned by their office, or supervised by them."""
    return Q(assigner_unit_id__in=list(office_unit_ids)) | Q(supervisor_id=official_id)


def pending_extensions_for(
    official_id: int, office_unit_ids: Iterable[int]
) -> QuerySet[ExtensionRequest]:
    """Extension requests waiting for the official's decision (as office or supervisor)."""
    followed = Task.objects.filter(_followed_by(official_id, office_unit_ids))
    return (
        ExtensionRequest.objects.filter(
            status=ExtensionRequest.Status.PENDING, task__in=followed.values("pk")
        )
        .exclude(task__status__in=[Task.Status.DONE, Task.Status.CANCELLED])
        .select_related("task", "task__lead_unit", "requested_by")
        .order_by("requested_at", "pk")
    )


def awaiting_approval(official_id: int, office_unit_ids: Iterable[int]) -> QuerySet[Task]:
    """Tasks reported complete that the official's office or the official must approve."""
    return (
        Task.objects.filter(
            _followed_by(official_id, office_unit_ids), status=Task.Status.COMPLETED
        )
        .select_related(*LIST_RELATED)
        .order_by("completed_at", "pk")
    )


def open_escalations_to(official_id: int) -> QuerySet[Escalation]:
    """Questions put to the official (xin ý kiến) still awaiting an answer."""
    return (
        Escalation.objects.filter(to_official_id=official_id, status=Escalation.Status.OPEN)
        .select_related("task", "task__lead_unit", "asked_by")
        .order_by("asked_at", "pk")
    )


def oldest_overdue(
    tasks: QuerySet[Task], *, as_of: dt.date, original_deadline: bool = False, limit: int = 10
) -> list[Task]:
    """The open tasks furthest past their deadline, for the leader's top list; each with `due_at`,
    the deadline it is judged by at `as_of`."""
    overdue = tasks.filter(
        category_q(Category.OPEN_OVERDUE, as_of=as_of, original_deadline=original_deadline)
    ).annotate(due_at=deadline_at(as_of, original=original_deadline))
    return list(overdue.select_related(*LIST_RELATED).order_by("due_at", "pk")[:limit])


def documents_matching(
    documents: QuerySet[DirectiveDocument], text: str
) -> QuerySet[DirectiveDocument]:
    """The documents whose number or summary holds every word of `text`, diacritics ignored
    ("ha long 12/ubnd" finds "12/UBND-TH … Hạ Long"), newest first."""
    for word in fold(text).split():
        documents = documents.filter(folded__contains=word)
    return documents.order_by("-issued_on", "number", "pk")

"""Reads over public investment: disbursement rates per project, investor and month against the
plan and the target curve, slow projects with the stage that holds them, and stage bottlenecks.

Every function takes the projects a viewer may see (`access.visible`) and runs a fixed
number of queries whatever their number. The rate is cumulative disbursement ÷ the plan assigned
(vietnam-rules §9.1, rule `rate_base`); the rate against the plan after adjustments comes along.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from congvu.core.calendar import working_days_between
from congvu.investment.models import (
    STAGE_ORDER,
    CapitalPlan,
    Disbursement,
    Project,
    ProjectEvent,
    Stage,
    StageKind,
    TargetPoint,
)
from congvu.investment.rules import default_target_curve, monthly_report_due, plan_window
from congvu.org.models import Unit
from congvu.org.text import fold


def _of(projects: QuerySet[Project], rows: QuerySet[Any]) -> QuerySet[Any]:
    """`rows` of the given projects. When `projects` is every project (a leader of the province,
    an inspector), no filter is added: `project_id IN (SELECT id FROM project)` costs a join for
    nothing on the dashboards' largest tables."""
    if not projects.query.has_filters():
        return rows
    return rows.filter(project__in=projects)


def plan_year_of(day: dt.date) -> int:
    """The plan year a day reports on: in January, still the previous year's plan, which runs
    to 31/01 (its 13th month); otherwise the calendar year."""
    previous = day.year - 1
    return previous if day <= plan_window(previous)[1] else day.year


@dataclass(frozen=True)
class Money:
    """Plan and disbursement totals of one row of a report, in đồng."""

    assigned_vnd: int = 0
    current_vnd: int = 0
    disbursed_vnd: int = 0

    @property
    def rate(self) -> float | None:
        """Disbursed ÷ plan assigned (None without a plan)."""
        return self.disbursed_vnd / self.assigned_vnd if self.assigned_vnd else None

    @property
    def rate_current(self) -> float | None:
        """Disbursed ÷ plan after adjustments (None without a plan)."""
        return self.disbursed_vnd / self.current_vnd if self.current_vnd else None


# -- the target curve --------------------------------------------------------------------------


def target_curve(year: int) -> list[tuple[dt.date, int]]:
    """The province's target points for `year` (the `TargetPoint` table), or the default curve
    of the rules data when the province set none: (by day, minimum % of the assigned plan)."""
    points = list(TargetPoint.objects.filter(year=year).values_list("on", "percent"))
    return points or default_target_curve(year)


def target_on(curve: Sequence[tuple[dt.date, int]], day: dt.date, *, year: int) -> float:
    """The target share (0..1) on `day`, rising linearly from 0 on 1 January between the points
    and flat after the last one."""
    previous_day, previous_pct = dt.date(year, 1, 1), 0.0
    for point_day, pct in sorted(curve):
        if day <= point_day:
            span = (point_day - previous_day).days
            part = (day - previous_day).days / span if span > 0 else 1.0
            return max(0.0, previous_pct + (pct - previous_pct) * part) / 100
        previous_day, previous_pct = point_day, float(pct)
    return previous_pct / 100


# -- rates -------------------------------------------------------------------------------------


def _sum_subquery(
    queryset: QuerySet[CapitalPlan] | QuerySet[Disbursement], column: str
) -> Subquery:
    """A correlated SUM per project that yields 0, not NULL, when there is nothing to add."""
    summed = (
        queryset.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(total=Sum(column))
        .values("total")
    )
    return Subquery(summed, output_field=IntegerField())


def with_rates(projects: QuerySet[Project], *, year: int, as_of: dt.date) -> QuerySet[Project]:
    """Annotate each project with `plan_assigned_vnd`, `plan_current_vnd` and `disbursed_vnd`
    (paid from the plan of `year` up to `as_of`), with the investor selected: one query."""
    plans = CapitalPlan.objects.filter(year=year)
    paid = Disbursement.objects.filter(plan__year=year, on__lte=as_of)
    zero = Value(0, output_field=IntegerField())
    return projects.select_related("investor").annotate(
        plan_assigned_vnd=Coalesce(_sum_subquery(plans, "assigned_vnd"), zero),
        plan_current_vnd=Coalesce(_sum_subquery(plans, "current_vnd"), zero),
        disbursed_vnd=Coalesce(_sum_subquery(paid, "amount_vnd"), zero),
    )


def money_of(project: Project) -> Money:
    """The totals of a project annotated by `with_rates`."""
    return Money(
        assigned_vnd=project.plan_assigned_vnd,  # type: ignore[attr-defined]  # with_rates
        current_vnd=project.plan_current_vnd,  # type: ignore[attr-defined]
        disbursed_vnd=project.disbursed_vnd,  # type: ignore[attr-defined]
    )


@dataclass(frozen=True)
class Sums:
    """Plan and payments of one plan year per project id (only projects with a plan that year),
    and each project's investor id: what the reports below are computed from."""

    money: dict[int, Money]
    investor: dict[int, int]


def project_sums(projects: QuerySet[Project], *, year: int, as_of: dt.date) -> Sums:
    """Two GROUP BY queries, whatever the number of projects (a correlated subquery per project
    costs a probe each, and the dashboard needs every project's sums)."""
    plans = (
        _of(projects, CapitalPlan.objects.filter(year=year))
        .order_by()
        .values_list("project_id", "project__investor_id", "assigned_vnd", "current_vnd")
    )
    paid = dict(
        _of(projects, Disbursement.objects.filter(plan__year=year, on__lte=as_of))
        .order_by()
        .values("project_id")
        .annotate(total=Sum("amount_vnd"))
        .values_list("project_id", "total")
    )
    money, investor = {}, {}
    for project_id, investor_id, assigned, current in plans:
        money[project_id] = Money(int(assigned), int(current), int(paid.get(project_id) or 0))
        investor[project_id] = investor_id
    return Sums(money=money, investor=investor)


def total_of(sums: Sums) -> Money:
    """The sums of every project added up."""
    return Money(
        assigned_vnd=sum(m.assigned_vnd for m in sums.money.values()),
        current_vnd=sum(m.current_vnd for m in sums.money.values()),
        disbursed_vnd=sum(m.disbursed_vnd for m in sums.money.values()),
    )


def totals(projects: QuerySet[Project], *, year: int, as_of: dt.date) -> Money:
    """The plan and disbursement of `projects` for `year` as of `as_of`: two queries."""
    return total_of(project_sums(projects, year=year, as_of=as_of))


@dataclass(frozen=True)
class InvestorRow:
    """One investor's plan, disbursement and number of projects with a plan in the year."""

    investor: Unit
    projects: int
    money: Money


def investor_rows(sums: Sums) -> list[InvestorRow]:
    """Rates per investor, lowest rate first: one query (the units)."""
    grouped: dict[int, list[Money]] = defaultdict(list)
    for project_id, money in sums.money.items():
        grouped[sums.investor[project_id]].append(money)
    units = Unit.objects.in_bulk(list(grouped))
    rows = [
        InvestorRow(
            investor=units[unit_id],
            projects=len(items),
            money=total_of(Sums(money=dict(enumerate(items)), investor={})),
        )
        for unit_id, items in grouped.items()
    ]
    rows.sort(key=lambda row: (row.money.rate or 0.0, row.investor.name))
    return rows


def by_investor(projects: QuerySet[Project], *, year: int, as_of: dt.date) -> list[InvestorRow]:
    """Rates per investor, lowest rate first: three queries (plans, payments, units)."""
    return investor_rows(project_sums(projects, year=year, as_of=as_of))


@dataclass(frozen=True)
class MonthRow:
    """One month of the plan year: paid in the month, cumulative, and the targets at its end.

    `cumulative_vnd` is None for months after `as_of`; `report_due` is the day before which the
    monthly report on it is due (rule `monthly_report_day`).
    """

    month: dt.date
    paid_vnd: int
    cumulative_vnd: int | None
    cumulative_rate: float | None
    target: float
    target_vnd: int
    report_due: dt.date


def months(
    projects: QuerySet[Project], *, year: int, as_of: dt.date, money: Money | None = None
) -> tuple[Money, list[MonthRow]]:
    """The plan year's months (January to the month of its last day, 13 in all) with payments,
    cumulative disbursement and the target curve: four queries, two when the year's `money`
    (from `project_sums`) is given."""
    money = money or totals(projects, year=year, as_of=as_of)
    first, last = plan_window(year)
    # Grouped by day and bucketed here: a plan year has ~400 days, and a date function per row
    # (TruncMonth is a Python function on SQLite) would cost more than the sums themselves.
    by_day = (
        _of(projects, Disbursement.objects.filter(plan__year=year, on__lte=as_of))
        .order_by()
        .values("on")
        .annotate(total=Sum("amount_vnd"))
        .values_list("on", "total")
    )
    paid: dict[dt.date, int] = defaultdict(int)
    for day, total in by_day:
        paid[day.replace(day=1)] += int(total)
    curve = target_curve(year)
    rows: list[MonthRow] = []
    cumulative = 0
    month = first
    while month <= last:
        end = min(_month_end(month), last)
        cumulative += paid.get(month, 0)
        started = month <= as_of
        target = target_on(curve, end, year=year)
        rows.append(
            MonthRow(
                month=month,
                paid_vnd=paid.get(month, 0),
                cumulative_vnd=cumulative if started else None,
                cumulative_rate=(
                    cumulative / money.assigned_vnd if started and money.assigned_vnd else None
                ),
                target=target,
                target_vnd=round(money.assigned_vnd * target),
                report_due=monthly_report_due(month),
            )
        )
        month = end + dt.timedelta(days=1)
    return money, rows


def _month_end(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


# -- where time is lost ------------------------------------------------------------------------


@dataclass(frozen=True)
class Holding:
    """The stage a project waits on, the unit holding it, since when and how far past plan
    (``days_held`` and ``overrun_days`` in working days, `core.calendar`)."""

    stage: Stage
    since: dt.date
    days_held: int
    overrun_days: int


def holding_stage(stages: Sequence[Stage], *, as_of: dt.date) -> Holding | None:
    """The stage where a project loses time as of `as_of`.

    Among stages under way, the one furthest past its planned end (the earliest started on a
    tie); when none is under way, the next stage not started, held by its unit since the previous
    stage ended (or since its own planned start). None for a settled project.
    """
    ordered = sorted(stages, key=lambda stage: stage.position)
    open_stages = [
        s
        for s in ordered
        if s.actual_start is not None
        and s.actual_start <= as_of
        and (s.actual_end is None or s.actual_end > as_of)
    ]
    if open_stages:
        worst = max(
            open_stages,
            key=lambda s: (_overrun(s, as_of), -(as_of - (s.actual_start or as_of)).days),
        )
        since = worst.actual_start or as_of
        return Holding(worst, since, _held(since, as_of), _overrun(worst, as_of))
    previous_end: dt.date | None = None
    for stage in ordered:
        if stage.actual_start is None or stage.actual_start > as_of:
            waiting = previous_end or stage.planned_start
            if waiting is None or waiting > as_of:
                return None
            return Holding(stage, waiting, _held(waiting, as_of), _overrun(stage, as_of))
        previous_end = stage.actual_end
    return None


def _held(since: dt.date, as_of: dt.date) -> int:
    """Working days a stage has been held (`core.calendar`), the day it started not counted."""
    return max(0, working_days_between(since, as_of))


def _overrun(stage: Stage, as_of: dt.date) -> int:
    """Working days past the planned end (0 when not past it)."""
    if stage.planned_end is None:
        return 0
    return max(0, working_days_between(stage.planned_end, as_of))


@dataclass(frozen=True)
class SlowProject:
    """A project below the target curve, with its shortfall and the stage that holds it."""

    project: Project
    money: Money
    target: float
    shortfall_vnd: int
    holding: Holding | None


@dataclass(frozen=True)
class Shortfall:
    """A project below the target curve: its money and how far below, in đồng."""

    project_id: int
    money: Money
    target: float
    shortfall_vnd: int


def shortfalls(sums: Sums, *, target: float) -> list[Shortfall]:
    """Projects below `target` (a share of the plan assigned), largest shortfall first.

    The comparison is in integers: disbursed ÷ assigned < target ⇔ disbursed·10⁴ < assigned ×
    round(target·10⁴), so no float rounding decides whether a project is flagged.
    """
    basis = round(target * 10_000)
    rows = [
        Shortfall(
            project_id=project_id,
            money=money,
            target=target,
            shortfall_vnd=round(money.assigned_vnd * target) - money.disbursed_vnd,
        )
        for project_id, money in sums.money.items()
        if money.assigned_vnd > 0 and money.disbursed_vnd * 10_000 < money.assigned_vnd * basis
    ]
    rows.sort(key=lambda row: (-row.shortfall_vnd, row.project_id))
    return rows


def below_target(projects: QuerySet[Project], *, year: int, as_of: dt.date) -> list[Shortfall]:
    """Projects whose disbursement of the plan of `year` is below the target curve on `as_of`,
    largest shortfall first: three queries. A project without a plan for the year is not rated."""
    target = target_on(target_curve(year), as_of, year=year)
    return shortfalls(project_sums(projects, year=year, as_of=as_of), target=target)


def describe(shortfalls: Sequence[Shortfall], *, as_of: dt.date) -> list[SlowProject]:
    """The projects of `shortfalls` (in their order) with the stage where time is lost: two
    queries (projects with their investor, their stages with their units)."""
    projects = Project.objects.select_related("investor").prefetch_related(
        Prefetch("stages", queryset=Stage.objects.select_related("unit").order_by("position"))
    )
    loaded = projects.in_bulk([row.project_id for row in shortfalls])
    return [
        SlowProject(
            project=loaded[row.project_id],
            money=row.money,
            target=row.target,
            shortfall_vnd=row.shortfall_vnd,
            holding=holding_stage(list(loaded[row.project_id].stages.all()), as_of=as_of),
        )
        for row in shortfalls
    ]


def slow_projects(
    projects: QuerySet[Project],
    *,
    year: int,
    as_of: dt.date,
    limit: int | None = None,
) -> list[SlowProject]:
    """Projects below the target curve on `as_of`, largest shortfall first (the first `limit`),
    each with the stage where time is lost: five queries."""
    rows = below_target(projects, year=year, as_of=as_of)
    return describe(rows[:limit] if limit is not None else rows, as_of=as_of)


@dataclass
class StageRow:
    """How one stage kind holds projects up as of a day: projects in it now, how many past the
    planned end, working days held (median, longest), and completed stages that finished
    late."""

    kind: str
    label: str
    open: int = 0
    overdue: int = 0
    days_held: list[int] = field(default_factory=list)
    completed: int = 0
    completed_late: int = 0
    units: dict[int, int] = field(default_factory=dict)  # unit id -> projects held overdue

    @property
    def median_days(self) -> int | None:
        return round(statistics.median(self.days_held)) if self.days_held else None

    @property
    def max_days(self) -> int | None:
        return max(self.days_held) if self.days_held else None


@dataclass(frozen=True)
class UnitHold:
    """A unit holding stages past their planned end."""

    unit: Unit
    stages: int
    days_overdue: int


def stage_bottlenecks(
    projects: QuerySet[Project], *, as_of: dt.date
) -> tuple[list[StageRow], list[UnitHold]]:
    """Per stage kind, in the standard order, and the units holding the most overdue stages:
    three queries (stages under way, completed counts, units)."""
    rows = {kind: StageRow(kind=kind, label=str(StageKind(kind).label)) for kind in STAGE_ORDER}
    under_way = (
        _of(projects, Stage.objects.filter(actual_start__lte=as_of))
        .filter(Q(actual_end__isnull=True) | Q(actual_end__gt=as_of))
        .values_list("kind", "unit_id", "actual_start", "planned_end")
    )
    overdue_by_unit: dict[int, list[int]] = defaultdict(list)
    for kind, unit_id, started, planned_end in under_way:
        row = rows[kind]
        row.open += 1
        row.days_held.append(_held(started or as_of, as_of))  # started is set by the filter
        if planned_end is not None and planned_end < as_of:
            row.overdue += 1
            row.units[unit_id] = row.units.get(unit_id, 0) + 1
            overdue_by_unit[unit_id].append(working_days_between(planned_end, as_of))
    finished = (
        _of(projects, Stage.objects.filter(actual_end__lte=as_of))
        .order_by()
        .values("kind")
        .annotate(
            done=Count("pk"),
            late=Count("pk", filter=Q(planned_end__isnull=False, actual_end__gt=F("planned_end"))),
        )
    )
    for item in finished:
        rows[item["kind"]].completed = item["done"]
        rows[item["kind"]].completed_late = item["late"]
    units = Unit.objects.in_bulk(list(overdue_by_unit))
    holds = [
        UnitHold(unit=units[unit_id], stages=len(days), days_overdue=sum(days))
        for unit_id, days in overdue_by_unit.items()
    ]
    holds.sort(key=lambda hold: (-hold.days_overdue, hold.unit.name))
    return [rows[kind] for kind in STAGE_ORDER], holds


# -- lists and detail --------------------------------------------------------------------------


def search_projects(
    projects: QuerySet[Project],
    *,
    text: str = "",
    investor_id: int | None = None,
    group: str = "",
    stage: str = "",
    as_of: dt.date | None = None,
) -> QuerySet[Project]:
    """Filter a project list: `text` matches code or name ignoring diacritics ("cau bai chay"
    finds "Cầu Bãi Cháy"); `stage` keeps projects with that stage under way on `as_of`."""
    if text.strip():
        for word in fold(text).split():
            projects = projects.filter(name_folded__contains=word)
    if investor_id:
        projects = projects.filter(investor_id=investor_id)
    if group:
        projects = projects.filter(group=group)
    if stage and as_of is not None:
        under_way = Stage.objects.filter(
            kind=stage, actual_start__lte=as_of, actual_end__isnull=True
        ).values("project_id")
        projects = projects.filter(pk__in=under_way)
    return projects


def project_detail(project: Project) -> Project:
    """A project with its stages (and units), plans (and adjustments) and disbursements loaded:
    a fixed number of queries."""
    return (
        Project.objects.select_related("investor", "commune")
        .prefetch_related(
            Prefetch("stages", queryset=Stage.objects.select_related("unit").order_by("position")),
            Prefetch(
                "plans",
                queryset=CapitalPlan.objects.order_by("year").prefetch_related("adjustments"),
            ),
            Prefetch("disbursements", queryset=Disbursement.objects.order_by("on", "pk")),
            "responsible_units",
        )
        .get(pk=project.pk)
    )


def project_events(project: Project) -> QuerySet[ProjectEvent]:
    """A project's log in order, with actor and units selected."""
    return ProjectEvent.objects.filter(project=project).select_related("actor", "unit", "to_unit")


def event_rows(projects: QuerySet[Project]) -> Iterator[dict[str, object]]:
    """The projects' logs in the canonical event columns (case_id, event_id, ts, activity, actor,
    unit, to_unit, due) plus `stage` and `amount_vnd`, streamed, for the analytics core: a case
    is "project:<id>", an event "project-event:<id>"; ids of officials and units are strings."""
    columns = (
        "pk", "project_id", "ts", "activity", "actor_id", "unit_id", "to_unit_id", "due",
        "stage", "amount_vnd", "note",
    )  # fmt: skip
    events = (
        ProjectEvent.objects.filter(project__in=projects)
        .order_by("project_id", "seq")
        .values_list(*columns)
    )
    for (
        pk,
        project_id,
        ts,
        activity,
        actor,
        unit,
        to_unit,
        due,
        stage,
        amount,
        note,
    ) in events.iterator(chunk_size=2000):
        yield {
            "case_id": f"project:{project_id}",
            "event_id": f"project-event:{pk}",
            "ts": ts,
            "activity": activity,
            "actor": None if actor is None else str(actor),
            "unit": None if unit is None else str(unit),
            "to_unit": None if to_unit is None else str(to_unit),
            "due": due,
            "stage": stage,
            "amount_vnd": amount,
            "note": note,
        }

"""The figures of the leader's monthly report (báo cáo tháng), gathered from the domain queries.

`build_report` takes what the reader may see (`Sources`), narrows it to a unit's subtree and
calls the queries the overview, the dossier and the investment dashboards use; the only reads of
its own are the signal counts, for which no query exists. Every figure is evaluated at the end of
the month, or today while the month is still running.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import CharField, Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from congvu.analytics.kinds import KIND_NAMES, KINDS
from congvu.core.months import month_end
from congvu.core.numbers import percent
from congvu.dossiers import access as dossiers_access
from congvu.dossiers.models import Dossier, DossierUnit
from congvu.dossiers.queries import Period as DossierPeriod
from congvu.dossiers.queries import Row, Worst, indicators, summed, worst
from congvu.findings import access as findings_access
from congvu.findings.models import Finding, FindingEvent
from congvu.findings.queries import FAIRNESS
from congvu.investment import access as investment_access
from congvu.investment.models import Project, Stage
from congvu.investment.queries import (
    InvestorRow,
    Money,
    MonthRow,
    SlowProject,
    describe,
    investor_rows,
    months,
    plan_year_of,
    project_sums,
    shortfalls,
    target_curve,
    target_on,
    total_of,
)
from congvu.org.access import Scope, lineage_ids, scope_of
from congvu.org.models import Official, Unit
from congvu.tasks import access as tasks_access
from congvu.tasks.models import Task
from congvu.tasks.queries import (
    ApprovalWait,
    Counts,
    Period,
    approval_wait,
    in_period,
    oldest_overdue,
    overview,
)

# -- what the report reads ---------------------------------------------------------------------


@dataclass(frozen=True)
class Sources:
    """The rows a report may draw from: what its reader may see, or everything for the console."""

    tasks: QuerySet[Task]
    dossiers: QuerySet[Dossier]
    projects: QuerySet[Project]
    findings: QuerySet[Finding]

    @classmethod
    def everything(cls) -> Sources:
        return cls(
            Task.objects.all(), Dossier.objects.all(), Project.objects.all(), Finding.objects.all()
        )


def sources_for(official: Official, unit: Unit, scope: Scope | None = None) -> Sources:
    """What `official` may see, for a report on `unit`.

    Tasks follow the overview (`tasks.access.visible_in`): those of the unit's lineage.
    """
    scope = scope or scope_of(official)
    return Sources(
        tasks=tasks_access.visible_in(official, unit, scope),
        dossiers=dossiers_access.visible(official, scope),
        projects=investment_access.visible(official, scope),
        findings=findings_access.visible(official),
    )


# -- the figures -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskLine:
    """One sub-unit (its subtree rolled up), or the unit's own tasks when `unit` is None."""

    unit: Unit | None
    label: str
    month: Counts
    year: Counts


@dataclass(frozen=True)
class OverdueTask:
    task: Task
    days_overdue: int


@dataclass(frozen=True)
class TaskSection:
    """Tasks of the month and of the year to date (assigned in it or carried over into it), in
    the four standard categories."""

    lines: tuple[TaskLine, ...]
    month_total: Counts
    year_total: Counts
    most_overdue: tuple[TaskLine, ...]  # by open overdue tasks of the year
    oldest_overdue: tuple[OverdueTask, ...]  # whenever assigned
    # Results of the subtree's tasks the unit's own lineage assigned, awaiting its approval at
    # the end of the month: the approvers' figure, apart from the lead units' counts.
    approval_wait: ApprovalWait

    @property
    def month_lines(self) -> tuple[TaskLine, ...]:
        return tuple(line for line in self.lines if line.month.total)


@dataclass(frozen=True)
class SignalLine:
    """Open findings of a unit or a kind at the end of the month."""

    label: str
    awaiting_explanation: int
    awaiting_review: int

    @property
    def total(self) -> int:
        return self.awaiting_explanation + self.awaiting_review


@dataclass(frozen=True)
class ReviewLine:
    """Findings of a kind reviewed in the month, by decision."""

    label: str
    justified: int
    confirmed: int
    dismissed: int

    @property
    def total(self) -> int:
        return self.justified + self.confirmed + self.dismissed


@dataclass(frozen=True)
class SignalSection:
    by_kind: tuple[SignalLine, ...]
    by_unit: tuple[SignalLine, ...]
    open_total: SignalLine
    reviews: tuple[ReviewLine, ...]
    reviews_total: ReviewLine
    fairness: str


@dataclass(frozen=True)
class DossierSection:
    """The dossier indicators of the month per sub-unit (processing units rolled up), and the
    worst procedures."""

    rows: tuple[Row, ...]
    total: Row
    worst_procedures: tuple[Worst, ...]


@dataclass(frozen=True)
class InvestorLine:
    row: InvestorRow
    gap: float | None  # rate minus the target share (negative: behind)


@dataclass(frozen=True)
class InvestmentSection:
    """The plan year's disbursement at `as_of` against the plan and the target curve."""

    year: int
    as_of: dt.date
    money: Money
    target: float
    target_vnd: int
    investors: tuple[InvestorLine, ...]
    months: tuple[MonthRow, ...]  # the plan year's months; None cumulative after the report's
    slow: tuple[SlowProject, ...]
    slow_count: int


@dataclass(frozen=True)
class MonthlyReport:
    """Everything the monthly report prints, for one unit and month."""

    unit: Unit
    issuer: Unit  # the People's Committee the report is issued under
    place: str  # the place name of the date line ("Quảng Ninh")
    month: dt.date  # first day of the month
    last_day: dt.date
    as_of: dt.date  # the end of the month, or today while it runs
    today: dt.date
    tasks: TaskSection
    signals: SignalSection
    dossiers: DossierSection
    investment: InvestmentSection
    recommendations: tuple[str, ...]


def build_report(
    *,
    unit: Unit,
    month: dt.date,
    sources: Sources,
    today: dt.date,
    worst_minimum: int = 5,
    list_limit: int = 10,
    language: str = "vi",
) -> MonthlyReport:
    """The report on `unit`'s subtree (and the units merged into it) for the month of `month`.

    `worst_minimum` is the fewest dossiers a procedure needs in the month to rank among the worst;
    `list_limit` caps the lists (oldest overdue tasks, slow projects). Its words are in
    `language`, Vietnamese unless asked otherwise: the report is an official document.
    """
    with translation.override(language):
        return _build(unit, month, sources, today, worst_minimum, list_limit)


def _build(
    unit: Unit,
    month: dt.date,
    sources: Sources,
    today: dt.date,
    worst_minimum: int,
    list_limit: int,
) -> MonthlyReport:
    month = month.replace(day=1)
    last_day = month_end(month)
    as_of = min(last_day, today)
    lineage = lineage_ids(unit)
    children = list(Unit.objects.filter(parent=unit, valid_to__isnull=True).order_by("path"))
    tasks = _task_section(
        sources.tasks.filter(lead_unit_id__in=lineage),
        unit=unit,
        children=children,
        month=month,
        as_of=as_of,
        limit=list_limit,
        lineage=lineage,
    )
    is_root = unit.parent_id is None
    signals = _signal_section(
        sources.findings if is_root else sources.findings.filter(unit_id__in=lineage),
        unit=unit,
        children=children,
        month=month,
        as_of=as_of,
    )
    dossiers = _dossier_section(
        sources.dossiers if is_root else _dossiers_of(sources.dossiers, lineage),
        unit=unit,
        children=children,
        month=month,
        today=today,
        minimum=worst_minimum,
    )
    investment = _investment_section(
        sources.projects if is_root else _projects_of(sources.projects, lineage),
        as_of=as_of,
        limit=list_limit,
    )
    issuer = _issuer(unit)
    return MonthlyReport(
        unit=unit,
        issuer=issuer,
        place=place_of(issuer),
        month=month,
        last_day=last_day,
        as_of=as_of,
        today=today,
        tasks=tasks,
        signals=signals,
        dossiers=dossiers,
        investment=investment,
        recommendations=recommendations(tasks, signals, dossiers, investment),
    )


# -- tasks -------------------------------------------------------------------------------------


def _task_section(
    tasks: QuerySet[Task],
    *,
    unit: Unit,
    children: list[Unit],
    month: dt.date,
    as_of: dt.date,
    limit: int,
    lineage: list[int],
) -> TaskSection:
    """Four queries for the two roll-ups, one for the oldest overdue tasks, one for the approval
    wait.

    Each period answers for the tasks assigned in it and those carried over into it (assigned
    earlier, still open on its first day); every figure is judged at `as_of` with the deadlines
    in force then (`tasks.deadlines`), so re-running a past month gives the same figures whatever
    was granted since.
    """
    month_period = Period(month, month_end(month))
    year_period = Period(month.replace(month=1), month_end(month))
    in_month = in_period(tasks, month_period, carried_over=True)
    in_year = in_period(tasks, year_period, carried_over=True)
    month_rows, month_total = overview(in_month, units=children, as_of=as_of, period=month_period)
    year_rows, year_total = overview(in_year, units=children, as_of=as_of, period=year_period)
    by_month = {row.unit.pk: row.counts for row in month_rows}
    lines = [
        TaskLine(row.unit, str(row.unit), by_month[row.unit.pk], row.counts)
        for row in year_rows
        if row.counts.total
    ]
    # The unit's own tasks: what the sub-units do not roll up.
    own_year = _less(year_total, [row.counts for row in year_rows])
    if own_year.total:
        own_month = _less(month_total, [row.counts for row in month_rows])
        label = _("%(unit)s (led directly)") % {"unit": unit}
        lines.append(TaskLine(None, label, own_month, own_year))
    lines.sort(key=lambda line: (-line.year.total, line.label))
    most_overdue = sorted(
        (line for line in lines if line.year.open_overdue),
        key=lambda line: (-line.year.open_overdue, line.label),
    )[:5]
    oldest = [
        OverdueTask(task, (as_of - task.due_at).days)  # type: ignore[attr-defined]
        for task in oldest_overdue(tasks, as_of=as_of, limit=limit)
    ]
    return TaskSection(
        lines=tuple(lines),
        month_total=month_total,
        year_total=year_total,
        most_overdue=tuple(most_overdue),
        oldest_overdue=tuple(oldest),
        approval_wait=approval_wait(tasks.filter(assigner_unit_id__in=lineage), as_of=as_of),
    )


def _less(total: Counts, parts: Iterable[Counts]) -> Counts:
    rest = Counts()
    rest.add(total)
    for part in parts:
        rest.less(part)
    return rest


# -- signals -----------------------------------------------------------------------------------

# A finding's state at a moment is read from its append-only history, so that the report on a
# past month says what was open then, not what is open today. A finding whose key event falls
# in or before the month but that was detected later counts as open (the situation existed;
# only its detection lagged). "Reopened" counts as awaiting an explanation, whether or not an
# earlier explanation exists.
_STATUS_STEPS = ("raised", "explained", "justified", "confirmed", "dismissed", "reopened")
_AWAITING_EXPLANATION = ("raised", "reopened")
_AWAITING_REVIEW = ("explained",)


def _signal_section(
    findings: QuerySet[Finding],
    *,
    unit: Unit,
    children: list[Unit],
    month: dt.date,
    as_of: dt.date,
) -> SignalSection:
    """Findings open at the end of `as_of` by kind and by sub-unit, and the reviews of the month:
    three queries (the open counts, the reviews, the units' paths)."""
    start, end = Period(month, as_of).bounds()
    history = FindingEvent.objects.filter(finding=OuterRef("pk"), ts__lt=end).order_by("-seq")
    state = history.filter(activity__in=_STATUS_STEPS).values("activity")[:1]
    holding = history.filter(activity__in=("raised", "cleared")).values("activity")[:1]
    raised = Value("raised", output_field=CharField())
    counts = (
        findings.filter(ts__lt=end)
        .order_by()
        .annotate(
            state=Coalesce(Subquery(state), raised), holding=Coalesce(Subquery(holding), raised)
        )
        .filter(holding="raised", state__in=_AWAITING_EXPLANATION + _AWAITING_REVIEW)
        .values_list("unit_id", "kind", "state")
        .annotate(n=Count("pk"))
    )
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    units: dict[int | None, list[int]] = defaultdict(lambda: [0, 0])
    for unit_id, kind, finding_state, n in counts:
        column = 0 if finding_state in _AWAITING_EXPLANATION else 1
        kinds[kind][column] += n
        units[unit_id][column] += n
    labels = KIND_NAMES
    by_kind = [SignalLine(str(labels.get(k, k)), *kinds[k]) for k in KINDS if k in kinds]
    by_unit = _roll_up_signals(units, unit=unit, children=children)
    open_total = SignalLine(
        _("Total"),
        sum(line.awaiting_explanation for line in by_kind),
        sum(line.awaiting_review for line in by_kind),
    )
    reviewed = (
        FindingEvent.objects.filter(
            finding__in=findings.order_by().values("pk"),
            activity__in=Finding.REVIEWED,
            ts__gte=start,
            ts__lt=end,
        )
        .order_by()
        .values_list("finding__kind", "activity")
        .annotate(n=Count("pk"))
    )
    decisions: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for kind, activity, n in reviewed:
        decisions[kind][activity] += n
    reviews = [
        ReviewLine(
            str(labels.get(k, k)),
            decisions[k]["justified"],
            decisions[k]["confirmed"],
            decisions[k]["dismissed"],
        )
        for k in KINDS
        if k in decisions
    ]
    reviews_total = ReviewLine(
        _("Total"),
        sum(r.justified for r in reviews),
        sum(r.confirmed for r in reviews),
        sum(r.dismissed for r in reviews),
    )
    return SignalSection(
        by_kind=tuple(by_kind),
        by_unit=tuple(by_unit),
        open_total=open_total,
        reviews=tuple(reviews),
        reviews_total=reviews_total,
        fairness=str(FAIRNESS),
    )


def _roll_up_key(path: str, children: Sequence[Unit]) -> int | None:
    """The sub-unit whose subtree holds `path`, or None (the unit itself, a unit merged into
    it, or a unit outside it)."""
    return next((child.pk for child in children if path.startswith(child.path)), None)


def _roll_up_signals(
    per_unit: dict[int | None, list[int]], *, unit: Unit, children: Sequence[Unit]
) -> list[SignalLine]:
    """Counts per sub-unit of `unit` (each with its subtree); the rest under the unit itself."""
    paths = {u.pk: u.path for u in Unit.objects.filter(pk__in=[k for k in per_unit if k])}
    rolled: dict[int | None, list[int]] = defaultdict(lambda: [0, 0])
    for unit_id, (explanation, review) in per_unit.items():
        key = _roll_up_key(paths.get(unit_id or 0, ""), children)
        rolled[key][0] += explanation
        rolled[key][1] += review
    names = {child.pk: str(child) for child in children}
    own = _("%(unit)s (directly)") % {"unit": unit}
    lines = [SignalLine(names[k] if k else own, *v) for k, v in rolled.items()]
    return sorted(lines, key=lambda line: (-line.total, line.label))


# -- dossiers ----------------------------------------------------------------------------------


def _dossiers_of(dossiers: QuerySet[Dossier], lineage: list[int]) -> QuerySet[Dossier]:
    """Dossiers received by a centre of the subtree or processed by one of its units (the rule of
    `dossiers.access.visible`, applied to a subtree)."""
    handled = DossierUnit.objects.filter(unit_id__in=lineage).values("dossier_id")
    return dossiers.filter(Q(centre_id__in=lineage) | Q(pk__in=handled))


def _dossier_section(
    dossiers: QuerySet[Dossier],
    *,
    unit: Unit,
    children: Sequence[Unit],
    month: dt.date,
    today: dt.date,
    minimum: int,
) -> DossierSection:
    """Six queries: the indicators by processing unit (three) rolled up into the sub-units (one
    for the units' paths), the worst procedures (two)."""
    period = DossierPeriod(month, month)
    rows, total = indicators(dossiers, by="unit", period=period, today=today)
    return DossierSection(
        rows=tuple(_roll_up_dossiers(rows, unit=unit, children=children)),
        total=total,
        worst_procedures=tuple(
            worst(dossiers, by="procedure", period=period, limit=5, minimum=minimum)
        ),
    )


def _roll_up_dossiers(rows: Sequence[Row], *, unit: Unit, children: Sequence[Unit]) -> list[Row]:
    """The processing units' rows added up into the sub-units of `unit`, like the task tables;
    dossiers of the unit itself and of units outside it keep a row of their own, and so do
    dossiers not yet sent to any unit."""
    paths = {u.pk: u.path for u in Unit.objects.filter(pk__in=[r.key for r in rows if r.key])}
    names = {child.pk: str(child) for child in children}
    groups: dict[object, list[Row]] = defaultdict(list)
    labels: dict[object, tuple[object, str]] = {}
    for row in rows:
        child = _roll_up_key(paths[row.key], children) if row.key in paths else None
        key: object = ("unit", child) if child is not None else ("own", row.key)
        if key not in labels:
            label = names[child] if child is not None else row.label
            if row.key == unit.pk:
                label = _("%(unit)s (directly)") % {"unit": unit}
            labels[key] = (child if child is not None else row.key, label)
        groups[key].append(row)
    rolled = [
        summed(group, key=labels[key][0], label=labels[key][1]) for key, group in groups.items()
    ]
    return sorted(rolled, key=lambda r: (-(r.received + r.resolved), r.label))


# -- public investment -------------------------------------------------------------------------


def _projects_of(projects: QuerySet[Project], lineage: list[int]) -> QuerySet[Project]:
    """Projects whose investor, a responsible unit, a stage's unit or the commune is in the
    subtree (the rule of `investment.access.visible`, applied to a subtree)."""
    staged = Stage.objects.filter(unit_id__in=lineage).values("project_id")
    responsible = Project.responsible_units.through.objects.filter(unit_id__in=lineage)
    return projects.filter(
        Q(investor_id__in=lineage)
        | Q(pk__in=staged)
        | Q(pk__in=responsible.values("project_id"))
        | Q(commune_id__in=lineage)
    )


def _investment_section(
    projects: QuerySet[Project], *, as_of: dt.date, limit: int
) -> InvestmentSection:
    """The dashboard's queries: sums (two), months (one), target curve (one), investors (one),
    slow projects (two)."""
    year = plan_year_of(as_of)
    sums = project_sums(projects, year=year, as_of=as_of)
    money, month_rows = months(projects, year=year, as_of=as_of, money=total_of(sums))
    target = target_on(target_curve(year), as_of, year=year)
    below = shortfalls(sums, target=target)
    investors = [
        InvestorLine(row, None if row.money.rate is None else row.money.rate - target)
        for row in investor_rows(sums)
    ]
    return InvestmentSection(
        year=year,
        as_of=as_of,
        money=money,
        target=target,
        target_vnd=round(money.assigned_vnd * target),
        investors=tuple(investors),
        months=tuple(month_rows),
        slow=tuple(describe(below[:limit], as_of=as_of)),
        slow_count=len(below),
    )


# -- header ------------------------------------------------------------------------------------

_PEOPLES_COMMITTEE = re.compile(
    r"^(?:ủy|uỷ) ban nhân dân\s+(?:tỉnh|thành phố|phường|xã|đặc khu)\s+(.+)$", re.IGNORECASE
)


def _issuer(unit: Unit) -> Unit:
    """The People's Committee over `unit` (or the unit itself): the nearest ancestor that is one,
    else the root of its tree."""
    ids = [int(pk) for pk in unit.path.strip("/").split("/") if pk]
    ancestors = list(Unit.objects.filter(pk__in=ids).order_by("-path"))
    committees = (Unit.Kind.PROVINCE_PC, Unit.Kind.COMMUNE_PC)
    return next(
        (u for u in ancestors if u.kind in committees), ancestors[-1] if ancestors else unit
    )


def place_of(issuer: Unit) -> str:
    """ "Ủy ban nhân dân tỉnh Quảng Ninh" → "Quảng Ninh", for the date line of the report."""
    match = _PEOPLES_COMMITTEE.match(issuer.name.strip())
    return match.group(1) if match else str(issuer)


# -- recommendations ---------------------------------------------------------------------------


def _number(count: int) -> str:
    """1234 → "1.234" in the active language's format (Vietnamese in the report)."""
    return number_format(count, force_grouping=True)


def _names(items: Iterable[tuple[str, int | str]]) -> str:
    """ "Sở Tài chính: 2; Sở Xây dựng: 1" (labels may hold parentheses of their own)."""
    return "; ".join(
        f"{name}: {_number(count) if isinstance(count, int) else count}" for name, count in items
    )


def recommendations(
    tasks: TaskSection,
    signals: SignalSection,
    dossiers: DossierSection,
    investment: InvestmentSection,
) -> tuple[str, ...]:
    """The "Kiến nghị" section: neutral sentences naming the units the figures single out."""
    found: list[str] = []
    late_tasks = tasks.most_overdue[:3]
    if late_tasks:
        found.append(
            _(
                "Units with the most overdue tasks not yet completed: %(units)s. They are asked "
                "to review the causes, set a completion date for each task and report on it."
            )
            % {"units": _names((line.label, line.year.open_overdue) for line in late_tasks)}
        )
    late_dossiers = sorted(
        (row for row in dossiers.rows if row.late + row.open_overdue),
        key=lambda row: (-(row.late + row.open_overdue), row.label),
    )[:3]
    if late_dossiers:
        found.append(
            _(
                "Units with the most dossiers resolved late or still past their deadline: "
                "%(units)s. They are asked to review their processing steps and to keep the "
                "appointment dates given to citizens."
            )
            % {"units": _names((row.label, row.late + row.open_overdue) for row in late_dossiers)}
        )
    if dossiers.total.overdue_without_letter:
        found.append(
            _(
                "Dossiers past their deadline without an apology letter: %(count)s. The units "
                "concerned are asked to issue one and set a new date, as the rules require."
            )
            % {"count": _number(dossiers.total.overdue_without_letter)}
        )
    behind = [
        line
        for line in investment.investors
        if line.row.money.rate is not None and line.gap is not None and line.gap < 0
    ][:3]
    if behind:
        found.append(
            _(
                "Investors with the slowest disbursement against the target of %(target)s: "
                "%(investors)s. They are asked to explain the obstacles and propose how to "
                "catch up."
            )
            % {
                "target": percent(investment.target),
                "investors": _names(
                    (str(line.row.investor), percent(line.row.money.rate)) for line in behind
                ),
            }
        )
    if signals.open_total.awaiting_explanation:
        found.append(
            _(
                "Signals awaiting the explanation of the units concerned: %(count)s. A signal "
                "is a question to answer, not a conclusion."
            )
            % {"count": _number(signals.open_total.awaiting_explanation)}
        )
    if not found:
        found.append(_("The figures of the month call for no particular recommendation."))
    return tuple(found)

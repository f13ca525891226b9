"""Reads over findings: filters, definitions, scorecards and the hand-over network (the
sentence each finding says is in `findings.wording`; the pages draw them with `web.charts`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import CharField, Count, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from congvu.analytics.kinds import KIND_DEFINITIONS, REGISTRY
from congvu.dossiers.models import Dossier
from congvu.findings.models import KIND_CHOICES, Finding, FindingEvent, HandoverCount, Workload
from congvu.investment.eventlog import CASE_SEPARATOR, project_of
from congvu.investment.models import Project, StageKind
from congvu.org.models import Official, Unit
from congvu.tasks.models import Task

STAGE_NAMES = dict(StageKind.choices)

# One plain sentence per kind, shown wherever the kind is: a signal is a question, not a verdict.
DEFINITIONS: dict[str, str] = KIND_DEFINITIONS
FAIRNESS = gettext_lazy(
    "A signal is a question to the unit, not a conclusion: the unit explains, a leader reviews, "
    "and counts are set against the work the unit received."
)


@dataclass(frozen=True)
class KindInfo:
    value: str
    label: str
    definition: str


def kinds() -> list[KindInfo]:
    """Every kind with its name and definition, in the registry's order."""
    return [KindInfo(kind.code, kind.name, kind.definition) for kind in REGISTRY]


@dataclass(frozen=True)
class FindingFilter:
    """What the list shows: by default every finding that still holds."""

    kind: str = ""
    case_type: str = ""
    status: str = ""
    unit_id: int | None = None
    official_id: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    include_cleared: bool = False
    pair: tuple[int, int] | None = None  # a ping-pong from this unit back to that one


def filter_findings(findings: QuerySet[Finding], spec: FindingFilter) -> QuerySet[Finding]:
    """The findings matching `spec`; `since`/`until` bound the key event's local day."""
    result = findings
    if not spec.include_cleared:
        result = result.filter(holds=True)
    if spec.kind:
        result = result.filter(kind=spec.kind)
    if spec.case_type:
        result = result.filter(case_type=spec.case_type)
    if spec.status:
        result = result.filter(status=spec.status)
    if spec.unit_id is not None:
        result = result.filter(unit_id=spec.unit_id)
    if spec.official_id is not None:
        result = result.filter(official_id=spec.official_id)
    if spec.since is not None:
        result = result.filter(ts__date__gte=spec.since)
    if spec.until is not None:
        result = result.filter(ts__date__lte=spec.until)
    if spec.pair is not None:
        source, target = spec.pair
        result = result.filter(
            kind="ping_pong",
            official__isnull=True,
            detail__level="unit",
            detail__from=str(source),
            detail__back_to=str(target),
        )
    return result


def with_related(findings: QuerySet[Finding]) -> QuerySet[Finding]:
    return findings.select_related("unit", "official")


# What "new" means at the head of the list: first detected within the last week.
NEW_WITHIN = dt.timedelta(days=7)


@dataclass(frozen=True)
class Tally:
    """One line of the summary: a kind or a unit, how many of the signals shown, how many new."""

    key: str  # the kind's code or the unit's id, as the list's filter takes it
    label: str
    count: int
    new: int


@dataclass(frozen=True)
class Summary:
    """Where to look first: the signals shown by kind and by unit, and how many are new."""

    total: int
    new: int
    since: dt.datetime
    by_kind: list[Tally]
    by_unit: list[Tally]


def summarise(findings: QuerySet[Finding], *, now: dt.datetime, units_shown: int = 8) -> Summary:
    """The summary of `findings` (the list as filtered): counts by kind (every kind that has
    some, largest first), by unit (the `units_shown` with most), and those first detected since
    `now - NEW_WITHIN`. Two grouped queries, whatever the number of signals."""
    since = now - NEW_WITHIN
    fresh = Count("pk", filter=Q(detected_at__gte=since))
    plain = findings.order_by()
    names = dict(KIND_CHOICES)
    by_kind = [
        Tally(row["kind"], str(names.get(row["kind"], row["kind"])), row["n"], row["new"])
        for row in plain.values("kind").annotate(n=Count("pk"), new=fresh).order_by("-n", "kind")
    ]
    units = (
        plain.exclude(unit=None)
        .values("unit_id", "unit__name")
        .annotate(n=Count("pk"), new=fresh)
        .order_by("-n", "unit__name")[:units_shown]
    )
    by_unit = [Tally(str(r["unit_id"]), r["unit__name"], r["n"], r["new"]) for r in units]
    return Summary(
        total=sum(t.count for t in by_kind),
        new=sum(t.new for t in by_kind),
        since=since,
        by_kind=by_kind,
        by_unit=by_unit,
    )


@dataclass(frozen=True)
class CaseRef:
    """The case a finding is about, as a page names and links it."""

    case_type: str
    case_id: str
    title: str
    url: str


def case_refs(findings: Sequence[Finding]) -> dict[int, CaseRef]:
    """The case of each finding (by finding id) with its title and page: one query per case type
    present, whatever the number of findings."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for finding in findings:
        number = _case_number(finding)
        if number is not None:
            wanted[finding.case_type].add(number)
    titles: dict[tuple[str, int], str] = {}
    if wanted["task"]:
        for pk, title in Task.objects.filter(pk__in=wanted["task"]).values_list("pk", "title"):
            titles[("task", pk)] = title
    if wanted["dossier"]:
        dossiers = Dossier.objects.filter(pk__in=wanted["dossier"])
        for pk, code, procedure in dossiers.values_list("pk", "code", "procedure__name"):
            titles[("dossier", pk)] = f"{code} — {procedure}"
    if wanted["project"]:
        projects = Project.objects.filter(pk__in=wanted["project"])
        for pk, code, name in projects.values_list("pk", "code", "name"):
            titles[("project", pk)] = f"{code} — {name}"
    refs: dict[int, CaseRef] = {}
    for finding in findings:
        number = _case_number(finding)
        known = titles.get((finding.case_type, number)) if number is not None else None
        if number is None or known is None:
            refs[finding.pk] = CaseRef(finding.case_type, finding.case_id, finding.case_id, "")
            continue
        title = known
        if finding.case_type == "project":
            stage = finding.case_id.partition(CASE_SEPARATOR)[2]
            if stage:
                title = f"{title} ({STAGE_NAMES.get(stage, stage)!s})"
        refs[finding.pk] = CaseRef(
            finding.case_type, finding.case_id, title, _case_url(finding.case_type, number)
        )
    return refs


def _case_number(finding: Finding) -> int | None:
    if finding.case_type == "project":
        return project_of(finding.case_id)
    return int(finding.case_id) if finding.case_id.isdigit() else None


def _case_url(case_type: str, number: int) -> str:
    if case_type == "dossier":
        return reverse("dossiers:detail", args=[number])
    if case_type == "project":
        return reverse("investment_project", args=[number])
    return reverse("task_detail", args=[number])


# ----- scorecards ----------------------------------------------------------------------------

Level = str  # "unit" or "official"


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first days of the months from `start`'s month to `end`'s, both included."""
    months: list[dt.date] = []
    month = start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


@dataclass
class MonthCell:
    received: int = 0
    allotted_days: float = 0.0
    findings: int = 0

    @property
    def per_10_received(self) -> float | None:
        return self.findings * 10 / self.received if self.received else None


@dataclass
class ScoreRow:
    """One unit or official over the months of a scorecard."""

    pk: int
    name: str
    unit_name: str
    cells: list[MonthCell]
    kinds: dict[str, int] = field(default_factory=dict)

    @property
    def received(self) -> int:
        return sum(cell.received for cell in self.cells)

    @property
    def allotted_days(self) -> float:
        return sum(cell.allotted_days for cell in self.cells)

    @property
    def findings(self) -> int:
        return sum(cell.findings for cell in self.cells)

    @property
    def per_10_received(self) -> float | None:
        return self.findings * 10 / self.received if self.received else None

    @property
    def per_100_days(self) -> float | None:
        days = self.allotted_days
        return self.findings * 100 / days if days else None


def counted_findings(as_of: dt.date | None = None) -> QuerySet[Finding]:
    """The findings a scorecard counts: those that still hold and were not dismissed, today or,
    given `as_of`, at the end of that local day, read from each finding's log (a review or a
    clearance after the day does not change the scorecard of the day)."""
    if as_of is None:
        return Finding.objects.filter(holds=True).exclude(status=Finding.Status.DISMISSED)
    end = dt.datetime.combine(
        as_of + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone()
    )
    history = FindingEvent.objects.filter(finding=OuterRef("pk"), ts__lt=end).order_by("-seq")
    steps = [a for a in FindingEvent.Activity.values if a != FindingEvent.Activity.CLEARED]
    state = history.filter(activity__in=steps).values("activity")[:1]
    holding = history.filter(
        activity__in=(FindingEvent.Activity.RAISED, FindingEvent.Activity.CLEARED)
    ).values("activity")[:1]
    raised = Value(FindingEvent.Activity.RAISED, output_field=CharField())
    return (
        Finding.objects.alias(
            state_then=Coalesce(Subquery(state), raised),
            holding_then=Coalesce(Subquery(holding), raised),
        )
        .filter(holding_then=FindingEvent.Activity.RAISED)
        .exclude(state_then=FindingEvent.Activity.DISMISSED)
    )


def scorecard(
    level: Level,
    *,
    unit_ids: frozenset[int] | None,
    months: list[dt.date],
    as_of: dt.date | None = None,
) -> list[ScoreRow]:
    """Rows of units (``level="unit"``) or officials of the given units (None: every unit),
    month by month: tasks received, days allotted, findings counted (as they stood at the end of
    `as_of`, when given); sorted by findings per 100 allotted days, highest first. Three
    queries."""
    start = months[0]
    end = (months[-1] + dt.timedelta(days=32)).replace(day=1)
    index = {month: number for number, month in enumerate(months)}
    subject = "unit_id" if level == "unit" else "official_id"
    workload = Workload.objects.filter(level=level, period__gte=start, period__lt=end)
    found = counted_findings(as_of).filter(ts__gte=_utc(start), ts__lt=_utc(end))
    if level == "unit":
        if unit_ids is not None:
            workload = workload.filter(unit_id__in=unit_ids)
            found = found.filter(unit_id__in=unit_ids)
        names = {unit.pk: (str(unit), "") for unit in Unit.objects.all()}
    else:
        found = found.filter(official__isnull=False)
        officials = Official.objects.all()
        if unit_ids is not None:
            officials = officials.filter(posts__unit_id__in=unit_ids).distinct()
        names = {
            pk: (name, unit or "")
            for pk, name, unit in officials.filter(posts__is_primary=True).values_list(
                "pk", "full_name", "posts__unit__name"
            )
        }
        workload = workload.filter(official_id__in=list(names))
        found = found.filter(official_id__in=list(names))
    rows: dict[int, ScoreRow] = {}

    def row(pk: int) -> ScoreRow:
        if pk not in rows:
            name, unit_name = names.get(pk, (str(pk), ""))
            rows[pk] = ScoreRow(pk, name, unit_name, [MonthCell() for _month in months])
        return rows[pk]

    for pk, period, received, allotted in workload.values_list(
        subject, "period", "received", "allotted_days"
    ):
        if pk is None or period not in index:
            continue
        cell = row(pk).cells[index[period]]
        cell.received += received
        cell.allotted_days += allotted
    per_month = (
        found.annotate(month=TruncMonth("ts", tzinfo=dt.UTC))
        .values_list(subject, "month", "kind")
        .annotate(count=Count("pk"))
    )
    for pk, month, kind, count in per_month:
        day = month.date() if isinstance(month, dt.datetime) else month
        if pk is None or day not in index:
            continue
        current = row(pk)
        current.cells[index[day]].findings += count
        current.kinds[kind] = current.kinds.get(kind, 0) + count
    return sorted(rows.values(), key=lambda r: (-(r.per_100_days or 0.0), -r.findings, r.name))


def _utc(day: dt.date) -> dt.datetime:
    # Workload months are UTC months (the analytics core truncates UTC timestamps).
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


# ----- the hand-over network -----------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    source: Unit
    target: Unit
    count: int
    bounces: int  # ping-pong findings from source back to target


def handover_pairs(
    *, unit_ids: frozenset[int] | None, since: dt.date, until: dt.date
) -> list[Pair]:
    """Hand-overs between units in the months of the period, one row per ordered pair that
    touches the given units (None: all), by count; with the ping-pongs counted on each pair."""
    counts = HandoverCount.objects.filter(
        period__gte=since.replace(day=1), period__lte=until.replace(day=1)
    )
    if unit_ids is not None:
        counts = counts.filter(Q(from_unit_id__in=unit_ids) | Q(to_unit_id__in=unit_ids))
    summed = list(counts.values_list("from_unit_id", "to_unit_id").annotate(total=Sum("count")))
    bounced = (
        counted_findings()
        .filter(kind="ping_pong", official__isnull=True, detail__level="unit")
        .filter(ts__gte=_utc(since.replace(day=1)))
        .filter(ts__lt=_utc((until.replace(day=1) + dt.timedelta(days=32)).replace(day=1)))
        .annotate(source=KT("detail__from"), target=KT("detail__back_to"))
        .values_list("source", "target")
        .annotate(count=Count("pk"))
    )
    bounces: dict[str, int] = {f"{source} > {target}": count for source, target, count in bounced}
    units = Unit.objects.in_bulk({pk for pair in summed for pk in pair[:2]})
    pairs = [
        Pair(units[source], units[target], total, bounces.get(f"{source} > {target}", 0))
        for source, target, total in summed
        if source in units and target in units
    ]
    return sorted(pairs, key=lambda p: (-p.count, str(p.source), str(p.target)))

"""Reads over findings: filters, definitions, scorecards and the hand-over network (the
sentence each finding says is in `findings.wording`; the pages draw them with `web.charts`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from congvu.findings.models import Finding, HandoverCount, Kind, Workload
from congvu.org.models import Official, Unit

# One plain sentence per kind, shown wherever the kind is: a signal is a question, not a verdict.
DEFINITIONS: dict[str, Promise] = {
    Kind.PING_PONG: gettext_lazy(
        "The task went back to a unit (or an official) that had already held it: A → B → A, "
        "or a longer loop A → B → C → A."
    ),
    Kind.TRANSFER_CHAIN: gettext_lazy(
        "The task was transferred or returned three times or more before someone kept it."
    ),
    Kind.REFUSAL: gettext_lazy(
        "The unit returned the task or declined its part; “not in our mandate” is questioned "
        "when the task's field is in the unit's mandate."
    ),
    Kind.ESCALATION: gettext_lazy(
        "The official asked a superior's opinion on a kind of decision delegated to them."
    ),
    Kind.STALL: gettext_lazy(
        "The unit holding the task recorded nothing for more than half of the time allotted."
    ),
    Kind.LAST_MINUTE: gettext_lazy(
        "All the progress came in the last tenth of the allotted time, or work began only after "
        "a reminder."
    ),
    Kind.EXTENSION_CHAIN: gettext_lazy("The deadline was extended two times or more."),
    Kind.SLOW_COORDINATION: gettext_lazy(
        "A coordinating unit answered a request for input after its answer deadline, or not at all."
    ),
    Kind.OVERDUE: gettext_lazy(
        "The task was completed after its deadline in force, or is still open past it."
    ),
    Kind.REWORK: gettext_lazy("The reported result was sent back by the reviewer for rework."),
}
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
    """Every kind with its name and definition, in the detectors' order."""
    return [KindInfo(value, str(label), str(DEFINITIONS[value])) for value, label in Kind.choices]


@dataclass(frozen=True)
class FindingFilter:
    """What the list shows: by default every finding that still holds."""

    kind: str = ""
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
            kind=Kind.PING_PONG, official__isnull=True, detail=f"{source} > {target}"
        )
    return result


def with_related(findings: QuerySet[Finding]) -> QuerySet[Finding]:
    return findings.select_related("task", "unit", "official")


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


def counted_findings() -> QuerySet[Finding]:
    """The findings a scorecard counts: those that still hold and were not dismissed."""
    return Finding.objects.filter(holds=True).exclude(status=Finding.Status.DISMISSED)


def scorecard(
    level: Level, *, unit_ids: frozenset[int] | None, months: list[dt.date]
) -> list[ScoreRow]:
    """Rows of units (``level="unit"``) or officials of the given units (None: every unit),
    month by month: tasks received, days allotted, findings counted; sorted by findings per 100
    allotted days, highest first. Three queries."""
    start = months[0]
    end = (months[-1] + dt.timedelta(days=32)).replace(day=1)
    index = {month: number for number, month in enumerate(months)}
    subject = "unit_id" if level == "unit" else "official_id"
    workload = Workload.objects.filter(level=level, period__gte=start, period__lt=end)
    found = counted_findings().filter(ts__gte=_utc(start), ts__lt=_utc(end))
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
    bounces: dict[str, int] = dict(
        counted_findings()
        .filter(kind=Kind.PING_PONG, official__isnull=True)
        .filter(ts__gte=_utc(since.replace(day=1)))
        .filter(ts__lt=_utc((until.replace(day=1) + dt.timedelta(days=32)).replace(day=1)))
        .values_list("detail")
        .annotate(count=Count("pk"))
        .values_list("detail", "count")
    )
    units = Unit.objects.in_bulk({pk for pair in summed for pk in pair[:2]})
    pairs = [
        Pair(units[source], units[target], total, bounces.get(f"{source} > {target}", 0))
        for source, target, total in summed
        if source in units and target in units
    ]
    return sorted(pairs, key=lambda p: (-p.count, str(p.source), str(p.target)))

"""Reads over dossiers: the report indicators per unit, procedure and month, Decision 766's
components that dossier data can compute, and the dashboard's lists.

Every function takes the queryset the reader may see (`access.visible`) and runs a fixed
number of GROUP BY queries, whatever the number of dossiers, units or procedures.

Definitions (for a period of months `start`..`end`, evaluated at `as_of`, the end of the period or
today if earlier):

- received: dossiers whose receipt day is in the period;
- resolved early / on time / late: dossiers whose processing ended in the period, before, on or
  after their appointment date (Dossier.timeliness; the applicant's supplement time excluded);
- in progress within / past the deadline: dossiers received by `as_of` and not ended by then,
  whose appointment date is on or after / before `as_of` (a dossier waiting for the applicant
  counts as within: its clock is stopped);
- average processing time: mean working days from receipt to end, supplement time excluded, of
  the dossiers ended in the period;
- apology letters: letters issued in the period (per unit: the unit named at fault);
- missed new date: dossiers whose apology letter's new date passed without the result, ended in
  the period after that date or still open after it at `as_of`;
- supplement requests: requests made on the dossiers received in the period.

Only accepted dossiers count (Decision 766): an online submission not yet accepted (status 1) or
refused at the counter (status 3) is in no figure (`COUNTED`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db import transaction
from django.db.models import Avg, Count, F, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from congvu.core.months import month_end
from congvu.dossiers.models import ApologyLetter, Dossier, DossierMonthStat, Procedure
from congvu.dossiers.rules import Rule, rule
from congvu.org.models import Unit

Dimension = Literal["unit", "procedure", "month"]
DIMENSIONS: tuple[Dimension, ...] = ("unit", "procedure", "month")


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """The months from `start` to `end` (first days of months), both included."""

    start: dt.date
    end: dt.date

    @classmethod
    def months(cls, last: dt.date, count: int = 1) -> Period:
        last = month_start(last)
        return cls(add_months(last, 1 - count), last)

    @property
    def last_day(self) -> dt.date:
        return month_end(self.end)

    def as_of(self, today: dt.date) -> dt.date:
        return min(self.last_day, today)


@dataclass
class Row:
    """One line of the indicator table."""

    key: Any
    label: str
    received: int = 0
    received_online: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0
    late_766: int = 0
    open_within: int = 0
    open_overdue: int = 0
    overdue_without_letter: int = 0
    missed_promise: int = 0
    average_days: float | None = None
    apologies: int = 0
    supplements: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def resolved(self) -> int:
        return self.early + self.on_time + self.late

    @property
    def on_time_rate(self) -> float | None:
        """Share of ended dossiers on time under Decision 766 (None when none ended)."""
        return (self.resolved - self.late_766) / self.resolved if self.resolved else None

    @property
    def late_rate(self) -> float | None:
        return self.late_766 / self.resolved if self.resolved else None


# Accepted dossiers: the only ones any figure counts.
COUNTED = ~Q(status__in=[Dossier.Status.SUBMITTED, Dossier.Status.NOT_RECEIVED])


def _ended_in(start: dt.date, end: dt.date) -> Q:
    return Q(finished_on__gte=start, finished_on__lte=end)


def _open_at(as_of: dt.date) -> Q:
    return Q(received_on__lte=as_of) & (Q(finished_on__isnull=True) | Q(finished_on__gt=as_of))


def _overdue_at(as_of: dt.date) -> Q:
    """Open past the appointment date and not waiting for the applicant."""
    return (
        _open_at(as_of) & Q(due__lt=as_of) & (Q(paused_on__isnull=True) | Q(paused_on__gt=F("due")))
    )


def _late_766_at(as_of: dt.date) -> Q:
    """Open at `as_of` and late under Decision 766 (indicator 2.1): past the appointment date and
    not waiting for the applicant since before it, or asked for supplements a second time by
    then (more than one request counts as late, whatever the dates)."""
    return _open_at(as_of) & (_overdue_at(as_of) | Q(second_request_on__lte=as_of))


def _missed_promise(start: dt.date, end: dt.date, as_of: dt.date) -> Q:
    """The apology letter's new date passed without the result: ended in the period after it, or
    open at `as_of` after it."""
    promised = Q(promised_on__isnull=False)
    ended_after = _ended_in(start, min(end, as_of)) & Q(finished_on__gt=F("promised_on"))
    open_after = _open_at(as_of) & Q(promised_on__lt=as_of)
    return promised & (ended_after | open_after)


def _aggregates(period: Period, as_of: dt.date) -> dict[str, Any]:
    start, end = period.start, period.last_day
    # Ended by `as_of`: a dossier ended later is still open then (counted once, as open).
    ended = _ended_in(start, as_of)
    received = Q(received_on__gte=start, received_on__lte=end)
    return {
        "received": Count("pk", filter=received),
        "received_online": Count("pk", filter=received & Q(channel=Dossier.Channel.ONLINE)),
        "early": Count("pk", filter=ended & Q(timeliness=Dossier.Timeliness.EARLY)),
        "on_time": Count("pk", filter=ended & Q(timeliness=Dossier.Timeliness.ON_TIME)),
        "late": Count("pk", filter=ended & Q(timeliness=Dossier.Timeliness.LATE)),
        "late_766": Count("pk", filter=ended & Q(late_766=True)),
        "open_within": Count("pk", filter=_open_at(as_of) & ~_overdue_at(as_of)),
        "open_overdue": Count("pk", filter=_overdue_at(as_of)),
        "overdue_without_letter": Count(
            "pk", filter=_overdue_at(as_of) & Q(promised_on__isnull=True)
        ),
        "missed_promise": Count("pk", filter=_missed_promise(start, end, as_of)),
        "average_days": Avg("elapsed_days", filter=ended),
        "supplements": Sum("supplement_count", filter=received),
    }


def _relevant(dossiers: QuerySet[Dossier], period: Period, as_of: dt.date) -> QuerySet[Dossier]:
    """Only the accepted dossiers that can count anywhere in the period (lets the index do the
    work)."""
    return (
        dossiers.filter(received_on__lte=period.last_day)
        .filter(Q(finished_on__isnull=True) | Q(finished_on__gte=period.start))
        .filter(COUNTED)
    )


def indicators(
    dossiers: QuerySet[Dossier], *, by: Dimension, period: Period, today: dt.date
) -> tuple[list[Row], Row]:
    """The indicator table grouped by processing unit, procedure or month, and its total line.

    Three queries for units and procedures (the counts, the letters, the labels); for months,
    two per month of the period is avoided by grouping on the stored month columns.
    """
    as_of = period.as_of(today)
    if by == "month":
        return _by_month(dossiers, period, today)
    key = "unit_id" if by == "unit" else "procedure_id"
    rows_data = (
        _relevant(dossiers, period, as_of)
        .order_by()
        .values(key)
        .annotate(**_aggregates(period, as_of))
    )
    letters = ApologyLetter.objects.filter(
        dossier__in=dossiers.values("pk"),
        issued_on__gte=period.start,
        issued_on__lte=period.last_day,
    ).order_by()
    letter_key = "unit_at_fault_id" if by == "unit" else "dossier__procedure_id"
    letter_counts = {
        row[letter_key]: row["n"] for row in letters.values(letter_key).annotate(n=Count("pk"))
    }
    rows: dict[Any, Row] = {}
    for data in rows_data:
        row = _row(data[key], data)
        rows[row.key] = row
    for letter_unit, n in letter_counts.items():
        rows.setdefault(letter_unit, Row(key=letter_unit, label="")).apologies = n
    _label(rows, by)
    ordered = sorted(rows.values(), key=lambda r: (-(r.received + r.resolved), r.label))
    return ordered, _total(ordered)


def _row(key: Any, data: dict[str, Any]) -> Row:
    return Row(
        key=key,
        label="",
        received=data["received"],
        received_online=data["received_online"],
        early=data["early"],
        on_time=data["on_time"],
        late=data["late"],
        late_766=data["late_766"],
        open_within=data["open_within"],
        open_overdue=data["open_overdue"],
        overdue_without_letter=data["overdue_without_letter"],
        missed_promise=data["missed_promise"],
        average_days=data["average_days"],
        supplements=data["supplements"] or 0,
    )


def _label(rows: dict[Any, Row], by: Dimension) -> None:
    keys = [k for k in rows if k is not None]
    if by == "unit":
        names = {u.pk: str(u) for u in Unit.objects.filter(pk__in=keys)}
        none_label = str(_("Not yet sent to a unit"))
    else:
        names = {p.pk: f"{p.code} {p.name}" for p in Procedure.objects.filter(pk__in=keys)}
        none_label = "—"
    for key, row in rows.items():
        row.label = names.get(key, none_label)


COUNTS = (
    "received",
    "received_online",
    "early",
    "on_time",
    "late",
    "late_766",
    "open_within",
    "open_overdue",
    "overdue_without_letter",
    "missed_promise",
    "apologies",
    "supplements",
)


def summed(rows: Iterable[Row], *, key: Any, label: str) -> Row:
    """One row adding up ``rows``: the counts summed, the average time to resolve weighted by the
    dossiers resolved."""
    total = Row(key=key, label=label)
    weighted = 0.0
    for row in rows:
        for name in COUNTS:
            setattr(total, name, getattr(total, name) + getattr(row, name))
        if row.average_days is not None:
            weighted += row.average_days * row.resolved
    total.average_days = weighted / total.resolved if total.resolved else None
    return total


def _total(rows: Iterable[Row]) -> Row:
    return summed(rows, key=None, label=str(_("Total")))


def _by_month(dossiers: QuerySet[Dossier], period: Period, today: dt.date) -> tuple[list[Row], Row]:
    """One row per month: received by receipt month, ended by end month (two GROUP BYs), letters
    by issue day; the open counts are each month's end (or today) — one conditional count each."""
    start, end = period.start, period.last_day
    dossiers = dossiers.filter(COUNTED)
    months: list[dt.date] = []
    month = start
    while month <= period.end:
        months.append(month)
        month = add_months(month, 1)
    rows = {m: Row(key=m, label=f"{m:%m/%Y}") for m in months}
    received = (
        dossiers.filter(received_month__gte=start, received_month__lte=period.end)
        .order_by()
        .values("received_month")
        .annotate(
            n=Count("pk"),
            online=Count("pk", filter=Q(channel=Dossier.Channel.ONLINE)),
            supplements=Sum("supplement_count"),
        )
    )
    for data in received:
        row = rows[data["received_month"]]
        row.received, row.received_online = data["n"], data["online"]
        row.supplements = data["supplements"] or 0
    ended = (
        dossiers.filter(finished_month__gte=start, finished_month__lte=period.end)
        .order_by()
        .values("finished_month")
        .annotate(
            early=Count("pk", filter=Q(timeliness=Dossier.Timeliness.EARLY)),
            on_time=Count("pk", filter=Q(timeliness=Dossier.Timeliness.ON_TIME)),
            late=Count("pk", filter=Q(timeliness=Dossier.Timeliness.LATE)),
            late_766=Count("pk", filter=Q(late_766=True)),
            missed=Count(
                "pk", filter=Q(promised_on__isnull=False, finished_on__gt=F("promised_on"))
            ),
            average_days=Avg("elapsed_days"),
        )
    )
    for data in ended:
        row = rows[data["finished_month"]]
        row.early, row.on_time, row.late = data["early"], data["on_time"], data["late"]
        row.late_766, row.average_days = data["late_766"], data["average_days"]
        row.missed_promise = data["missed"]
    snapshots = {
        f"w{i}": Count(
            "pk", filter=_open_at(min(month_end(m), today)) & ~_overdue_at(min(month_end(m), today))
        )
        for i, m in enumerate(months)
    } | {
        f"o{i}": Count("pk", filter=_overdue_at(min(month_end(m), today)))
        for i, m in enumerate(months)
    }
    # Open dossiers past their letter's new date at the month's end (the ended ones are above).
    snapshots |= {
        f"m{i}": Count(
            "pk",
            filter=_open_at(min(month_end(m), today)) & Q(promised_on__lt=min(month_end(m), today)),
        )
        for i, m in enumerate(months)
    }
    opened = (
        dossiers.filter(received_on__lte=end)
        .filter(Q(finished_on__isnull=True) | Q(finished_on__gt=start))
        .aggregate(**snapshots)
    )
    for i, m in enumerate(months):
        rows[m].open_within, rows[m].open_overdue = opened[f"w{i}"], opened[f"o{i}"]
        rows[m].missed_promise += opened[f"m{i}"]
    letters = ApologyLetter.objects.filter(
        dossier__in=dossiers.values("pk"), issued_on__gte=start, issued_on__lte=end
    ).values_list("issued_on", flat=True)
    for issued in letters:
        rows[month_start(issued)].apologies += 1
    ordered = list(rows.values())
    total = _total(ordered)
    # Open counts are snapshots: the total is the last month's, not a sum.
    total.open_within, total.open_overdue = ordered[-1].open_within, ordered[-1].open_overdue
    return ordered, total


def missed_promises(dossiers: QuerySet[Dossier], *, today: dt.date) -> QuerySet[Dossier]:
    """Dossiers whose apology letter's new date passed without the result (ended after it, or
    still open after it): flagged, since the date may be moved only once."""
    open_after = Q(finished_on__isnull=True, promised_on__lt=today)
    ended_after = Q(finished_on__isnull=False, finished_on__gt=F("promised_on"))
    # Only accepted dossiers get a letter: no status filter needed.
    return dossiers.filter(Q(promised_on__isnull=False) & (open_after | ended_after))


@dataclass(frozen=True)
class TrendPoint:
    month: dt.date
    resolved: int
    on_time: int

    @property
    def rate(self) -> float | None:
        return self.on_time / self.resolved if self.resolved else None


def on_time_trend(
    dossiers: QuerySet[Dossier], *, period: Period, rollup: Q | None = None
) -> list[TrendPoint]:
    """Per month of the period: dossiers ended and those on time under Decision 766 (one query).

    With `rollup` (`access.rollup_filter`: a condition on DossierMonthStat that selects exactly
    the reader's dossiers) the counts come from the monthly rollup instead of the dossiers.
    """
    if rollup is not None:
        rows = (
            DossierMonthStat.objects.filter(rollup, month__gte=period.start, month__lte=period.end)
            .order_by()
            .values("month")
            .annotate(n=Sum("ended"), late=Sum("late"))
        )
        data = {row["month"]: row for row in rows}
    else:
        data = {
            row["finished_month"]: row
            for row in dossiers.filter(
                finished_month__gte=period.start, finished_month__lte=period.end
            )
            .order_by()
            .values("finished_month")
            .annotate(n=Count("pk"), late=Count("pk", filter=Q(late_766=True)))
        }
    points = []
    month = period.start
    while month <= period.end:
        row = data.get(month)
        points.append(
            TrendPoint(month, row["n"] if row else 0, (row["n"] - row["late"]) if row else 0)
        )
        month = add_months(month, 1)
    return points


@dataclass(frozen=True)
class Worst:
    """A procedure or unit with its late share over the period."""

    key: int
    label: str
    resolved: int
    late: int

    @property
    def late_rate(self) -> float:
        return self.late / self.resolved if self.resolved else 0.0


def worst(
    dossiers: QuerySet[Dossier],
    *,
    by: Literal["unit", "procedure"],
    period: Period,
    limit: int = 5,
    minimum: int = 10,
    rollup: Q | None = None,
) -> list[Worst]:
    """The procedures or units with the highest share of late dossiers (Decision 766 rule) among
    those ended in the period, ignoring those with fewer than `minimum` dossiers (two queries;
    from DossierMonthStat with `rollup`, as in `on_time_trend`)."""
    key = "unit_id" if by == "unit" else "procedure_id"
    if rollup is not None:
        rows = list(
            DossierMonthStat.objects.filter(rollup, month__gte=period.start, month__lte=period.end)
            .order_by()
            .values(key)
            .annotate(n=Sum("ended"), late=Sum("late"))
            .filter(n__gte=minimum, late__gt=0)
        )
    else:
        rows = list(
            dossiers.filter(
                finished_month__gte=period.start,
                finished_month__lte=period.end,
                **{f"{key}__isnull": False},
            )
            .order_by()
            .values(key)
            .annotate(n=Count("pk"), late=Count("pk", filter=Q(late_766=True)))
            .filter(n__gte=minimum, late__gt=0)
        )
    rows.sort(key=lambda r: (-r["late"] / r["n"], -r["n"]))
    rows = rows[:limit]
    ids = [r[key] for r in rows]
    if by == "unit":
        names = {u.pk: str(u) for u in Unit.objects.filter(pk__in=ids)}
    else:
        names = {p.pk: f"{p.code} {p.name}" for p in Procedure.objects.filter(pk__in=ids)}
    return [Worst(r[key], names.get(r[key], "—"), r["n"], r["late"]) for r in rows]


def rebuild_month_stats() -> int:
    """Recompute DossierMonthStat from the dossiers (after a bulk load, or to check the rollup the
    actions keep); returns the number of rows written."""
    rows = (
        Dossier.objects.filter(finished_month__isnull=False, unit__isnull=False)
        .order_by()
        .values("finished_month", "procedure_id", "unit_id", "centre_id")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(late_766=True)))
    )
    stats = [
        DossierMonthStat(
            month=row["finished_month"],
            procedure_id=row["procedure_id"],
            unit_id=row["unit_id"],
            centre_id=row["centre_id"],
            ended=row["n"],
            late=row["late"],
        )
        for row in rows
    ]
    with transaction.atomic():
        DossierMonthStat.objects.all().delete()
        DossierMonthStat.objects.bulk_create(stats, batch_size=2000)
    return len(stats)


def overdue_now(dossiers: QuerySet[Dossier], *, today: dt.date) -> QuerySet[Dossier]:
    """Open dossiers past their appointment date and not waiting for the applicant, oldest first;
    those without an apology letter are the ones the law was not followed for."""
    # A submission not accepted has its clock stopped (paused_on): no status filter needed.
    return (
        dossiers.filter(finished_on__isnull=True, due__lt=today, paused_on__isnull=True)
        .select_related("procedure", "holder", "unit", "centre")
        .order_by("due", "pk")
    )


def overdue_counts(dossiers: QuerySet[Dossier], *, today: dt.date) -> tuple[int, int]:
    """(dossiers overdue now, of which without an apology letter): one pass over the index of
    open dossiers."""
    data = (
        dossiers.filter(finished_on__isnull=True, due__lt=today, paused_on__isnull=True)
        .order_by()
        .aggregate(n=Count("pk"), bare=Count("pk", filter=Q(promised_on__isnull=True)))
    )
    return data["n"], data["bare"]


def late_without_letter(dossiers: QuerySet[Dossier], *, today: dt.date) -> QuerySet[Dossier]:
    """Dossiers late (ended after, or still open past, the appointment date) with no apology
    letter: flagged, since the letter is due at least one working day before the date."""
    late = Q(timeliness=Dossier.Timeliness.LATE) | Q(
        finished_on__isnull=True, due__lt=today, paused_on__isnull=True
    )
    return dossiers.filter(late, promised_on__isnull=True)


def search(dossiers: QuerySet[Dossier], text: str) -> QuerySet[Dossier]:
    """Dossiers whose number, applicant or procedure matches `text`, diacritics ignored."""
    from congvu.org.text import fold

    folded = fold(text)
    if not folded:
        return dossiers
    return dossiers.filter(
        Q(code__icontains=text.strip())
        | Q(applicant_folded__contains=folded)
        | Q(procedure__name_folded__contains=folded)
        | Q(procedure__code__icontains=text.strip())
    )


# --- Decision 766 ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Component:
    """One component of the service index: its ratio, the points it earns and how."""

    code: str
    name: str
    definition: str
    numerator: int
    denominator: int
    max_points: float | None
    points: float | None
    # Why the component is not computed (the data congvu lacks); empty when it is computed. A
    # component without data earns no points and is left out of the total: never 100 %.
    no_data: str = ""

    @property
    def ratio(self) -> float | None:
        if self.no_data:
            return None
        return self.numerator / self.denominator if self.denominator else None

    @property
    def is_computed(self) -> bool:
        return not self.no_data and self.max_points is not None


def _no_data(code: str, name: str, definition: str, max_points: float, reason: str) -> Component:
    return Component(code, name, definition, 0, 0, max_points, None, no_data=reason)


def groups_1_and_4() -> list[Component]:
    """Decision 766's groups 1 (publicity, 18 points) and 4 (digitisation, 22 points): each
    component needs records congvu does not hold, so each says "no data" and why (rule
    `indicators_766`, shared/domain/vietnam-rules.md §8.2). None is ever shown as achieved."""
    catalogue_dates = str(
        _(
            "No data: congvu does not record the decisions announcing procedures nor the dates "
            "their legal bases take effect."
        )
    )
    digitisation = str(
        _("No data: congvu does not record which dossier papers or results were digitised.")
    )
    return [
        _no_data(
            "1.1",
            str(_("Procedures announced on time")),
            str(_("Announcing decision at least 5 working days before the legal basis applies.")),
            6,
            catalogue_dates,
        ),
        _no_data(
            "1.2",
            str(_("Procedures published on time")),
            str(_("Published in the national database within 5 working days of the decision.")),
            4,
            catalogue_dates,
        ),
        _no_data(
            "1.3",
            str(_("Procedures published in full")),
            str(_("Name, steps, method, dossier, time limit, subjects and agency all published.")),
            2,
            str(
                _(
                    "No data: the catalogue holds the name, time limit, agency, fee and legal "
                    "basis, not the steps, method, dossier papers or subjects."
                )
            ),
        ),
        _no_data(
            "1.4",
            str(_("Dossiers synchronised to the national portal")),
            str(_("Dossiers synchronised to Cổng Dịch vụ công quốc gia, over all dossiers.")),
            6,
            str(_("No data: congvu does not record synchronisation with the national portal.")),
        ),
        _no_data(
            "4.1",
            str(_("Dossiers with an electronic result")),
            str(_("Dossiers whose result was issued electronically.")),
            6,
            digitisation,
        ),
        _no_data(
            "4.x",
            str(_("Electronic certified copies")),
            str(_("Certified copies issued electronically (number not given in the sources).")),
            2,
            digitisation,
        ),
        _no_data(
            "4.2",
            str(_("Dossiers digitised")),
            str(_("Dossiers whose papers and result were digitised.")),
            4,
            digitisation,
        ),
        _no_data(
            "4.3",
            str(_("Digitised data reused")),
            str(_("Dossiers that reused digitised data instead of asking for papers again.")),
            2,
            digitisation,
        ),
        _no_data(
            "4.4",
            str(_("Digitised dossiers linked to personal data stores")),
            str(_("Digitised dossiers connected to the applicant's store on the national portal.")),
            4,
            digitisation,
        ),
        _no_data(
            "4.5",
            str(_("Use of population data (VNeID)")),
            str(_("Procedures and dossiers using the national population database.")),
            4,
            str(_("No data: congvu does not record the use of population data.")),
        ),
    ]


def _points(params: dict[str, Any], code: str, ratio: float | None) -> float | None:
    if ratio is None:
        return None
    spec = params[code]
    return round(min(float(spec["max"]), float(spec["max"]) * ratio / float(spec["full_at"])), 2)


def index_766(
    dossiers: QuerySet[Dossier],
    procedures: QuerySet[Procedure],
    *,
    period: Period,
    today: dt.date,
) -> tuple[list[Component], Rule]:
    """The components of Decision 766's index that dossier data can compute (three queries).

    1.x, 4.x publicity and digitisation: "no data", with the reason (`groups_1_and_4`).
    2.1 on time: (dossiers ended in the period on time + dossiers still open on time at `as_of`)
        / (dossiers ended in the period + dossiers still open), on time per the VPCP rule (ended
        on or before the appointment date, supplement time excluded; an open dossier is late
        when past that date and not waiting for the applicant since before it, and any dossier
        asked for supplements more than once is late, open or ended); points 20 × ratio.
    2.2 average processing time (working days): informational, no points.
    3.1 share of procedures offering an online service (partly or fully): full points at 80 %.
    3.2 share of online procedures with at least one online dossier in the period: 4 × ratio.
    3.3 share of dossiers of online procedures submitted online: full points at 50 %.
    5.4 satisfaction with dossier handling, computed as 100 % − the late share (complaints and
        dislikes are not recorded here): full points at 90 %.
    """
    as_of = period.as_of(today)
    params = rule("indicators_766", as_of)
    start, end = period.start, period.last_day
    # Ended by `as_of`: a dossier ended later is still open then (counted once, as open).
    ended = _ended_in(start, as_of)
    received = Q(received_on__gte=start, received_on__lte=end)
    online_procedure = ~Q(procedure__online=Procedure.Online.NONE)
    data = _relevant(dossiers, period, as_of).aggregate(
        ended=Count("pk", filter=ended),
        ended_late=Count("pk", filter=ended & Q(late_766=True)),
        open=Count("pk", filter=_open_at(as_of)),
        open_late=Count("pk", filter=_late_766_at(as_of)),
        average=Avg("elapsed_days", filter=ended),
        of_online=Count("pk", filter=received & online_procedure),
        online=Count("pk", filter=received & online_procedure & Q(channel=Dossier.Channel.ONLINE)),
    )
    catalogue = procedures.aggregate(
        total=Count("pk"), online=Count("pk", filter=~Q(online=Procedure.Online.NONE))
    )
    catalogue["used"] = (
        dossiers.filter(received, online_procedure, channel=Dossier.Channel.ONLINE)
        .filter(COUNTED)
        .filter(procedure__in=procedures.values("pk"))
        .order_by()
        .values("procedure_id")
        .distinct()
        .count()
    )
    counted = data["ended"] + data["open"]
    good = counted - data["ended_late"] - data["open_late"]
    p = params.value
    r21 = good / counted if counted else None
    r31 = catalogue["online"] / catalogue["total"] if catalogue["total"] else None
    r32 = catalogue["used"] / catalogue["online"] if catalogue["online"] else None
    r33 = data["online"] / data["of_online"] if data["of_online"] else None
    r54 = good / counted if counted else None
    average = data["average"]
    components = [
        *groups_1_and_4()[:4],
        Component(
            "2.1",
            str(_("Dossiers resolved early or on time")),
            str(
                _(
                    "Dossiers ended on time in the period plus those still within the deadline, "
                    "over all dossiers ended in the period or still open; more than one "
                    "supplement request counts as late."
                )
            ),
            good,
            counted,
            p["2.1"]["max"],
            _points(p, "2.1", r21),
        ),
        Component(
            "2.2",
            str(_("Average processing time")),
            str(
                _("Mean working days from receipt to end, supplement time excluded: %(days)s.")
                % {"days": f"{average:.1f}".replace(".", ",") if average is not None else "—"}
            ),
            round(average or 0),
            1 if average is not None else 0,
            None,
            None,
        ),
        Component(
            "3.1",
            str(_("Procedures offered online")),
            str(_("Procedures with a partly or fully online service, over all procedures.")),
            catalogue["online"],
            catalogue["total"],
            p["3.1"]["max"],
            _points(p, "3.1", r31),
        ),
        Component(
            "3.2",
            str(_("Online services in use")),
            str(_("Online procedures with at least one online dossier in the period.")),
            catalogue["used"],
            catalogue["online"],
            p["3.2"]["max"],
            _points(p, "3.2", r32),
        ),
        Component(
            "3.3",
            str(_("Dossiers submitted online")),
            str(_("Dossiers of online procedures that were submitted online.")),
            data["online"],
            data["of_online"],
            p["3.3"]["max"],
            _points(p, "3.3", r33),
        ),
        Component(
            "5.4",
            str(_("Satisfaction with dossier handling")),
            str(
                _(
                    "100 % minus the share of late dossiers (complaints are not recorded here, "
                    "so this is an upper bound)."
                )
            ),
            good,
            counted,
            p["5.4"]["max"],
            _points(p, "5.4", r54),
        ),
    ]
    components[9:9] = groups_1_and_4()[4:]  # group 4 between groups 3 and 5
    return components, params

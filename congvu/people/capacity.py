"""Capacity and workload (issue 11 item 6): points for a unit's head to review, never a verdict.

- **Converted workload** (khối lượng quy đổi) of an official in a month = Σ coefficients of their
  work items of that month: exactly the items the rating counts (`queries.work_items`, same
  holder, period, catalogue coefficient, recorded absences left out), completed or not.
- **The unit's median**: the median of the workloads of every official holding a post in the unit
  on the month's last day (today for the running month), those without items counting 0. The
  median of an even count is the mean of the two middle values.
- A workload is listed as a point to review when it is below half the median or above one and a
  half times it (`LOW`, `HIGH`); with a median of 0 nothing is listed. The figures are shown for
  everyone; the point only says which figures to look at.
- **Job-position fit**: the official's recorded qualifications (`Official.qualifications`, the
  degree, training and certificates as recorded) and years since `Official.start_date` against the
  requirements of the job position they are placed in on that day (`Placement`, `JobPosition`):
  a degree below the required one on the ladder trung cấp < cao đẳng < đại học < thạc sĩ < tiến sĩ
  (or, for a requirement off the ladder, not found in the record), each required certificate
  (separated by `;` or `,`) not found in the record, fewer whole years than required, or no
  position recorded. Competencies are shown, not checked: the head judges them.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from congvu.org.models import Official, Post, Unit
from congvu.org.text import fold
from congvu.people.models import JobPosition, Placement, Rating, RatingPolicy
from congvu.people.queries import absences_of, period_bounds, work_items

LOW, HIGH = Decimal("0.5"), Decimal("1.5")
# Folded words of each degree, lowest first.
DEGREES: tuple[tuple[str, ...], ...] = (
    ("trung cap",),
    ("cao dang",),
    ("dai hoc", "cu nhan", "ky su", "bac si"),
    ("thac si",),
    ("tien si",),
)


def decimal_vi(value: Decimal) -> str:
    """A figure with one decimal and a decimal comma, as Vietnamese writes it: 14,5."""
    return f"{value.quantize(Decimal('0.1')):f}".replace(".", ",")


def median(values: Sequence[Decimal]) -> Decimal:
    """The median (mean of the two middle values for an even count); 0 for no value."""
    if not values:
        return Decimal(0)
    return Decimal(statistics.median(sorted(values)))


def degree_rank(text: str) -> int | None:
    """The highest degree the text names on the ladder (0 = trung cấp), None when it names none."""
    folded = fold(text)
    found = [rank for rank, words in enumerate(DEGREES) if any(w in folded for w in words)]
    return max(found) if found else None


def whole_years(start: dt.date, day: dt.date) -> int:
    years = day.year - start.year - ((day.month, day.day) < (start.month, start.day))
    return max(years, 0)


@dataclass(frozen=True)
class Needs:
    """What a job position requires, as recorded."""

    name: str
    degree: str
    certificates: str
    years: int
    competencies: str


def fit_points(
    qualifications: str, start_date: dt.date | None, day: dt.date, needs: Needs | None
) -> list[str]:
    """The points of job-position fit to review for one official on `day` (see the module)."""
    if needs is None:
        return [_("No job position recorded on %(day)s.") % {"day": f"{day:%d/%m/%Y}"}]
    points: list[str] = []
    record = fold(qualifications)
    shown = qualifications or _("none recorded")
    if needs.degree:
        wanted, held = degree_rank(needs.degree), degree_rank(qualifications)
        short = (
            held is None or held < wanted
            if wanted is not None
            else fold(needs.degree) not in record
        )
        if short:
            points.append(
                _("Recorded qualifications: “%(held)s”; the position requires: “%(wanted)s”.")
                % {"held": shown, "wanted": needs.degree}
            )
    for certificate in (c.strip() for c in re.split(r"[;,]", needs.certificates)):
        if certificate and fold(certificate) not in record:
            points.append(
                _(
                    "The position requires “%(certificate)s”, not found in the recorded "
                    "qualifications."
                )  # fmt: skip
                % {"certificate": certificate}
            )
    if needs.years:
        if start_date is None:
            points.append(
                _("No start date recorded; the position requires %(years)d years of experience.")
                % {"years": needs.years}
            )
        elif (years := whole_years(start_date, day)) < needs.years:
            points.append(
                _("Recorded years of work: %(held)d; the position requires: %(wanted)d.")
                % {"held": years, "wanted": needs.years}
            )
    return points


def workload_point(month: str, workload: Decimal, unit_median: Decimal) -> str | None:
    """The workload as a point to review when it is below LOW or above HIGH times the median."""
    if unit_median <= 0 or LOW * unit_median <= workload <= HIGH * unit_median:
        return None
    return workload_text(month, workload, unit_median)


def workload_text(month: str, workload: Decimal, unit_median: Decimal) -> str:
    return _("Converted workload in month %(month)d: %(load)s (the unit's median: %(median)s)") % {
        "month": int(month[5:7]),
        "load": decimal_vi(workload),
        "median": decimal_vi(unit_median),
    }


@dataclass
class Row:
    official: Official
    workload: Decimal
    items: int
    position: str
    points: list[str]


@dataclass
class UnitCapacity:
    unit: Unit
    month: str
    median: Decimal
    rows: list[Row]


def members(unit: Unit, day: dt.date) -> list[Official]:
    """Officials holding a post in the unit on `day`."""
    held = Post.objects.in_force(day).filter(unit=unit).values("official_id")
    return list(Official.objects.filter(pk__in=held).order_by("full_name"))


def unit_capacity(unit: Unit, month: str, *, as_of: dt.date | None = None) -> UnitCapacity:
    """Workloads, the unit's median and the points to review for `month` ("2026-11")."""
    as_of = as_of or timezone.localdate()
    start, end = period_bounds(month)
    day = min(end, as_of)
    people = members(unit, day)
    ids = [o.pk for o in people]
    ratings = Rating.objects.filter(official_id__in=ids, period__startswith=month[:4])
    items = work_items(
        ids,
        start,
        end,
        frequency=RatingPolicy.Frequency.MONTH,
        as_of=as_of,
        absences=absences_of(ratings),
    )
    loads = {pk: Decimal(0) for pk in ids}
    counts = dict.fromkeys(ids, 0)
    for item in items:
        loads[item.official_id] += item.coefficient
        counts[item.official_id] += 1
    unit_median = median(list(loads.values()))
    placed = {
        official_id: position
        for official_id, position in (
            (p.official_id, p.job_position)
            for p in Placement.objects.filter(official_id__in=ids, start__lte=day)
            .filter(Q(end__isnull=True) | Q(end__gte=day))
            .select_related("job_position")
            .order_by("start")
        )
    }
    rows = []
    for official in people:
        position: JobPosition | None = placed.get(official.pk)
        needs = (
            Needs(
                position.name,
                position.degree,
                position.certificates,
                position.years_experience,
                position.competencies,
            )
            if position is not None
            else None
        )
        points = fit_points(official.qualifications, official.start_date, day, needs)
        load_point = workload_point(month, loads[official.pk], unit_median)
        if load_point:
            points.insert(0, load_point)
        rows.append(
            Row(
                official,
                loads[official.pk],
                counts[official.pk],
                position.name if position else "",
                points,
            )
        )
    return UnitCapacity(unit, month, unit_median, rows)

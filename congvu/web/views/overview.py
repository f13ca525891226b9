"""The leader overview: the four categories per unit, a stacked bar chart, top lists, drill-down.

A constant number of queries whatever the number of units and tasks: the scope, the unit's
lineage, one GROUP BY over the tasks (index on lead_unit, created_at), the units, the top list.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone

from congvu.org.middleware import OfficialRequest
from congvu.org.models import Unit
from congvu.tasks.access import may_oversee
from congvu.tasks.queries import Category, Counts, UnitRow, oldest_overdue, unit_overview
from congvu.web.forms.overview import OverviewForm, period_of
from congvu.web.views.common import Viewer, official_required, render_page
from congvu.web.views.menu import OVERVIEW

BAR_WIDTH = 1000  # the chart's viewBox width; bars scale to the largest unit


@dataclass(frozen=True)
class Segment:
    category: str
    count: int
    x: str
    width: str
    url: str


@dataclass(frozen=True)
class Line:
    """One unit in the table and chart, with the list link of each number."""

    unit: Unit | None  # None: tasks led by the drilled unit itself
    counts: Counts
    links: dict[str, str]
    total_url: str
    segments: list[Segment]
    has_children: bool


@official_required
def overview_page(request: OfficialRequest) -> HttpResponse:
    """Per unit under the chosen unit, the four categories of tasks assigned in the period."""
    me = OVERVIEW.require(request)
    today = timezone.localdate()
    form = OverviewForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    period = period_of(data.get("period") or "year", today, data.get("start"), data.get("end"))
    as_of = data.get("as_of") or today
    original = data.get("basis") == "original"

    roots = me.overview_roots()
    if not roots:
        raise PermissionDenied
    unit = _chosen_unit(data.get("unit"), roots, me)
    result = unit_overview(
        request.official,
        unit,
        period=period,
        as_of=as_of,
        original_deadline=original,
        scope=me.scope,
    )
    tasks, rows, total = result.tasks, result.rows, result.total

    params = {
        "start": period.start.strftime("%d/%m/%Y"),
        "end": period.end.strftime("%d/%m/%Y"),
        "as_of": as_of.strftime("%d/%m/%Y"),
        "basis": "original" if original else "",
        "carried": "1",
    }
    own = _own_counts(total, rows)
    largest = max([row.counts.total for row in rows] + [own.total, 1])
    lines = [
        _line(row.unit, row.counts, params, largest, bool(row.unit.children.all())) for row in rows
    ]
    if own.total:
        lines.append(_line(None, own, {**params, "unit_only": str(unit.pk)}, largest, False))
    worst = sorted(
        (line for line in lines if line.unit is not None and line.counts.open_overdue),
        key=lambda line: -line.counts.open_overdue,
    )[:5]
    ancestors = list(
        Unit.objects.filter(pk__in=[int(pk) for pk in unit.path.strip("/").split("/")]).order_by(
            "path"
        )
    )
    return render_page(
        request,
        "web/overview.html",
        {
            "form": form,
            "period": period,
            "as_of": as_of,
            "original": original,
            "unit": unit,
            "roots": roots,
            "ancestors": [a for a in ancestors if any(a.path.startswith(r.path) for r in roots)],
            "lines": lines,
            "total": total,
            "approval_wait": result.approval_wait,
            "total_line": _line(unit, total, params, largest, False),
            "worst_units": worst,
            "oldest": oldest_overdue(tasks, as_of=as_of, original_deadline=original, limit=10),
            "categories": [(c, Category.LABELS[c]) for c in Category.ALL],
            "period_query": urlencode(
                {k: v for k, v in request.GET.items() if k != "unit"}, doseq=False
            ),
        },
    )


def _chosen_unit(unit_id: int | None, roots: list[Unit], me: Viewer) -> Unit:
    """The unit to show: the first root by default; another only inside a root's subtree."""
    if unit_id is None:
        return roots[0]
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    if not may_oversee(me.official, unit, roots):
        raise Http404
    return unit


def _own_counts(total: Counts, rows: list[UnitRow]) -> Counts:
    """The tasks led by the unit itself: the total less what its sub-units roll up."""
    own = Counts()
    own.add(total)
    for row in rows:
        own.less(row.counts)
    return own


def _line(
    unit: Unit | None, counts: Counts, params: dict[str, str], largest: int, has_children: bool
) -> Line:
    base = {**params, "involvement": "lead"}
    if unit is not None:
        base["unit"] = str(unit.pk)
    list_url = reverse("task_list")
    links = {c: f"{list_url}?{urlencode({**base, 'category': c})}" for c in Category.ALL}
    segments = []
    x = 0.0
    for category in Category.ALL:
        count = getattr(counts, category)
        width = BAR_WIDTH * count / largest
        if count:
            segments.append(Segment(category, count, f"{x:.1f}", f"{width:.1f}", links[category]))
        x += width
    return Line(
        unit=unit,
        counts=counts,
        links=links,
        total_url=f"{list_url}?{urlencode({**base, 'category': 'counted'})}",
        segments=segments,
        has_children=has_children,
    )

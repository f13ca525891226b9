"""The pages' charts as coordinates for server-rendered SVG: the queries give the numbers, these
functions place them, and the templates draw them (no script, so the PDF report draws the same)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import pgettext

from congvu.core.numbers import percent
from congvu.dossiers.queries import TrendPoint
from congvu.investment.queries import Money, MonthRow

# -- dossiers: resolved per month and the on-time rate ------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One month of the SVG trend chart, in chart coordinates."""

    x: float
    width: float
    height: float
    y: float
    label: str
    rate_y: float | None
    rate_text: str
    resolved: int


CHART_WIDTH, CHART_HEIGHT, CHART_TOP, CHART_BOTTOM = 720, 240, 20, 200


def trend_chart(points: Sequence[TrendPoint]) -> dict[str, Any]:
    """Coordinates of the monthly chart: bars for dossiers ended, a line for the on-time rate."""
    slot = CHART_WIDTH / max(1, len(points))
    tallest = max([p.resolved for p in points] + [1])
    span = CHART_BOTTOM - CHART_TOP
    bars = []
    for i, point in enumerate(points):
        height = span * point.resolved / tallest
        rate = point.rate
        bars.append(
            Bar(
                x=round(i * slot + slot * 0.15, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                y=round(CHART_BOTTOM - height, 1),
                label=f"{point.month:%m/%y}",
                rate_y=None if rate is None else round(CHART_BOTTOM - span * rate, 1),
                rate_text="—" if rate is None else f"{round(rate * 100)}%",
                resolved=point.resolved,
            )
        )
    line = " ".join(
        f"{round(b.x + b.width / 2, 1)},{b.rate_y}" for b in bars if b.rate_y is not None
    )
    return {
        "bars": bars,
        "line": line,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "bottom": CHART_BOTTOM,
        "top": CHART_TOP,
        "mid": (CHART_TOP + CHART_BOTTOM) / 2,
        "tallest": tallest,
    }


# -- investment: cumulative disbursement against the target curve -------------------------------


@dataclass(frozen=True)
class Tick:
    x: str
    y: str
    label: str


@dataclass(frozen=True)
class Chart:
    """A line chart: cumulative disbursement and target, in % of the plan."""

    width: int
    height: int
    actual: str  # polyline points
    target: str
    plan_y: str
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    last: Tick | None


def disbursement_chart(money: Money, rows: Sequence[MonthRow], *, year: int) -> Chart:
    """Points at the end of each month of the plan year, 0 % on 1 January."""
    width, height, left, top, bottom = 720, 300, 48, 16, 32
    inner_w, inner_h = width - left - 16, height - top - bottom
    rates = [r.cumulative_rate for r in rows if r.cumulative_rate is not None]
    ceiling = max([1.0, *rates])

    def x(index: float) -> float:
        return left + inner_w * index / len(rows)

    def y(rate: float) -> float:
        return top + inner_h * (1 - rate / ceiling)

    actual = [(x(0), y(0))] + [
        (x(i + 1), y(r.cumulative_rate))
        for i, r in enumerate(rows)
        if r.cumulative_rate is not None
    ]
    target = [(x(0), y(0))] + [(x(i + 1), y(r.target)) for i, r in enumerate(rows)]
    x_ticks = [
        Tick(
            f"{x(i + 0.5):.1f}",
            str(height - 10),
            pgettext("month abbreviation", "M%(month)s") % {"month": r.month.month},
        )
        for i, r in enumerate(rows)
    ]
    y_ticks = [
        Tick(str(left - 6), f"{y(share):.1f}", f"{round(share * 100)} %")
        for share in (0, 0.25, 0.5, 0.75, 1.0)
    ]
    last = None
    if len(actual) > 1:
        rate = rates[-1]
        last = Tick(f"{actual[-1][0]:.1f}", f"{actual[-1][1]:.1f}", percent(rate))
    return Chart(
        width=width,
        height=height,
        actual=" ".join(f"{px:.1f},{py:.1f}" for px, py in actual),
        target=" ".join(f"{px:.1f},{py:.1f}" for px, py in target),
        plan_y=f"{y(1.0):.1f}",
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        last=last,
    )

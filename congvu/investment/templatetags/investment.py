"""Template filters of the investment pages: money in đồng and rates in per cent."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def vnd(amount: int | None) -> str:
    """An amount of đồng with `.` thousands (1.234.567), whatever the active language, because
    money in Vietnamese documents is always written this way."""
    if amount is None:
        return "—"
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(int(amount)):,}".replace(",", ".")


@register.filter
def percent(rate: float | None, digits: int = 1) -> str:
    """A rate (0.4567) as a Vietnamese percentage ("45,7 %")."""
    if rate is None:
        return "—"
    return f"{rate * 100:.{digits}f}".replace(".", ",") + " %"


@register.filter
def millions(amount: int | None) -> str:
    """An amount in millions of đồng, rounded (as reports and charts print large amounts)."""
    if amount is None:
        return "—"
    return vnd(round(amount / 1_000_000))

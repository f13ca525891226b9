"""Numbers as Vietnamese documents write them: money in đồng with `.` thousands, rates in per cent
with a decimal comma. Plain functions, so actions, reports and charts use them without importing a
template library; the investment pages register them as filters."""

from __future__ import annotations


def vnd(amount: int | None) -> str:
    """An amount of đồng with `.` thousands (1.234.567), whatever the active language, because
    money in Vietnamese documents is always written this way."""
    if amount is None:
        return "—"
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(int(amount)):,}".replace(",", ".")


def percent(rate: float | None, digits: int = 1) -> str:
    """A rate (0.4567) as a Vietnamese percentage ("45,7 %")."""
    if rate is None:
        return "—"
    return f"{rate * 100:.{digits}f}".replace(".", ",") + " %"


def millions(amount: int | None) -> str:
    """An amount in millions of đồng, rounded (as reports and charts print large amounts)."""
    if amount is None:
        return "—"
    return vnd(round(amount / 1_000_000))

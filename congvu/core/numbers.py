"""Numbers as Vietnamese documents write them: money in đồng with `.` thousands, rates in per cent
with a decimal comma. Plain functions, so actions, reports and charts use them without importing a
template library; the investment pages register them as filters."""

from __future__ import annotations

import math


def vnd(amount: int | None) -> str:
    """An amount of đồng with `.` thousands (1.234.567), whatever the active language, because
    money in Vietnamese documents is always written this way."""
    if amount is None:
        return "—"
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(int(amount)):,}".replace(",", ".")


def percent(rate: float | None, digits: int = 1) -> str:
    """A rate (0.4567) as a Vietnamese percentage ("45,6 %"), cut to `digits` decimals, never
    rounded up: 0.9995 reads "99,9 %", so nothing reads 100 % unless it is whole (a share of
    counts is better written with `share`, which also says what it counts)."""
    if rate is None:
        return "—"
    # Rounded to 6 places first, so that a float a hair below a boundary (0.29 * 100 is
    # 28.999999999999996) is not cut below it.
    scaled = math.trunc(round(rate * 100 * 10**digits, 6))
    whole, part = divmod(abs(scaled), 10**digits)
    sign = "-" if scaled < 0 else ""
    return f"{sign}{whole}" + (f",{part:0{digits}d}" if digits else "") + " %"


def millions(amount: int | None) -> str:
    """An amount in millions of đồng, rounded (as reports and charts print large amounts)."""
    if amount is None:
        return "—"
    return vnd(round(amount / 1_000_000))


def floored(numerator: int, denominator: int, digits: int = 1) -> str:
    """`numerator / denominator` in per cent cut down (never rounded up) to `digits` decimals:
    199/200 → "99,5 %", 1999/2000 → "99,9 %", so a share reads 100 % only when it is whole.
    Integer arithmetic, so no float lands a hair above a boundary. "—" for an empty denominator.
    """
    if denominator <= 0:
        return "—"
    scale = 10**digits
    cut = numerator * 100 * scale // denominator
    whole, part = divmod(abs(cut), scale)
    sign = "-" if cut < 0 else ""
    text = f"{sign}{whole}" + (f",{part:0{digits}d}" if digits else "")
    return text + " %"


def share(numerator: int, denominator: int, digits: int = 1) -> str:
    """A share with what it counts, as report tables write it: "97,0 % (194/200)"; the
    percentage is `floored`, never rounded up. "—" when nothing is counted."""
    if denominator <= 0:
        return "—"
    return f"{floored(numerator, denominator, digits)} ({numerator}/{denominator})"

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


BILLION = 1_000_000_000
MILLION = 1_000_000


def money(amount: int | None) -> str:
    """An amount of đồng as Vietnamese pages and reports say it: "12,35 tỷ đồng" from a billion
    on, "350,5 triệu đồng" from a million on, "850.000 đồng" below; `.` thousands and a decimal
    comma, rounded to two decimals of tỷ or one of triệu, trailing zeros dropped ("12 tỷ đồng").
    The one way money is shown on a page (the template filter `money`); files keep the exact
    amount in đồng."""
    if amount is None:
        return "—"
    size = abs(int(amount))
    if size < MILLION:
        return f"{vnd(amount)} đồng"
    # In triệu first; what rounds to a thousand triệu or more is said in tỷ.
    unit, scaled = "triệu", _rounded(size, MILLION, 1)
    if size >= BILLION or scaled >= 1000 * 10:
        unit, scaled = "tỷ", _rounded(size, BILLION, 2)
    digits = 1 if unit == "triệu" else 2
    whole, part = divmod(scaled, 10**digits)
    text = vnd(whole) + (f",{part:0{digits}d}".rstrip("0") if part else "")
    return f"{'-' if amount < 0 else ''}{text} {unit} đồng"


def _rounded(size: int, scale: int, digits: int) -> int:
    """`size / scale` in units of 10**-digits, rounded half up in integers (no float)."""
    factor = int(10**digits)
    return (size * factor + scale // 2) // scale


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

"""The rules of public investment as data (`rules.json`, read by the one rules engine, core.rules),
each with its document, article and validity, so that a change of law is a new rule version rather
than a code change."""

from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path

from congvu.core.rules import Rule, RuleBook

__all__ = ["Rule", "all_rules", "plan_window", "rule", "settlement_due"]

RULES = RuleBook(Path(__file__).with_name("rules.json"))


def all_rules() -> tuple[Rule, ...]:
    """Every version of every rule, as written in `rules.json`."""
    return RULES.rules


def rule(key: str, *, on: dt.date) -> Rule | None:
    """The version of `key` in force on `on`, or None when no version applies (no rule then)."""
    return RULES.find(key, on)


def _require(key: str, on: dt.date) -> Rule:
    return RULES.require(key, on)


def _day(year: int, spec: dict[str, int]) -> dt.date:
    return dt.date(year + spec.get("years_after", 0), spec["month"], spec["day"])


def plan_year_end(year: int) -> dt.date:
    """The last day on which the capital plan of `year` may be disbursed (31/01 of year + 1)."""
    return _day(year, _require("plan_year_end", dt.date(year, 1, 1)).value)


def plan_window(year: int) -> tuple[dt.date, dt.date]:
    """First and last day of disbursement of the plan of `year`, both included."""
    return dt.date(year, 1, 1), plan_year_end(year)


def monthly_report_due(month: dt.date) -> dt.date:
    """The day before which the report on `month` (its cumulative disbursement) must be sent."""
    day = _require("monthly_report_day", month).value
    next_month = (month.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return next_month.replace(day=int(day))


def default_target_curve(year: int) -> list[tuple[dt.date, int]]:
    """The default target curve of `year`: (by day, minimum % of the assigned plan)."""
    points = _require("target_curve", dt.date(year, 1, 1)).value
    return [(_day(year, point), int(point["percent"])) for point in points]


def add_months(day: dt.date, months: float) -> dt.date:
    """`day` plus `months` calendar months; half a month counts as 15 days (ND 193/2026 gives
    2.5 months for group B appraisal)."""
    whole = int(months)
    index = day.month - 1 + whole
    year, month = day.year + index // 12, index % 12 + 1
    moved = dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    return moved + dt.timedelta(days=round((months - whole) * 30))


def settlement_due(group: str, handover: dt.date) -> dt.date | None:
    """The latest approval date of the final settlement of a project handed over on `handover`
    (dossier, appraisal, approval; ND 193/2026/NĐ-CP Art. 21), or None before that rule applies."""
    found = rule("settlement_deadlines", on=handover)
    if found is None:
        return None
    steps = found.value[group]
    prepared = add_months(handover, steps["prepare_months"])
    appraised = add_months(prepared, steps["appraise_months"])
    return appraised + dt.timedelta(days=int(steps["approve_days"]))

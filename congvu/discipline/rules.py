"""The time limits and form rules of discipline, as plain functions of dates (no database).

Sources (vietnam-rules.md §4): Luật Cán bộ, công chức 80/2025/QH15 Art. 35–38; Nghị định
172/2025/NĐ-CP Art. 2–5, 15–21 (cán bộ, công chức); Nghị định 112/2020/NĐ-CP as amended by
71/2023 (viên chức). Periods in years, months and days end as the Civil Code 2015 Art. 147–148
says: the day of the event is not counted, and a period of N years ends at the end of the same
day and month N years later. Working days go through `core.calendar`. docs/discipline.md lists
every reading that could go two ways.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import models
from django.utils.translation import gettext_lazy as _

from congvu.core.calendar import add_working_days


class Form(models.TextChoices):
    """The disciplinary forms (hình thức kỷ luật), light to heavy (Luật 80/2025 Art. 35–36,
    ND 172/2025 Art. 7; ND 112/2020 Art. 15 for viên chức)."""

    REPRIMAND = "reprimand", _("Reprimand (khiển trách)")
    WARNING = "warning", _("Warning (cảnh cáo)")
    REMOVAL = "removal", _("Removal from post (cách chức)")
    DISMISSAL = "dismissal", _("Forced dismissal (buộc thôi việc)")
    RECALL = "recall", _("Recall (bãi nhiệm)")


# The ladder of each kind of person, light to heavy. Removal from post only for those who hold a
# leading or managing post; a cán bộ's heaviest form is recall, a công chức's or viên chức's
# forced dismissal.
CADRE = "cadre"
CIVIL_SERVANT = "civil_servant"
PUBLIC_EMPLOYEE = "public_employee"


def ladder(category: str, manager: bool) -> tuple[Form, ...]:
    """The forms that apply to a person, light to heavy."""
    removal = (Form.REMOVAL,) if manager else ()
    last = Form.RECALL if category == CADRE else Form.DISMISSAL
    return (Form.REPRIMAND, Form.WARNING, *removal, last)


def heavier(form: str, category: str, manager: bool) -> Form:
    """One form heavier than `form` on the person's ladder (the heaviest stays itself)."""
    forms = ladder(category, manager)
    index = _rank(form, forms)
    return forms[min(index + 1, len(forms) - 1)]


def _rank(form: str, forms: Sequence[Form]) -> int:
    if form in forms:
        return forms.index(Form(form))
    # Removal from post on the ladder of someone who no longer manages: between warning and last.
    return 1 if form == Form.REMOVAL else len(forms) - 1


def is_lighter(form: str, than: str, category: str, manager: bool) -> bool:
    forms = ladder(category, manager)
    return _rank(form, forms) < _rank(than, forms)


def minimum_form(
    warranted: str, current: str | None, category: str, manager: bool
) -> tuple[Form, bool]:
    """The lightest form a decision may take, and whether the relapse rule set it.

    ND 172/2025 Art. 2(3): a new violation while a decision is in effect is disciplined one form
    heavier than the form in effect; if the new act itself warrants a heavier form, that one.
    """
    if current is None:
        return Form(warranted), False
    up = heavier(current, category, manager)
    if is_lighter(warranted, up, category, manager):
        return up, True
    return Form(warranted), False


# --- Civil Code periods ------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` months later; the month's last day when it is shorter."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def period_end(start_event: dt.date, years: int) -> dt.date:
    """The last day of a period of `years` years counted from an event on `start_event`: the
    event's day not counted, the period ends at the end of the same day N years later
    (Civil Code 2015 Art. 147(1), 148(1)(c))."""
    return add_months(start_event, 12 * years)


# --- Limitation (thời hiệu) -------------------------------------------------------------------

SHORT_YEARS = 5  # acts warranting a reprimand (Luật 80/2025 Art. 37(1)(a), ND 172 Art. 5(3))
LONG_YEARS = 10  # every other act


def limitation_years(warranted: str) -> int:
    return SHORT_YEARS if warranted == Form.REPRIMAND else LONG_YEARS


def limitation_start(
    violation_on: dt.date, later_violations: Iterable[dt.date], years: int
) -> dt.date:
    """The day the limitation period runs from, after restarts.

    A new violation within the period restarts the period of the old one from the new act: each
    later violation on or before the current period's last day moves the start to its own day;
    one after the period ended restarts nothing (the old act was already time-barred).
    """
    start = violation_on
    for day in sorted(later_violations):
        if day <= start:
            continue
        if day <= period_end(start, years):
            start = day
        else:
            break
    return start


def limitation_last_day(
    violation_on: dt.date, later_violations: Iterable[dt.date], warranted: str
) -> dt.date:
    """The last day a notice of review may be issued on (the limitation period's last day)."""
    years = limitation_years(warranted)
    return period_end(limitation_start(violation_on, later_violations, years), years)


# --- Processing (thời hạn xử lý) ---------------------------------------------------------------

PROCESSING_DAYS = 90
COMPLEX_PROCESSING_DAYS = 150


def excluded_days(periods: Iterable[tuple[dt.date, dt.date | None]], on: dt.date) -> int:
    """Calendar days excluded from the processing time: each period counts from its first day up
    to the day before it ended (the day the case resumed counts again); an open period up to and
    including `on`."""
    total = 0
    for start, end in periods:
        stop = end if end is not None else on + dt.timedelta(days=1)
        total += max(0, (stop - start).days)
    return total


def processing_last_day(
    discovered_on: dt.date,
    complex_case: bool,
    periods: Iterable[tuple[dt.date, dt.date | None]] = (),
    on: dt.date | None = None,
) -> dt.date:
    """The last day a decision may be issued on: 90 days (150 for a complex case) after the
    violation was discovered, the day of discovery not counted, pushed back by the excluded
    periods (postponement, criminal procedure, complaint or lawsuit)."""
    days = COMPLEX_PROCESSING_DAYS if complex_case else PROCESSING_DAYS
    return discovered_on + dt.timedelta(days=days + excluded_days(periods, on or discovered_on))


# --- Working-day steps (ND 172/2025 Art. 15–21) ---------------------------------------------

MINUTES_WORKING_DAYS = 3  # report and minutes of the review meeting
RECOMMENDATION_WORKING_DAYS = 5  # the council's recommendation after its meeting
DECISION_WORKING_DAYS = 5  # the decision after the recommendation is received
COURT_DISMISSAL_WORKING_DAYS = 15  # forced dismissal after receiving a prison sentence
INVITATION_WORKING_DAYS = 5  # viên chức: the council's invitation before its meeting (ND 112)


def minutes_due(meeting_on: dt.date) -> dt.date:
    return add_working_days(meeting_on, MINUTES_WORKING_DAYS)


def recommendation_due(council_on: dt.date) -> dt.date:
    return add_working_days(council_on, RECOMMENDATION_WORKING_DAYS)


def decision_due(received_on: dt.date) -> dt.date:
    return add_working_days(received_on, DECISION_WORKING_DAYS)


def court_dismissal_due(judgment_received_on: dt.date) -> dt.date:
    return add_working_days(judgment_received_on, COURT_DISMISSAL_WORKING_DAYS)


# --- Effect (hiệu lực) --------------------------------------------------------------------------

EFFECT_MONTHS = 12


def effect_last_day(effective_from: dt.date) -> dt.date:
    """The last day a decision is in effect: 12 months from its effective day, counted as the
    Civil Code counts (that day not counted): in effect from 10/3/2026, it is in effect through
    10/3/2027 and has lapsed on 11/3/2027 (ND 172/2025 Art. 2(9))."""
    return add_months(effective_from, EFFECT_MONTHS)

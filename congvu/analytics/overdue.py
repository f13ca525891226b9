"""Tasks completed late or open past their deadline (quá hạn), and the ageing of the backlog."""

from __future__ import annotations

from datetime import datetime

import ibis
import ibis.expr.datatypes as dt
from ibis.expr.types import Table

from congvu.analytics.timeline import CLOSING, DAY, annotate, case_spans
from congvu.analytics.workdays import Calendar

# Backlog ageing buckets, in working days past the deadline (upper bounds; the last is
# open-ended): about one, three and six months (30, 90, 180 calendar days before issue 10).
AGE_BUCKETS = (22, 65, 130)


def overdue(
    events: Table, *, as_of: datetime | None = None, calendar: Calendar | None = None
) -> Table:
    """One row per case past its deadline: ``late`` when completed after the end of the deadline
    in force at completion (a day in Vietnam), ``open_overdue`` when still open past the deadline
    in force as of ``as_of`` (default the latest event of the log). A deadline that lapsed while
    the case was open stays lapsed: an extension granted (or a new deadline set) after it had
    passed cures nothing, and the case is judged against the lapsed one
    (``timeline.late_changes``). A cancelled case is not overdue.

    Columns: ``case_id, unit`` (the holder at completion or now), ``status``, ``days_overdue``
    (working days of ``calendar``; None: calendar days), ``age_bucket`` (``<=22``, ``23-65``,
    ``66-130``, ``>130`` working days), ``ts`` (completion, or the last event of an open case),
    ``evidence`` (the completion or last event id).
    """
    annotated = annotate(events)
    return overdue_from(case_spans(annotated, as_of=as_of, calendar=calendar))


def overdue_from(spans: Table) -> Table:
    """The cases of :func:`overdue` from the :func:`case_spans` of the events."""
    joined = spans.mutate(l_id=spans.last_event_id, l_ts=spans.last_ts, l_act=spans.last_activity)
    joined = joined.filter(
        joined.judged_due_end.notnull()
        & (joined.is_open | joined.l_act.isin(CLOSING))
        & (joined.l_act != "cancel")
    )
    # Whether the deadline passed is a matter of the clock (a task due Friday and done on
    # Saturday is late); how long ago counts working days.
    found = joined.filter(joined.end > joined.judged_due_end)
    found = found.mutate(days_overdue=(found.end_w - found.judged_due_end_w) / DAY)
    first, second, third = AGE_BUCKETS
    bucket = ibis.cases(
        (found.days_overdue <= first, f"<={first}"),
        (found.days_overdue <= second, f"{first + 1}-{second}"),
        (found.days_overdue <= third, f"{second + 1}-{third}"),
        else_=f">{third}",
    )
    return found.select(
        "case_id",
        unit=found.holder,
        status=ibis.ifelse(found.is_open, "open_overdue", "late"),
        days_overdue=found.days_overdue.cast(dt.float64),
        age_bucket=bucket,
        ts=found.l_ts,
        evidence=found.l_id,
    )


def backlog_ageing(overdue_cases: Table) -> Table:
    """Open overdue cases per unit and age bucket. Columns: ``unit, age_bucket, cases``."""
    still_open = overdue_cases.filter(overdue_cases.status == "open_overdue")
    grouped = still_open.group_by(["unit", "age_bucket"]).aggregate(
        cases=still_open.count().cast(dt.int64)
    )
    return grouped.order_by(["unit", "age_bucket"])

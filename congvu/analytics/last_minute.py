"""Progress recorded only near the deadline, or only after a reminder (tiến độ sát hạn)."""

from __future__ import annotations

from datetime import datetime

import ibis
import ibis.expr.datatypes as dt
from ibis.expr.types import Table

from congvu.analytics.timeline import DAY, annotate, case_spans, work_time
from congvu.analytics.workdays import Calendar

# The holder's own work on a task; a reminder, an assignment or an answer to another unit is not.
PROGRESS = ("progress", "complete")
HOLDER_WORK = ("accept", "progress", "request_input", "request_extension", "complete")


def last_minute(
    events: Table,
    *,
    share: float = 0.1,
    as_of: datetime | None = None,
    calendar: Calendar | None = None,
) -> Table:
    """Cases worked on only late. Two patterns (column ``pattern``):

    - ``last_tenth``: the case has progress (``progress``/``complete`` events) and all of it falls
      in the last ``share`` (default 0.1) of the allotted time (first event to the end of the
      deadline in force), or later;
    - ``after_reminder``: the office sent a ``remind`` before any work of the holder (accept,
      progress, request_input, request_extension, complete by the holding unit), and the work
      started only after it.

    Times are counted in working days of ``calendar`` (``workdays``; None: calendar days).

    Columns: ``case_id, pattern, unit, actor, days_before_due`` (first progress to the deadline,
    negative when after it), ``ts`` (the first work), ``evidence``.
    """
    annotated = annotate(events)
    spans = case_spans(annotated, as_of=as_of, calendar=calendar)
    return last_minute_from(annotated, spans, share=share, calendar=calendar)


def last_minute_from(
    annotated: Table, spans: Table, *, share: float = 0.1, calendar: Calendar | None = None
) -> Table:
    """The cases of :func:`last_minute` from annotated events and their :func:`case_spans` (made
    with the same ``calendar``)."""
    by_case = ibis.window(group_by="case_id", order_by="seq")

    progress = annotated.filter(annotated.activity.isin(PROGRESS))
    first_progress = progress.filter(ibis.row_number().over(by_case) == 0).select(
        "case_id", "event_id", "ts", "t", "actor", unit=progress.holder
    )
    timed = first_progress.join(
        spans.select("case_id", start="start_w", due_end="due_end_w"), "case_id"
    )
    timed = work_time(timed, calendar, w="t")
    allotted = timed.due_end - timed.start
    late = timed.filter((allotted > 0) & (timed.w >= timed.due_end - share * allotted))
    last_tenth = late.select(
        "case_id",
        pattern=ibis.literal("last_tenth"),
        unit=late.unit,
        actor=late.actor,
        days_before_due=(late.due_end - late.w) / DAY,
        ts=late.ts,
        evidence=late.event_id,
    )

    work = annotated.filter(
        annotated.activity.isin(HOLDER_WORK) & (annotated.unit == annotated.holder)
    )
    first_work = work.filter(ibis.row_number().over(by_case) == 0).select(
        "case_id",
        "actor",
        w_id=work.event_id,
        w_seq=work.seq,
        w_ts=work.ts,
        w_t=work.t,
        unit=work.holder,
    )
    reminders = annotated.filter(annotated.activity == "remind")
    first_reminder = reminders.filter(ibis.row_number().over(by_case) == 0).select(
        "case_id", r_id=reminders.event_id, r_seq=reminders.seq
    )
    reminded = first_work.join(first_reminder, "case_id")
    reminded = reminded.filter(reminded.r_seq < reminded.w_seq).join(
        spans.select("case_id", due_end="due_end_w"), "case_id"
    )
    reminded = work_time(reminded, calendar, w_w="w_t")
    after_reminder = reminded.select(
        "case_id",
        pattern=ibis.literal("after_reminder"),
        unit=reminded.unit,
        actor=reminded.actor,
        days_before_due=ibis.ifelse(
            reminded.due_end.notnull(),
            (reminded.due_end - reminded.w_w) / DAY,
            ibis.null(dt.float64),
        ),
        ts=reminded.w_ts,
        evidence=reminded.r_id.concat(" ", reminded.w_id),
    )
    return last_tenth.union(after_reminder)

"""Long silences of the unit holding a case (lâu không có hoạt động): a pattern to review, not a
finding of làm việc cầm chừng (see `congvu.findings.definitions`)."""

from __future__ import annotations

from datetime import datetime

import ibis
import ibis.expr.datatypes as dt
from ibis.expr.types import Table

from congvu.analytics.timeline import (
    DAY,
    HOLDER_SETTING,
    NOT_HOLDER_ACTIVITY,
    WAITING_ON_APPLICANT,
    Mode,
    annotate,
    case_spans,
    work_time,
)
from congvu.analytics.workdays import Calendar


def silences(events: Table, *, as_of: datetime | None = None, mode: Mode = "auto") -> Table:
    """Every silence of a holder: the time from one of its events to its next event, to the next
    hand-over, or to the close of the case (``as_of`` for an open case; default the latest event).

    The holder's events are its own events (``unit`` equal to the holder), excluding a reminder
    from the office, an answer of a coordinating unit and a decline; a hand-over starts the clock of
    the receiving unit. In a log without explicit hand-overs every event is its unit's. The time
    after a request to a dossier's applicant (a supplement, fees: ``WAITING_ON_APPLICANT``) is
    not a silence: the clock stops until the applicant answers.

    Columns: ``case_id, unit`` (the silent holder), ``event_id`` (where the silence starts),
    ``next_event_id`` (where it ends: the next event or the closing one; null at
    ``as_of``), ``t, ts, until`` (its end, epoch seconds), ``days`` (calendar days).
    """
    annotated = annotate(events, mode=mode)
    spans = case_spans(annotated, as_of=as_of)
    return silences_from(annotated, spans)


def silences_from(annotated: Table, spans: Table) -> Table:
    """The silences of :func:`silences` from annotated events and their :func:`case_spans`."""
    ends = spans.select("case_id", "end", "is_open", "last_event_id")
    # In a case of runs without events lacking a unit every event is its holder's, so the next
    # point is the next event: the ordered pass has it. Explicit cases (whose points are the
    # holder's own events and the hand-overs) and cases with gaps are ordered again, on their
    # points only.
    plain = annotated.filter(~annotated.explicit & (annotated.unit_gaps == 0))
    plain = plain.select(
        "case_id",
        "event_id",
        "t",
        "ts",
        "holder",
        "activity",
        next_t=plain.next_ts.epoch_seconds().cast(dt.float64),
        next_event_id=plain.next_event_id,
    )
    own = (annotated.unit == annotated.holder) & ~annotated.activity.isin(NOT_HOLDER_ACTIVITY)
    setting = annotated.activity.isin(HOLDER_SETTING) & annotated.to_unit.notnull()
    points = annotated.filter(
        annotated.holder.notnull()
        & (annotated.explicit | (annotated.unit_gaps == 1))
        & ibis.ifelse(annotated.explicit, own | setting, True)
    )
    points = points.join(ends.select("case_id", bound="end"), "case_id")
    points = points.filter(points.t < points.bound)
    by_case = ibis.window(group_by="case_id", order_by="seq")
    reordered = points.select(
        "case_id",
        "event_id",
        "t",
        "ts",
        "holder",
        "activity",
        next_t=points.t.lead().over(by_case),
        next_event_id=points.event_id.lead().over(by_case),
    )
    gaps = plain.union(reordered).join(ends, "case_id")
    # After a request to the applicant (a supplement, fees) the clock stops until they answer.
    gaps = gaps.filter((gaps.t < gaps.end) & ~gaps.activity.isin(WAITING_ON_APPLICANT))
    # A next event at or after the end of the case does not end the silence: the end does.
    before_end = gaps.next_t.notnull() & (gaps.next_t < gaps.end)
    until = ibis.ifelse(before_end, gaps.next_t, gaps.end)
    return gaps.select(
        "case_id",
        unit=gaps.holder,
        event_id=gaps.event_id,
        next_event_id=ibis.ifelse(
            before_end,
            gaps.next_event_id,
            ibis.ifelse(gaps.is_open, ibis.null(dt.string), gaps.last_event_id),
        ),
        t=gaps.t,
        ts=gaps.ts,
        until=until,
        days=(until - gaps.t) / DAY,
    )


def stall(
    events: Table,
    *,
    share: float = 0.5,
    as_of: datetime | None = None,
    mode: Mode = "auto",
    calendar: Calendar | None = None,
) -> Table:
    """One row per case whose holder's longest silence (see :func:`silences`) while the case is
    open exceeds ``share`` (default 0.5) of the allotted time: from the first event (the
    assignment) to the end of the deadline in force. Cases without a deadline are not judged.
    Both are counted in working days of ``calendar`` (``workdays``; None: calendar days), so that
    a quiet Tết is not a silence.

    Columns: ``case_id, unit, silence_days, allotted_days, ratio, is_open, ts`` (start of the
    silence), ``evidence`` (the events around the silence).
    """
    annotated = annotate(events, mode=mode)
    spans = case_spans(annotated, as_of=as_of, calendar=calendar)
    return stall_from(annotated, spans, share=share, calendar=calendar)


def stall_from(
    annotated: Table, spans: Table, *, share: float = 0.5, calendar: Calendar | None = None
) -> Table:
    """The stalls of :func:`stall` from annotated events and their :func:`case_spans` (made
    with the same ``calendar``)."""
    quiet = silences_from(annotated, spans)
    allotted = spans.select(
        "case_id", "is_open", allotted_days=(spans.due_end_w - spans.start_w) / DAY
    ).filter(lambda table: table.allotted_days > 0)
    # The silences long enough to be a stall are few: only they are ranked, to keep the longest.
    # A working day is never longer than a calendar day, so the silences long enough in calendar
    # days are found first, and only they are counted in working days.
    long = quiet.join(allotted, "case_id")
    long = long.filter(long.days > share * long.allotted_days)
    long = work_time(long, calendar, t_w="t", until_w="until")
    long = long.mutate(days=(long.until_w - long.t_w) / DAY)
    long = long.filter(long.days > share * long.allotted_days)
    ranked = long.mutate(
        rank=ibis.row_number().over(
            ibis.window(group_by="case_id", order_by=[ibis.desc("days"), "t"])
        )
    )
    found = ranked.filter(ranked.rank == 0)
    return found.select(
        "case_id",
        "unit",
        silence_days=found.days,
        allotted_days=found.allotted_days,
        ratio=found.days / found.allotted_days,
        is_open=found.is_open,
        ts=found.ts,
        evidence=ibis.ifelse(
            found.next_event_id.isnull(),
            found.event_id,
            found.event_id.concat(" ", found.next_event_id),
        ),
    )

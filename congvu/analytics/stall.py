"""Long silences of the unit holding a case (làm việc cầm chừng)."""

from __future__ import annotations

from datetime import datetime

import ibis
import ibis.expr.datatypes as dt
from ibis.expr.types import Table

from congvu.analytics.timeline import (
    DAY,
    HOLDER_SETTING,
    NOT_HOLDER_ACTIVITY,
    Mode,
    annotate,
    case_spans,
)


def silences(events: Table, *, as_of: datetime | None = None, mode: Mode = "auto") -> Table:
    """Every silence of a holder: the time from one of its events to its next event, to the next
    hand-over, or to the close of the case (``as_of`` for an open case; default the latest event).

    The holder's events are its own events (``unit`` equal to the holder), excluding a reminder
    from the office, an answer of a coordinating unit and a decline; a hand-over starts the clock of
    the receiving unit. In a log without explicit hand-overs every event is its unit's.

    Columns: ``case_id, unit`` (the silent holder), ``event_id`` (where the silence starts),
    ``next_event_id`` (where it ends: the next event or the closing one; null at
    ``as_of``), ``t, ts, days``.
    """
    annotated = annotate(events, mode=mode)
    spans = case_spans(annotated, as_of=as_of)
    own = (annotated.unit == annotated.holder) & ~annotated.activity.isin(NOT_HOLDER_ACTIVITY)
    setting = annotated.activity.isin(HOLDER_SETTING) & annotated.to_unit.notnull()
    points = annotated.filter(
        annotated.holder.notnull() & ibis.ifelse(annotated.explicit, own | setting, True)
    )
    points = points.join(spans.select("case_id", "end", "is_open", "last_event_id"), "case_id")
    points = points.filter(points.t < points.end)
    by_case = ibis.window(group_by="case_id", order_by="seq")
    gaps = points.mutate(
        next_t=points.t.lead().over(by_case), next_event_id=points.event_id.lead().over(by_case)
    )
    until = ibis.coalesce(gaps.next_t, gaps.end)
    return gaps.select(
        "case_id",
        unit=gaps.holder,
        event_id=gaps.event_id,
        next_event_id=ibis.coalesce(
            gaps.next_event_id, ibis.ifelse(gaps.is_open, ibis.null(dt.string), gaps.last_event_id)
        ),
        t=gaps.t,
        ts=gaps.ts,
        days=(until - gaps.t) / DAY,
    )


def stall(
    events: Table,
    *,
    share: float = 0.5,
    as_of: datetime | None = None,
    mode: Mode = "auto",
) -> Table:
    """One row per case whose holder's longest silence (see :func:`silences`) while the case is
    open exceeds ``share`` (default 0.5) of the allotted time: from the first event (the
    assignment) to the end of the deadline in force. Cases without a deadline are not judged.

    Columns: ``case_id, unit, silence_days, allotted_days, ratio, is_open, ts`` (start of the
    silence), ``evidence`` (the events around the silence).
    """
    annotated = annotate(events, mode=mode)
    spans = case_spans(annotated, as_of=as_of)
    quiet = silences(annotated, as_of=as_of, mode=mode)
    ranked = quiet.mutate(
        rank=ibis.row_number().over(
            ibis.window(group_by="case_id", order_by=[ibis.desc("days"), "t"])
        )
    )
    longest = ranked.filter(ranked.rank == 0)
    joined = longest.join(spans, "case_id")
    allotted = (joined.due_end - joined.start) / DAY
    judged = joined.filter(allotted > 0).mutate(allotted_days=allotted)
    found = judged.filter(judged.days > share * judged.allotted_days)
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

"""Per-event facts the detectors share: order in the case, the holding unit, the deadline in force.

Everything here is window functions over the canonical table, written so that the same expression
runs on DuckDB and compiles to PostgreSQL: no ``IGNORE NULLS`` (PostgreSQL lacks it), no DuckDB-only
aggregates (``arg_max``, ``first``); a "last non-null value so far" is computed as a running count
that opens a group at each non-null value, then the group's ``max``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import ibis
import ibis.expr.datatypes as dt
from ibis.expr.types import FloatingValue, Table

from congvu.analytics.schema import check_events
from congvu.analytics.workdays import UTC_OFFSET_SECONDS, Calendar

Mode = Literal["auto", "explicit", "runs"]

# Events that set the holding unit in a congvu log: `create` gives the task to its lead unit,
# `transfer` to a new lead unit, `return` back to the office that assigned it.
HOLDER_SETTING = ("create", "transfer", "return")
# The hand-overs among them (a `create` is an assignment, not a hand-over).
HANDOVERS = ("transfer", "return")
# Events that end a case; `send_back` and `reopen` open it again.
CLOSING = ("complete", "cancel")
REOPENING = ("send_back", "reopen")
# A reminder from the office is not the holder's activity, nor is the answer of a coordinating unit.
NOT_HOLDER_ACTIVITY = ("remind", "respond_input", "decline")
# A dossier's clock stops while the applicant is to act (Decree 118/2025: a supplement requested,
# fees or taxes to pay): the time after such a request is not the holder's silence.
WAITING_ON_APPLICANT = ("request_supplement", "request_fees")

DAY = 86_400.0
# Deadlines are dates in Vietnam (UTC+7, no daylight saving): a task due on day D is late from
# 00:00 of D+1 in Hanoi, i.e. D 17:00 UTC.
VIETNAM_UTC_OFFSET_HOURS = 7

ANNOTATIONS = ("t", "seq", "explicit", "holder", "due_now", "due_end", "period")
# What the one ordered pass adds besides ``t``, ``seq`` and ``explicit``: the neighbours of each
# event in its case, so that stints, hand-overs and silences need no sort of their own.
NEIGHBOURS = (
    "prev_unit",
    "prev_actor",
    "prev_event_id",
    "next_ts",
    "next_event_id",
    "unit_gaps",
    "actor_gaps",
)
ORDERED = ("t", "seq", "explicit", *NEIGHBOURS)


def order_keys(events: Table) -> list[ibis.Value]:
    """Events of a case are ordered by timestamp, then position in the source (the readers number
    the events they read; :func:`~congvu.analytics.schema.check_events` numbers a source without
    positions by case, time and id). Positions are unique in a case."""
    return [events.ts, events.position]


def date_end(day: ibis.Value, *, utc_offset_hours: int = VIETNAM_UTC_OFFSET_HOURS) -> FloatingValue:
    """Epoch seconds (UTC) of the end of a local calendar ``day``."""
    start = day.cast(dt.Timestamp()).epoch_seconds().cast(dt.float64)
    return start + (DAY - utc_offset_hours * 3600.0)


def work_time(table: Table, calendar: Calendar | None, **columns: str) -> Table:
    """``table`` with, for each ``name=column``, a column ``name``: the working time (seconds) of
    the instant in ``column`` (epoch seconds), by the ``calendar`` (``workdays``). The working
    days between two instants are the difference of their working times over :data:`DAY`. A plain
    calendar (None or ``none``) gives the instant itself (calendar time), without a join;
    otherwise each column is one join with the calendar's table on the local day, so callers
    convert only the few rows they judge (a null instant stays null)."""
    if calendar is None or calendar.is_plain:
        return table.mutate(**{name: table[column] for name, column in columns.items()})
    days = calendar.memtable()
    first, count, total = calendar.bounds
    offset = float(UTC_OFFSET_SECONDS)
    result = table
    for name, column in columns.items():
        keyed = result.mutate(wt_day_=((result[column] + offset) / DAY).floor().cast(dt.int64))
        lookup = days.select(wt_cal_=days.day, wt_works_=days.works, wt_before_=days.before)
        joined = keyed.left_join(lookup, keyed["wt_day_"] == lookup["wt_cal_"])
        local = joined[column] + offset
        into_day = local - joined["wt_day_"] * DAY
        inside = joined["wt_before_"] * DAY + joined["wt_works_"] * into_day
        outside = ibis.ifelse(
            joined["wt_day_"] < first,
            local - first * DAY,
            total * DAY + (local - (first + count) * DAY),
        )
        value = ibis.ifelse(joined["wt_cal_"].notnull(), inside, outside)
        result = joined.mutate(**{name: value.cast(dt.float64)}).drop(
            "wt_day_", "wt_cal_", "wt_works_", "wt_before_"
        )
    return result


def as_of_table(events: Table, as_of: datetime | None) -> Table:
    """A one-row table ``as_of_t``: ``as_of`` in epoch seconds; None means the latest event of the
    log (never the clock). A table to cross-join, not a scalar: ibis would otherwise rewrite a
    ``max(t)`` of the events into a same-named per-group column."""
    if as_of is None:
        return events.aggregate(as_of_t=events.t.max())
    if as_of.tzinfo is None:
        raise ValueError("as_of must be an aware datetime")
    return ibis.memtable({"as_of_t": [as_of.timestamp()]}, schema={"as_of_t": "float64"})


def ordered(events: Table, *, mode: Mode = "auto") -> Table:
    """The checked events with what one sorted pass over each case gives (a table that has these
    columns already is returned as is):

    - ``t``: the timestamp in epoch seconds (float), to compute durations the same on every engine;
    - ``seq``: 1, 2, ... in the order of the case (ts, position);
    - ``explicit``: the case records its hand-overs as events (create/transfer/return with a
      ``to_unit``); with ``mode="auto"`` this is decided per case, ``explicit`` and ``runs`` force
      it for all cases;
    - ``prev_unit``, ``prev_actor``, ``prev_event_id``: the previous event's unit, actor and id;
    - ``next_ts``, ``next_event_id``: the next event's timestamp and id (null for the last event);
    - ``unit_gaps``, ``actor_gaps``: 1 when some event of the case has no unit (no actor), else 0.
      The neighbours are those of runs of units and of officials only in cases without gaps;
      :func:`~congvu.analytics.handovers.held_stints` orders the few cases with gaps apart;
    - ``due_group``, ``setting_group``: the number of events so far that set a deadline, a holder
      (used by :func:`annotate` to find the values in force).

    Every value is a window function over the same partition and order, so the engine sorts the
    events once; nothing depends on another window's result.
    """
    if all(name in events.columns for name in ORDERED):
        return events
    checked = check_events(events)
    keys = order_keys(checked)
    by_case = ibis.window(group_by=checked.case_id, order_by=keys)
    upto = ibis.window(group_by=checked.case_id, order_by=keys, rows=(None, 0))
    whole_case = ibis.window(group_by=checked.case_id, order_by=keys, rows=(None, None))
    is_setting = checked.activity.isin(HOLDER_SETTING) & checked.to_unit.notnull()
    if mode == "auto":
        explicit: ibis.BooleanValue = is_setting.cast(dt.int64).max().over(whole_case) == 1
    else:
        explicit = ibis.literal(mode == "explicit")
    return checked.mutate(
        t=checked.ts.epoch_seconds().cast(dt.float64),
        seq=ibis.row_number().over(by_case) + 1,
        explicit=explicit,
        prev_unit=checked.unit.lag().over(by_case),
        prev_actor=checked.actor.lag().over(by_case),
        prev_event_id=checked.event_id.lag().over(by_case),
        next_ts=checked.ts.lead().over(by_case),
        next_event_id=checked.event_id.lead().over(by_case),
        unit_gaps=checked.unit.isnull().cast(dt.int64).max().over(whole_case),
        actor_gaps=checked.actor.isnull().cast(dt.int64).max().over(whole_case),
        due_group=checked.due.notnull().cast(dt.int64).sum().over(upto),
        setting_group=is_setting.cast(dt.int64).sum().over(upto),
    )


def month_of(ts: ibis.Value) -> ibis.Value:
    """The first day of the (UTC) month of a timestamp, the period of the metrics."""
    return ts.cast(dt.Timestamp()).truncate("M").date()


def annotate(events: Table, *, mode: Mode = "auto", deadlines: bool = True) -> Table:
    """The events of :func:`ordered` with these columns added (a table that has them is
    returned as is):

    - ``holder``: the unit holding the case after this event: in an explicit case the ``to_unit`` of
      the latest create/transfer/return, otherwise the event's own unit (a run of a unit's events);
    - ``due_now``: the deadline in force after this event (the latest non-null ``due`` so far);
    - ``due_end``: the end of that deadline's day in Vietnam, in epoch seconds;
    - ``period``: the first day of the event's month (:func:`month_of`).

    ``deadlines=False`` says that no event has a ``due`` (most XES logs): ``due_now`` is then
    null without looking, the same result without a join over every event.
    """
    if all(name in events.columns for name in (*ANNOTATIONS, *NEIGHBOURS)):
        return events
    step1 = ordered(events, mode=mode)
    # The value in force is the one of the latest event that set one: the running count of such
    # events is that event's number, so it is found by a join on (case, count) with the few
    # events that set one, instead of a second window pass partitioned by each count.
    if deadlines:
        dues = step1.filter(step1.due.notnull()).select(
            due_case=step1.case_id, due_number=step1.due_group, due_now=step1.due
        )
        with_due = step1.left_join(
            dues, [step1.case_id == dues.due_case, step1.due_group == dues.due_number]
        )
    else:
        with_due = step1.mutate(due_now=ibis.null(dt.date))
    if mode == "runs":
        holder: ibis.Value = with_due.unit
        with_holder = with_due
    else:
        is_setting = step1.activity.isin(HOLDER_SETTING) & step1.to_unit.notnull()
        setters = step1.filter(is_setting).select(
            set_case=step1.case_id, set_number=step1.setting_group, set_unit=step1.to_unit
        )
        with_holder = with_due.left_join(
            setters,
            [with_due.case_id == setters.set_case, with_due.setting_group == setters.set_number],
        )
        holder = ibis.ifelse(with_holder.explicit, with_holder.set_unit, with_holder.unit)
    return with_holder.select(
        *step1.columns,
        due_now=with_holder.due_now,
        holder=holder,
        due_end=date_end(with_holder.due_now),
        period=month_of(with_holder.ts),
    ).drop("due_group", "setting_group")


def case_spans(
    annotated: Table, *, as_of: datetime | None = None, calendar: Calendar | None = None
) -> Table:
    """One row per case: ``case_id, start, end, is_open, due_end, holder, last_event_id, last_ts,
    last_activity, lapsed_due_end, judged_due_end, start_w, end_w, due_end_w,
    judged_due_end_w``.

    ``start`` is the first event (the assignment); the case is closed at its last complete/cancel
    when no send_back/reopen follows it. A case without such events (most XES logs) is closed at
    its last event when it records no hand-overs explicitly, and open otherwise. ``end`` is the
    close or, for an open case, ``as_of`` (default: the latest event of the log). ``due_end`` is
    the deadline in force at ``end``, ``holder`` the unit holding the case then, ``last_*`` its
    closing event (or latest event when open). Times are epoch seconds.

    ``lapsed_due_end`` is the end of the first deadline that lapsed while the case was open and
    was then changed (an extension granted, or a new deadline set, after it had passed): a change
    made late cures nothing, so the case is judged against it (null when there is none).
    ``judged_due_end`` is the deadline the case is judged against: ``lapsed_due_end`` if any,
    else ``due_end``. The ``*_w`` columns are ``start``, ``end``, ``due_end`` and
    ``judged_due_end`` in working time by ``calendar`` (:func:`work_time`; None: calendar time).
    """
    events = annotated
    is_close = events.activity.isin(CLOSING)
    is_reopen = events.activity.isin(REOPENING)
    per_case = events.group_by("case_id").aggregate(
        start=events.t.min(),
        last_t=events.t.max(),
        last_seq=events.seq.max(),
        explicit=events.explicit.max(),
        last_close_seq=ibis.ifelse(is_close, events.seq, ibis.null(dt.int64)).max(),
        last_reopen_seq=ibis.ifelse(is_reopen, events.seq, ibis.null(dt.int64)).max(),
    )
    closed_by_event = per_case.last_close_seq.notnull() & (
        per_case.last_reopen_seq.isnull() | (per_case.last_reopen_seq < per_case.last_close_seq)
    )
    has_lifecycle = per_case.last_close_seq.notnull() | per_case.last_reopen_seq.notnull()
    is_open = ~closed_by_event & (per_case.explicit | has_lifecycle)
    end_seq = ibis.ifelse(
        closed_by_event, per_case.last_close_seq, ibis.ifelse(is_open, None, per_case.last_seq)
    )
    spans = per_case.mutate(is_open=is_open, end_seq=end_seq)
    # The events a span can end at: a close, or the last event of the case (no next event). A few
    # per case, so the two joins below are joins of small tables.
    edges = events.filter(is_close | events.next_event_id.isnull()).select(
        "case_id",
        "seq",
        "t",
        "ts",
        "due_end",
        "holder",
        "event_id",
        "activity",
        is_last=events.next_event_id.isnull(),
    )
    at_end = edges.select(
        "seq", "t", "ts", "due_end", "holder", "event_id", "activity", end_case=edges.case_id
    )
    last = edges.filter(edges.is_last)
    latest = last.select(
        "case_id",
        now_due_end=last.due_end,
        now_holder=last.holder,
        now_id=last.event_id,
        now_ts=last.ts,
        now_activity=last.activity,
    )
    joined = spans.left_join(
        at_end, [spans.case_id == at_end.end_case, spans.end_seq == at_end.seq]
    ).drop("end_case")
    joined = joined.inner_join(latest, "case_id").cross_join(as_of_table(events, as_of))
    late = late_changes(events)
    late = late.filter(late.lapsed & ~late.after_close)
    lapses = late.group_by("case_id").aggregate(lapsed_due_end=late.before_due_end.min())
    joined = joined.left_join(lapses, "case_id").drop("case_id_right")
    spans = joined.select(
        "case_id",
        "start",
        end=ibis.ifelse(joined.is_open, joined.as_of_t, joined.t),
        is_open=joined.is_open,
        due_end=ibis.ifelse(joined.is_open, joined.now_due_end, joined.due_end),
        holder=ibis.ifelse(joined.is_open, joined.now_holder, joined.holder),
        last_event_id=ibis.ifelse(joined.is_open, joined.now_id, joined.event_id),
        last_ts=ibis.ifelse(joined.is_open, joined.now_ts, joined.ts),
        last_activity=ibis.ifelse(joined.is_open, joined.now_activity, joined.activity),
        lapsed_due_end=joined.lapsed_due_end,
    )
    judged = spans.mutate(judged_due_end=ibis.coalesce(spans.lapsed_due_end, spans.due_end))
    return work_time(
        judged,
        calendar,
        start_w="start",
        end_w="end",
        due_end_w="due_end",
        judged_due_end_w="judged_due_end",
    )


def late_changes(annotated: Table) -> Table:
    """The changes of deadline made late: events that set a ``due`` other than the deadline in
    force before them, and every ``grant_extension``, when that deadline had already passed (the
    event is after the end of its day) or the case was closed (completed or cancelled, not
    reopened) before the event.

    Columns: ``case_id, event_id, seq, t, ts, activity, actor, unit, holder, due`` (the new
    deadline), ``before_due`` and ``before_due_end`` (the deadline in force before, and the end of
    its day), ``lapsed`` (it had passed), ``after_close`` (the case was closed then).

    Only events that set a deadline or open or close the case are ordered here: few per case.
    """
    events = annotated
    is_close = events.activity.isin(CLOSING)
    is_reopen = events.activity.isin(REOPENING)
    is_grant = events.activity == "grant_extension"
    marks = events.filter(events.due.notnull() | is_close | is_reopen | is_grant)
    by_case = ibis.window(group_by="case_id", order_by="seq")
    upto_before = ibis.window(group_by="case_id", order_by="seq", rows=(None, -1))
    closing = marks.activity.isin(CLOSING)
    reopening = marks.activity.isin(REOPENING)
    marked = marks.mutate(
        before_due=marks.due_now.lag().over(by_case),
        before_due_end=marks.due_end.lag().over(by_case),
        close_before=ibis.ifelse(closing, marks.seq, ibis.null(dt.int64)).max().over(upto_before),
        reopen_before=ibis.ifelse(reopening, marks.seq, ibis.null(dt.int64))
        .max()
        .over(upto_before),
    )
    changed = marked.filter(
        marked.before_due.notnull()
        & (
            (marked.activity == "grant_extension")
            | (marked.due.notnull() & (marked.due != marked.before_due))
        )
    )
    after_close = changed.close_before.notnull() & (
        changed.reopen_before.isnull() | (changed.reopen_before < changed.close_before)
    )
    lapsed = changed.t > changed.before_due_end
    late = changed.mutate(lapsed=lapsed, after_close=after_close)
    return late.filter(late.lapsed | late.after_close).select(
        "case_id",
        "event_id",
        "seq",
        "t",
        "ts",
        "activity",
        "actor",
        "unit",
        "holder",
        "due",
        "before_due",
        "before_due_end",
        "lapsed",
        "after_close",
    )

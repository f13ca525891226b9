"""Cases handed over again and again (chuyển qua nhiều đơn vị) and the time lost doing so."""

from __future__ import annotations

import ibis.expr.datatypes as dt
from ibis.expr.types import StringValue, Table, Value

from congvu.analytics.handovers import handovers_from, held_stints
from congvu.analytics.timeline import DAY, Mode, annotate, work_time
from congvu.analytics.workdays import Calendar

# Digits of a stint number (an event's place in its case) in the text keys below.
STINT_DIGITS = 12


def transfer_chain(
    events: Table,
    *,
    min_handovers: int = 3,
    mode: Mode = "auto",
    calendar: Calendar | None = None,
) -> Table:
    """One row per case with at least ``min_handovers`` (default 3) hand-overs between units
    (transfers and returns, or changes of unit in a log without them).

    ``days_lost`` is the time from the case's first event to its last hand-over: the time the case
    spent with units that passed it on before it reached the unit that kept it, in working days
    of ``calendar`` (``workdays``; None: calendar days).

    Columns: ``case_id, unit`` (the unit that made the last hand-over), ``actor`` (its actor),
    ``handovers, days_lost, path`` (units in order, ``A > B > C``), ``ts`` (the last hand-over),
    ``evidence`` (the hand-over event ids in order).
    """
    annotated = annotate(events, mode=mode)
    moves = handovers_from(held_stints(annotated, mode=mode, carry=["actor"]))
    return transfer_chain_from(annotated, moves, min_handovers=min_handovers, calendar=calendar)


def transfer_chain_from(
    annotated: Table,
    moves: Table,
    *,
    min_handovers: int = 3,
    calendar: Calendar | None = None,
) -> Table:
    """The chains of :func:`transfer_chain` from annotated events and their unit hand-overs
    computed already, carrying the ``actor`` of each hand-over event (``handovers_from`` of
    ``held_stints(..., carry=["actor"])``)."""

    # One grouping of the hand-overs counts them per case and lists them in order. The units and
    # actor of the first and the last hand-over are picked by plain min/max over text keyed by
    # the stint (zero-padded, so text order is stint order): no further sort, no join back.
    def keyed(value: Value) -> StringValue:
        return moves.stint.cast(dt.string).lpad(STINT_DIGITS, "0").concat(value.fill_null(""))

    def unkeyed(text: StringValue) -> Value:
        return text.substr(STINT_DIGITS).nullif("")

    grouped = moves.group_by("case_id").aggregate(
        handovers=moves.count().cast(dt.int64),
        last_t=moves.t.max(),
        ts=moves.ts.max(),
        evidence=moves.event_id.group_concat(" ", order_by=moves.stint),
        targets=moves.to_unit.group_concat(" > ", order_by=moves.stint),
        first_from=keyed(moves.from_unit).min(),
        last_from=keyed(moves.from_unit).max(),
        last_actor=keyed(moves.actor).max(),
    )
    long_cases = grouped.filter(grouped.handovers >= min_handovers)
    per_case = long_cases.mutate(
        first_unit=unkeyed(long_cases.first_from),
        unit=unkeyed(long_cases.last_from),
        actor=unkeyed(long_cases.last_actor),
    )
    # The case starts at its first event: seq 1 is the earliest timestamp, no aggregation needed.
    firsts = annotated.filter(annotated.seq == 1)
    starts = firsts.select(start_case=firsts.case_id, start=firsts.t)
    joined = per_case.inner_join(starts, per_case.case_id == starts.start_case)
    joined = work_time(joined, calendar, last_w="last_t", start_w="start")
    return joined.select(
        "case_id",
        "unit",
        "actor",
        "handovers",
        days_lost=(joined.last_w - joined.start_w) / DAY,
        path=joined.first_unit.concat(" > ", joined.targets),
        ts=joined.ts,
        evidence=joined.evidence,
    )

"""Cases handed over again and again (chuyển qua nhiều đơn vị) and the time lost doing so."""

from __future__ import annotations

import ibis
import ibis.expr.datatypes as dt
from ibis.expr.types import Table

from congvu.analytics.handovers import handovers_from, held_stints
from congvu.analytics.timeline import DAY, Mode, annotate


def transfer_chain(events: Table, *, min_handovers: int = 3, mode: Mode = "auto") -> Table:
    """One row per case with at least ``min_handovers`` (default 3) hand-overs between units
    (transfers and returns, or changes of unit in a log without them).

    ``days_lost`` is the time from the case's first event to its last hand-over: the time the case
    spent with units that passed it on before it reached the unit that kept it.

    Columns: ``case_id, unit`` (the unit that made the last hand-over), ``actor`` (its actor),
    ``handovers, days_lost, path`` (units in order, ``A > B > C``), ``ts`` (the last hand-over),
    ``evidence`` (the hand-over event ids in order).
    """
    annotated = annotate(events, mode=mode)
    moves = handovers_from(held_stints(annotated, mode=mode, carry=["actor"]))
    return transfer_chain_from(annotated, moves, min_handovers=min_handovers)


def transfer_chain_from(annotated: Table, moves: Table, *, min_handovers: int = 3) -> Table:
    """The chains of :func:`transfer_chain` from annotated events and their unit hand-overs
    computed already, carrying the ``actor`` of each hand-over event (``handovers_from`` of
    ``held_stints(..., carry=["actor"])``)."""
    # One sort of the hand-overs numbers them and counts them per case; the first and the last
    # are then picked inside the aggregation (a conditional max over exactly one row), not joined.
    by_case = ibis.window(group_by="case_id", order_by="stint")
    whole_case = ibis.window(group_by="case_id", order_by="stint", rows=(None, None))
    numbered = moves.mutate(
        number=ibis.row_number().over(by_case) + 1, total=moves.count().over(whole_case)
    )
    long_cases = numbered.filter(numbered.total >= min_handovers)
    is_first = long_cases.number == 1
    is_last = long_cases.number == long_cases.total
    per_case = long_cases.group_by("case_id").aggregate(
        handovers=long_cases.count().cast(dt.int64),
        last_t=long_cases.t.max(),
        ts=long_cases.ts.max(),
        evidence=long_cases.event_id.group_concat(" ", order_by=long_cases.stint),
        targets=long_cases.to_unit.group_concat(" > ", order_by=long_cases.stint),
        first_unit=ibis.ifelse(is_first, long_cases.from_unit, ibis.null(dt.string)).max(),
        unit=ibis.ifelse(is_last, long_cases.from_unit, ibis.null(dt.string)).max(),
        actor=ibis.ifelse(is_last, long_cases.actor, ibis.null(dt.string)).max(),
    )
    # The case starts at its first event: seq 1 is the earliest timestamp, no aggregation needed.
    firsts = annotated.filter(annotated.seq == 1)
    starts = firsts.select(start_case=firsts.case_id, start=firsts.t)
    joined = per_case.inner_join(starts, per_case.case_id == starts.start_case)
    return joined.select(
        "case_id",
        "unit",
        "actor",
        "handovers",
        days_lost=(joined.last_t - joined.start) / DAY,
        path=joined.first_unit.concat(" > ", joined.targets),
        ts=joined.ts,
        evidence=joined.evidence,
    )

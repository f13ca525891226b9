"""Cases handed over again and again (chuyển qua nhiều đơn vị) and the time lost doing so."""

from __future__ import annotations

import ibis
import ibis.expr.datatypes as dt
from ibis.expr.types import Table

from congvu.analytics.handovers import handovers
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
    moves = handovers(annotated, mode=mode).join(
        annotated.select("case_id", "event_id", "actor"), ["case_id", "event_id"]
    )
    by_case = ibis.window(group_by="case_id", order_by="stint")
    moves = moves.mutate(
        number=ibis.row_number().over(by_case) + 1,
        total=moves.count().over(ibis.window(group_by="case_id")),
    )
    long_cases = moves.filter(moves.total >= min_handovers)
    starts = annotated.group_by("case_id").aggregate(start=annotated.t.min())
    per_case = long_cases.group_by("case_id").aggregate(
        handovers=long_cases.count().cast(dt.int64),
        last_t=long_cases.t.max(),
        ts=long_cases.ts.max(),
        evidence=long_cases.event_id.group_concat(" ", order_by=long_cases.stint),
        targets=long_cases.to_unit.group_concat(" > ", order_by=long_cases.stint),
    )
    first = long_cases.filter(long_cases.number == 1).select(
        "case_id", first_unit=long_cases.from_unit
    )
    last = long_cases.filter(long_cases.number == long_cases.total).select(
        "case_id", unit=long_cases.from_unit, actor=long_cases.actor
    )
    joined = per_case.join(starts, "case_id").join(first, "case_id").join(last, "case_id")
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

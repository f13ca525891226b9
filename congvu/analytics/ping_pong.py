"""Work bounced back to a unit that already held it (đùn đẩy, "đá bóng" between units).

Definition. A hand-over is a ping-pong when its target already held the case earlier: A -> B -> A
(cycle of length 2) or a longer cycle A -> B -> C -> A (length 3, ...). Holders and hand-overs are
those of :mod:`congvu.analytics.handovers` (explicit transfer/return events, or runs of units).
The pair of a ping-pong is (``from_unit``, ``back_to``): the unit that sent the case back and the
unit that gets it again. With ``level="official"`` the same is done for officials within one unit.
"""

from __future__ import annotations

import ibis
import ibis.expr.datatypes as dt
from ibis.expr.types import Table

from congvu.analytics.handovers import Level, stints
from congvu.analytics.timeline import Mode


def ping_pong(
    events: Table, *, mode: Mode = "auto", level: Level = "unit", max_cycle: int | None = None
) -> Table:
    """One row per hand-over that returns a case to an earlier holder.

    ``max_cycle`` (default None: any length) keeps only cycles of at most that many hand-overs;
    ``max_cycle=2`` is the strict A -> B -> A.

    Columns: ``case_id, event_id`` (the returning hand-over), ``from_unit`` (who sent it back),
    ``back_to`` (the earlier holder), ``actor`` (for ``level="official"``: the official sending it
    back, else null), ``cycle`` (number of hand-overs in the cycle, >= 2), ``ts``, ``evidence``
    (space-separated event ids of the cycle's hand-overs, in order).
    """
    held = stints(events, mode=mode, level=level)
    same_holder = ibis.window(group_by=["case_id", "holder"], order_by=["stint"])
    marked = held.mutate(previous_stint=held.stint.lag().over(same_holder))
    returns = marked.filter(
        marked.previous_stint.notnull()
        & marked.from_holder.notnull()
        & (marked.from_holder != marked.holder)
    )
    if level == "official":
        returns = returns.filter(returns.from_unit == returns.holder_unit)
    returns = returns.mutate(cycle=returns.stint - returns.previous_stint)
    if max_cycle is not None:
        returns = returns.filter(returns.cycle <= max_cycle)

    # The evidence: every hand-over from the stint after the earlier one up to the return.
    steps = held.select(step_case=held.case_id, step_stint=held.stint, step_event=held.event_id)
    cycle_steps = returns.inner_join(
        steps,
        [
            returns.case_id == steps.step_case,
            steps.step_stint > returns.previous_stint,
            steps.step_stint <= returns.stint,
        ],
    )
    evidence = cycle_steps.group_by(["case_id", "event_id"]).aggregate(
        evidence=cycle_steps.step_event.group_concat(" ", order_by=cycle_steps.step_stint)
    )
    found = returns.inner_join(evidence, ["case_id", "event_id"])
    return found.select(
        "case_id",
        "event_id",
        from_unit=found.from_unit if level == "unit" else found.holder_unit,
        back_to=found.holder if level == "unit" else found.holder_unit,
        actor=found.from_holder if level == "official" else ibis.null(dt.string),
        official=found.holder if level == "official" else ibis.null(dt.string),
        cycle=found.cycle.cast(dt.int64),
        ts=found.ts,
        evidence=found.evidence,
    )


def ping_pong_pairs(bounces: Table) -> Table:
    """Ping-pongs counted per ordered pair of units (from_unit sent back to back_to).

    Columns: ``from_unit, back_to, count, cases``, by count descending.
    """
    pairs = bounces.group_by(["from_unit", "back_to"]).aggregate(
        count=bounces.count().cast(dt.int64), cases=bounces.case_id.nunique().cast(dt.int64)
    )
    return pairs.order_by([ibis.desc("count"), "from_unit", "back_to"])

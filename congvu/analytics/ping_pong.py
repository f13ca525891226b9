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
    return ping_pong_from(held, level=level, max_cycle=max_cycle)


def ping_pong_from(held: Table, *, level: Level = "unit", max_cycle: int | None = None) -> Table:
    """The ping-pongs of :func:`ping_pong` from stints computed already (``held_stints`` of the
    same level)."""
    # Only the columns used below go through the sort by holder: between units the unit a case
    # comes from is its previous holder, and the unit is the holder.
    kept = ["case_id", "stint", "holder", "from_holder", "event_id", "ts"]
    if level == "official":
        kept += ["holder_unit", "from_unit"]
    narrow = held.select(*kept)
    same_holder = ibis.window(group_by=["case_id", "holder"], order_by=["stint"])
    marked = narrow.mutate(previous_stint=narrow.stint.lag().over(same_holder))
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

    # The evidence: every hand-over from the stint after the earlier one up to the return. The
    # returns are joined to the stints of their case and grouped once, keeping the columns of the
    # result, so that the stints and the returns are each computed once (no join back).
    steps = marked.select(
        step_case=marked.case_id, step_stint=marked.stint, step_event=marked.event_id
    )
    cycle_steps = returns.inner_join(
        steps,
        [
            returns.case_id == steps.step_case,
            steps.step_stint > returns.previous_stint,
            steps.step_stint <= returns.stint,
        ],
    )
    keys = ["case_id", "event_id", "holder", "from_holder", "cycle", "ts"]
    if level == "official":
        keys.append("holder_unit")
    found = cycle_steps.group_by(keys).aggregate(
        evidence=cycle_steps.step_event.group_concat(" ", order_by=cycle_steps.step_stint)
    )
    return found.select(
        "case_id",
        "event_id",
        from_unit=found.from_holder if level == "unit" else found.holder_unit,
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

"""Work handed back to a unit that already held it (chuyển trở lại nơi đã giữ).

A pattern to review, not a finding of buck-passing (đùn đẩy): see `congvu.findings.definitions`.

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
    kept = ["case_id", "stint", "holder", "from_holder", "event_id", "ts"]
    if level == "official":
        kept += ["holder_unit", "from_unit"]
    narrow = held.select(*kept)
    moved = narrow.from_holder.notnull() & (narrow.from_holder != narrow.holder)
    if level == "official":
        # A hand-over between officials stays in one unit; these are few beside the stints, so
        # each finds the holder's previous stint by a join with the stints of its case.
        candidates = narrow.filter(moved & (narrow.from_unit == narrow.holder_unit))
        earlier = narrow.select(e_case="case_id", e_holder="holder", e_stint="stint")
        paired = candidates.inner_join(
            earlier,
            [
                candidates.case_id == earlier.e_case,
                candidates.holder == earlier.e_holder,
                earlier.e_stint < candidates.stint,
            ],
        )
        returns = paired.group_by(kept).aggregate(previous_stint=paired.e_stint.max())
    else:
        # Between units nearly every stint is a hand-over. Only a holder with two stints or more
        # in a case can have it back: those are found by a grouping, and only their stints are
        # ordered to pair each with the holder's previous one.
        repeated = (
            narrow.group_by(["case_id", "holder"])
            .aggregate(stints=narrow.count())
            .filter(lambda table: table.stints > 1)
            .select(r_case="case_id", r_holder="holder")
        )
        again = narrow.semi_join(
            repeated, [narrow.case_id == repeated.r_case, narrow.holder == repeated.r_holder]
        )
        same_holder = ibis.window(group_by=["case_id", "holder"], order_by=["stint"])
        marked = again.mutate(previous_stint=again.stint.lag().over(same_holder))
        returns = marked.filter(
            marked.previous_stint.notnull()
            & marked.from_holder.notnull()
            & (marked.from_holder != marked.holder)
        )

    # The cycle: every stint after the earlier one up to the return, its hand-overs counted and
    # listed as the evidence in one grouped range join of the returns with their cases' stints.
    steps = narrow.select(
        step_case=narrow.case_id, step_stint=narrow.stint, step_event=narrow.event_id
    )
    cycle_steps = returns.inner_join(
        steps,
        [
            returns.case_id == steps.step_case,
            steps.step_stint > returns.previous_stint,
            steps.step_stint <= returns.stint,
        ],
    )
    keys = ["case_id", "event_id", "holder", "from_holder", "ts"]
    if level == "official":
        keys.append("holder_unit")
    found = cycle_steps.group_by(keys).aggregate(
        cycle=cycle_steps.count(),
        evidence=cycle_steps.step_event.group_concat(" ", order_by=cycle_steps.step_stint),
    )
    if max_cycle is not None:
        found = found.filter(found.cycle <= max_cycle)
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

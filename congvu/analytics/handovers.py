"""Hand-overs between units (chuyển giao) and the hand-over network, base of ping-pong and chains.

Definition. In a case that records its hand-overs (congvu's own log: ``create``, ``transfer``,
``return``), the holder changes exactly at those events: ``create`` gives the case to its first
holder (``to_unit``), each ``transfer``/``return`` hands it from ``unit`` to ``to_unit``. A request
for input and its answer, a decline of a coordinating part and a reminder are not hand-overs. In a
case without such events (most XES logs), the case's events ordered by (ts, position) are collapsed
into runs of the same unit, and each change of unit between consecutive runs is a hand-over from the
unit of the earlier run to the unit of the later one. Events without a unit are left out of runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import ibis
import ibis.expr.datatypes as dt
from ibis import _
from ibis.expr.types import Table

from congvu.analytics.schema import check_events
from congvu.analytics.timeline import HANDOVERS, HOLDER_SETTING, Mode, order_keys, ordered

Level = Literal["unit", "official"]

STINT_COLUMNS = (
    "case_id",
    "holder",
    "holder_unit",
    "from_holder",
    "from_unit",
    "event_id",
    "prev_event_id",
    "activity",
    "ts",
    "t",
    "explicit",
    "stint",
)

# Names that exports use for "no value": the report says when such a unit shows up.
PLACEHOLDER_PATTERN = (
    r"(?i)^\s*(empty|undefined|unknown|none|null|nan|n/?a|-+|\?+|0|system|sys|admin|batch|"
    r"default|unassigned|siebel|\(blank\)|blank)\s*$"
)


def stints(events: Table, *, mode: Mode = "auto", level: Level = "unit") -> Table:
    """One row per stint of a holder in a case, in order (nắm giữ hồ sơ).

    ``level="unit"``: the holder is a unit, as defined in the module docstring.
    ``level="official"``: the holder is an official within a unit; in an explicit case a stint
    starts at each ``assign`` (the assignee, or the actor when no assignee is recorded), otherwise
    at each change of ``actor`` between consecutive events carrying an actor.

    Columns: ``case_id, stint`` (the ``seq`` of the event that started the stint: increasing in
    the case, not consecutive), ``holder``, ``holder_unit``,
    ``from_holder`` (null for the first stint), ``from_unit``, ``event_id`` (the event that started
    the stint), ``prev_event_id`` (the last event of the previous stint in run mode, the same event
    in explicit mode), ``activity``, ``ts``, ``t`` (epoch seconds), ``explicit``.
    """
    return held_stints(events, mode=mode, level=level)


def held_stints(
    events: Table, *, mode: Mode = "auto", level: Level = "unit", carry: Sequence[str] = ()
) -> Table:
    """The table of :func:`stints` with the ``carry`` columns of the event that started each stint
    appended (e.g. its ``actor``): for callers that compute the stints once and derive several
    results from them (:func:`handovers_from`, ``ping_pong_from``...)."""
    columns = [*STINT_COLUMNS, *carry]
    if mode == "runs" and "seq" not in events.columns:
        return _run_stints(check_events(events), level=level, columns=columns)
    # The ordered pass (one sort of every case) gives each event its neighbours: in a case of runs
    # a stint starts where the unit (actor) differs from the previous event's, a filter, no sort.
    # Only the cases with an event lacking a unit (an actor) are ordered again, on their events
    # that have one, since there the previous event is not the previous one of the run.
    source = ordered(events, mode=mode)
    if level == "unit":
        setting = source.activity.isin(HOLDER_SETTING) & source.to_unit.notnull()
        explicit_starts = source.filter(source.explicit & setting).mutate(
            holder=source.to_unit, holder_unit=source.to_unit
        )
        who, prev_who, gaps = source.unit, source.prev_unit, source.unit_gaps
    else:
        assigned = ibis.coalesce(source.assignee, source.actor)
        explicit_starts = source.filter(
            source.explicit & (source.activity == "assign") & assigned.notnull()
        ).mutate(holder=assigned, holder_unit=source.unit)
        who, prev_who, gaps = source.actor, source.prev_actor, source.actor_gaps

    # Explicit cases: the previous stint's holder is the previous holder-setting event's target,
    # a lag over these few events.
    by_start = ibis.window(group_by="case_id", order_by="seq")
    explicit_stints = explicit_starts.mutate(
        from_holder=explicit_starts.holder.lag().over(by_start),
        from_unit=explicit_starts.holder_unit.lag().over(by_start),
        prev_event_id=explicit_starts.event_id,
        stint=explicit_starts.seq,
    ).select(*columns)

    in_runs = ~source.explicit & who.notnull()
    whole = source.filter(in_runs & (gaps == 0)).mutate(
        who=who,
        prev_who=prev_who,
        # For units the previous unit is the previous holder.
        prev_unit=source.prev_unit,
        prev_id=source.prev_event_id,
    )
    gapped = source.filter(in_runs & (gaps == 1)).mutate(who=who)
    by_event = ibis.window(group_by="case_id", order_by="seq")
    regapped = gapped.mutate(
        prev_who=gapped.who.lag().over(by_event),
        prev_unit=gapped.unit.lag().over(by_event),
        prev_id=gapped.event_id.lag().over(by_event),
    )
    run_stints = [_starts(runs, columns) for runs in (whole, regapped)]
    # Every case is either explicit or not, so the parts are found apart and stacked.
    if mode == "runs":
        return run_stints[0].union(run_stints[1])
    if mode == "explicit":
        return explicit_stints
    return ibis.union(explicit_stints, *run_stints)


def _run_stints(checked: Table, *, level: Level, columns: Sequence[str]) -> Table:
    """The stints of a log of runs straight from its events, in one pass: the events with a unit
    (an actor) are ordered in their case and a stint starts at each change. ``stint`` is then the
    event's place among those events, not among all the events of the case."""
    name = "unit" if level == "unit" else "actor"
    runs = checked.filter(checked[name].notnull())
    by_case = ibis.window(group_by="case_id", order_by=order_keys(runs))
    runs = runs.mutate(
        t=runs.ts.epoch_seconds().cast(dt.float64),
        seq=ibis.row_number().over(by_case) + 1,
        explicit=ibis.literal(False),
        prev_who=runs[name].lag().over(by_case),
        # For units the previous unit is the previous holder.
        prev_unit=runs.unit.lag().over(by_case),
        prev_id=runs.event_id.lag().over(by_case),
    )
    # The holder is named after the ordering, so that the sort carries no copy of the column.
    return _starts(runs.mutate(who=runs[name]), columns)


def _starts(runs: Table, columns: Sequence[str]) -> Table:
    """The stints of events of runs that carry ``who`` (the unit or actor), ``prev_who``,
    ``prev_unit``, ``prev_id`` and ``seq``: a stint starts where ``who`` changes."""
    return (
        runs.filter(runs.prev_who.isnull() | (runs.who != runs.prev_who))
        .mutate(
            holder=runs.who,
            holder_unit=runs.unit,
            from_holder=runs.prev_who,
            from_unit=runs.prev_unit,
            prev_event_id=ibis.coalesce(runs.prev_id, runs.event_id),
            stint=runs.seq,
        )
        .select(*columns)
    )


def handovers(events: Table, *, mode: Mode = "auto", level: Level = "unit") -> Table:
    """One row per hand-over between two different holders (units, or officials of one unit).

    Columns: ``case_id, stint`` (the stint it starts), ``from_unit, to_unit`` (for ``level="unit"``;
    for ``level="official"`` also ``from_holder, to_holder``), ``event_id`` (the hand-over event, or
    the first event of the new run), ``prev_event_id``, ``activity, ts, t``.
    In an explicit case only transfer/return events are hand-overs (the ``create`` is not), and a
    transfer to the unit that already holds the case is not one either.
    """
    return handovers_from(stints(events, mode=mode, level=level), level=level)


def handovers_from(held: Table, *, level: Level = "unit") -> Table:
    """The hand-overs of :func:`handovers` from stints computed already (:func:`held_stints` of
    the same level); columns carried by the stints are kept, after the usual ones."""
    moved = held.filter(held.from_holder.notnull() & (held.holder != held.from_holder))
    if level == "unit":
        moved = moved.filter(~moved.explicit | moved.activity.isin(HANDOVERS))
    else:
        # Between officials of one unit; a move to another unit is a unit hand-over.
        moved = moved.filter(moved.from_unit == moved.holder_unit)
    result = moved.mutate(to_unit=moved.holder_unit, to_holder=moved.holder)
    columns = ["case_id", "stint", "from_unit", "to_unit"]
    if level == "official":
        columns += ["from_holder", "to_holder"]
    columns += ["event_id", "prev_event_id", "activity", "ts", "t"]
    carried = [name for name in held.columns if name not in STINT_COLUMNS]
    return result.select(*columns, *carried)


def handover_network(events: Table, *, mode: Mode = "auto") -> Table:
    """The weighted, directed hand-over network between units (mạng chuyển giao).

    Columns: ``from_unit, to_unit, count`` (hand-overs as defined above, different units only),
    ordered by count descending, then names.
    """
    return network_from(handovers(events, mode=mode))


def network_from(moves: Table) -> Table:
    """The network of :func:`handover_network` from hand-overs computed already."""
    network = moves.group_by(["from_unit", "to_unit"]).aggregate(count=moves.count())
    return network.order_by([ibis.desc("count"), "from_unit", "to_unit"])


def placeholder_units(events: Table) -> Table:
    """Units whose name looks like a placeholder or a system account (``EMPTY``, ``UNDEFINED``,
    ``Siebel``...), with their number of events: candidates for ``--ignore-unit``.

    Columns: ``unit, events``.
    """
    # Units are few beside events: count first, then match the pattern once per unit.
    counted = events.filter(events.unit.notnull()).group_by("unit").aggregate(events=_.count())
    found = counted.filter(counted.unit.re_search(PLACEHOLDER_PATTERN))
    return found.order_by([ibis.desc("events"), "unit"]).mutate(events=found.events.cast(dt.int64))

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
from ibis.expr.types import Table

from congvu.analytics.schema import check_events
from congvu.analytics.timeline import HANDOVERS, HOLDER_SETTING, Mode, order_keys

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


def _case_order(events: Table) -> list[ibis.Value]:
    """The order of a case's events: ``seq`` when annotated (one integer to sort on), otherwise the
    keys ``seq`` is numbered from (ts, position, event_id); both give the same order."""
    return [events.seq] if "seq" in events.columns else order_keys(events)


def explicit_cases(events: Table) -> Table:
    """The ids of the cases that record their hand-overs as events (a create/transfer/return with
    a ``to_unit``): ``case_id``, one row per case. The same rule as ``explicit`` of
    :func:`~congvu.analytics.timeline.annotate` in ``auto`` mode, without a window over every event.
    """
    setting = events.filter(events.activity.isin(HOLDER_SETTING) & events.to_unit.notnull())
    return setting.select("case_id").distinct()


def _explicit_flag(events: Table, mode: Mode) -> ibis.BooleanValue:
    """Whether each event's case is explicit: the annotation when there is one (it was decided
    when annotating), else by ``mode``, deciding per case in ``auto`` mode."""
    if "explicit" in events.columns:
        return events.explicit
    if mode == "auto":
        return events.case_id.isin(explicit_cases(events).case_id)
    return ibis.literal(mode == "explicit")


def stints(events: Table, *, mode: Mode = "auto", level: Level = "unit") -> Table:
    """One row per stint of a holder in a case, in order (nắm giữ hồ sơ).

    ``level="unit"``: the holder is a unit, as defined in the module docstring.
    ``level="official"``: the holder is an official within a unit; in an explicit case a stint
    starts at each ``assign`` (the assignee, or the actor when no assignee is recorded), otherwise
    at each change of ``actor`` between consecutive events carrying an actor.

    Columns: ``case_id, stint`` (1, 2, ... in the case), ``holder``, ``holder_unit``,
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
    # Only the order of the case and its explicit flag are needed, not the holder or the deadline
    # of :func:`annotate`: on events that are not annotated yet they are computed here directly,
    # one sort per part instead of the five window passes of a full annotation.
    checked = check_events(events)
    explicit = _explicit_flag(checked, mode)
    source = checked.mutate(
        t=checked.t if "t" in checked.columns else checked.ts.epoch_seconds().cast(dt.float64)
    )
    if level == "unit":
        setting = source.activity.isin(HOLDER_SETTING) & source.to_unit.notnull()
        # In auto mode a case with a holder-setting event is explicit by definition.
        decided_per_case = mode == "auto" and "explicit" not in checked.columns
        explicit_starts = source.filter(setting if decided_per_case else explicit & setting).mutate(
            holder=source.to_unit, holder_unit=source.to_unit
        )
        runs_source = source.filter(~explicit & source.unit.notnull()).mutate(who=source.unit)
    else:
        assigned = ibis.coalesce(source.assignee, source.actor)
        explicit_starts = source.filter(
            explicit & (source.activity == "assign") & assigned.notnull()
        ).mutate(holder=assigned, holder_unit=source.unit)
        runs_source = source.filter(~explicit & source.actor.notnull()).mutate(who=source.actor)
    columns = [*STINT_COLUMNS, *carry]

    # Explicit cases: the previous stint's holder is the previous holder-setting event's target.
    # The lags and the numbering share one window, so one sort.
    by_case = ibis.window(group_by="case_id", order_by=_case_order(explicit_starts))
    explicit_stints = explicit_starts.mutate(
        from_holder=explicit_starts.holder.lag().over(by_case),
        from_unit=explicit_starts.holder_unit.lag().over(by_case),
        prev_event_id=explicit_starts.event_id,
        explicit=ibis.literal(True),
        stint=ibis.row_number().over(by_case) + 1,
    ).select(*columns)

    # Run cases: a stint starts where the holder differs from the previous event's holder; the
    # starts are then numbered in a second, smaller sort, on the event's number in its run
    # (one integer) rather than on the three keys again.
    by_event = ibis.window(group_by="case_id", order_by=_case_order(runs_source))
    runs = runs_source.mutate(
        prev_who=runs_source.who.lag().over(by_event),
        # For units the previous unit is the previous holder: no second lag.
        prev_unit=(runs_source.who if level == "unit" else runs_source.unit).lag().over(by_event),
        prev_id=runs_source.event_id.lag().over(by_event),
        number=ibis.row_number().over(by_event),
    )
    starts = runs.filter(runs.prev_who.isnull() | (runs.who != runs.prev_who))
    by_start = ibis.window(group_by="case_id", order_by=starts.number)
    run_stints = starts.mutate(
        holder=starts.who,
        holder_unit=starts.unit,
        from_holder=starts.prev_who,
        from_unit=starts.prev_unit,
        prev_event_id=ibis.coalesce(starts.prev_id, starts.event_id),
        explicit=ibis.literal(False),
        stint=ibis.row_number().over(by_start) + 1,
    ).select(*columns)

    # Every case is either explicit or not, so the two parts are numbered apart and stacked.
    if mode == "runs" and "explicit" not in events.columns:
        return run_stints
    if mode == "explicit" and "explicit" not in events.columns:
        return explicit_stints
    return explicit_stints.union(run_stints)


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
    named = events.filter(events.unit.notnull() & events.unit.re_search(PLACEHOLDER_PATTERN))
    found = named.group_by("unit").aggregate(events=named.count())
    return found.order_by([ibis.desc("events"), "unit"]).mutate(events=found.events.cast(dt.int64))

"""Workload and signals per unit and official per month, normalised by workload (chỉ số).

A busy unit receives more tasks and so more findings: the rates divide by the tasks received and
by the time they were allotted, so that volume alone does not rank a unit worse.
"""

from __future__ import annotations

from collections.abc import Iterable

import ibis
import ibis.expr.datatypes as dt
from ibis.expr.types import Table

from congvu.analytics.handovers import handovers_from, stints
from congvu.analytics.kinds import KINDS
from congvu.analytics.timeline import DAY, Mode, annotate, case_spans, month_of

COUNTS = ("events", "cases", "received", "handovers_out", "findings", *KINDS)


def _month(table: Table) -> ibis.Value:
    return table.period if "period" in table.columns else month_of(table.ts)


def _part(table: Table, level: str, key: ibis.Value, **values: ibis.Value) -> Table:
    """One partial count table in the common long-then-summed shape, already summed per key and
    month: the stack of parts then has a few rows per key, not one per event."""
    kinds = {name: dt.float64 if name == "allotted_days" else dt.int64 for name in values}
    keyed = table.select(
        key=key.cast(dt.string),
        period=_month(table),
        **{name: value.cast(kinds[name]) for name, value in values.items()},
    )
    summed = keyed.group_by(["key", "period"]).aggregate(
        **{name: keyed[name].sum().cast(kinds[name]) for name in values}
    )
    return _long(summed, level, values)


def _long(summed: Table, level: str, present: Iterable[str]) -> Table:
    """A table summed per ``key, period`` in the common shape: every count, 0 where absent."""
    columns: dict[str, ibis.Value] = {
        "level": ibis.literal(level),
        "key": summed.key,
        "period": summed.period,
    }
    for name in (*COUNTS, "allotted_days"):
        kind = dt.float64 if name == "allotted_days" else dt.int64
        columns[name] = summed[name] if name in present else ibis.literal(0).cast(kind)
    return summed.select(**columns)


def _cases_part(table: Table, level: str, key: ibis.Value) -> Table:
    """The distinct cases per key and month, in the shape of :func:`_part`."""
    keyed = table.select("case_id", key=key.cast(dt.string), period=_month(table))
    counted = keyed.group_by(["key", "period"]).aggregate(
        cases=keyed.case_id.nunique().cast(dt.int64)
    )
    return _long(counted, level, ["cases"])


def metrics(events: Table, findings: Table, *, mode: Mode = "auto") -> Table:
    """One row per (level, key, period): ``level`` is ``unit`` or ``official``, ``key`` the unit
    or official, ``period`` the first day of the month.

    Counts: ``events`` (events by them), ``cases`` (distinct cases they acted on or held),
    ``received`` (stints that started with them: tasks received), ``allotted_days`` (the time
    allotted to the tasks they received, first event to deadline), ``handovers_out``,
    ``findings`` and one column per finding kind. Rates: ``findings_per_10_received`` and
    ``findings_per_100_allotted_days`` (null when the denominator is 0).
    """
    annotated = annotate(events, mode=mode)
    return metrics_from(
        annotated,
        findings,
        held_units=stints(annotated, mode=mode),
        held_officials=stints(annotated, mode=mode, level="official"),
    )


def metrics_from(
    annotated: Table,
    findings: Table,
    *,
    held_units: Table,
    held_officials: Table,
    spans: Table | None = None,
    moves: Table | None = None,
) -> Table:
    """The metrics of :func:`metrics` from the annotated events and the stints of both levels
    computed already (``stints`` or ``held_stints``), and optionally their :func:`case_spans`
    and unit hand-overs (``handovers_from(held_units)``)."""
    if spans is None:
        spans = case_spans(annotated)
    if moves is None:
        moves = handovers_from(held_units)
    parts: list[Table] = []

    # Distinct cases need a distinct count, not a sum: the cases a unit held or acted on, and the
    # cases an official acted on (every holder of an event is a key, even without events of its
    # own).
    by_key = annotated.mutate(unit_key=ibis.coalesce(annotated.holder, annotated.unit))
    for level, key in (("unit", by_key.unit_key), ("official", by_key.actor)):
        touched = by_key.filter(key.notnull())
        parts.append(_cases_part(touched, level, touched[key.get_name()]))
    by_unit = annotated.filter(annotated.unit.notnull())
    parts.append(_part(by_unit, "unit", by_unit.unit, events=ibis.literal(1)))
    by_actor = annotated.filter(annotated.actor.notnull())
    parts.append(_part(by_actor, "official", by_actor.actor, events=ibis.literal(1)))

    # The time allotted to a task counts for each stint of it: the cases with a deadline are
    # joined to the stints apart from the count of stints, so that a log without deadlines (most
    # XES logs) joins nothing.
    allotted = spans.filter(spans.due_end.notnull()).select(
        a_case="case_id", allotted=(spans.due_end_w - spans.start_w) / DAY
    )
    for level, held in (("unit", held_units), ("official", held_officials)):
        parts.append(_part(held, level, held.holder, received=ibis.literal(1)))
        timed = held.inner_join(allotted, held.case_id == allotted.a_case)
        parts.append(_part(timed, level, timed.holder, allotted_days=timed.allotted))
    parts.append(_part(moves, "unit", moves.from_unit, handovers_out=ibis.literal(1)))

    for level, column in (("unit", "unit"), ("official", "actor")):
        mine = findings.filter(findings[column].notnull())
        kind_counts = {kind: (mine.kind == kind).cast(dt.int64) for kind in KINDS}
        parts.append(_part(mine, level, mine[column], findings=ibis.literal(1), **kind_counts))

    stacked = ibis.union(*parts)
    result = stacked.group_by(["level", "key", "period"]).aggregate(
        **{name: stacked[name].sum().cast(dt.int64) for name in COUNTS},
        allotted_days=stacked.allotted_days.sum(),
    )
    return result.mutate(
        findings_per_10_received=ibis.ifelse(
            result.received > 0, result.findings * 10.0 / result.received, ibis.null(dt.float64)
        ),
        findings_per_100_allotted_days=ibis.ifelse(
            result.allotted_days > 0,
            result.findings * 100.0 / result.allotted_days,
            ibis.null(dt.float64),
        ),
    ).order_by(["level", "key", "period"])

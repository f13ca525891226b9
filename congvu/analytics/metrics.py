"""Workload and signals per unit and official per month, normalised by workload (chỉ số).

A busy unit receives more tasks and so more findings: the rates divide by the tasks received and
by the time they were allotted, so that volume alone does not rank a unit worse.
"""

from __future__ import annotations

import ibis
import ibis.expr.datatypes as dt
from ibis.expr.types import Table

from congvu.analytics.findings import KINDS
from congvu.analytics.handovers import handovers_from, stints
from congvu.analytics.timeline import DAY, Mode, annotate, case_spans

COUNTS = ("events", "cases", "received", "handovers_out", "findings", *KINDS)


def _month(table: Table) -> ibis.Value:
    return table.ts.truncate("M").date()


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
    columns: dict[str, ibis.Value] = {
        "level": ibis.literal(level),
        "key": summed.key,
        "period": summed.period,
    }
    for name in (*COUNTS, "allotted_days"):
        kind = dt.float64 if name == "allotted_days" else dt.int64
        columns[name] = summed[name] if name in values else ibis.literal(0).cast(kind)
    return summed.select(**columns)


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
    annotated: Table, findings: Table, *, held_units: Table, held_officials: Table
) -> Table:
    """The metrics of :func:`metrics` from the annotated events and the stints of both levels
    computed already (``stints`` or ``held_stints``)."""
    spans = case_spans(annotated)
    parts: list[Table] = []

    held = annotated.filter(annotated.holder.notnull())
    parts.append(_part(held, "unit", held.holder, cases=ibis.literal(0)))
    by_unit = annotated.filter(annotated.unit.notnull())
    parts.append(_part(by_unit, "unit", by_unit.unit, events=ibis.literal(1)))
    by_actor = annotated.filter(annotated.actor.notnull())
    parts.append(_part(by_actor, "official", by_actor.actor, events=ibis.literal(1)))

    allotted = spans.select("case_id", allotted=(spans.due_end - spans.start) / DAY)
    for level, held in (("unit", held_units), ("official", held_officials)):
        received = held.left_join(allotted, "case_id").drop("case_id_right")
        parts.append(
            _part(
                received,
                level,
                received.holder,
                received=ibis.literal(1),
                allotted_days=received.allotted.fill_null(0),
            )
        )
    moves = handovers_from(held_units)
    parts.append(_part(moves, "unit", moves.from_unit, handovers_out=ibis.literal(1)))

    for level, column in (("unit", "unit"), ("official", "actor")):
        mine = findings.filter(findings[column].notnull())
        kind_counts = {kind: (mine.kind == kind).cast(dt.int64) for kind in KINDS}
        parts.append(_part(mine, level, mine[column], findings=ibis.literal(1), **kind_counts))

    # Distinct cases need a distinct count, not a sum of parts.
    touched = annotated.select(
        "case_id",
        "ts",
        unit_key=ibis.coalesce(annotated.holder, annotated.unit),
        actor_key=annotated.actor,
    )
    case_counts = [
        touched.filter(touched[key].notnull())
        .mutate(level=ibis.literal(level), key=touched[key], period=_month(touched))
        .group_by(["level", "key", "period"])
        .aggregate(case_count=touched.case_id.nunique().cast(dt.int64))
        for level, key in (("unit", "unit_key"), ("official", "actor_key"))
    ]
    stacked = ibis.union(*parts)
    summed = stacked.group_by(["level", "key", "period"]).aggregate(
        **{name: stacked[name].sum().cast(dt.int64) for name in COUNTS if name != "cases"},
        allotted_days=stacked.allotted_days.sum(),
    )
    counted = ibis.union(*case_counts)
    joined = summed.left_join(counted, ["level", "key", "period"]).drop(
        "level_right", "key_right", "period_right"
    )
    result = joined.mutate(cases=joined.case_count.fill_null(0)).drop("case_count")
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

"""Returns and declines of tasks (trả lại, từ chối) with their reasons, checked against mandates."""

from __future__ import annotations

import ibis
import ibis.expr.datatypes as dt
from ibis.expr.types import Table

from congvu.analytics.schema import check_events

REFUSALS = ("return", "decline")
NOT_IN_MANDATE = "not_in_mandate"


def empty_mandates() -> Table:
    """A mandates table with no rows: ``unit, field``."""
    return ibis.memtable({"unit": [], "field": []}, schema={"unit": "string", "field": "string"})


def refusal(events: Table, *, mandates: Table | None = None) -> Table:
    """One row per return (the lead unit gives the task back to the office) or decline (a
    coordinating unit refuses its part).

    A refusal whose reason is ``not_in_mandate`` for a task whose ``field`` is in the refusing
    unit's mandate (a row ``(unit, field)`` of ``mandates``, chức năng nhiệm vụ) is unjustified.

    Columns: ``case_id, event_id, unit, actor, to_unit, activity, reason, field, unjustified``
    (boolean), ``ts``, ``evidence`` (the event id).
    """
    checked = check_events(events)
    given = empty_mandates() if mandates is None else mandates
    covered = given.select(m_unit=given.unit, m_field=given.field, in_mandate=ibis.literal(True))
    refused = checked.filter(checked.activity.isin(REFUSALS))
    joined = refused.left_join(
        covered.distinct(),
        [refused.unit == covered.m_unit, refused.field == covered.m_field],
    )
    unjustified = (joined.reason == NOT_IN_MANDATE) & joined.in_mandate.fill_null(False)
    return joined.select(
        "case_id",
        "event_id",
        "unit",
        "actor",
        "to_unit",
        "activity",
        "reason",
        "field",
        unjustified=unjustified.cast(dt.boolean),
        ts=joined.ts,
        evidence=joined.event_id,
    )


def refusals_per_unit(refusals: Table) -> Table:
    """Refusals counted per unit and reason. Columns: ``unit, reason, count, unjustified``."""
    grouped = refusals.group_by(["unit", "reason"]).aggregate(
        count=refusals.count().cast(dt.int64),
        unjustified=refusals.unjustified.cast(dt.int64).sum().cast(dt.int64),
    )
    return grouped.order_by([ibis.desc("count"), "unit", "reason"])

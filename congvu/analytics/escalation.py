"""Opinion requests on decisions the official could take (xin ý kiến, sợ trách nhiệm)."""

from __future__ import annotations

import ibis
from ibis.expr.types import Table

from congvu.analytics.schema import check_events


def empty_delegations() -> Table:
    """A delegations table with no rows: ``actor, decision_kind``."""
    return ibis.memtable(
        {"actor": [], "decision_kind": []}, schema={"actor": "string", "decision_kind": "string"}
    )


def escalation(events: Table, *, delegations: Table | None = None) -> Table:
    """One row per ``escalate`` event whose ``decision_kind`` the escalating official was allowed
    to decide alone: a row ``(actor, decision_kind)`` of ``delegations`` (phân cấp, ủy quyền).

    Columns: ``case_id, event_id, unit, actor, decision_kind, ts, evidence`` (the event id).
    """
    checked = check_events(events)
    given = empty_delegations() if delegations is None else delegations
    allowed = given.select(d_actor=given.actor, d_kind=given.decision_kind).distinct()
    asked = checked.filter(checked.activity == "escalate")
    joined = asked.inner_join(
        allowed, [asked.actor == allowed.d_actor, asked.decision_kind == allowed.d_kind]
    )
    return joined.select(
        "case_id", "event_id", "unit", "actor", "decision_kind", "ts", evidence=joined.event_id
    )

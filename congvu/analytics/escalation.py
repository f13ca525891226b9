"""Opinion requests on decisions the official could take (xin ý kiến việc đã được phân cấp): a
pattern to review, not a finding of sợ trách nhiệm (see `congvu.findings.definitions`)."""

from __future__ import annotations

import ibis
import ibis.expr.datatypes as dt
from ibis.expr.types import Table

from congvu.analytics.schema import check_events
from congvu.analytics.timeline import DAY, date_end

OUTPUT = ("case_id", "event_id", "unit", "actor", "decision_kind", "ts")


DELEGATIONS = ibis.schema(
    {"actor": "string", "decision_kind": "string", "valid_from": "date", "valid_to": "date"}
)


def empty_delegations() -> Table:
    """A delegations table with no rows: ``actor, decision_kind, valid_from, valid_to``."""
    # From an empty Arrow table: pandas would make the empty date columns floats.
    return ibis.memtable(DELEGATIONS.to_pyarrow().empty_table())


def _validity(delegations: Table, name: str) -> ibis.Value:
    # A table without the column (the older two-column form, a hand-written CSV) means "always";
    # a column of all nulls or of ISO texts is cast, so a memtable of None or "2025-07-01" works.
    if name not in delegations.columns:
        return ibis.null(dt.date)
    return delegations[name].cast(dt.date)


def escalation(events: Table, *, delegations: Table | None = None) -> Table:
    """One row per ``escalate`` event whose ``decision_kind`` the escalating official was allowed
    to decide alone on the day they asked (phân cấp, ủy quyền).

    ``delegations`` has a row ``actor, decision_kind`` per kind of decision an official may take,
    with optional ``valid_from`` and ``valid_to`` (dates, both inclusive; null or a missing column
    means unbounded on that side). An event matches a row when its actor and decision_kind are the
    row's and its local calendar day in Vietnam (UTC+7, no daylight saving) lies within
    ``[valid_from, valid_to]``: an opinion asked at 00:30 in Hanoi on ``valid_from`` (17:30 UTC the
    day before) or at 23:30 on ``valid_to`` is found. An event matched by several rows (overlapping
    delegations, or the same delegation through two posts) gives one row.

    Columns: ``case_id, event_id, unit, actor, decision_kind, ts, evidence`` (the event id).
    """
    checked = check_events(events)
    given = empty_delegations() if delegations is None else delegations
    allowed = given.select(
        d_actor=given.actor,
        d_kind=given.decision_kind,
        d_from=_validity(given, "valid_from"),
        d_to=_validity(given, "valid_to"),
    )
    asked = checked.filter(checked.activity == "escalate")
    # Days are compared as epoch seconds against the local day's bounds, as the deadlines are in
    # analytics.timeline: casting a timestamp to a date would take PostgreSQL's session time zone.
    asked = asked.mutate(d_t=asked.ts.epoch_seconds().cast(dt.float64))
    from_start = date_end(allowed.d_from) - DAY
    to_end = date_end(allowed.d_to)
    joined = asked.inner_join(
        allowed,
        [
            asked.actor == allowed.d_actor,
            asked.decision_kind == allowed.d_kind,
            allowed.d_from.isnull() | (asked.d_t >= from_start),
            allowed.d_to.isnull() | (asked.d_t < to_end),
        ],
    )
    found = joined.select(*OUTPUT).distinct()
    return found.select(*OUTPUT, evidence=found.event_id)

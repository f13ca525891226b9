"""Requests of the same kind made again and again in one case (yêu cầu bổ sung nhiều lần).

A citizen's dossier may be sent back for supplements once, with every missing paper listed
(Decree 61/2018, art. 15, as amended); a second request means the first was incomplete. The
detector counts, per case, the events of one requesting activity.
"""

from __future__ import annotations

import ibis
import ibis.expr.datatypes as dt
from ibis.expr.types import StringValue, Table, Value

from congvu.analytics.timeline import annotate

SEQ_DIGITS = 12


def repeated_requests(
    events: Table, *, activity: str = "request_supplement", min_requests: int = 2
) -> Table:
    """One row per case with at least ``min_requests`` (default 2) events of ``activity``
    (default ``request_supplement``).

    Columns: ``case_id, unit, actor`` (of the last request), ``activity, requests, ts`` (the last
    request), ``evidence`` (the request event ids in order).
    """
    annotated = annotate(events)
    asked = annotated.filter(annotated.activity == activity)

    # The unit and actor of the last request, by max over text keyed by the (zero-padded) seq:
    # no sort beyond the one the grouped list needs.
    def keyed(value: Value) -> StringValue:
        return asked.seq.cast(dt.string).lpad(SEQ_DIGITS, "0").concat(value.fill_null(""))

    grouped = asked.group_by("case_id").aggregate(
        requests=asked.count().cast(dt.int64),
        ts=asked.ts.max(),
        evidence=asked.event_id.group_concat(" ", order_by=asked.seq),
        last_unit=keyed(asked.unit).max(),
        last_actor=keyed(asked.actor).max(),
    )
    found = grouped.filter(grouped.requests >= min_requests)
    return found.select(
        "case_id",
        unit=found.last_unit.substr(SEQ_DIGITS).nullif(""),
        actor=found.last_actor.substr(SEQ_DIGITS).nullif(""),
        activity=ibis.literal(activity),
        requests=found.requests,
        ts=found.ts,
        evidence=found.evidence,
    )

"""Work completed, then sent back by the reviewer (làm lại)."""

from __future__ import annotations

import ibis
import ibis.expr.datatypes as dt
from ibis.expr.types import Table

from congvu.analytics.timeline import annotate


def rework(events: Table) -> Table:
    """One row per ``send_back`` that follows a ``complete`` in the same case.

    Columns: ``case_id, event_id`` (the send-back), ``unit`` (holder at the completion),
    ``actor`` (who completed), ``reviewer`` (who sent back), ``round`` (1 for the first send-back
    of the case, ...), ``ts``, ``evidence`` (the complete and send-back event ids).
    """
    annotated = annotate(events)
    upto = ibis.window(group_by="case_id", order_by="seq", rows=(None, 0))
    is_complete = annotated.activity == "complete"
    marked = annotated.mutate(done_group=is_complete.cast(dt.int64).sum().over(upto))
    by_group = ibis.window(group_by=["case_id", "done_group"])
    last_done = marked.mutate(
        done_id=ibis.ifelse(marked.activity == "complete", marked.event_id, None)
        .max()
        .over(by_group),
        done_unit=ibis.ifelse(marked.activity == "complete", marked.holder, None)
        .max()
        .over(by_group),
        done_actor=ibis.ifelse(marked.activity == "complete", marked.actor, None)
        .max()
        .over(by_group),
    )
    sent = last_done.filter((last_done.activity == "send_back") & last_done.done_id.notnull())
    numbered = sent.mutate(
        round=ibis.row_number().over(ibis.window(group_by="case_id", order_by="seq")) + 1
    )
    return numbered.select(
        "case_id",
        "event_id",
        unit=numbered.done_unit,
        actor=numbered.done_actor,
        reviewer=numbered.actor,
        round=numbered["round"].cast(dt.int64),
        ts=numbered.ts,
        evidence=numbered.done_id.concat(" ", numbered.event_id),
    )

"""Deadlines extended again and again (gia hạn nhiều lần)."""

from __future__ import annotations

import ibis
import ibis.expr.datatypes as dt
from ibis.expr.types import Table

from congvu.analytics.timeline import DAY, annotate, date_end, work_time
from congvu.analytics.workdays import Calendar


def extension_chain(
    events: Table, *, min_extensions: int = 2, calendar: Calendar | None = None
) -> Table:
    """One row per case with at least ``min_extensions`` (default 2) ``grant_extension`` events.

    ``share_added`` is the time the extensions added, as a share of the time first allotted:
    (last deadline - first deadline) / (first deadline - first event); null when unknown. Both
    are counted in working days of ``calendar`` (``workdays``; None: calendar days).

    Columns: ``case_id, unit`` (holder at the last extension), ``actor`` (who granted it),
    ``extensions, days_added, share_added, ts, evidence`` (the grant_extension event ids).
    """
    annotated = annotate(events)
    grants = annotated.filter(annotated.activity == "grant_extension")
    grants = grants.mutate(
        total=grants.count().over(ibis.window(group_by="case_id")),
        number=ibis.row_number().over(ibis.window(group_by="case_id", order_by="seq")) + 1,
    )
    chains = grants.filter(grants.total >= min_extensions)
    dated = annotated.filter(annotated.due.notnull())
    dated = dated.mutate(
        first_rank=ibis.row_number().over(ibis.window(group_by="case_id", order_by="seq")),
        last_rank=ibis.row_number().over(
            ibis.window(group_by="case_id", order_by=ibis.desc("seq"))
        ),
    )
    first_due = dated.filter(dated.first_rank == 0).select("case_id", first_due=dated.due)
    last_due = dated.filter(dated.last_rank == 0).select("case_id", last_due=dated.due)
    starts = annotated.group_by("case_id").aggregate(start=annotated.t.min())
    per_case = chains.group_by("case_id").aggregate(
        extensions=chains.count().cast(dt.int64),
        ts=chains.ts.max(),
        evidence=chains.event_id.group_concat(" ", order_by=chains.seq),
    )
    last = chains.filter(chains.number == chains.total).select(
        "case_id", unit=chains.holder, actor=chains.actor
    )
    joined = (
        per_case.join(last, "case_id")
        .join(starts, "case_id")
        .left_join(first_due, "case_id")
        .drop("case_id_right")
        .left_join(last_due, "case_id")
        .drop("case_id_right")
    )
    joined = joined.mutate(first_end=date_end(joined.first_due), last_end=date_end(joined.last_due))
    joined = work_time(joined, calendar, first_w="first_end", last_w="last_end", start_w="start")
    added = (joined.last_w - joined.first_w) / DAY
    allotted = (joined.first_w - joined.start_w) / DAY
    return joined.select(
        "case_id",
        "unit",
        "actor",
        "extensions",
        days_added=added,
        share_added=ibis.ifelse(allotted > 0, added / allotted, ibis.null(dt.float64)),
        ts=joined.ts,
        evidence=joined.evidence,
    )

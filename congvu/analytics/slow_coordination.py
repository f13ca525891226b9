"""Coordinating units that answer input requests late or never (phối hợp chậm)."""

from __future__ import annotations

from datetime import datetime

import ibis
import ibis.expr.datatypes as dt
from ibis.expr.types import Table

from congvu.analytics.timeline import DAY, annotate, as_of_table, date_end, work_time
from congvu.analytics.workdays import Calendar


def slow_coordination(
    events: Table, *, as_of: datetime | None = None, calendar: Calendar | None = None
) -> Table:
    """One row per ``request_input`` with an ``answer_due`` whose answer (``respond_input``) came
    after the end of that day in Vietnam (``late``) or has not come and the day is past as of
    ``as_of`` (``unanswered``; default the latest event of the log).

    A request is matched to its answer by ``request_id``; when the log has none, to the first
    answer in the case from the requested unit (``to_unit``) after the request.

    ``days_late`` counts working days of ``calendar`` (``workdays``; None: calendar days).

    Columns: ``case_id, event_id`` (the request), ``unit`` (the coordinating unit asked),
    ``actor`` (who answered, null if nobody), ``status`` (``late``/``unanswered``), ``days_late``,
    ``ts`` (the request), ``evidence`` (request and answer event ids).
    """
    annotated = annotate(events)
    requests = annotated.filter(
        (annotated.activity == "request_input") & annotated.answer_due.notnull()
    ).select(
        "case_id",
        q_id=annotated.event_id,
        q_request=annotated.request_id,
        q_unit=annotated.to_unit,
        q_seq=annotated.seq,
        q_ts=annotated.ts,
        q_end=date_end(annotated.answer_due),
    )
    answers = annotated.filter(annotated.activity == "respond_input").select(
        a_case=annotated.case_id,
        a_id=annotated.event_id,
        a_request=annotated.request_id,
        a_unit=annotated.unit,
        a_seq=annotated.seq,
        a_t=annotated.t,
        a_actor=annotated.actor,
    )
    by_id = requests.q_request.notnull() & (requests.q_request == answers.a_request)
    by_unit = (
        requests.q_request.isnull()
        & answers.a_request.isnull()
        & (answers.a_unit == requests.q_unit)
        & (answers.a_seq > requests.q_seq)
    )
    paired = requests.left_join(answers, [requests.case_id == answers.a_case, by_id | by_unit])
    ranked = paired.mutate(
        rank=ibis.row_number().over(ibis.window(group_by=["case_id", "q_id"], order_by=["a_seq"]))
    )
    first = ranked.filter(ranked.rank == 0).cross_join(as_of_table(annotated, as_of))
    late = first.a_t.notnull() & (first.a_t > first.q_end)
    unanswered = first.a_t.isnull() & (first.as_of_t > first.q_end)
    found = first.filter(late | unanswered)
    found = found.mutate(until_t=ibis.coalesce(found.a_t, found.as_of_t))
    found = work_time(found, calendar, until_w="until_t", end_w="q_end")
    is_late = found.a_t.notnull()
    return found.select(
        "case_id",
        event_id=found.q_id,
        unit=found.q_unit,
        actor=found.a_actor,
        status=ibis.ifelse(is_late, "late", "unanswered"),
        days_late=((found.until_w - found.end_w) / DAY).cast(dt.float64),
        ts=found.q_ts,
        evidence=ibis.ifelse(is_late, found.q_id.concat(" ", found.a_id), found.q_id),
    )

"""All detectors in one table of findings (dấu hiệu), the shape stored and exported.

Each finding is a question to the unit, never a sanction: it names the case, the unit and
official concerned, a severity and the events that make it (``evidence``, space-separated ids).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import ibis
import ibis.expr.datatypes as dt
from ibis.expr.types import Table, Value

from congvu.analytics.escalation import escalation
from congvu.analytics.extension_chain import extension_chain
from congvu.analytics.handovers import handovers_from, held_stints
from congvu.analytics.last_minute import last_minute_from
from congvu.analytics.overdue import overdue_from
from congvu.analytics.ping_pong import ping_pong_from
from congvu.analytics.refusal import refusal
from congvu.analytics.rework import rework
from congvu.analytics.slow_coordination import slow_coordination
from congvu.analytics.stall import stall_from
from congvu.analytics.timeline import Mode, annotate, case_spans
from congvu.analytics.transfer_chain import transfer_chain_from

KINDS = (
    "ping_pong",
    "transfer_chain",
    "refusal",
    "escalation",
    "stall",
    "last_minute",
    "extension_chain",
    "slow_coordination",
    "overdue",
    "rework",
)
SEVERITIES = ("low", "medium", "high")
FINDING_TYPES: dict[str, dt.DataType] = {
    "kind": dt.string,
    "case_id": dt.string,
    "unit": dt.string,
    "actor": dt.string,
    "severity": dt.string,
    "ts": dt.Timestamp(timezone="UTC"),
    "evidence": dt.string,
    "detail": dt.string,
}


@dataclass(frozen=True)
class Thresholds:
    """The detectors' parameters, with the defaults of issue 3."""

    min_transfers: int = 3
    stall_share: float = 0.5
    last_minute_share: float = 0.1
    min_extensions: int = 2


def _days(value: Value) -> Value:
    """A number of days as text, rounded to whole days (portable: no round(x, n) on PostgreSQL)."""
    return value.round().cast(dt.int64).cast(dt.string)


def _shape(
    table: Table, kind: str, *, severity: Value, detail: Value, actor: Value | None = None
) -> Table:
    shaped = table.select(
        kind=ibis.literal(kind),
        case_id=table.case_id,
        unit=table.unit,
        actor=table.actor if actor is None else actor,
        severity=severity,
        ts=table.ts,
        evidence=table.evidence,
        detail=detail,
    )
    # One nullable type per column, so that the detectors' tables can be stacked.
    return shaped.select(
        **{name: shaped[name].cast(dtype) for name, dtype in FINDING_TYPES.items()}
    )


def find_all(
    events: Table,
    *,
    mandates: Table | None = None,
    delegations: Table | None = None,
    as_of: datetime | None = None,
    mode: Mode = "auto",
    thresholds: Thresholds = Thresholds(),  # noqa: B008 - frozen, so a shared default is safe
) -> Table:
    """Every detector's findings in one table, ordered by kind, case and time.

    Columns: ``kind`` (one of KINDS), ``case_id, unit, actor, severity`` (low/medium/high),
    ``ts`` (the key event), ``evidence`` (space-separated event ids), ``detail`` (a short English
    summary such as ``A > B > A``; the report words it in Vietnamese).
    """
    annotated = annotate(events, mode=mode)
    return findings_from(
        annotated,
        held_units=held_stints(annotated, mode=mode, carry=["actor"]),
        held_officials=held_stints(annotated, mode=mode, level="official"),
        mandates=mandates,
        delegations=delegations,
        as_of=as_of,
        thresholds=thresholds,
    )


def findings_from(
    annotated: Table,
    *,
    held_units: Table,
    held_officials: Table,
    spans: Table | None = None,
    moves: Table | None = None,
    bounces: Table | None = None,
    mandates: Table | None = None,
    delegations: Table | None = None,
    as_of: datetime | None = None,
    thresholds: Thresholds = Thresholds(),  # noqa: B008 - frozen, so a shared default is safe
) -> Table:
    """The findings of :func:`find_all` from shared steps computed once: the annotated events,
    the unit stints carrying the ``actor`` of their first event and the official stints
    (``held_stints``), and optionally the :func:`case_spans` as of ``as_of``, the unit
    hand-overs (``handovers_from(held_units)``) and ping-pongs (``ping_pong_from(held_units)``).
    A caller running several analyses materialises these once."""
    parts: list[Table] = []
    if spans is None:
        spans = case_spans(annotated, as_of=as_of)
    if moves is None:
        moves = handovers_from(held_units)

    if bounces is None:
        bounces = ping_pong_from(held_units)
    parts.append(
        _shape(
            bounces.mutate(unit=bounces.from_unit),
            "ping_pong",
            severity=ibis.ifelse(bounces.cycle >= 3, "high", "medium"),
            detail=bounces.from_unit.concat(" > ", bounces.back_to),
            actor=ibis.null(dt.string),
        )
    )
    officials = ping_pong_from(held_officials, level="official")
    parts.append(
        _shape(
            officials.mutate(unit=officials.from_unit),
            "ping_pong",
            severity=ibis.literal("low"),
            detail=officials.actor.concat(" > ", officials.official),
        )
    )
    chains = transfer_chain_from(annotated, moves, min_handovers=thresholds.min_transfers)
    parts.append(
        _shape(
            chains,
            "transfer_chain",
            severity=ibis.ifelse(chains.handovers >= 5, "high", "medium"),
            detail=chains.path.concat("; days=", _days(chains.days_lost)),
        )
    )
    refused = refusal(annotated, mandates=mandates)
    parts.append(
        _shape(
            refused,
            "refusal",
            severity=ibis.ifelse(refused.unjustified, "high", "low"),
            detail=refused.activity.concat(
                ":",
                refused.reason.fill_null("?"),
                ibis.ifelse(refused.unjustified, ":unjustified", ""),
            ),
        )
    )
    asked = escalation(annotated, delegations=delegations)
    parts.append(
        _shape(asked, "escalation", severity=ibis.literal("medium"), detail=asked.decision_kind)
    )
    stalled = stall_from(annotated, spans, share=thresholds.stall_share)
    parts.append(
        _shape(
            stalled,
            "stall",
            severity=ibis.ifelse(stalled.ratio >= 1, "high", "medium"),
            detail=_days(stalled.silence_days).concat("/", _days(stalled.allotted_days), " days"),
            actor=ibis.null(dt.string),
        )
    )
    late_work = last_minute_from(annotated, spans, share=thresholds.last_minute_share)
    parts.append(
        _shape(
            late_work,
            "last_minute",
            severity=ibis.ifelse(late_work.pattern == "after_reminder", "medium", "low"),
            detail=late_work.pattern,
        )
    )
    extended = extension_chain(annotated, min_extensions=thresholds.min_extensions)
    parts.append(
        _shape(
            extended,
            "extension_chain",
            severity=ibis.ifelse(extended.extensions >= 3, "high", "medium"),
            detail=extended.extensions.cast(dt.string).concat(
                " extensions; +", _days(extended.days_added.fill_null(0)), " days"
            ),
        )
    )
    slow = slow_coordination(annotated, as_of=as_of)
    parts.append(
        _shape(
            slow,
            "slow_coordination",
            severity=ibis.ifelse(slow.status == "unanswered", "high", "medium"),
            detail=slow.status.concat("; days=", _days(slow.days_late)),
        )
    )
    late = overdue_from(spans)
    parts.append(
        _shape(
            late,
            "overdue",
            severity=ibis.ifelse(late.days_overdue > 30, "high", "medium"),
            detail=late.status.concat("; days=", _days(late.days_overdue)),
            actor=ibis.null(dt.string),
        )
    )
    redone = rework(annotated)
    parts.append(
        _shape(
            redone,
            "rework",
            severity=ibis.ifelse(redone.round >= 2, "high", "low"),
            detail=ibis.literal("round ").concat(redone["round"].cast(dt.string)),
        )
    )
    everything = ibis.union(*parts)
    return everything.order_by(["kind", "case_id", "ts", "evidence"])

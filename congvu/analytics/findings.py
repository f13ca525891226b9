"""All detectors in one table of findings (dấu hiệu), the shape stored and exported.

Each finding is a question to the unit, never a sanction: it names the case, the unit and
official concerned, a severity and the events that make it (``evidence``, space-separated ids).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import datetime

import ibis
import ibis.expr.datatypes as dt
from ibis.expr.types import StringValue, Table, Value

from congvu.analytics.escalation import escalation
from congvu.analytics.extension_chain import extension_chain
from congvu.analytics.handovers import handovers_from, held_stints
from congvu.analytics.kinds import CASE_TYPES, DEFAULT_CASE_TYPE, KINDS, STALL_SHARE, kinds_for
from congvu.analytics.last_minute import last_minute_from
from congvu.analytics.late_extension import late_extension_from
from congvu.analytics.overdue import overdue_from
from congvu.analytics.ping_pong import ping_pong_from
from congvu.analytics.refusal import refusal
from congvu.analytics.repeated_request import repeated_requests
from congvu.analytics.rework import rework
from congvu.analytics.slow_coordination import slow_coordination
from congvu.analytics.stall import stall_from
from congvu.analytics.timeline import Mode, annotate, case_spans, late_changes
from congvu.analytics.transfer_chain import transfer_chain_from
from congvu.analytics.workdays import Calendar

SEVERITIES = ("low", "medium", "high")
FINDING_TYPES: dict[str, dt.DataType] = {
    "kind": dt.string,
    "case_type": dt.string,
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
    min_requests: int = 2


# Overdue by more than this many working days (about a month) is of high severity.
OVERDUE_HIGH_DAYS = 22


def _days(value: Value) -> Value:
    """A number of days rounded to whole days (portable: no round(x, n) on PostgreSQL)."""
    return value.round().cast(dt.int64)


# The detail of a finding is a JSON object with the fields of its kind (``kinds.REGISTRY``),
# written by string functions every engine has, so that it stays one column of the findings
# table: kinds have different fields, and structs of different shapes cannot be stacked.
_ESCAPES = (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t"))


def json_text(value: Value) -> StringValue:
    """A JSON string (or null) of a text value."""
    escaped = value.cast(dt.string)
    for plain, escape in _ESCAPES:
        escaped = escaped.replace(plain, escape)
    return ibis.ifelse(value.isnull(), "null", ibis.literal('"').concat(escaped, '"'))


def json_number(value: Value) -> StringValue:
    """A JSON number (or null) of an integer value."""
    return ibis.ifelse(value.isnull(), "null", value.cast(dt.int64).cast(dt.string))


def json_flag(value: Value) -> StringValue:
    """A JSON boolean (or null)."""
    return ibis.ifelse(value.isnull(), "null", ibis.ifelse(value, "true", "false"))


def json_texts(path: Value, separator: str) -> StringValue:
    """A JSON list of strings from a text of items joined by ``separator``."""
    escaped = path.cast(dt.string)
    for plain, escape in _ESCAPES:
        escaped = escaped.replace(plain, escape)
    return ibis.literal('["').concat(escaped.replace(separator, '","'), '"]')


def json_object(**fields: StringValue) -> StringValue:
    """A JSON object of fields already written as JSON values, in the order given."""
    parts: list[StringValue | str] = []
    for number, (name, value) in enumerate(fields.items()):
        parts.append(("{" if number == 0 else ",") + f'"{name}":')
        parts.append(value)
    parts.append("}")
    first, *rest = parts
    return ibis.literal(first).concat(*rest)


def _shape(
    table: Table, kind: str, *, severity: Value, detail: StringValue, actor: Value | None = None
) -> Table:
    shaped = table.select(
        kind=ibis.literal(kind),
        case_type=ibis.null(dt.string),
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
    case_type: str = DEFAULT_CASE_TYPE,
    calendar: Calendar | None = None,
) -> Table:
    """Every detector's findings in one table, ordered by kind, case and time, for a log of one
    case type (``kinds.CASE_TYPES``; the detectors of the kinds that apply to it run). Durations
    count working days of ``calendar`` (``workdays.Calendar``; None: calendar days).

    Columns: ``kind`` (one of KINDS), ``case_type``, ``case_id, unit, actor, severity``
    (low/medium/high), ``ts`` (the key event), ``evidence`` (space-separated event ids),
    ``detail`` (a JSON object with the fields of the kind's schema in ``kinds.REGISTRY``).
    """
    annotated = annotate(events, mode=mode)
    if case_type != DEFAULT_CASE_TYPE:
        thresholds = replace(thresholds, stall_share=STALL_SHARE[case_type])
    found = findings_from(
        annotated,
        held_units=held_stints(annotated, mode=mode, carry=["actor"]),
        held_officials=held_stints(annotated, mode=mode, level="official"),
        mandates=mandates,
        delegations=delegations,
        as_of=as_of,
        thresholds=thresholds,
        kinds=kinds_for(case_type),
        calendar=calendar,
    )
    return found.mutate(case_type=ibis.literal(case_type))


def findings_from(  # noqa: C901, PLR0912 - one block per detector
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
    kinds: Collection[str] = KINDS,
    stall_shares: Mapping[str, float] | None = None,
    calendar: Calendar | None = None,
) -> Table:
    """The findings of :func:`find_all` (of the ``kinds`` given, default all; ``case_type`` left
    null for the caller) from shared steps computed once: the annotated events, the unit stints
    carrying the ``actor`` of their first event and the official stints (``held_stints``), and
    optionally the :func:`case_spans` as of ``as_of``, the unit hand-overs
    (``handovers_from(held_units)``) and ping-pongs (``ping_pong_from(held_units)``). A caller
    running several analyses materialises these once. ``stall_shares`` (case type -> share) is
    for a log of several case types keyed by :func:`keyed_by_type`: each case's stall is judged
    with the share of its type instead of ``thresholds.stall_share``. Durations count working
    days of ``calendar`` (``workdays.Calendar``; None: calendar days); ``spans`` must have been
    made with the same calendar."""
    parts: list[Table] = []
    if spans is None:
        spans = case_spans(annotated, as_of=as_of, calendar=calendar)
    if moves is None:
        moves = handovers_from(held_units)

    if "ping_pong" in kinds:
        if bounces is None:
            bounces = ping_pong_from(held_units)
        parts.append(
            _shape(
                bounces.mutate(unit=bounces.from_unit),
                "ping_pong",
                severity=ibis.ifelse(bounces.cycle >= 3, "high", "medium"),
                detail=json_object(
                    level=json_text(ibis.literal("unit")),
                    **{"from": json_text(bounces.from_unit)},
                    back_to=json_text(bounces.back_to),
                    cycle=json_number(bounces.cycle),
                ),
                actor=ibis.null(dt.string),
            )
        )
        officials = ping_pong_from(held_officials, level="official")
        parts.append(
            _shape(
                officials.mutate(unit=officials.from_unit),
                "ping_pong",
                severity=ibis.literal("low"),
                detail=json_object(
                    level=json_text(ibis.literal("official")),
                    **{"from": json_text(officials.actor)},
                    back_to=json_text(officials.official),
                    cycle=json_number(officials.cycle),
                ),
            )
        )
    if "transfer_chain" in kinds:
        chains = transfer_chain_from(
            annotated, moves, min_handovers=thresholds.min_transfers, calendar=calendar
        )
        parts.append(
            _shape(
                chains,
                "transfer_chain",
                severity=ibis.ifelse(chains.handovers >= 5, "high", "medium"),
                detail=json_object(
                    path=json_texts(chains.path, " > "),
                    handovers=json_number(chains.handovers),
                    days_lost=json_number(_days(chains.days_lost)),
                ),
            )
        )
    if "refusal" in kinds:
        refused = refusal(annotated, mandates=mandates)
        parts.append(
            _shape(
                refused,
                "refusal",
                severity=ibis.ifelse(refused.unjustified, "high", "low"),
                detail=json_object(
                    activity=json_text(refused.activity),
                    reason=json_text(refused.reason),
                    unjustified=json_flag(refused.unjustified.fill_null(False)),
                ),
            )
        )
    if "escalation" in kinds:
        asked = escalation(annotated, delegations=delegations)
        parts.append(
            _shape(
                asked,
                "escalation",
                severity=ibis.literal("medium"),
                detail=json_object(decision_kind=json_text(asked.decision_kind.fill_null(""))),
            )
        )
    if "stall" in kinds:
        if stall_shares:
            # The longest silence has the highest ratio: found with the lowest share, then kept
            # where it exceeds the share of its case's type.
            stalled = stall_from(
                annotated, spans, share=min(stall_shares.values()), calendar=calendar
            )
            share = ibis.literal(thresholds.stall_share)
            for case_type, value in stall_shares.items():
                of_type = stalled.case_id.startswith(case_type + KEY_SEPARATOR)
                share = ibis.ifelse(of_type, value, share)
            stalled = stalled.filter(stalled.ratio > share)
        else:
            stalled = stall_from(annotated, spans, share=thresholds.stall_share, calendar=calendar)
        parts.append(
            _shape(
                stalled,
                "stall",
                severity=ibis.ifelse(stalled.ratio >= 1, "high", "medium"),
                detail=json_object(
                    silence_days=json_number(_days(stalled.silence_days)),
                    allotted_days=json_number(_days(stalled.allotted_days)),
                    is_open=json_flag(stalled.is_open),
                ),
                actor=ibis.null(dt.string),
            )
        )
    if "last_minute" in kinds:
        late_work = last_minute_from(
            annotated, spans, share=thresholds.last_minute_share, calendar=calendar
        )
        parts.append(
            _shape(
                late_work,
                "last_minute",
                severity=ibis.ifelse(late_work.pattern == "after_reminder", "medium", "low"),
                detail=json_object(pattern=json_text(late_work.pattern)),
            )
        )
    if "extension_chain" in kinds:
        extended = extension_chain(
            annotated, min_extensions=thresholds.min_extensions, calendar=calendar
        )
        parts.append(
            _shape(
                extended,
                "extension_chain",
                severity=ibis.ifelse(extended.extensions >= 3, "high", "medium"),
                detail=json_object(
                    extensions=json_number(extended.extensions),
                    days_added=json_number(_days(extended.days_added.fill_null(0))),
                ),
            )
        )
    if "late_extension" in kinds:
        granted = late_extension_from(late_changes(annotated), calendar=calendar)
        parts.append(
            _shape(
                granted,
                "late_extension",
                severity=ibis.literal("medium"),
                detail=json_object(
                    lapsed_due=json_text(granted.lapsed_due.cast(dt.string)),
                    new_due=json_text(granted.new_due.cast(dt.string)),
                    after_completion=json_flag(granted.after_completion),
                    days_after=json_number(_days(granted.days_after)),
                ),
            )
        )
    if "slow_coordination" in kinds:
        slow = slow_coordination(annotated, as_of=as_of, calendar=calendar)
        parts.append(
            _shape(
                slow,
                "slow_coordination",
                severity=ibis.ifelse(slow.status == "unanswered", "high", "medium"),
                detail=json_object(
                    answered=json_flag(slow.status != "unanswered"),
                    days_late=json_number(_days(slow.days_late)),
                ),
            )
        )
    if "overdue" in kinds:
        late = overdue_from(spans)
        parts.append(
            _shape(
                late,
                "overdue",
                # 22 working days: about a month (30 calendar days before issue 10).
                severity=ibis.ifelse(late.days_overdue > OVERDUE_HIGH_DAYS, "high", "medium"),
                detail=json_object(
                    open=json_flag(late.status == "open_overdue"),
                    days_overdue=json_number(_days(late.days_overdue)),
                ),
                actor=ibis.null(dt.string),
            )
        )
    if "rework" in kinds:
        redone = rework(annotated)
        parts.append(
            _shape(
                redone,
                "rework",
                severity=ibis.ifelse(redone["round"] >= 2, "high", "low"),
                detail=json_object(round=json_number(redone["round"])),
            )
        )
    if "repeated_request" in kinds:
        repeated = repeated_requests(annotated, min_requests=thresholds.min_requests)
        parts.append(
            _shape(
                repeated,
                "repeated_request",
                severity=ibis.ifelse(repeated.requests >= 3, "high", "medium"),
                detail=json_object(
                    activity=json_text(repeated.activity),
                    requests=json_number(repeated.requests),
                ),
            )
        )
    if not parts:
        return ibis.memtable(ibis.schema(FINDING_TYPES).to_pyarrow().empty_table())
    everything = ibis.union(*parts) if len(parts) > 1 else parts[0]
    return everything.order_by(["kind", "case_id", "ts", "evidence"])


# ----- logs of several case types ------------------------------------------------------------

# In a log of several case types the ids of two types may collide (task 5, dossier 5), so the
# detectors read the case and event ids prefixed with their type, and the findings get them back.
KEY_SEPARATOR = ":"


def case_types_of(events: Table) -> Table:
    """The case types a log holds: ``case_type`` (a log without the column, or with nulls, holds
    tasks)."""
    typed = events.select(case_type=events.case_type.fill_null(DEFAULT_CASE_TYPE))
    return typed.distinct()


def keyed_by_type(events: Table) -> Table:
    """The events with ``case_id`` and ``event_id`` prefixed by their case type, so that the
    cases of every type can be analysed together."""
    kind = events.case_type.fill_null(DEFAULT_CASE_TYPE)
    return events.mutate(
        case_type=kind,
        case_id=kind.concat(KEY_SEPARATOR, events.case_id),
        event_id=kind.concat(KEY_SEPARATOR, events.event_id),
    )


def unkeyed_findings(findings: Table) -> Table:
    """The findings of a :func:`keyed_by_type` log with their case type and ids back, keeping only
    the kinds that apply to each case type (``kinds.REGISTRY``)."""
    position = findings.case_id.find(KEY_SEPARATOR)
    kind = findings.case_id.substr(0, position)
    prefix = kind.concat(KEY_SEPARATOR)
    restored = findings.mutate(
        case_type=kind,
        case_id=findings.case_id.substr(position + 1),
        evidence=findings.evidence.replace(prefix, ""),
    )
    applicable = ibis.or_(
        *(
            (restored.case_type == case_type) & restored.kind.isin(kinds_for(case_type))
            for case_type in CASE_TYPES
        )
    )
    return restored.filter(applicable).select(*FINDING_TYPES)

"""The ground truth of the demo: which pattern each task's event log shows, by exact definitions.

The generator plants behaviour on purpose (`congvu.demo.plans`), but the truth it records is
computed here from the events actually written, with the definitions below, which are those of the
detectors (issue 3). A task may show several kinds (a task bounced A → B → C → A is a ping-pong and
a transfer chain; a stalled task is often overdue too); each kind found is one `PlantedPattern` row.

Conventions:

- A case's events are taken in the order (ts, seq). Its allotted time runs from the `create`
  event to the *deadline instant* of the deadline in force at `as_of` (the `due` of its last
  event): the end of that day in Asia/Ho_Chi_Minh (the next day at 00:00). `as_of` is the end of
  the demo's `today`.
- Hand-overs are `transfer` and `return` events. A request for input and its answer, a reminder,
  an opinion request and the `create` event are not hand-overs.
- The holder of a case is its lead unit: the `create` event's `to_unit`, then each `transfer`'s
  `to_unit`. A `return` leaves the case with the assigner (no holder) until the next transfer;
  `complete` and `cancel` end the holder's period; `send_back` and `reopen` start a new one.

Definitions (one finding per kind per case):

- ping_pong: a hand-over whose `to_unit` already appeared in the case, as the first holder or as
  the `unit` or `to_unit` of an earlier hand-over (A → B → A, A → B → C → A). Unit: the sender.
- transfer_chain: three or more hand-overs in the case. Unit: the first sender.
- refusal: a `return` or `decline` with reason `not_in_mandate` by a unit whose mandates include
  the task's field (unjustified). Unit: that unit; official: the actor.
- escalation: an `escalate` event whose `decision_kind` is delegated (a Delegation in force on the
  event's day) to a position that the actor holds in the event's `unit`. Official: the actor.
- stall: within a holding period, the longest silence of the holder (time between the start of the
  period, the holder's own events — events whose `unit` is the holder, reminders excluded — and the
  end of the period, or `as_of` while it lasts) exceeds half the allotted time. Unit: the holder.
- last_minute: the case has at least one `progress` event and every `progress` event falls in
  the last tenth of the allotted time (at or after deadline instant − allotted / 10).
- extension_chain: two or more `grant_extension` events.
- slow_coordination: a `request_input` whose `respond_input` (same payload `request`) happens on a
  local day after its `answer_due`, or that has no answer while `answer_due` is before `as_of`'s
  day. Unit: the coordinating unit asked.
- overdue: the case's last `complete` not followed by `send_back` or `reopen` happened on a local
  day after its `due`; or the case is neither completed nor cancelled and `as_of`'s day is after
  its deadline in force; or a deadline lapsed while the case was open and was changed after (a
  late grant cures nothing). Unit: the lead unit.
- late_extension: a `grant_extension` made after the end of the deadline in force before it, or
  after the case was completed (not reopened). Official: the granter.
- rework: at least one `send_back` event. Unit: the lead unit it was sent back to.

Durations (allotted time, silences, the last tenth) count working time (issue 10): the working
days of `congvu.analytics.workdays` (Vietnam's calendar, the one the province's detectors use
when it declares no days of its own), a part of a working day by its share.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any
from zoneinfo import ZoneInfo

from congvu.analytics.workdays import Calendar

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
HANDOVERS = ("transfer", "return")
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
# Found by `find_patterns` too, but not planted: the demo's officials grant extensions in time.
NOT_PLANTED = ("late_extension",)


@dataclass(frozen=True)
class Event:
    """The columns of a task event that the definitions read."""

    event_id: int
    seq: int
    ts: dt.datetime
    activity: str
    actor: int | None
    unit: int | None
    to_unit: int | None
    due: dt.date
    reason: str = ""
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Finding:
    """One kind found in one case, with the events that show it."""

    kind: str
    unit: int | None
    official: int | None
    evidence: tuple[int, ...]
    detail: dict[str, Any] = field(default_factory=dict)


def deadline_instant(due: dt.date) -> dt.datetime:
    """The end of the due day in local time."""
    return dt.datetime.combine(due + dt.timedelta(days=1), dt.time(0), tzinfo=TZ)


def local_day(ts: dt.datetime) -> dt.date:
    return ts.astimezone(TZ).date()


def working(calendar: Calendar, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """The working time between two instants (`workdays`), as a duration."""
    return dt.timedelta(seconds=calendar.work_at(end) - calendar.work_at(start))


Delegated = Callable[[int | None, int | None, str, dt.date], bool]


def find_patterns(
    events: Iterable[Event],
    *,
    field_id: int,
    mandates: dict[int, frozenset[int]],
    delegated: Delegated,
    as_of: dt.date,
    calendar: Calendar | None = None,
) -> list[Finding]:
    """Every kind the case's events show, by the definitions of this module, durations counted
    in working time of ``calendar`` (default Vietnam's)."""
    calendar = calendar or Calendar.vn()
    log = sorted(events, key=lambda e: (e.ts, e.seq))
    if not log or log[0].activity != "create":
        return []
    create = log[0]
    end = deadline_instant(log[-1].due)
    allotted = working(calendar, create.ts, end)
    as_of_instant = deadline_instant(as_of)
    found: list[Finding] = []

    handovers = [e for e in log if e.activity in HANDOVERS]
    bounce = _ping_pong(create, handovers)
    if bounce is not None:
        found.append(bounce)
    if len(handovers) >= 3:
        found.append(
            Finding(
                "transfer_chain",
                handovers[0].unit,
                handovers[0].actor,
                tuple(x.event_id for x in handovers),
                {"handovers": len(handovers)},
            )
        )

    for e in log:
        if (
            e.activity in ("return", "decline")
            and e.reason == "not_in_mandate"
            and field_id in mandates.get(e.unit or 0, frozenset())
        ):
            found.append(Finding("refusal", e.unit, e.actor, (e.event_id,), {}))
            break

    for e in log:
        kind = str(e.payload.get("decision_kind") or "")
        if e.activity == "escalate" and kind and delegated(e.actor, e.unit, kind, local_day(e.ts)):
            found.append(Finding("escalation", e.unit, e.actor, (e.event_id,), {"kind": kind}))
            break

    stall = _longest_silence(log, as_of_instant, calendar)
    if stall is not None and stall[0] > allotted / 2:
        silence, unit, official, evidence = stall
        found.append(
            Finding(
                "stall",
                unit,
                official,
                evidence,
                {"silence_share": round(silence / allotted, 3)},
            )
        )

    progress = [e for e in log if e.activity == "progress"]
    if progress and all(working(calendar, e.ts, end) <= allotted / 10 for e in progress):
        found.append(
            Finding(
                "last_minute",
                progress[0].unit,
                progress[0].actor,
                tuple(e.event_id for e in progress),
                {},
            )
        )

    grants = [e for e in log if e.activity == "grant_extension"]
    if len(grants) >= 2:
        requests = [e for e in log if e.activity == "request_extension"]
        first = requests[0] if requests else grants[0]
        found.append(
            Finding(
                "extension_chain",
                first.unit,
                first.actor,
                tuple(e.event_id for e in grants),
                {"granted": len(grants)},
            )
        )

    answers = {e.payload.get("request"): e for e in log if e.activity == "respond_input"}
    for e in log:
        if e.activity != "request_input":
            continue
        answer_due = dt.date.fromisoformat(str(e.payload["answer_due"]))
        answer = answers.get(e.payload.get("request"))
        if answer is not None and local_day(answer.ts) > answer_due:
            found.append(
                Finding(
                    "slow_coordination",
                    e.to_unit,
                    answer.actor,
                    (e.event_id, answer.event_id),
                    {"answer_due": answer_due.isoformat(), "answered": True},
                )
            )
            break
        if answer is None and answer_due < as_of:
            found.append(
                Finding(
                    "slow_coordination",
                    e.to_unit,
                    None,
                    (e.event_id,),
                    {"answer_due": answer_due.isoformat(), "answered": False},
                )
            )
            break

    overdue = _overdue(log, as_of)
    if overdue is not None:
        found.append(overdue)
    late = _late_grants(log)
    if late:
        found.append(
            Finding(
                "late_extension",
                _lead_at_end(log),
                late[0][0].actor,
                tuple(e.event_id for e, _lapsed in late),
                {"lapsed_due": late[0][1].isoformat()},
            )
        )

    send_backs = [e for e in log if e.activity == "send_back"]
    if send_backs:
        found.append(
            Finding(
                "rework",
                send_backs[0].to_unit,
                None,
                tuple(e.event_id for e in send_backs),
                {"times": len(send_backs)},
            )
        )
    return found


def _ping_pong(create: Event, handovers: list[Event]) -> Finding | None:
    seen = {create.to_unit}
    for h in handovers:
        if h.to_unit in seen:
            return Finding(
                "ping_pong",
                h.unit,
                h.actor,
                tuple(x.event_id for x in handovers),
                {"pair": [h.unit, h.to_unit]},
            )
        seen |= {h.unit, h.to_unit}
    return None


# The kinds judged on dossiers and on project stages (those of `congvu.analytics.kinds` for these
# case types), by the definitions above and these two:
#
# - repeated_request (dossiers): two or more `request_supplement` events. Unit: the holder.
# - a project stage's log is that of `congvu.investment.eventlog`: `create` at its start (to its
#   unit), `transfer`s, `complete`; a project's own case (registration, plans, payments) has no
#   deadline and is not judged.
CASE_KINDS = {
    "dossier": ("ping_pong", "stall", "repeated_request"),
    "project": ("ping_pong", "stall"),
}


def find_case_patterns(
    events: Iterable[Event],
    *,
    case_type: str,
    as_of: dt.datetime,
    stall_share: float,
    calendar: Calendar | None = None,
) -> list[Finding]:
    """The kinds of ``CASE_KINDS[case_type]`` a dossier's or a project stage's canonical events
    show (activities already named as in the canonical log: `create`, `transfer`, `return`,
    `complete`, `cancel`), judged at the instant ``as_of``, in working time of ``calendar``
    (default Vietnam's)."""
    calendar = calendar or Calendar.vn()
    log = sorted(events, key=lambda e: (e.ts, e.seq))
    if not log or log[0].activity != "create":
        return []
    kinds = CASE_KINDS[case_type]
    found: list[Finding] = []
    handovers = [e for e in log if e.activity in HANDOVERS]
    bounce = _ping_pong(log[0], handovers)
    if bounce is not None and "ping_pong" in kinds:
        found.append(bounce)
    if "stall" in kinds and log[-1].due is not None:
        allotted = working(calendar, log[0].ts, deadline_instant(log[-1].due))
        stall = _longest_silence(log, as_of, calendar)
        if stall is not None and allotted > dt.timedelta(0) and stall[0] > allotted * stall_share:
            silence, unit, official, evidence = stall
            found.append(Finding("stall", unit, official, evidence, {}))
    requests = [e for e in log if e.activity == "request_supplement"]
    if "repeated_request" in kinds and len(requests) >= 2:
        found.append(
            Finding(
                "repeated_request",
                requests[-1].unit,
                requests[-1].actor,
                tuple(e.event_id for e in requests),
                {"requests": len(requests)},
            )
        )
    return found


# A dossier waiting for the applicant (a supplement, fees) is not its holder's silence.
WAITING_ON_APPLICANT = ("request_supplement", "request_fees")


def _longest_silence(
    log: list[Event], as_of: dt.datetime, calendar: Calendar
) -> tuple[dt.timedelta, int | None, int | None, tuple[int, ...]] | None:
    """The longest silence of a holder in working time: (length, unit, assignee then, the two
    bounding events). The time after a request to a dossier's applicant does not count."""
    holder: int | None = log[0].to_unit
    last = log[0]
    assignee: int | None = None
    best: tuple[dt.timedelta, int | None, int | None, tuple[int, ...]] | None = None

    def close(until: dt.datetime, event_id: int | None) -> None:
        nonlocal best
        if last.activity in WAITING_ON_APPLICANT:
            return  # the dossier's clock stops until the applicant answers: not a silence
        gap = working(calendar, last.ts, until)
        if best is None or gap > best[0]:
            evidence = (last.event_id,) if event_id is None else (last.event_id, event_id)
            best = (gap, holder, assignee, evidence)

    for e in log[1:]:
        if holder is not None and e.unit == holder and e.activity != "remind":
            close(e.ts, e.event_id)
            last = e
        if e.activity == "assign":
            assignee = e.payload.get("assignee")
        if e.activity == "transfer":
            holder, last, assignee = e.to_unit, e, None
        elif e.activity in ("return", "complete", "cancel"):
            holder = None
        elif e.activity in ("send_back", "reopen"):
            holder, last = e.to_unit, e
    if holder is not None:
        close(as_of, None)
    return best


def _late_grants(log: list[Event]) -> list[tuple[Event, dt.date]]:
    """The grants made after the deadline in force before them had passed, or after completion
    (the case closed and not reopened), each with that deadline."""
    late: list[tuple[Event, dt.date]] = []
    closed = False
    in_force: dt.date | None = None
    for e in log:
        granted_late = in_force is not None and (closed or e.ts > deadline_instant(in_force))
        if e.activity == "grant_extension" and in_force is not None and granted_late:
            late.append((e, in_force))
        if e.activity in ("complete", "cancel"):
            closed = True
        elif e.activity in ("send_back", "reopen"):
            closed = False
        if e.due is not None:
            in_force = e.due
    return late


def _first_lapse(log: list[Event]) -> dt.date | None:
    """The first deadline that lapsed while the case was open and was changed after."""
    closed = False
    in_force: dt.date | None = None
    for e in log:
        changes = e.due is not None and in_force is not None and e.due != in_force
        lapsed = in_force is not None and not closed and e.ts > deadline_instant(in_force)
        if lapsed and in_force is not None and (changes or e.activity == "grant_extension"):
            return in_force
        if e.activity in ("complete", "cancel"):
            closed = True
        elif e.activity in ("send_back", "reopen"):
            closed = False
        if e.due is not None:
            in_force = e.due
    return None


def _overdue(log: list[Event], as_of: dt.date) -> Finding | None:
    lapsed = _first_lapse(log)
    if lapsed is not None:
        log = [replace(e, due=min(e.due, lapsed)) if e.due is not None else e for e in log]
    last_complete: Event | None = None
    cancelled = False
    for e in log:
        if e.activity == "complete":
            last_complete = e
        elif e.activity in ("send_back", "reopen"):
            last_complete, cancelled = None, False
        elif e.activity == "cancel":
            cancelled = True
    lead = _lead_at_end(log)
    if last_complete is not None:
        if local_day(last_complete.ts) > last_complete.due:
            days = (local_day(last_complete.ts) - last_complete.due).days
            return Finding(
                "overdue",
                lead,
                last_complete.actor,
                (last_complete.event_id,),
                {"days_late": days, "open": False},
            )
        return None
    if not cancelled and as_of > log[-1].due:
        return Finding(
            "overdue",
            lead,
            None,
            (log[-1].event_id,),
            {"days_late": (as_of - log[-1].due).days, "open": True},
        )
    return None


def _lead_at_end(log: list[Event]) -> int | None:
    lead = log[0].to_unit
    for e in log:
        if e.activity == "transfer":
            lead = e.to_unit
    return lead

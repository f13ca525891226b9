"""The finding actions: the only writers of findings, their history and explanations.

Each action checks permission, then state, then writes and appends one `FindingEvent`, in one
transaction. `apply_detection` is the system's action: it stores a recomputation's rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congvu.analytics.kinds import validate_detail
from congvu.core.errors import ActionError
from congvu.core.eventlog import CaseEvent, next_event, record_event
from congvu.findings.access import require
from congvu.findings.models import Explanation, Finding, FindingEvent
from congvu.org.models import Official, Unit

Decision = Literal["justified", "confirmed", "dismissed"]
DECISIONS: tuple[Decision, ...] = ("justified", "confirmed", "dismissed")
# The unit is heard first: a finding is confirmed only after an explanation, or once this long
# has passed without one.
EXPLANATION_WINDOW = dt.timedelta(days=10)

# What identifies a finding across recomputations, per kind. The evidence of a bounce, a refusal,
# an escalation or a send-back is fixed once it happened; a chain, an extension chain or an
# overdue case grows, so the case is the identity; a stall is the question to the unit holding
# the case; a late-work pattern is per case and pattern; a slow answer per input request.
IDENTITY: dict[str, str] = {
    "ping_pong": "evidence",
    "refusal": "evidence",
    "escalation": "evidence",
    "rework": "evidence",
    "transfer_chain": "case",
    "extension_chain": "case",
    "overdue": "case",
    "stall": "unit",
    "last_minute": "detail",
    "slow_coordination": "first_evidence",
    "repeated_request": "case",
}


def fingerprint(row: Mapping[str, Any]) -> str:
    """The stable identity of a findings row (see IDENTITY), as a SHA-256 hex digest. A task's
    finding keeps the identity it had before findings knew other case types."""
    kind = str(row["kind"])
    identity = IDENTITY.get(kind, "evidence")
    evidence = str(row["evidence"] or "")
    key: str
    if identity == "evidence":
        key = f"{evidence}|{row['actor'] or ''}"
    elif identity == "unit":
        key = str(row["unit"] or "")
    elif identity == "detail":
        key = str(_detail(row).get("pattern") or "")
    elif identity == "first_evidence":
        key = evidence.split(" ", 1)[0]
    else:
        key = ""
    case_type = str(row.get("case_type") or "task")
    scope = "" if case_type == "task" else f"{case_type}|"
    text = f"{scope}{kind}|{row['case_id']}|{key}"
    return hashlib.sha256(text.encode()).hexdigest()


def _detail(row: Mapping[str, Any]) -> dict[str, Any]:
    """The typed detail of a findings row (JSON text from the analytics core, or a dict),
    checked against the kind's schema."""
    raw = row.get("detail")
    value = json.loads(raw) if isinstance(raw, str) else dict(raw or {})
    return validate_detail(str(row["kind"]), value)


def _append(
    finding: Finding,
    activity: str,
    *,
    actor: Official | None,
    ts: dt.datetime,
    note: str = "",
    payload: dict[str, Any] | None = None,
    save: bool = True,
) -> CaseEvent:
    """The next event of the finding's history (saved unless the caller bulk-creates it, and
    then writes the finding's head with it)."""
    if save:
        return record_event(
            finding, activity, actor=actor, unit=None, ts=ts, note=note, payload=payload
        )
    return next_event(finding, activity, actor=actor, unit=None, ts=ts, note=note, payload=payload)


@dataclass(frozen=True)
class Applied:
    """What a recomputation changed."""

    raised: int
    refreshed: int
    cleared: int


MUTABLE = ("unit_id", "official_id", "severity", "ts", "evidence", "detail")


def _as_int(value: object) -> int | None:
    text = str(value) if value is not None else ""
    return int(text) if text.isdigit() else None


@transaction.atomic
def apply_detection(
    rows: Iterable[Mapping[str, Any]],
    *,
    examined: Collection[str] | None,
    as_of: dt.datetime,
    case_type: str = "task",
) -> Applied:
    """Store the findings of a recomputation over the cases of ``case_type`` ``examined`` (None:
    every case of that type). Each row's detail is checked against its kind's schema
    (`analytics.kinds.validate_detail`): a row that does not match is refused, the whole
    recomputation with it.

    A new row is raised (a `raised` event); a row already stored is refreshed in place (its
    evidence, severity and detail follow the log) and, if it had stopped holding, raised again; a
    stored finding of an examined case that is not among the rows no longer holds (a `cleared`
    event). Status, explanations and reviews are never touched here.
    """
    by_fingerprint: dict[str, Mapping[str, Any]] = {}
    for row in rows:
        typed = {**row, "case_type": case_type}
        by_fingerprint.setdefault(fingerprint(typed), typed)
    unit_ids = {_as_int(row["unit"]) for row in by_fingerprint.values()}
    official_ids = {_as_int(row["actor"]) for row in by_fingerprint.values()}
    known_units = set(Unit.objects.filter(pk__in=unit_ids - {None}).values_list("pk", flat=True))
    known_officials = set(
        Official.objects.filter(pk__in=official_ids - {None}).values_list("pk", flat=True)
    )

    def values(row: Mapping[str, Any]) -> dict[str, Any]:
        unit, official = _as_int(row["unit"]), _as_int(row["actor"])
        return {
            "unit_id": unit if unit in known_units else None,
            "official_id": official if official in known_officials else None,
            "severity": str(row["severity"]),
            "ts": row["ts"],
            "evidence": str(row["evidence"] or ""),
            "detail": _detail(row),
        }

    stored = {
        finding.fingerprint: finding
        for part in _parts(list(by_fingerprint))
        for finding in Finding.objects.filter(fingerprint__in=part)
    }
    new: list[Finding] = []
    changed: list[Finding] = []
    events: list[Any] = []
    for key, row in by_fingerprint.items():
        fields = values(row)
        finding = stored.get(key)
        if finding is None:
            new.append(
                Finding(
                    kind=str(row["kind"]),
                    case_type=case_type,
                    case_id=str(row["case_id"]),
                    detected_at=as_of,
                    last_seen_at=as_of,
                    fingerprint=key,
                    **fields,
                )
            )
            continue
        finding.last_seen_at = as_of
        for name, value in fields.items():
            setattr(finding, name, value)
        if not finding.holds:
            finding.holds = True
            events.append(
                _append(
                    finding, "raised", actor=None, ts=as_of, payload={"again": True}, save=False
                )
            )
        changed.append(finding)

    Finding.objects.bulk_create(new, batch_size=1000)
    created = [
        finding
        for part in _parts([finding.fingerprint for finding in new])
        for finding in Finding.objects.filter(fingerprint__in=part)
    ]
    for finding in created:
        events.append(
            _append(finding, "raised", actor=None, ts=as_of, payload=_snapshot(finding), save=False)
        )
        changed.append(finding)

    of_type = Finding.objects.filter(holds=True, case_type=case_type)
    if examined is None:
        holding = list(of_type)
    else:
        holding = [
            finding
            for part in _parts(list(examined))
            for finding in of_type.filter(case_id__in=part)
        ]
    gone = [finding for finding in holding if finding.fingerprint not in by_fingerprint]
    for finding in gone:
        finding.holds = False
        events.append(_append(finding, "cleared", actor=None, ts=as_of, save=False))
        changed.append(finding)

    Finding.objects.bulk_update(
        changed,
        [*MUTABLE, "last_seen_at", "holds", "event_count", "last_event_hash"],
        batch_size=1000,
    )
    FindingEvent.objects.bulk_create(events, batch_size=1000)
    return Applied(raised=len(new), refreshed=len(stored), cleared=len(gone))


def _parts(values: list[str], size: int = 900) -> Iterable[list[str]]:
    # SQLite limits the parameters of one query; IN lists go in slices.
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _snapshot(finding: Finding) -> dict[str, Any]:
    return {"severity": finding.severity, "evidence": finding.evidence, "detail": finding.detail}


def _locked(finding: Finding) -> Finding:
    """The finding re-read under a row lock, so that two reviewers cannot both decide."""
    return Finding.objects.select_for_update().get(pk=finding.pk)


def _file_digest(upload: UploadedFile) -> str:
    sha = hashlib.sha256()
    for chunk in upload.chunks():
        sha.update(chunk)
    return sha.hexdigest()


@transaction.atomic
def explain_finding(
    finding: Finding,
    *,
    by: Official,
    text: str,
    file: UploadedFile | None = None,
    ts: dt.datetime | None = None,
) -> Explanation:
    """The unit concerned explains the finding (giải trình), optionally with a document."""
    require(by, "explain", finding)
    current = _locked(finding)
    if current.is_reviewed:
        raise ActionError(
            _("This finding has already been reviewed; ask the leader to reopen it."),
            code="illegal_state",
        )
    if not text.strip():
        raise ActionError(_("Write the explanation."), code="invalid")
    now = ts or timezone.now()
    explanation = Explanation(
        finding=current,
        text=text.strip(),
        by=by,
        unit_id=current.unit_id,
        at=now,
    )
    if file is not None:
        explanation.sha256 = _file_digest(file)
        explanation.file_name = (file.name or "")[:255]
        explanation.file = file
    explanation.save(force_insert=True)
    current.status = Finding.Status.EXPLAINED
    current.save(update_fields=["status"])
    _append(
        current,
        "explained",
        actor=by,
        ts=now,
        note=explanation.text,
        payload={"explanation": explanation.pk, "file": explanation.file_name},
    )
    finding.status, finding.event_count = current.status, current.event_count
    return explanation


@transaction.atomic
def review_finding(
    finding: Finding,
    *,
    by: Official,
    decision: str,
    note: str,
    ts: dt.datetime | None = None,
) -> Finding:
    """A leader over the unit decides (xem xét): the explanation is accepted (justified), the
    signal is confirmed, or it is dismissed as a false signal."""
    require(by, "review", finding)
    current = _locked(finding)
    now = ts or timezone.now()
    if current.is_reviewed:
        raise ActionError(_("This finding has already been reviewed."), code="illegal_state")
    if decision not in DECISIONS:
        raise ActionError(_("Choose a decision."), code="invalid")
    if not note.strip():
        raise ActionError(_("Write the reason for the decision."), code="invalid")
    explained = current.status == Finding.Status.EXPLAINED
    if decision == "justified" and not explained:
        raise ActionError(
            _("Only an explained finding can be accepted as justified."), code="illegal_state"
        )
    if decision == "confirmed" and not explained and now - current.detected_at < EXPLANATION_WINDOW:
        raise ActionError(
            _("The unit must be heard first: wait for its explanation or until %(day)s.")
            % {
                "day": timezone.localtime(current.detected_at + EXPLANATION_WINDOW).strftime(
                    "%d/%m/%Y"
                )
            },
            code="illegal_state",
        )
    current.status = decision
    current.save(update_fields=["status"])
    _append(current, decision, actor=by, ts=now, note=note.strip())
    finding.status, finding.event_count = current.status, current.event_count
    return finding


@transaction.atomic
def reopen_finding(
    finding: Finding, *, by: Official, note: str, ts: dt.datetime | None = None
) -> Finding:
    """A leader over the unit reopens a reviewed finding; its explanations stay."""
    require(by, "review", finding)
    current = _locked(finding)
    if not current.is_reviewed:
        raise ActionError(_("Only a reviewed finding can be reopened."), code="illegal_state")
    if not note.strip():
        raise ActionError(_("Give the reason for reopening."), code="invalid")
    current.status = (
        Finding.Status.EXPLAINED if current.explanations.exists() else Finding.Status.OPEN
    )
    current.save(update_fields=["status"])
    _append(current, "reopened", actor=by, ts=ts or timezone.now(), note=note.strip())
    finding.status, finding.event_count = current.status, current.event_count
    return finding

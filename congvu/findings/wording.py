"""What a finding says, in a plain sentence for the official reading it.

The detectors store typed facts in `Finding.detail` (the schema of the kind in
`analytics.kinds.REGISTRY`: unit ids, codes, day counts). This module words them for the list,
the exports and the report: names instead of ids, the app's own labels for activities and return
reasons, and the name (DecisionKind) of each kind of delegated decision. The finding's page shows
the same facts through the template of the kind's evidence shape.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from congvu.findings.models import Finding
from congvu.findings.queries import DEFINITIONS
from congvu.org.models import DecisionKind, Delegation, Official, Unit
from congvu.tasks.models import Activity, ReturnReason


@dataclass
class Names:
    """The names a batch of sentences needs, fetched in one query per table."""

    units: dict[int, str] = field(default_factory=dict)
    officials: dict[int, str] = field(default_factory=dict)
    # (unit id, decision kind) -> the legal basis of the delegation; unit None: any unit.
    bases: dict[tuple[int | None, str], str] = field(default_factory=dict)
    # decision kind code -> its name (DecisionKind); a code without a row is shown as it is.
    decisions: dict[str, str] = field(default_factory=dict)

    def unit(self, pk: int | str | None, default: str = "") -> str:
        return _lookup(self.units, pk, default or _("The unit concerned"))

    def official(self, pk: int | str | None, default: str = "") -> str:
        return _lookup(self.officials, pk, default or _("The official concerned"))

    def decision(self, code: str) -> str:
        return self.decisions.get(code, code)


def _lookup(names: dict[int, str], pk: int | str | None, default: str) -> str:
    if pk is None or pk == "":
        return default
    key = int(pk) if str(pk).isdigit() else None
    return names.get(key, str(pk)) if key is not None else str(pk)


def _text(detail: dict[str, object], name: str) -> str:
    value = detail.get(name)
    return str(value) if value is not None else ""


def _number(detail: dict[str, object], name: str) -> int | None:
    value = detail.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _needed(findings: Iterable[Finding]) -> tuple[set[int], set[int], set[str]]:
    units: set[int] = set()
    officials: set[int] = set()
    decisions: set[str] = set()
    for finding in findings:
        if finding.unit_id is not None:
            units.add(finding.unit_id)
        if finding.official_id is not None:
            officials.add(finding.official_id)
        detail = finding.detail or {}
        if finding.kind == "ping_pong":
            ends = {_text(detail, "from"), _text(detail, "back_to")}
            ids = {int(end) for end in ends if end.isdigit()}
            (officials if detail.get("level") == "official" else units).update(ids)
        elif finding.kind == "transfer_chain":
            path = detail.get("path")
            stops = path if isinstance(path, list) else []
            units.update(int(stop) for stop in stops if str(stop).isdigit())
        elif finding.kind == "escalation" and _text(detail, "decision_kind"):
            decisions.add(_text(detail, "decision_kind"))
    return units, officials, decisions


def names_for(findings: Sequence[Finding]) -> Names:
    """The names of every unit and official the findings mention, and the names and legal bases
    of the delegated decisions they mention: at most four queries, whatever the number of
    findings."""
    unit_ids, official_ids, decisions = _needed(findings)
    names = Names()
    if unit_ids:
        # The short name where there is one, as the list's unit column shows it (Unit.__str__).
        rows = Unit.objects.filter(pk__in=unit_ids).values_list("pk", "short_name", "name")
        names.units = {pk: short or name for pk, short, name in rows}
    if official_ids:
        names.officials = dict(
            Official.objects.filter(pk__in=official_ids).values_list("pk", "full_name")
        )
    if decisions:
        names.decisions = dict(
            DecisionKind.objects.filter(code__in=decisions).values_list("code", "name")
        )
        delegations = Delegation.objects.filter(decision_kind__in=decisions).exclude(legal_basis="")
        for unit_id, kind, basis in delegations.values_list(
            "unit_id", "decision_kind", "legal_basis"
        ):
            names.bases[(unit_id, kind)] = basis
            names.bases.setdefault((None, kind), basis)
    return names


def describe(findings: Sequence[Finding]) -> dict[int, str]:
    """A plain sentence per finding id, from its kind and detail (see `sentence`)."""
    names = names_for(findings)
    return {finding.pk: sentence(finding, names) for finding in findings}


def _date(iso: str) -> str:
    """An ISO date as the pages write dates (dd/mm/yyyy)."""
    try:
        return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def _working_day_count(days: int) -> str:
    """A duration as the detectors count it: in working days (the province's calendar)."""
    return ngettext("%(days)d working day", "%(days)d working days", days) % {"days": days}


def sentence(finding: Finding, names: Names) -> str:
    """What the finding says, with names for ids and labels for codes; a detail without the
    facts its kind needs gives the kind's definition instead."""
    worded = _worded(finding, names)
    return worded if worded is not None else str(DEFINITIONS.get(finding.kind, ""))


def _worded(finding: Finding, names: Names) -> str | None:  # noqa: C901, PLR0911, PLR0912 - one branch a kind
    detail: dict[str, object] = dict(finding.detail or {})
    kind = finding.kind
    unit = names.unit(finding.unit_id)
    if kind == "ping_pong":
        source, target = _text(detail, "from"), _text(detail, "back_to")
        if not (source and target):
            return None
        if detail.get("level") == "official":
            return _("%(from)s handed the task back to %(to)s, who had already held it.") % {
                "from": names.official(source),
                "to": names.official(target),
            }
        if finding.case_type == "dossier":
            return _("%(from)s sent the dossier back to %(to)s, which had already held it.") % {
                "from": names.unit(source),
                "to": names.unit(target),
            }
        if finding.case_type == "project":
            return _("%(from)s handed the stage back to %(to)s, which had already held it.") % {
                "from": names.unit(source),
                "to": names.unit(target),
            }
        return _("%(from)s sent the task back to %(to)s, which had already held it.") % {
            "from": names.unit(source),
            "to": names.unit(target),
        }
    if kind == "transfer_chain":
        path = detail.get("path")
        stops = [str(stop) for stop in path] if isinstance(path, list) else []
        if len(stops) < 2:
            return None
        moves = len(stops) - 1
        text = ngettext(
            "Passed on %(count)d time: %(path)s.", "Passed on %(count)d times: %(path)s.", moves
        ) % {"count": moves, "path": " → ".join(names.unit(stop) for stop in stops)}
        days = _number(detail, "days_lost")
        if days is not None:
            text += " " + _("%(days)s went by from the assignment to the last hand-over.") % {
                "days": _working_day_count(days)
            }
        return text
    if kind == "refusal":
        activity, reason = _text(detail, "activity"), _text(detail, "reason")
        if activity == Activity.DECLINE:
            text = _("%(unit)s declined its part in the coordination.") % {"unit": unit}
        elif activity == Activity.RETURN:
            text = _("%(unit)s returned the task to the unit that assigned it.") % {"unit": unit}
        else:
            return None
        labels = dict(ReturnReason.choices)
        if reason:
            text += " " + _("Reason given: “%(reason)s”.") % {"reason": labels.get(reason, reason)}
        else:
            text += " " + _("No reason was given.")
        if detail.get("unjustified") is True:
            text += " " + _("Yet the task's field is in the unit's mandate.")
        return text
    if kind == "escalation":
        decision = _text(detail, "decision_kind")
        if not decision:
            return None
        text = _(
            "%(official)s asked a superior's opinion on “%(decision)s”, a decision delegated to "
            "their post."
        ) % {
            "official": names.official(finding.official_id, default=unit),
            "decision": names.decision(decision),
        }
        basis = names.bases.get((finding.unit_id, decision)) or names.bases.get((None, decision))
        if basis:
            text += " " + _("Delegated by %(basis)s.") % {"basis": basis}
        return text
    if kind == "stall":
        silence, allotted = _number(detail, "silence_days"), _number(detail, "allotted_days")
        if silence is None or allotted is None:
            return None
        return _("%(unit)s recorded nothing for %(silence)s of the %(allotted)s allotted.") % {
            "unit": unit,
            "silence": _working_day_count(silence),
            "allotted": _working_day_count(allotted),
        }
    if kind == "last_minute":
        pattern = _text(detail, "pattern")
        if pattern == "after_reminder":
            return _("The holder's first recorded work came after a reminder.")
        if pattern == "last_tenth":
            return _(
                "All the recorded progress came in the last tenth of the allotted time, counted "
                "in working days."
            )
        return None
    if kind == "extension_chain":
        count, added = _number(detail, "extensions"), _number(detail, "days_added")
        if count is None or added is None:
            return None
        return _("%(count)s extensions granted, %(days)s added.") % {
            "count": count,
            "days": _working_day_count(added),
        }
    if kind == "slow_coordination":
        days = _number(detail, "days_late")
        if days is None:
            return None
        if detail.get("answered") is False:
            return _(
                "%(unit)s has not answered the request for its input, %(days)s past the answer "
                "deadline."
            ) % {"unit": unit, "days": _working_day_count(days)}
        return _("%(unit)s answered the request for its input %(days)s after the deadline.") % {
            "unit": unit,
            "days": _working_day_count(days),
        }
    if kind == "overdue":
        days = _number(detail, "days_overdue")
        if days is None:
            return None
        if detail.get("open") is True:
            return _("Still open, %(days)s past the deadline.") % {"days": _working_day_count(days)}
        return _("Completed %(days)s after the deadline.") % {"days": _working_day_count(days)}
    if kind == "late_extension":
        lapsed = _text(detail, "lapsed_due")
        if not lapsed:
            return None
        if detail.get("after_completion") is True:
            return _(
                "Extension granted after the task was completed (deadline then in force: %(due)s)."
            ) % {"due": _date(lapsed)}
        return _("Extension granted after the deadline of %(due)s had passed.") % {
            "due": _date(lapsed)
        }
    if kind == "rework":
        number = _number(detail, "round")
        return _("Sent back for rework (round %(round)s).") % {"round": number or 1}
    if kind == "repeated_request":
        requests = _number(detail, "requests")
        if requests is None:
            return None
        return ngettext(
            "The applicant was asked for supplements %(count)d time.",
            "The applicant was asked for supplements %(count)d times.",
            requests,
        ) % {"count": requests}
    return None


def shown_detail(finding: Finding, names: Names) -> dict[str, object]:
    """What the template of the finding's evidence shape shows besides the detail itself: the
    names of the units or officials a hand-over detail names (``names``, in order) and, for the
    other kinds, the labelled facts (``facts``: label, value)."""
    detail: dict[str, object] = dict(finding.detail or {})
    if finding.kind == "ping_pong":
        lookup = names.official if detail.get("level") == "official" else names.unit
        return {"names": [lookup(_text(detail, "from")), lookup(_text(detail, "back_to"))]}
    if finding.kind == "transfer_chain":
        path = detail.get("path")
        return {"names": [names.unit(str(stop)) for stop in path] if isinstance(path, list) else []}
    yes, no = _("Yes"), _("No")
    facts: list[tuple[str, object]] = []
    if finding.kind == "refusal":
        activities = dict(Activity.choices)
        reasons = dict(ReturnReason.choices)
        facts = [
            (_("Activity"), activities.get(_text(detail, "activity"), _text(detail, "activity"))),
            (_("Reason"), reasons.get(_text(detail, "reason"), _text(detail, "reason")) or "—"),
            (_("Field in the unit's mandate"), yes if detail.get("unjustified") is True else no),
        ]
    elif finding.kind == "escalation":
        facts = [(_("Delegated decision"), names.decision(_text(detail, "decision_kind")))]
    elif finding.kind == "last_minute":
        patterns = {
            "after_reminder": _("The holder's first recorded work came after a reminder."),
            "last_tenth": _(
                "All the recorded progress came in the last tenth of the allotted time, counted "
                "in working days."
            ),
        }
        facts = [(_("Pattern"), patterns.get(_text(detail, "pattern"), _text(detail, "pattern")))]
    elif finding.kind == "extension_chain":
        facts = [
            (_("Extensions granted"), detail.get("extensions")),
            (_("Days added"), detail.get("days_added")),
        ]
    elif finding.kind == "rework":
        facts = [(_("Round"), detail.get("round"))]
    elif finding.kind == "repeated_request":
        facts = [(_("Number of supplement requests"), detail.get("requests"))]
    return {"facts": facts}

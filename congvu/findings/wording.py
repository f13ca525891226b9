"""What a finding says, in a plain sentence for the official reading it.

The detectors store a short machine summary in `Finding.detail` (unit ids, codes, day counts:
``12 > 7``, ``return:not_in_mandate:unjustified``, ``unanswered; days=12``); that is data and stays
as it is. This module words it for pages and exports: names instead of ids, the app's own labels
for activities and return reasons, and the name (DecisionKind) of each kind of delegated decision.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from congvu.findings.models import Finding, Kind
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


def _ids(text: str) -> list[int]:
    return [int(part) for part in re.findall(r"\d+", text)]


def _needed(findings: Iterable[Finding]) -> tuple[set[int], set[int], set[str]]:
    units: set[int] = set()
    officials: set[int] = set()
    decisions: set[str] = set()
    for finding in findings:
        if finding.unit_id is not None:
            units.add(finding.unit_id)
        if finding.official_id is not None:
            officials.add(finding.official_id)
        if finding.kind == Kind.PING_PONG:
            ids = _ids(finding.detail)
            (officials if finding.official_id is not None else units).update(ids)
        elif finding.kind == Kind.TRANSFER_CHAIN:
            units.update(_ids(finding.detail.split(";")[0]))
        elif finding.kind == Kind.ESCALATION and finding.detail:
            decisions.add(finding.detail)
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


_DAYS = re.compile(r"days=(-?\d+)")


def _days(detail: str) -> int | None:
    match = _DAYS.search(detail)
    return int(match.group(1)) if match else None


def _day_count(days: int) -> str:
    return ngettext("%(days)d day", "%(days)d days", days) % {"days": days}


def sentence(finding: Finding, names: Names) -> str:
    """What the finding says, with names for ids and labels for codes; a detail it cannot read
    gives the kind's definition rather than the raw code."""
    worded = _worded(finding, names)
    return worded if worded is not None else str(DEFINITIONS.get(finding.kind, finding.detail))


def _worded(finding: Finding, names: Names) -> str | None:  # noqa: C901, PLR0911 - one branch a kind
    detail = finding.detail.strip()
    kind = finding.kind
    unit = names.unit(finding.unit_id)
    days = _days(detail)
    if kind == Kind.PING_PONG:
        source, separator, target = detail.partition(" > ")
        if not separator:
            return None
        if finding.official_id is not None:
            return _("%(from)s handed the task back to %(to)s, who had already held it.") % {
                "from": names.official(source.strip()),
                "to": names.official(target.strip()),
            }
        return _("%(from)s sent the task back to %(to)s, which had already held it.") % {
            "from": names.unit(source.strip()),
            "to": names.unit(target.strip()),
        }
    if kind == Kind.TRANSFER_CHAIN:
        stops = [part.strip() for part in detail.split(";")[0].split(">") if part.strip()]
        if len(stops) < 2:
            return None
        moves = len(stops) - 1
        text = ngettext(
            "Passed on %(count)d time: %(path)s.", "Passed on %(count)d times: %(path)s.", moves
        ) % {"count": moves, "path": " → ".join(names.unit(stop) for stop in stops)}
        if days is not None:
            text += " " + _("%(days)s went by from the assignment to the last hand-over.") % {
                "days": _day_count(days)
            }
        return text
    if kind == Kind.REFUSAL:
        activity, _sep, rest = detail.partition(":")
        reason, _sep, flag = rest.partition(":")
        if activity == Activity.DECLINE:
            text = _("%(unit)s declined its part in the coordination.") % {"unit": unit}
        elif activity == Activity.RETURN:
            text = _("%(unit)s returned the task to the unit that assigned it.") % {"unit": unit}
        else:
            return None
        labels = dict(ReturnReason.choices)
        if reason and reason != "?":
            text += " " + _("Reason given: “%(reason)s”.") % {"reason": labels.get(reason, reason)}
        else:
            text += " " + _("No reason was given.")
        if flag == "unjustified":
            text += " " + _("Yet the task's field is in the unit's mandate.")
        return text
    if kind == Kind.ESCALATION:
        if not detail:
            return None
        text = _(
            "%(official)s asked a superior's opinion on “%(decision)s”, a decision delegated to "
            "their post."
        ) % {
            "official": names.official(finding.official_id, default=unit),
            "decision": names.decision(detail),
        }
        basis = names.bases.get((finding.unit_id, detail)) or names.bases.get((None, detail))
        if basis:
            text += " " + _("Delegated by %(basis)s.") % {"basis": basis}
        return text
    if kind == Kind.STALL:
        silence, _sep, allotted = detail.replace(" days", "").partition("/")
        if not (silence.strip().isdigit() and allotted.strip().isdigit()):
            return None
        return _("%(unit)s recorded nothing for %(silence)s of the %(allotted)s allotted.") % {
            "unit": unit,
            "silence": _day_count(int(silence)),
            "allotted": _day_count(int(allotted)),
        }
    if kind == Kind.LAST_MINUTE:
        if detail == "after_reminder":
            return _("Work began only after a reminder.")
        if detail == "last_tenth":
            return _("All the progress came in the last tenth of the allotted time.")
        return None
    if kind == Kind.EXTENSION_CHAIN:
        count = re.match(r"(\d+)", detail)
        added = re.search(r"\+(-?\d+)", detail)
        if not (count and added):
            return None
        return _("%(count)s extensions granted, %(days)s added.") % {
            "count": count.group(1),
            "days": _day_count(int(added.group(1))),
        }
    if kind == Kind.SLOW_COORDINATION and days is not None:
        if detail.startswith("unanswered"):
            return _(
                "%(unit)s has not answered the request for its input, %(days)s past the answer "
                "deadline."
            ) % {"unit": unit, "days": _day_count(days)}
        return _("%(unit)s answered the request for its input %(days)s after the deadline.") % {
            "unit": unit,
            "days": _day_count(days),
        }
    if kind == Kind.OVERDUE and days is not None:
        if detail.startswith("open_overdue"):
            return _("Still open, %(days)s past the deadline.") % {"days": _day_count(days)}
        return _("Completed %(days)s after the deadline.") % {"days": _day_count(days)}
    if kind == Kind.REWORK:
        number = re.search(r"(\d+)", detail)
        return _("Sent back for rework (round %(round)s).") % {
            "round": number.group(1) if number else "1"
        }
    return None

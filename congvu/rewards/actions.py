"""The nomination actions: the only writers of nominations and their events.

Each action checks permission, then state, then writes the changed fields with one event through
`record_event`, in one transaction. `on` is the day the step happened; pages pass today. The
evidence a nomination links is checked against the nominee's evidence panel of the year when it
is drafted and again when it is submitted, and sealed into the submission's event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congvu.core.errors import ActionError, Forbidden
from congvu.core.eventlog import record_event
from congvu.innovation.access import is_personnel
from congvu.org.models import Official, Unit
from congvu.rewards.access import basis_for, require
from congvu.rewards.models import PROVINCE_FORMS, Activity, AwardForm, Criterion, Nomination
from congvu.rewards.queries import evidence_panel, parse_keys

Status = Nomination.Status


def _state(nomination: Nomination, *allowed: str) -> None:
    if nomination.status not in allowed:
        raise ActionError(
            _("Not possible while the nomination is: %(status)s.")
            % {"status": nomination.get_status_display()},
            code="illegal_state",
        )


def _day(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


def _criteria(criteria: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(criteria))
    unknown = [c for c in chosen if c not in Criterion.values]
    if unknown:
        raise ActionError(
            _("Unknown criterion: %(code)s.") % {"code": ", ".join(unknown)}, code="invalid"
        )
    if not chosen:
        raise ActionError(
            _('Cite at least one of the "5 thật" or "6 dám" criteria.'), code="invalid"
        )
    return [c for c in Criterion.values if c in chosen]  # in the order of the slogan


def _evidence(nominee: Official, year: int, evidence: Iterable[object]) -> list[list[object]]:
    """The linked evidence as sorted [kind, id] pairs, each checked to be in the panel."""
    try:
        keys = parse_keys(evidence)
    except ValueError as error:
        raise ActionError(
            _("Not a piece of evidence: %(value)s.") % {"value": error}, code="invalid"
        ) from error
    held = evidence_panel(nominee, year).keys
    missing = [f"{kind} {number}" for kind, number in keys if (kind, number) not in held]
    if missing:
        raise ActionError(
            _("Not in the official's evidence of %(year)s: %(items)s.")
            % {"year": year, "items": ", ".join(missing)},
            code="invalid",
        )
    return [[kind, number] for kind, number in sorted(set(keys))]


@transaction.atomic
def nominate(
    *,
    by: Official,
    nominee: Official,
    unit: Unit,
    year: int,
    criteria: Sequence[str],
    achievements: str,
    evidence: Iterable[object] = (),
    on: dt.date | None = None,
) -> Nomination:
    """A draft nomination of `nominee` of `unit` for `year`, by a head over the unit or a
    colleague of it (`access.basis_for`), once per nominator, official and year."""
    day = _day(on)
    basis = basis_for(by, nominee, unit, day)
    if basis is None:
        raise Forbidden(
            _("Only the heads over the official's unit and their colleagues nominate them.")
        )
    if not day.year - 1 <= year <= day.year:
        raise ActionError(
            _("Nominate for this year or the last one (%(year)s given).") % {"year": year},
            code="invalid",
        )
    if not achievements.strip():
        raise ActionError(_("Describe the achievements."), code="invalid")
    if Nomination.objects.filter(nominee=nominee, year=year, nominator=by).exists():
        raise ActionError(
            _("You have already nominated this official for %(year)s.") % {"year": year},
            code="invalid",
        )
    chosen = _criteria(criteria)
    linked = _evidence(nominee, year, evidence)
    nomination = Nomination.objects.create(
        nominee=nominee,
        unit=unit,
        year=year,
        nominator=by,
        basis=basis,
        criteria=chosen,
        achievements=achievements.strip(),
        evidence=linked,
        created_on=day,
    )
    record_event(
        nomination,
        Activity.CREATE,
        actor=by,
        unit=unit,
        payload={"on": day.isoformat(), "basis": basis, "criteria": chosen, "evidence": linked},
    )
    return nomination


@transaction.atomic
def submit(nomination: Nomination, *, by: Official, on: dt.date | None = None) -> None:
    """Send the nomination to the unit's emulation council. The evidence must still hold (a task
    sent back since, a signal reopened, drops out) and at least one piece be linked."""
    require(by, "submit", nomination)
    _state(nomination, Status.DRAFT)
    day = _day(on)
    linked = _evidence(nomination.nominee, nomination.year, nomination.evidence)
    if not linked:
        raise ActionError(
            _("Link at least one piece of evidence the system holds."), code="invalid"
        )
    nomination.evidence = linked
    nomination.submitted_on = day
    nomination.status = Status.SUBMITTED
    record_event(
        nomination,
        Activity.SUBMIT,
        actor=by,
        unit=nomination.unit,
        payload={"on": day.isoformat(), "evidence": linked},
        changed=("evidence", "submitted_on", "status"),
    )


@transaction.atomic
def review(
    nomination: Nomination,
    *,
    by: Official,
    supported: bool,
    note: str,
    on: dt.date | None = None,
) -> None:
    """A head over the unit records the opinion of the unit's emulation council."""
    require(by, "review", nomination)
    _state(nomination, Status.SUBMITTED)
    day = _day(on)
    if not note.strip():
        raise ActionError(_("Give the council's opinion."), code="invalid")
    if nomination.submitted_on is not None and day < nomination.submitted_on:
        raise ActionError(_("The review cannot precede the submission."), code="invalid")
    nomination.reviewer = by
    nomination.reviewed_on = day
    nomination.supported = supported
    nomination.review_note = note.strip()
    nomination.status = Status.REVIEWED
    record_event(
        nomination,
        Activity.REVIEW,
        actor=by,
        unit=nomination.unit,
        note=note.strip(),
        payload={"on": day.isoformat(), "supported": supported},
        changed=("reviewer", "reviewed_on", "supported", "review_note", "status"),
    )


@transaction.atomic
def award(
    nomination: Nomination,
    *,
    by: Official,
    form: str,
    number: str,
    on: dt.date | None = None,
) -> None:
    """Awarded, with the form and the number of the decision. The forms of the provincial chair
    are recorded by Sở Nội vụ only; a nomination the council did not support is not awarded."""
    require(by, "decide", nomination)
    _state(nomination, Status.REVIEWED)
    day = _day(on)
    if form not in AwardForm.values:
        raise ActionError(_("Choose the form of reward."), code="invalid")
    if form in PROVINCE_FORMS and not is_personnel(by, day):
        raise Forbidden(
            _("The provincial forms are decided by the provincial chair; Sở Nội vụ records them.")
        )
    if not nomination.supported:
        raise ActionError(
            _("The emulation council did not support this nomination."), code="illegal_state"
        )
    if not number.strip():
        raise ActionError(_("Give the number of the decision."), code="invalid")
    if nomination.reviewed_on is not None and day < nomination.reviewed_on:
        raise ActionError(_("The decision cannot precede the review."), code="invalid")
    nomination.decided_by = by
    nomination.decided_on = day
    nomination.award_form = form
    nomination.decision_number = number.strip()
    nomination.status = Status.AWARDED
    record_event(
        nomination,
        Activity.AWARD,
        actor=by,
        unit=nomination.unit,
        payload={"on": day.isoformat(), "form": form, "number": number.strip()},
        changed=("decided_by", "decided_on", "award_form", "decision_number", "status"),
    )


@transaction.atomic
def not_award(
    nomination: Nomination, *, by: Official, reason: str, on: dt.date | None = None
) -> None:
    """Not awarded, with the reason."""
    require(by, "decide", nomination)
    _state(nomination, Status.REVIEWED)
    day = _day(on)
    if not reason.strip():
        raise ActionError(_("Give the reason."), code="invalid")
    if nomination.reviewed_on is not None and day < nomination.reviewed_on:
        raise ActionError(_("The decision cannot precede the review."), code="invalid")
    nomination.decided_by = by
    nomination.decided_on = day
    nomination.reason = reason.strip()
    nomination.status = Status.NOT_AWARDED
    record_event(
        nomination,
        Activity.NOT_AWARD,
        actor=by,
        unit=nomination.unit,
        note=reason.strip(),
        payload={"on": day.isoformat()},
        changed=("decided_by", "decided_on", "reason", "status"),
    )

"""The proposal actions: the only writers of innovation proposals and their events.

Each action checks permission, then state, then writes the changed fields with one event through
`record_event`, in one transaction. `on` is the day the step happened (a vote held yesterday is
recorded today); pages pass today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congvu.core.calendar import add_working_days
from congvu.core.errors import ActionError, Forbidden
from congvu.core.eventlog import record_event
from congvu.innovation.access import may_propose, require
from congvu.innovation.models import Achievement, Activity, Proposal, Protection
from congvu.innovation.queries import collective, protection_for
from congvu.org.models import Official, Unit

Status = Proposal.Status

VOTE_WORKING_DAYS = 7  # Decree 73/2023 Art. 8(1)


def _state(proposal: Proposal, *allowed: str) -> None:
    if proposal.status not in allowed:
        raise ActionError(
            _("Not possible while the proposal is: %(status)s.")
            % {"status": proposal.get_status_display()},
            code="illegal_state",
        )


def _day(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


@transaction.atomic
def create_proposal(
    *,
    by: Official,
    unit: Unit,
    title: str,
    bottleneck: str,
    plan: str,
    impact: str = "",
    on: dt.date | None = None,
) -> Proposal:
    """A draft by a leader or manager of `unit` (Art. 2: nobody else proposes)."""
    day = _day(on)
    if not may_propose(by, unit, day):
        raise Forbidden(
            _("Only leaders and managers of the agency propose (Decree 73/2023, Art. 2).")
        )
    if not title.strip() or not bottleneck.strip() or not plan.strip():
        raise ActionError(_("Give the title, the bottleneck and the plan."), code="invalid")
    proposal = Proposal.objects.create(
        title=title.strip(),
        proposer=by,
        unit=unit,
        bottleneck=bottleneck.strip(),
        plan=plan.strip(),
        impact=impact.strip(),
        created_on=day,
    )
    record_event(proposal, Activity.CREATE, actor=by, unit=unit, payload={"on": day.isoformat()})
    return proposal


@transaction.atomic
def submit(proposal: Proposal, *, by: Official, head: Official, on: dt.date | None = None) -> None:
    """Send the plan to the head of the agency; the vote is due within 7 working days of receipt.

    The head must be one of the agency's leadership other than the proposer (a head's own
    proposal is not modelled: docs/innovation.md).
    """
    require(by, "submit", proposal)
    _state(proposal, Status.DRAFT)
    day = _day(on)
    if head.pk == proposal.proposer_id:
        raise ActionError(
            _("The head cannot approve their own proposal; send it to the higher level."),
            code="invalid",
        )
    if head.pk not in {member.pk for member in collective(proposal.unit, day, proposal.proposer)}:
        raise ActionError(_("The head must hold a leading post in the agency."), code="invalid")
    proposal.head = head
    proposal.submitted_on = day
    proposal.vote_due = add_working_days(day, VOTE_WORKING_DAYS)
    proposal.status = Status.SUBMITTED
    record_event(
        proposal,
        Activity.SUBMIT,
        actor=by,
        unit=proposal.unit,
        due=proposal.vote_due,
        payload={"on": day.isoformat(), "head": head.pk},
        changed=("head", "submitted_on", "vote_due", "status"),
    )


def tally(ballots: Mapping[int, bool], head_id: int) -> tuple[int, int, bool, bool]:
    """(for, against, passed, decided by the head's vote) of a full set of ballots.

    Passes with more than half of the collective's members in favour; a tie follows the head
    (Art. 8(1)). Every member of the collective casts a ballot, so "half of the members" and
    "half of the ballots" are the same number.
    """
    votes_for = sum(1 for approve in ballots.values() if approve)
    votes_against = len(ballots) - votes_for
    if votes_for * 2 == len(ballots):
        return votes_for, votes_against, ballots[head_id], True
    return votes_for, votes_against, votes_for * 2 > len(ballots), False


@transaction.atomic
def record_vote(
    proposal: Proposal, *, by: Official, ballots: Mapping[int, bool], on: dt.date | None = None
) -> bool:
    """Record the collective's vote (each member's ballot, by official id); True if it passed.

    The collective is the head and the deputies in force on the day, the proposer excluded; the
    ballots must be exactly theirs.
    """
    require(by, "vote", proposal)
    _state(proposal, Status.SUBMITTED)
    day = _day(on)
    members = {member.pk for member in collective(proposal.unit, day, proposal.proposer)}
    if proposal.proposer_id in ballots:
        raise ActionError(
            _("The proposer does not vote on their own proposal (Decree 73/2023, Art. 8(1))."),
            code="invalid",
        )
    if set(ballots) != members:
        raise ActionError(
            _("Record one ballot for every member of the leadership collective."), code="invalid"
        )
    assert proposal.head_id is not None
    votes_for, votes_against, passed, by_head = tally(ballots, proposal.head_id)
    proposal.voted_on = day
    proposal.votes_for, proposal.votes_against = votes_for, votes_against
    proposal.vote_passed = passed
    proposal.status = Status.APPROVED if passed else Status.REJECTED
    changed = ["voted_on", "votes_for", "votes_against", "vote_passed", "status"]
    if passed:
        proposal.approved_on = day
        changed.append("approved_on")
    assert proposal.vote_due is not None
    record_event(
        proposal,
        Activity.VOTE,
        actor=by,
        unit=proposal.unit,
        due=proposal.vote_due,
        payload={
            "on": day.isoformat(),
            "ballots": {str(pk): approve for pk, approve in sorted(ballots.items())},
            "for": votes_for,
            "against": votes_against,
            "passed": passed,
            "tie_decided_by_head": by_head,
            "late": day > proposal.vote_due,
        },
        changed=changed,
    )
    return passed


@transaction.atomic
def head_approve(
    proposal: Proposal, *, by: Official, document: str, note: str = "", on: dt.date | None = None
) -> None:
    """The head approves in writing a proposal the collective rejected, taking responsibility."""
    day = _day(on)
    require(by, "head_approve", proposal)
    _state(proposal, Status.REJECTED)
    if proposal.vote_passed is not False:
        raise ActionError(_("Only a proposal the collective voted down."), code="illegal_state")
    if not document.strip():
        raise ActionError(_("Give the number of the written approval."), code="invalid")
    proposal.approved_on = day
    proposal.status = Status.HEAD_APPROVED
    record_event(
        proposal,
        Activity.HEAD_APPROVE,
        actor=by,
        unit=proposal.unit,
        note=note,
        payload={"on": day.isoformat(), "document": document.strip()},
        changed=("approved_on", "status"),
    )


@transaction.atomic
def escalate(proposal: Proposal, *, by: Official, note: str, on: dt.date | None = None) -> None:
    """Send a broad or complex proposal to the higher level (Art. 8(2))."""
    day = _day(on)
    require(by, "escalate", proposal)
    _state(proposal, Status.SUBMITTED)
    if proposal.unit.parent_id is None:
        raise ActionError(_("The agency has no higher level."), code="invalid")
    proposal.status = Status.ESCALATED
    record_event(
        proposal,
        Activity.ESCALATE,
        actor=by,
        unit=proposal.unit,
        to_unit=proposal.unit.parent,
        note=note,
        changed=("status",),
        payload={"on": day.isoformat()},
    )


@transaction.atomic
def higher_decide(
    proposal: Proposal, *, by: Official, approve: bool, note: str = "", on: dt.date | None = None
) -> None:
    day = _day(on)
    require(by, "higher_decide", proposal)
    _state(proposal, Status.ESCALATED)
    changed = ["status"]
    proposal.status = Status.APPROVED if approve else Status.REJECTED
    if approve:
        proposal.approved_on = day
        changed.append("approved_on")
    record_event(
        proposal,
        Activity.HIGHER_DECIDE,
        actor=by,
        unit=proposal.unit.parent,
        note=note,
        payload={"on": day.isoformat(), "approved": approve},
        changed=changed,
    )


@transaction.atomic
def start_implementation(proposal: Proposal, *, by: Official, on: dt.date | None = None) -> None:
    day = _day(on)
    require(by, "implement", proposal)
    _state(proposal, Status.APPROVED, Status.HEAD_APPROVED)
    proposal.implementing_since = day
    proposal.status = Status.IMPLEMENTING
    record_event(
        proposal,
        Activity.IMPLEMENT,
        actor=by,
        unit=proposal.unit,
        changed=("implementing_since", "status"),
        payload={"on": day.isoformat()},
    )


@transaction.atomic
def evaluate(
    proposal: Proposal,
    *,
    by: Official,
    achievement: str,
    damage: bool,
    motive_pure: bool,
    policy_correct: bool,
    note: str = "",
    on: dt.date | None = None,
) -> None:
    """The results (Art. 11(4)): how far the objectives were met, damage, motive and policy."""
    day = _day(on)
    require(by, "evaluate", proposal)
    _state(proposal, Status.IMPLEMENTING)
    if achievement not in Achievement.values:
        raise ActionError(_("Choose how far the objectives were achieved."), code="invalid")
    proposal.achievement = achievement
    proposal.damage, proposal.motive_pure, proposal.policy_correct = (
        damage,
        motive_pure,
        policy_correct,
    )
    proposal.status = Status.EVALUATED
    record_event(
        proposal,
        Activity.EVALUATE,
        actor=by,
        unit=proposal.unit,
        note=note,
        payload={
            "on": day.isoformat(),
            "achievement": achievement,
            "damage": damage,
            "motive_pure": motive_pure,
            "policy_correct": policy_correct,
        },
        changed=("achievement", "damage", "motive_pure", "policy_correct", "status"),
    )


@transaction.atomic
def decide_protection(
    proposal: Proposal, *, by: Official, note: str = "", on: dt.date | None = None
) -> Protection:
    """Record the protection Art. 11 gives the evaluated results (`queries.protection_for`)."""
    day = _day(on)
    require(by, "evaluate", proposal)
    _state(proposal, Status.EVALUATED)
    proposal.protection = protection_for(proposal)
    proposal.status = Status.CLOSED
    record_event(
        proposal,
        Activity.PROTECT,
        actor=by,
        unit=proposal.unit,
        note=note,
        payload={"on": day.isoformat(), "protection": proposal.protection},
        changed=("protection", "status"),
    )
    return Protection(proposal.protection)

"""What the pages, discipline and the reminders read about innovation proposals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from congvu.innovation.access import managing_posts
from congvu.innovation.models import Achievement, Proposal, Protection
from congvu.org.models import Official, Unit


def collective(unit: Unit, on: dt.date, proposer: Official | None = None) -> list[Official]:
    """The leadership collective that votes (Art. 8(1)): the head and the deputies of the agency
    in force on `on`, a proposer among them excluded."""
    posts = managing_posts(unit, on)
    if proposer is not None:
        posts = posts.exclude(official=proposer)
    return list(Official.objects.filter(pk__in=posts.values("official_id")).order_by("full_name"))


def protection_for(proposal: Proposal) -> Protection:
    """Art. 11 of Decree 73/2023 applied to the evaluation:

    - objectives fully achieved: no liability (Art. 11(1));
    - partly or not achieved, but the policy correct and the motive pure, for the common good:
      liability excluded (Art. 11(2)); with damage, considered for exclusion, exemption or
      reduction (Art. 11(3));
    - otherwise (motive or policy found wanting): not protected.
    """
    if proposal.achievement == Achievement.FULL:
        return Protection.NO_LIABILITY
    if proposal.policy_correct and proposal.motive_pure:
        return Protection.CONSIDERED if proposal.damage else Protection.EXCLUDED
    return Protection.NONE


# The states of an approved proposal that has been implemented.
IMPLEMENTED = (Proposal.Status.IMPLEMENTING, Proposal.Status.EVALUATED, Proposal.Status.CLOSED)


def exemption_grounds(official_id: int) -> QuerySet[Proposal]:
    """The official's approved proposals that were implemented and not found wanting: each is a
    ground of exemption from discipline (Luật 80/2025 Art. 34(1)(c), ND 172/2025 Art. 4(2)(đ)) in
    a case about them. A proposal whose evaluation found the motive impure or the policy wrong
    (protection "none") is no ground."""
    return (
        Proposal.objects.filter(
            proposer_id=official_id, status__in=IMPLEMENTED, approved_on__isnull=False
        )
        .exclude(Q(status=Proposal.Status.CLOSED) & Q(protection=Protection.NONE))
        .exclude(Q(motive_pure=False) | Q(policy_correct=False))
        .order_by("-approved_on", "-pk")
    )


@dataclass(frozen=True)
class DueStep:
    proposal: Proposal
    step: str
    due: dt.date | None


def due_steps(official: Official) -> list[DueStep]:
    """The steps waiting for the official: the votes they must hold as head (due 7 working days
    after submission), and the evaluations of proposals they approved that are implemented."""
    S = Proposal.Status
    step_of = {S.SUBMITTED: "vote", S.IMPLEMENTING: "evaluate", S.EVALUATED: "protect"}
    waiting = Proposal.objects.filter(head=official, status__in=list(step_of)).order_by("pk")
    return [
        DueStep(p, step_of[S(p.status)], p.vote_due if p.status == S.SUBMITTED else None)
        for p in waiting
    ]

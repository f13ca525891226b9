"""Who may see and act on an innovation proposal (Decree 73/2023).

- Only leaders and managers propose (Art. 2): an official holding, on the day, a head or leader
  post, or a post whose position is a managing one, in the agency they propose in.
- The proposer sees their proposal and submits it; the head of the agency records the collective's
  vote, approves in writing against it, sends it to the higher level, evaluates and decides the
  protection; the leaders and heads over the agency (its managers, those above) see it, and those
  above it decide what was sent up.
- The personnel side (Sở Nội vụ) and inspectors read every proposal and act on none: a proposal
  is a ground of exemption in a discipline case.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from congvu.innovation.models import Proposal
from congvu.org.access import posts_of, scope_of, sees_everything
from congvu.org.models import Official, Post, Unit

ProposalAction = Literal[
    "view", "submit", "vote", "head_approve", "escalate", "higher_decide", "implement", "evaluate"
]


def _personnel_roots() -> list[str]:
    """The tree paths of the units whose code is in the setting CONGVU_PERSONNEL_UNITS."""
    codes = tuple(getattr(settings, "CONGVU_PERSONNEL_UNITS", ("SNV",)))
    return list(Unit.objects.filter(code__in=codes).values_list("path", flat=True))


def is_personnel(official: Official, on: dt.date | None = None) -> bool:
    """Whether the official works on the personnel side: a post in force in Sở Nội vụ or one of
    its divisions (the units whose code is in the setting CONGVU_PERSONNEL_UNITS, and the units
    below them), read from the tree paths of their posts' units."""
    posts = posts_of(official, on)
    if not posts:
        return False
    roots = _personnel_roots()
    return any(post.unit.path.startswith(root) for post in posts for root in roots)


def managing_posts(unit: Unit, on: dt.date) -> QuerySet[Post]:
    """The posts in force of the agency's leadership: heads, leaders and managing positions."""
    return Post.objects.in_force(on).filter(
        Q(role__in=(Post.Role.HEAD, Post.Role.LEADER)) | Q(position__is_manager=True), unit=unit
    )


def may_propose(official: Official, unit: Unit, on: dt.date) -> bool:
    """Art. 2: only leaders and managers; inspectors act on nothing."""
    if official.is_inspector:
        return False
    return managing_posts(unit, on).filter(official=official).exists()


def proposing_units(official: Official, on: dt.date) -> QuerySet[Unit]:
    """The agencies the official may propose in: those where they hold a managing post."""
    if official.is_inspector:
        return Unit.objects.none()
    posts = Post.objects.in_force(on).filter(
        Q(role__in=(Post.Role.HEAD, Post.Role.LEADER)) | Q(position__is_manager=True),
        official=official,
    )
    return Unit.objects.filter(pk__in=posts.values("unit_id"))


def visible(official: Official) -> QuerySet[Proposal]:
    if sees_everything(official) or is_personnel(official):
        return Proposal.objects.all()
    scope = scope_of(official)
    return Proposal.objects.filter(
        Q(proposer=official) | Q(head=official) | Q(unit_id__in=scope.managed_units)
    ).exclude(Q(status=Proposal.Status.DRAFT) & ~Q(proposer=official))


def _above(official: Official, proposal: Proposal) -> bool:
    """Whether the official manages a unit above the agency (the higher level)."""
    parent = proposal.unit.parent_id
    return parent is not None and parent in scope_of(official).managed_units


def can(official: Official, action: ProposalAction, proposal: Proposal) -> bool:
    if action == "view":
        if proposal.status == Proposal.Status.DRAFT:
            return proposal.proposer_id == official.pk
        return (
            sees_everything(official)
            or is_personnel(official)
            or proposal.proposer_id == official.pk
            or proposal.head_id == official.pk
            or proposal.unit_id in scope_of(official).managed_units
        )
    if official.is_inspector:
        return False
    if action == "submit":
        return proposal.proposer_id == official.pk
    if action in ("vote", "head_approve", "escalate"):
        return proposal.head_id == official.pk and proposal.proposer_id != official.pk
    if action == "higher_decide":
        return _above(official, proposal) and proposal.proposer_id != official.pk
    if action == "implement":
        return official.pk in (proposal.proposer_id, proposal.head_id)
    if action == "evaluate":
        # Whoever approved: the head, or the higher level for what was sent up; never the
        # proposer judging their own results.
        if proposal.proposer_id == official.pk:
            return False
        return proposal.head_id == official.pk or _above(official, proposal)
    return False


def require(official: Official, action: ProposalAction, proposal: Proposal) -> None:
    if not can(official, action, proposal):
        raise PermissionDenied

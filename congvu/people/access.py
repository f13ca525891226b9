"""Who may see a rating and take each step on it, and who keeps the catalogue: the people policy.

- An official sees their own ratings and self-assesses and petitions on them.
- The direct manager recorded on a rating sees it, reviews it and records objective causes.
- A head (or leader) of the rating's unit, or of a unit above it, sees the unit's ratings and
  approves, publishes, answers petitions and finalises them — never their own.
- Members of Sở Nội vụ (a `PersonnelUnit`) see every rating and keep job positions and the product
  catalogue; they take no step in a unit's rating.
- Inspectors, and the province's leaders who see everything, read every rating and act on none
  (a leader still acts as the head above a unit: approving a department head's rating).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone

from congvu.org.access import Scope, scope_of, sees_everything, subtree_ids
from congvu.org.models import Official, Post
from congvu.people.models import PersonnelUnit, Rating

RatingAction = Literal[
    "view",
    "self_assess",
    "review",
    "objective_cause",
    "absence",
    "approve",
    "publish",
    "petition",
    "answer",
    "finalise",
]
HEAD_ACTIONS = {"approve", "publish", "answer", "finalise", "absence"}


def is_personnel(official: Official, on: dt.date | None = None) -> bool:
    """Whether the official holds, on `on`, a post in Sở Nội vụ (a personnel unit or below it)."""
    on = on or timezone.localdate()
    paths = PersonnelUnit.objects.values_list("unit__path", flat=True)
    units = subtree_ids(paths) if paths else set()
    return Post.objects.in_force(on).filter(official=official, unit_id__in=units).exists()


def reads_all(official: Official, scope: Scope | None = None) -> bool:
    """Inspectors, Sở Nội vụ and whoever sees everything read every rating."""
    return sees_everything(official, scope) or is_personnel(official)


def visible(official: Official, scope: Scope | None = None) -> QuerySet[Rating]:
    """The ratings the official may read: their own, their team's, their units' (heads), or all."""
    scope = scope or scope_of(official)
    if reads_all(official, scope):
        return Rating.objects.all()
    return Rating.objects.filter(
        Q(official=official) | Q(manager=official) | Q(unit_id__in=scope.managed_units)
    )


def heads_unit(official: Official, rating: Rating, scope: Scope | None = None) -> bool:
    """Whether the official heads or leads the rating's unit or a unit above it."""
    return rating.unit_id in (scope or scope_of(official)).managed_units


def can(
    official: Official, action: RatingAction, rating: Rating, scope: Scope | None = None
) -> bool:
    """Whether the official may take `action` on `rating` (state is the action's business)."""
    scope = scope or scope_of(official)
    own = rating.official_id == official.pk
    if action == "view":
        return (
            own
            or rating.manager_id == official.pk
            or heads_unit(official, rating, scope)
            or reads_all(official, scope)
        )
    if official.is_inspector:
        return False
    if action in ("self_assess", "petition"):
        return own
    if action in ("review", "objective_cause"):
        return rating.manager_id == official.pk and not own
    if action in HEAD_ACTIONS:
        return heads_unit(official, rating, scope) and not own
    return False


def require(official: Official, action: RatingAction, rating: Rating) -> None:
    """Raise PermissionDenied unless `can(official, action, rating)`."""
    if not can(official, action, rating):
        raise PermissionDenied


def can_keep_catalogue(official: Official) -> bool:
    """Whether the official may import and edit job positions and the product catalogue."""
    return not official.is_inspector and is_personnel(official)


def require_catalogue(official: Official) -> None:
    if not can_keep_catalogue(official):
        raise PermissionDenied

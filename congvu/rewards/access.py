"""Who may nominate whom, who sees a nomination and who takes each step (docs/rewards.md).

- Nominating (Law on Emulation and Commendation: the head of the agency or unit proposes, and
  the collective proposes through the emulation review; Hạ Long's "colleagues nominate"):
  - the head: an official heading or leading the nominee's unit or a unit above it, on the day;
  - a colleague: an official holding a post in force in the nominee's unit on the day;
  never oneself, never an inspector; the nominee holds a post in the unit on the day.
- Seeing: a draft only its nominator; once submitted, the nominator, the heads and leaders over
  the unit, the personnel side (Sở Nội vụ, whose emulation board serves the provincial council)
  and inspectors (read-only); the nominee sees their own nominations once submitted. Nobody else
  in the unit sees them.
- Acting: the nominator submits; a head over the unit records the review of the unit's emulation
  council; the decision is recorded by a head over the unit for the forms the head of the agency
  decides, and by Sở Nội vụ for any form (the provincial forms only by Sở Nội vụ, recording the
  chair's decision). The nominee and inspectors act on nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone

from congvu.innovation.access import is_personnel
from congvu.org.access import scope_of, sees_everything
from congvu.org.models import Official, Post, Unit
from congvu.rewards.models import Basis, Nomination

NominationAction = Literal["view", "submit", "review", "decide"]


def heads_over(official: Official, unit: Unit, on: dt.date | None = None) -> bool:
    """Whether the official heads or leads the unit or a unit above it on the day."""
    return unit.pk in scope_of(official, on).managed_units


def basis_for(by: Official, nominee: Official, unit: Unit, on: dt.date) -> Basis | None:
    """As what `by` may nominate `nominee` of `unit` on the day; None when they may not."""
    if by.is_inspector or by.pk == nominee.pk:
        return None
    if not Post.objects.in_force(on).filter(official=nominee, unit=unit).exists():
        return None
    if heads_over(by, unit, on):
        return Basis.HEAD
    if Post.objects.in_force(on).filter(official=by, unit=unit).exists():
        return Basis.COLLEAGUE
    return None


def nominating_units(official: Official, on: dt.date) -> QuerySet[Unit]:
    """The units whose officials `official` may nominate: those they belong to or head."""
    if official.is_inspector:
        return Unit.objects.none()
    scope = scope_of(official, on)
    return Unit.objects.filter(pk__in=scope.member_units | scope.managed_units)


def nominable(official: Official, on: dt.date) -> QuerySet[Official]:
    """The officials `official` may nominate on the day (holding a post in one of their units)."""
    posts = Post.objects.in_force(on).filter(unit__in=nominating_units(official, on))
    return (
        Official.objects.filter(pk__in=posts.values("official_id"), is_inspector=False)
        .exclude(pk=official.pk)
        .order_by("full_name")
    )


def visible(official: Official) -> QuerySet[Nomination]:
    if sees_everything(official) or is_personnel(official):
        return Nomination.objects.exclude(
            Q(status=Nomination.Status.DRAFT) & ~Q(nominator=official)
        )
    scope = scope_of(official)
    submitted = ~Q(status=Nomination.Status.DRAFT)
    return Nomination.objects.filter(
        Q(nominator=official)
        | (submitted & Q(unit_id__in=scope.managed_units))
        | (submitted & Q(nominee=official))
    )


def can(official: Official, action: NominationAction, nomination: Nomination) -> bool:
    if action == "view":
        if nomination.status == Nomination.Status.DRAFT:
            return nomination.nominator_id == official.pk
        return (
            nomination.nominator_id == official.pk
            or nomination.nominee_id == official.pk
            or sees_everything(official)
            or is_personnel(official)
            or nomination.unit_id in scope_of(official).managed_units
        )
    if official.is_inspector or nomination.nominee_id == official.pk:
        return False
    if action == "submit":
        return nomination.nominator_id == official.pk
    if action == "review":
        return nomination.unit_id in scope_of(official).managed_units
    if action == "decide":
        return nomination.unit_id in scope_of(official).managed_units or is_personnel(official)
    return False


def require(official: Official, action: NominationAction, nomination: Nomination) -> None:
    if not can(official, action, nomination):
        raise PermissionDenied


def may_see_unit_list(official: Official, unit: Unit) -> bool:
    """The year's list of a unit: its heads, Sở Nội vụ and inspectors."""
    return (
        sees_everything(official)
        or is_personnel(official)
        or unit.pk in scope_of(official).managed_units
    )


def may_see_panel(official: Official, nominee: Official) -> bool:
    """An official's evidence panel: themselves, those who may nominate them (heads and
    colleagues of their units), Sở Nội vụ and inspectors."""
    if official.pk == nominee.pk or sees_everything(official) or is_personnel(official):
        return True
    return nominable(official, timezone.localdate()).filter(pk=nominee.pk).exists()


def unit_for(by: Official, nominee: Official, on: dt.date) -> Unit | None:
    """The unit `by` nominates `nominee` in: the unit of the nominee's post (the primary one
    first) where `basis_for` allows it; None when there is none."""
    posts = (
        Post.objects.in_force(on)
        .filter(official=nominee)
        .select_related("unit")
        .order_by("-is_primary", "pk")
    )
    for post in posts:
        if basis_for(by, nominee, post.unit, on) is not None:
            return post.unit
    return None


def list_units(official: Official, on: dt.date) -> QuerySet[Unit]:
    """The units whose year's list the official opens from the rewards page: every unit with a
    nomination for Sở Nội vụ and inspectors, the units they head otherwise."""
    with_nominations = Unit.objects.filter(
        pk__in=Nomination.objects.exclude(status=Nomination.Status.DRAFT).values("unit_id")
    )
    if sees_everything(official) or is_personnel(official, on):
        return with_nominations.order_by("name")
    return with_nominations.filter(pk__in=scope_of(official, on).managed_units).order_by("name")

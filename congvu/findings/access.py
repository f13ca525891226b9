"""Who may see, explain and review a finding: one place, so that the answers cannot disagree.

- The unit concerned explains: its members and heads, and the official the finding names.
- Leaders over the unit review: an official with a leader post on the unit or a unit above it, or
  a head of a unit above it; never the official the finding names nor someone who explained it.
- Everyone who may explain or review may see; inspectors see everything and act on nothing.
- Another system's event log is uploaded and analysed (`may_analyse_logs`) by those who bring
  such records and follow signals across units: the offices that assign tasks, the personnel side
  (Sở Nội vụ), inspectors and whoever sees everything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from congvu.findings.models import Finding
from congvu.innovation.access import is_personnel
from congvu.org.access import scope_of, sees_everything, subtree_ids
from congvu.org.models import Official, Post
from congvu.tasks import access as tasks_access

FindingAction = Literal["view", "explain", "review"]


@dataclass(frozen=True)
class Roles:
    """The unit ids an official explains or reviews for, computed once per official and day."""

    member: frozenset[int]  # units of their posts
    explains: frozenset[int]  # the units they explain for: their own units
    reviews: frozenset[int]  # subtrees of the units they lead, and below the units they head


def roles_of(official: Official, on: dt.date | None = None) -> Roles:
    on = on or timezone.localdate()
    cached: tuple[dt.date, Roles] | None = getattr(official, "_finding_roles", None)
    if cached is not None and cached[0] == on:
        return cached[1]
    posts = list(Post.objects.in_force(on).filter(official=official).select_related("unit"))
    member = {post.unit_id for post in posts}
    headed = {post.unit_id: post.unit.path for post in posts if post.role == Post.Role.HEAD}
    led = [post.unit.path for post in posts if post.role == Post.Role.LEADER]
    # A head explains for their own unit and reviews the units below it.
    reviews = subtree_ids(led) | (subtree_ids(headed.values()) - set(headed))
    explains = member
    roles = Roles(frozenset(member), frozenset(explains), frozenset(reviews))
    official._finding_roles = (on, roles)  # type: ignore[attr-defined]  # per-instance memo
    return roles


def visible(official: Official) -> QuerySet[Finding]:
    """Findings about units in the official's scope (their units, the subtrees they head or lead,
    and units merged into those), findings naming them, and findings without a unit on tasks they
    may see (a finding names its case by ``(case_type, case_id)``, the id as text); all of them
    for whoever sees everything."""
    if sees_everything(official):
        return Finding.objects.all()
    scope = scope_of(official)
    roles = roles_of(official)
    units = scope.visible_units | roles.explains | roles.reviews
    return Finding.objects.filter(
        Q(unit__in=units)
        | Q(official=official)
        | Q(
            unit__isnull=True,
            case_type="task",
            case_id__in=tasks_access.visible(official, scope).values(text=Cast("pk", CharField())),
        )
    )


def can(official: Official, action: FindingAction, finding: Finding) -> bool:
    """Whether the official may take `action` on `finding` (state is the action's business)."""
    if official.is_inspector:
        return action == "view"
    roles = roles_of(official)
    named = finding.official_id == official.pk
    if action == "explain":
        return named or finding.unit_id in roles.explains
    if action == "review":
        if named or finding.unit_id is None or finding.unit_id not in roles.reviews:
            return False
        return not finding.explanations.filter(by=official).exists()
    return visible(official).filter(pk=finding.pk).exists()


def require(official: Official, action: FindingAction, finding: Finding) -> None:
    """Raise PermissionDenied unless `can(official, action, finding)`."""
    if not can(official, action, finding):
        raise PermissionDenied


def may_analyse_logs(official: Official) -> bool:
    """Whether the official may upload another system's event log and see its analysis (phân tích
    nhật ký từ hệ thống khác): a member of an office that assigns tasks (Văn phòng UBND), of the
    personnel side (Sở Nội vụ), an inspector, or whoever sees everything. The analysis reads only
    the uploaded file and writes nothing in the database, so an inspector, who acts on nothing,
    may; the officials of a department or a ward, who hold no other system's records of the
    province, may not."""
    scope = scope_of(official)
    return sees_everything(official, scope) or bool(scope.office_units) or is_personnel(official)

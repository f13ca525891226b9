"""Who may do what, and what they may see: one place, so that the two cannot disagree.

Roles come from an official's posts: a member works on their own unit's tasks; a head runs their
unit and its sub-units; a leader oversees a unit's whole subtree; members of an office that assigns
tasks (Văn phòng UBND) follow up the tasks they assigned; an inspector reads everything and acts on
nothing. Units that were merged into a unit in scope stay in scope, so history survives mergers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone

from congvu.org.models import Official, Post, Unit

if TYPE_CHECKING:
    from congvu.tasks.models import Task

TaskAction = Literal[
    "view",
    "accept",
    "assign",
    "progress",
    "request_input",
    "respond_input",
    "request_extension",
    "decide_extension",
    "transfer",
    "return",
    "decline",
    "escalate",
    "answer_escalation",
    "complete",
    "review",
    "reopen",
    "cancel",
    "remind",
]

# Actions of the unit that leads the task; the office may also transfer a task it assigned.
LEAD_ACTIONS = {"progress", "request_input", "request_extension", "escalate", "complete", "return"}
# Actions of whoever assigned the task: the office that issued it or the supervising leader.
ASSIGNER_ACTIONS = {"decide_extension", "review", "reopen", "cancel"}


@dataclass(frozen=True)
class Scope:
    """The unit ids an official acts in, computed once per request."""

    member_units: frozenset[int]  # units of their posts
    managed_units: frozenset[int]  # subtrees of the units they head or lead
    office_units: frozenset[int]  # member units that assign tasks
    visible_units: frozenset[int]  # member ∪ managed, plus units merged into them
    # Tree paths under which they may give tasks: the People's Committee an office serves, and
    # the units a leader leads.
    assign_roots: tuple[str, ...]
    # Whether every unit there is lies in `visible_units` (a provincial leader): then every task is
    # visible, and lists can skip the visibility filter that would make the database scan them all.
    sees_every_unit: bool = False


def scope_of(official: Official, on: dt.date | None = None) -> Scope:
    """The scope of an official's posts in force on `on` (today by default).

    Memoised on the official instance for the day, because a page or a replay asks many times;
    `org.actions` forget it when they change posts or units.
    """
    on = on or timezone.localdate()
    cached: tuple[dt.date, Scope] | None = getattr(official, "_scope_cache", None)
    if cached is not None and cached[0] == on:
        return cached[1]
    scope = _compute_scope(official, on)
    official._scope_cache = (on, scope)  # type: ignore[attr-defined]  # per-instance memo
    return scope


def forget_scope(official: Official) -> None:
    """Drop the memoised scope after the official's posts changed."""
    official.__dict__.pop("_scope_cache", None)


def _compute_scope(official: Official, on: dt.date) -> Scope:
    posts = list(
        Post.objects.filter(official=official, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .select_related("unit", "unit__parent")
    )
    member = {post.unit_id for post in posts}
    offices = {post.unit_id for post in posts if post.unit.assigns_tasks}
    managed_roots = [post.unit.path for post in posts if post.role != Post.Role.MEMBER]
    managed: set[int] = set()
    if managed_roots:
        prefix_match = Q()
        for path in managed_roots:
            prefix_match |= Q(path__startswith=path)
        managed = set(Unit.objects.filter(prefix_match).values_list("pk", flat=True))
    visible = member | managed
    visible |= _predecessors(visible)
    return Scope(
        member_units=frozenset(member),
        managed_units=frozenset(managed),
        office_units=frozenset(offices),
        visible_units=frozenset(visible),
        sees_every_unit=any(
            post.unit.parent_id is None for post in posts if post.role != Post.Role.MEMBER
        )
        and not Unit.objects.exclude(pk__in=visible).exists(),
        assign_roots=tuple(
            sorted(
                {(post.unit.parent or post.unit).path for post in posts if post.unit.assigns_tasks}
                | {post.unit.path for post in posts if post.role == Post.Role.LEADER}
            )
        ),
    )


def _predecessors(unit_ids: set[int]) -> set[int]:
    """Every unit whose chain of successors leads into `unit_ids` (merged or renamed units)."""
    found: set[int] = set()
    frontier = set(unit_ids)
    while frontier:
        frontier = set(
            Unit.objects.filter(successor__in=frontier)
            .exclude(pk__in=found | unit_ids)
            .values_list("pk", flat=True)
        )
        found |= frontier
    return found


def tasks_visible_to(official: Official, scope: Scope | None = None) -> QuerySet[Task]:
    """Tasks led or coordinated by units in the official's scope, those their office assigned, and
    those they supervise, hold or were asked about; inspectors see all."""

    from congvu.tasks.models import Escalation, Task

    if official.is_inspector:
        return Task.objects.all()
    scope = scope or scope_of(official)
    if scope.sees_every_unit:
        return Task.objects.all()
    coordinated = Task.coordinating_units.through.objects.filter(unit_id__in=scope.visible_units)
    # Whoever a question was escalated to must see the task to answer it.
    asked = Escalation.objects.filter(to_official=official)
    return Task.objects.filter(
        Q(lead_unit__in=scope.visible_units)
        | Q(assigner_unit__in=scope.office_units)
        | Q(pk__in=coordinated.values("task_id"))
        | Q(pk__in=asked.values("task_id"))
        | Q(supervisor=official)
        | Q(assignee=official)
    )


def can(official: Official, action: TaskAction, task: Task, scope: Scope | None = None) -> bool:
    """Whether the official may take `action` on `task` (state is the action's business)."""
    if official.is_inspector:
        return action == "view"
    scope = scope or scope_of(official)
    lead = task.lead_unit_id
    manages_lead = lead in scope.managed_units
    in_lead = lead in scope.member_units or manages_lead or task.assignee_id == official.pk
    assigner = task.assigner_unit_id in scope.office_units or task.supervisor_id == official.pk
    if action == "view":
        return (
            in_lead
            or assigner
            or lead in scope.visible_units
            or bool(_coordinating_ids(task) & scope.visible_units)
            or task.escalations.filter(to_official_id=official.pk).exists()
        )
    if action in ("accept", "assign"):
        return manages_lead
    if action in LEAD_ACTIONS:
        return in_lead
    if action == "transfer":
        return in_lead or assigner
    if action in ("respond_input", "decline"):
        return bool(_coordinating_ids(task) & (scope.member_units | scope.managed_units))
    if action in ASSIGNER_ACTIONS:
        return assigner
    if action == "answer_escalation":
        return assigner or manages_lead
    if action == "remind":
        return assigner or manages_lead
    return False


def _coordinating_ids(task: Task) -> frozenset[int]:
    return frozenset(task.coordinating_units.values_list("pk", flat=True))


def require(official: Official, action: TaskAction, task: Task) -> None:
    """Raise PermissionDenied unless `can(official, action, task)`."""
    if not can(official, action, task):
        raise PermissionDenied


def assignable_units(official: Official, scope: Scope | None = None) -> QuerySet[Unit]:
    """Units an official may make the lead of a new task: for a member of an office that assigns
    tasks, the People's Committee it serves and everything under it; for a leader, their subtree.
    Only units in force today."""
    if official.is_inspector:
        return Unit.objects.none()
    scope = scope or scope_of(official)
    match = Q(pk__in=[])
    for root in scope.assign_roots:
        match |= Q(path__startswith=root)
    return Unit.objects.filter(match, valid_to__isnull=True)


def can_create_task(official: Official, lead_unit: Unit) -> bool:
    """Whether `lead_unit` is among `assignable_units(official)`, without a query."""
    if official.is_inspector or lead_unit.valid_to is not None:
        return False
    return any(lead_unit.path.startswith(root) for root in scope_of(official).assign_roots)

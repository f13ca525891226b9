"""Who may see a task and take each action on it, and whom an action may name: the tasks policy.

Built on the shared scope of `org.access`. The actions call `require` and the choice sets below
(`escalation_targets`, `supervisors_for`, `assignees_for`, `transfer_targets`); pages and the API
call the same functions to fetch and to narrow their choices, so nothing is allowed by one door
and refused by another.

- Lead side: members of the lead unit, whoever heads or leads it from above, and the assignee.
- Out of the unit: a transfer or a return hands the task out of the lead unit, so it needs the
  unit's head (or whoever leads it from above) or a post of the unit that the head delegated it
  to (`TRANSFER_DECISION` in the delegation table); a specialist asks the head. The office may
  also transfer a task it assigned.
- Assigner side: members of the office that assigned the task, and its supervising leader.
- Coordinating side: members and heads of a coordinating unit.
- Inspectors read every task and act on none; a leader of the whole province reads every task.
- Nobody reviews (approves or sends back) a completion they reported themselves.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone

from congvu.org.access import (
    Scope,
    ancestor_ids,
    lineage_ids,
    outermost,
    posts_of,
    scope_of,
    sees_everything,
)
from congvu.org.models import Delegation, Official, Post, Unit
from congvu.tasks.models import Activity, Escalation, Task

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

# Actions of the unit that leads the task.
LEAD_ACTIONS = {"progress", "request_input", "request_extension", "escalate", "complete"}
# The kind of decision (org.Delegation.decision_kind) a head delegates to a post of the unit, such
# as a deputy director's, so that it may hand tasks out of the unit (chuyển, trả lại) in their name.
TRANSFER_DECISION = "task_transfer"
# Actions of whoever assigned the task: the office that issued it or the supervising leader.
ASSIGNER_ACTIONS = {"decide_extension", "review", "reopen", "cancel"}
MANAGING = (Post.Role.HEAD, Post.Role.LEADER)


def visible(official: Official, scope: Scope | None = None) -> QuerySet[Task]:
    """Tasks led or coordinated by units in the official's scope, those their office assigned, and
    those they supervise, hold or were asked about; everything for whoever sees everything."""
    if sees_everything(official, scope):
        return Task.objects.all()
    scope = scope or scope_of(official)
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


def visible_in(official: Official, unit: Unit, scope: Scope | None = None) -> QuerySet[Task]:
    """The tasks led in `unit`'s lineage that the official may see. Whoever sees everything or
    manages the unit sees every one of them, so the cheap lead-unit filter is the whole truth; an
    office sees what it assigned, so it keeps the visibility filter."""
    scope = scope or scope_of(official)
    if sees_everything(official, scope) or unit.pk in scope.managed_units:
        tasks = Task.objects.all()
    else:
        tasks = visible(official, scope)
    return tasks.filter(lead_unit_id__in=lineage_ids(unit))


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
            scope.sees_every_unit
            or in_lead
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
        return assigner or may_hand_out(official, task, scope)
    if action == "return":
        return may_hand_out(official, task, scope)
    if action in ("respond_input", "decline"):
        return bool(_coordinating_ids(task) & scope.acting_units)
    if action == "review":
        return assigner and completed_by(task) != official.pk
    if action in ASSIGNER_ACTIONS:
        return assigner
    if action in ("answer_escalation", "remind"):
        return assigner or manages_lead
    return False


def may_hand_out(official: Official, task: Task, scope: Scope | None = None) -> bool:
    """Whether the official may hand the task out of its lead unit (transfer or return it): they
    head or lead the unit, or hold a post in it, in force today, whose position the delegation
    table names for `TRANSFER_DECISION` in that unit. One small query, only for a member, once
    per unit and day for the official (a task page asks it for transfer and for return)."""
    scope = scope or scope_of(official)
    lead = task.lead_unit_id
    if lead in scope.managed_units:
        return True
    if lead not in scope.member_units:
        return False
    on = timezone.localdate()
    known: dict[tuple[int, dt.date], bool] = official.__dict__.setdefault("_hands_out", {})
    if (lead, on) not in known:
        positions = Post.objects.in_force(on).filter(official_id=official.pk, unit_id=lead)
        known[(lead, on)] = (
            Delegation.objects.in_force(on)
            .filter(
                unit_id=lead,
                decision_kind=TRANSFER_DECISION,
                position_id__in=positions.values("position_id"),
            )
            .exists()
        )
    return known[(lead, on)]


def _coordinating_ids(task: Task) -> frozenset[int]:
    # Through `.all()`, so that a page that fetched the task with its coordinating units
    # (`prefetch_related`) asks every `can` without a query.
    return frozenset(unit.pk for unit in task.coordinating_units.all())


def require(official: Official, action: TaskAction, task: Task) -> None:
    """Raise PermissionDenied unless `can(official, action, task)`."""
    if not can(official, action, task):
        raise PermissionDenied


def completed_by(task: Task) -> int | None:
    """The official who reported the task complete, while it waits for review (else None)."""
    if task.status != Task.Status.COMPLETED:
        return None
    completions = task.events.filter(activity=Activity.COMPLETE).order_by("-seq")
    return completions.values_list("actor_id", flat=True).first()


# --- Whom an action may name -------------------------------------------------------------------


def _holders(unit_ids: list[int], on: dt.date, roles: tuple[str, ...]) -> QuerySet[Official]:
    posts = Post.objects.in_force(on).filter(unit_id__in=unit_ids, role__in=roles)
    return Official.objects.filter(pk__in=posts.values("official_id"))


def supervisors_for(lead_unit: Unit, on: dt.date) -> QuerySet[Official]:
    """Who may supervise a task (lãnh đạo phụ trách): the officials holding, on `on`, a leader post
    (Chủ tịch, Phó Chủ tịch) in the lead unit or a unit above it, that is the leaders of the
    People's Committees the lead unit answers to."""
    return _holders(ancestor_ids(lead_unit), on, (Post.Role.LEADER,))


def may_supervise(official: Official, lead_unit: Unit, on: dt.date) -> bool:
    """Whether `official` is among `supervisors_for(lead_unit, on)`, in one small query (the
    check every new task with a supervisor runs)."""
    posts = Post.objects.in_force(on).filter(
        official_id=official.pk, unit_id__in=ancestor_ids(lead_unit), role=Post.Role.LEADER
    )
    return posts.exists()


def supervisor_choices(official: Official, on: dt.date) -> QuerySet[Official]:
    """The leaders the assign form offers: `supervisors_for` the top of every subtree the official
    may give tasks in (the action checks the lead unit actually chosen)."""
    units = Unit.objects.filter(path__in=scope_of(official).assign_roots)
    above = {pk for unit in units for pk in ancestor_ids(unit)}
    return _holders(sorted(above), on, (Post.Role.LEADER,))


def escalation_targets(task: Task, by: Official, on: dt.date) -> QuerySet[Official]:
    """Whom `by` may ask for an opinion on the task (xin ý kiến): their line of superiors, that is
    the heads and leaders, in force on `on`, of the lead unit, of every unit above it, and of the
    units between the lead unit and `by`'s own posts below it; the task's supervisor; and whoever
    the delegation table names for a kind of decision (holds, on `on`, a position in a unit that
    a delegation in force names). Never `by` themselves."""
    lead = task.lead_unit
    line = set(ancestor_ids(lead))
    for post in posts_of(by, on):
        if post.unit.path.startswith(lead.path):
            line |= set(ancestor_ids(post.unit))
    superiors = _holders(sorted(line), on, MANAGING)
    named = Q(pk__in=[])
    delegations = Delegation.objects.in_force(on).values_list("unit_id", "position_id")
    for unit_id, position_id in delegations.distinct():
        named |= Q(unit_id=unit_id, position_id=position_id)
    delegated = Post.objects.in_force(on).filter(named)
    return (
        Official.objects.filter(
            Q(pk__in=superiors.values("pk"))
            | Q(pk=task.supervisor_id or 0)
            | Q(pk__in=delegated.values("official_id"))
        )
        .exclude(pk=by.pk)
        .distinct()
    )


def assignees_for(task: Task, on: dt.date) -> QuerySet[Official]:
    """Who may hold the task: officials with a post in force in the lead unit or below it (a sở
    hands work to one of its phòng)."""
    posts = Post.objects.in_force(on).filter(unit__path__startswith=task.lead_unit.path)
    return Official.objects.filter(pk__in=posts.values("official_id"))


def may_hold(official: Official, task: Task, on: dt.date) -> bool:
    """Whether `official` is among `assignees_for(task, on)`, in one small query."""
    posts = Post.objects.in_force(on).filter(
        official_id=official.pk, unit__path__startswith=task.lead_unit.path
    )
    return posts.exists()


def transfer_targets(task: Task, on: dt.date) -> QuerySet[Unit]:
    """The units a task may be transferred to: those of its tree that are in force on `on`."""
    root = task.lead_unit.path.split("/", 1)[0] + "/"
    return Unit.objects.in_force(on).filter(path__startswith=root)


# --- Giving tasks and overseeing them ----------------------------------------------------------


def assignable_units(official: Official, scope: Scope | None = None) -> QuerySet[Unit]:
    """Units an official may make the lead of a new task: for a member of an office that assigns
    tasks, the People's Committee it serves and everything under it; for a leader, their subtree.
    Only units still in existence."""
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


def overview_roots(official: Official, scope: Scope | None = None) -> list[Unit]:
    """The units whose overview the official may open, the first being the default: the roots of
    the tree for an inspector; else the units they lead or head and the People's Committee their
    office serves. Empty for everyone else: they have no overview (pages 403, the API too)."""
    if official.is_inspector:
        return outermost(Unit.objects.filter(parent__isnull=True, valid_to__isnull=True))
    return list((scope or scope_of(official)).overseen_roots)


def may_oversee(official: Official, unit: Unit, roots: list[Unit]) -> bool:
    """Whether the official may open the overview of `unit`: it lies under one of their roots."""
    return official.is_inspector or any(unit.path.startswith(root.path) for root in roots)

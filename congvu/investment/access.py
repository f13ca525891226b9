"""Who may see and change investment projects: the investment policy, on the shared scope of
`org.access`.

Investors (chủ đầu tư, Ban QLDA) see and run their projects; a unit responsible for a stage, or
named among a project's responsible units, sees the project and moves its own stages; leaders see
their subtree; inspectors read everything and act on nothing. Capital plans are assigned and
adjusted from above the investor: by whoever manages the investor's parent unit (the People's
Committee that owns the plan), never by the investor itself.
"""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from congvu.investment.models import Project, Stage
from congvu.org.access import Scope, scope_of, sees_everything
from congvu.org.models import Official, Unit

ProjectAction = Literal["view", "manage", "stage", "plan", "disburse"]


def visible(official: Official, scope: Scope | None = None) -> QuerySet[Project]:
    """Projects whose investor, a responsible unit or a stage's unit is in the official's scope;
    all of them for whoever sees everything."""
    # Say "all" plainly, because the general filter below (four OR-ed conditions) costs a scan
    # that the dashboards repeat.
    if sees_everything(official, scope):
        return Project.objects.all()
    scope = scope or scope_of(official)
    units = scope.visible_units
    staged = Stage.objects.filter(unit_id__in=units).values("project_id")
    responsible = Project.responsible_units.through.objects.filter(unit_id__in=units)
    return Project.objects.filter(
        Q(investor_id__in=units)
        | Q(pk__in=staged)
        | Q(pk__in=responsible.values("project_id"))
        | Q(commune_id__in=units)
    )


def acts_for(scope: Scope, unit_id: int | None) -> bool:
    """Whether the official works in or runs the unit."""
    return unit_id is not None and unit_id in scope.acting_units


def can(
    official: Official,
    action: ProjectAction,
    project: Project,
    *,
    stage: Stage | None = None,
    scope: Scope | None = None,
) -> bool:
    """Whether the official may take `action` on the project (state is the action's business)."""
    if official.is_inspector:
        return action == "view"
    scope = scope or scope_of(official)
    investor = acts_for(scope, project.investor_id)
    if action == "view":
        return visible(official, scope).filter(pk=project.pk).exists()
    if action in ("manage", "disburse"):
        return investor
    if action == "stage":
        return investor or (stage is not None and acts_for(scope, stage.unit_id))
    if action == "plan":
        parent_id = project.investor.parent_id
        return parent_id is not None and parent_id in scope.managed_units
    return False


def require(
    official: Official, action: ProjectAction, project: Project, *, stage: Stage | None = None
) -> None:
    """Raise PermissionDenied unless `can(official, action, project)`."""
    if not can(official, action, project, stage=stage):
        raise PermissionDenied


def can_register(official: Official, investor: Unit) -> bool:
    """Whether the official may register a project for the investor: they work in it or run it."""
    return not official.is_inspector and acts_for(scope_of(official), investor.pk)


def investor_units_for(official: Official) -> QuerySet[Unit]:
    """Units an official may register a project for: the units they work in or run."""
    if official.is_inspector:
        return Unit.objects.none()
    return Unit.objects.filter(pk__in=scope_of(official).acting_units, valid_to__isnull=True)

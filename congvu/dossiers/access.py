"""Who may act on a dossier and which dossiers they may see, built on `org.access.scope_of`.

Staff of a public service centre see every dossier their centre received and act on those it holds;
officials of a processing unit see the dossiers their unit holds or held and act on those it holds
now; heads and leaders see their subtree; inspectors read everything and act on nothing.
"""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from congvu.dossiers.models import Dossier, DossierUnit
from congvu.org.access import Scope, scope_of
from congvu.org.models import Official, Unit

DossierAction = Literal[
    "view",
    "transfer",
    "progress",
    "return",
    "request_supplement",
    "receive_supplement",
    "apologise",
    "refuse",
    "complete",
    "deliver",
]

# Actions of whoever holds the dossier now (the centre holds it at receipt and when it comes back).
HOLDER_ACTIONS = {
    "transfer",
    "progress",
    "return",
    "request_supplement",
    "apologise",
    "refuse",
    "complete",
}


def acting_units(official: Official, scope: Scope | None = None) -> frozenset[int]:
    """Units the official acts for: those of their posts and those they head or lead."""
    scope = scope or scope_of(official)
    return scope.member_units | scope.managed_units


def may_receive_at(official: Official, centre: Unit, scope: Scope | None = None) -> bool:
    """Whether the official receives dossiers at the centre's counter: they hold a post in the
    centre itself (staff, or its director). A leader of the People's Committee above it acts for
    the centre in everything else, but does not sit at its counter; inspectors never receive."""
    if official.is_inspector or centre.kind != Unit.Kind.CENTRE:
        return False
    scope = scope or scope_of(official)
    return centre.pk in scope.member_units


def centres_of(official: Official, scope: Scope | None = None) -> QuerySet[Unit]:
    """The public service centres, still in existence, where the official may receive dossiers
    (`may_receive_at`): the choices of the reception page, empty for everyone else."""
    if official.is_inspector:
        return Unit.objects.none()
    scope = scope or scope_of(official)
    return Unit.objects.filter(
        pk__in=scope.member_units, kind=Unit.Kind.CENTRE, valid_to__isnull=True
    ).order_by("path")


def sees_all_dossiers(official: Official, scope: Scope | None = None) -> bool:
    """Inspectors, and leaders whose scope covers every unit (the province's chair)."""
    if official.is_inspector:
        return True
    scope = scope or scope_of(official)
    return len(scope.visible_units) >= Unit.objects.count()


def _only_centres(scope: Scope) -> bool:
    """Whether every visible unit is a public service centre (centre staff): they see exactly the
    dossiers their centres received, since dossiers are never sent to a centre for processing."""
    return (
        not Unit.objects.filter(pk__in=scope.visible_units).exclude(kind=Unit.Kind.CENTRE).exists()
    )


def rollup_filter(official: Official, scope: Scope | None = None) -> Q | None:
    """The condition on `DossierMonthStat` that selects exactly the official's dossiers, or None
    when the rollup cannot (units see the dossiers they ever held, which it does not record)."""
    scope = None if official.is_inspector else (scope or scope_of(official))
    if scope is None or sees_all_dossiers(official, scope):
        return Q()
    if _only_centres(scope):
        return Q(centre__in=scope.visible_units)
    return None


def dossiers_visible_to(official: Official, scope: Scope | None = None) -> QuerySet[Dossier]:
    """Dossiers received by a centre in the official's scope or processed by a unit in it."""
    scope = None if official.is_inspector else (scope or scope_of(official))
    # Whoever sees everything gets the plain table, without the (large) IN lists; centre staff
    # get one indexed condition instead of an OR that no index serves.
    if scope is None or sees_all_dossiers(official, scope):
        return Dossier.objects.all()
    if _only_centres(scope):
        return Dossier.objects.filter(centre__in=scope.visible_units)
    handled = DossierUnit.objects.filter(unit_id__in=scope.visible_units).values("dossier_id")
    return Dossier.objects.filter(Q(centre__in=scope.visible_units) | Q(pk__in=handled))


def can(
    official: Official, action: DossierAction, dossier: Dossier, scope: Scope | None = None
) -> bool:
    """Whether the official may take `action` on `dossier` (state is the action's business)."""
    if official.is_inspector:
        return action == "view"
    scope = scope or scope_of(official)
    acting = acting_units(official, scope)
    if action == "view":
        return (
            dossier.centre_id in scope.visible_units
            or dossier.unit_id in scope.visible_units
            or DossierUnit.objects.filter(dossier=dossier, unit_id__in=scope.visible_units).exists()
        )
    if action in HOLDER_ACTIONS:
        return dossier.holder_id in acting
    if action == "receive_supplement":
        return dossier.holder_id in acting or dossier.centre_id in acting
    if action == "deliver":
        return dossier.centre_id in acting
    return False


def require(official: Official, action: DossierAction, dossier: Dossier) -> None:
    """Raise PermissionDenied unless `can(official, action, dossier)`."""
    if not can(official, action, dossier):
        raise PermissionDenied


def allowed_actions(official: Official, dossier: Dossier) -> set[str]:
    """The actions the official may take on the dossier in its present state (for its page)."""
    from congvu.dossiers.actions import actions_for_status

    return {
        action
        for action in actions_for_status(dossier)
        if can(official, action, dossier)  # type: ignore[arg-type]  # names come from the map
    }

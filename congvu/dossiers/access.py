"""Who may act on a dossier and which dossiers they may see: the dossiers policy, on the shared
scope of `org.access`.

Staff of a public service centre see every dossier their centre received and act on those it holds;
officials of a processing unit see the dossiers their unit holds or held and act on those it holds
now; heads and leaders see their subtree; inspectors read everything and act on nothing.
"""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from congvu.dossiers.models import Dossier, DossierUnit
from congvu.org.access import Scope, scope_of, sees_everything
from congvu.org.models import Official, Unit

DossierAction = Literal[
    "view",
    "transfer",
    "progress",
    "return",
    "request_supplement",
    "receive_supplement",
    "request_fees",
    "receive_fees",
    "withdraw",
    "stop",
    "accept",
    "not_receive",
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
    "request_fees",
    "apologise",
    "refuse",
    "complete",
}
# Actions of the holder or of the receiving centre (the applicant comes back to the counter).
HOLDER_OR_CENTRE_ACTIONS = {"receive_supplement", "receive_fees", "withdraw", "stop"}


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


def _only_centres(scope: Scope) -> bool:
    """Whether every visible unit is a public service centre (centre staff): they see exactly the
    dossiers their centres received, since dossiers are never sent to a centre for processing."""
    return (
        not Unit.objects.filter(pk__in=scope.visible_units).exclude(kind=Unit.Kind.CENTRE).exists()
    )


def rollup_filter(official: Official, scope: Scope | None = None) -> Q | None:
    """The condition on `DossierMonthStat` that selects exactly the official's dossiers, or None
    when the rollup cannot (units see the dossiers they ever held, which it does not record)."""
    if sees_everything(official, scope):
        return Q()
    scope = scope or scope_of(official)
    if _only_centres(scope):
        return Q(centre__in=scope.visible_units)
    return None


def visible(official: Official, scope: Scope | None = None) -> QuerySet[Dossier]:
    """Dossiers received by a centre in the official's scope or processed by a unit in it."""
    # Whoever sees everything gets the plain table, without the (large) IN lists; centre staff
    # get one indexed condition instead of an OR that no index serves.
    if sees_everything(official, scope):
        return Dossier.objects.all()
    scope = scope or scope_of(official)
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
    acting = scope.acting_units
    if action == "view":
        return (
            scope.sees_every_unit
            or dossier.centre_id in scope.visible_units
            or dossier.unit_id in scope.visible_units
            or DossierUnit.objects.filter(dossier=dossier, unit_id__in=scope.visible_units).exists()
        )
    if action in HOLDER_ACTIONS:
        return dossier.holder_id in acting
    if action in HOLDER_OR_CENTRE_ACTIONS:
        return dossier.holder_id in acting or dossier.centre_id in acting
    if action in ("accept", "not_receive"):
        return may_receive_at(official, dossier.centre, scope)
    if action == "deliver":
        return dossier.centre_id in acting
    return False


def require(official: Official, action: DossierAction, dossier: Dossier) -> None:
    """Raise PermissionDenied unless `can(official, action, dossier)`."""
    if not can(official, action, dossier):
        raise PermissionDenied

"""Who may see a discipline case and take each step: the discipline policy.

- The personnel side sees every case: Sở Nội vụ (the units named in the setting
  CONGVU_PERSONNEL_UNITS and their divisions), the heads and leaders over the official's unit,
  the competent person (người có thẩm quyền xử lý kỷ luật) and the council's members.
- The person concerned sees their own case and acts on none of it, even when they manage the
  unit; nobody else in the unit sees it.
- Inspectors read every case and act on none.
- The competent person decides (decision, conclusion without violation, exemption); the personnel
  side (Sở Nội vụ, the unit's heads, the competent person) records the steps of the procedure;
  the council's chair records its ballot and recommendation.
"""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from congvu.discipline.models import DisciplineCase
from congvu.innovation.access import is_personnel
from congvu.org.access import scope_of, sees_everything
from congvu.org.models import Official, Unit

CaseAction = Literal["view", "procedure", "council", "decide"]

# Each action of `discipline.actions`, by the kind of permission it needs.
ACTION_KIND: dict[str, CaseAction] = {
    "notice": "procedure",
    "meeting": "procedure",
    "minutes": "procedure",
    "skip_meeting": "procedure",
    "skip_council": "procedure",
    "form_council": "procedure",
    "postpone": "procedure",
    "resume": "procedure",
    "suspend": "procedure",
    "time_barred": "procedure",
    "lapse": "procedure",
    "ballot": "council",
    "recommend": "council",
    "decide": "decide",
    "no_violation": "decide",
    "exempt": "decide",
}


def visible(official: Official) -> QuerySet[DisciplineCase]:
    if sees_everything(official) or is_personnel(official):
        return DisciplineCase.objects.all()
    scope = scope_of(official)
    council = DisciplineCase.council_members.through.objects.filter(official_id=official.pk)
    return DisciplineCase.objects.filter(
        Q(official=official)
        | Q(unit_id__in=scope.managed_units)
        | Q(handler=official)
        | Q(council_chair=official)
        | Q(pk__in=council.values("disciplinecase_id"))
    )


def _personnel_side(official: Official, case: DisciplineCase) -> bool:
    return (
        case.handler_id == official.pk
        or case.unit_id in scope_of(official).managed_units
        or is_personnel(official)
    )


def can(official: Official, action: CaseAction, case: DisciplineCase) -> bool:
    if action == "view":
        return (
            case.official_id == official.pk
            or sees_everything(official)
            or _personnel_side(official, case)
            or case.council_chair_id == official.pk
            or case.council_members.filter(pk=official.pk).exists()
        )
    if official.is_inspector or case.official_id == official.pk:
        return False
    if action == "procedure":
        return _personnel_side(official, case)
    if action == "council":
        return case.council_chair_id == official.pk
    if action == "decide":
        return case.handler_id == official.pk
    return False


def require(official: Official, action: CaseAction, case: DisciplineCase) -> None:
    if not can(official, action, case):
        raise PermissionDenied


def may_open(official: Official, unit: Unit) -> bool:
    """Who opens a case about an official of `unit`: Sở Nội vụ or a head or leader over it."""
    if official.is_inspector:
        return False
    return is_personnel(official) or unit.pk in scope_of(official).managed_units

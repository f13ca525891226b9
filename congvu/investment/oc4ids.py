"""Projects as an OC4IDS 0.9.4 project package (Open Contracting for Infrastructure Data Standard).

Stages become milestones (milestoneType / milestoneCode codelists), the investor and the units
become parties (partyRole codelist), yearly capital plans become budget breakdowns and
disbursements become transactions. The mapping is documented in docs/investment.md; the test
suite validates the output against the published schema.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Max, Prefetch, QuerySet

from congvu.investment.models import CapitalPlan, Disbursement, Project, Stage, StageKind
from congvu.investment.queries import holding_stage
from congvu.investment.rules import plan_window
from congvu.org.models import Unit

OC4IDS_VERSION = "0.9"
# A project id must begin with a registered prefix ("oc4ids-" + 6 characters, given by the OC4IDS
# helpdesk). Until the province has registered one, this placeholder marks the data as
# unregistered; set CONGVU_OC4IDS_PREFIX to the registered prefix.
DEFAULT_PREFIX = "oc4ids-cvxxxx"
CURRENCY = "VND"
# Vietnam has one time zone and no summer time; dates are local days.
VIETNAM = dt.timezone(dt.timedelta(hours=7))

# stage -> (milestone type, milestone code or None); both codelists are OC4IDS's own.
MILESTONES: dict[str, tuple[str, str | None]] = {
    StageKind.POLICY: ("approval", None),
    StageKind.APPROVAL: ("approval", "projectApproval"),
    StageKind.SITE_CLEARANCE: ("preProcurement", None),
    StageKind.BIDDING: ("procurement", None),
    StageKind.CONSTRUCTION: ("delivery", "completion"),
    StageKind.ACCEPTANCE: ("delivery", "commissioning"),
    StageKind.SETTLEMENT: ("reporting", None),
}

# the stage a project is in -> OC4IDS projectStatus (a closed codelist)
STATUS: dict[str, str] = {
    StageKind.POLICY: "identification",
    StageKind.APPROVAL: "preparation",
    StageKind.SITE_CLEARANCE: "implementation",
    StageKind.BIDDING: "implementation",
    StageKind.CONSTRUCTION: "implementation",
    StageKind.ACCEPTANCE: "completion",
    StageKind.SETTLEMENT: "completion",
}


def prefix() -> str:
    return str(getattr(settings, "CONGVU_OC4IDS_PREFIX", DEFAULT_PREFIX))


def project_id(project: Project) -> str:
    """The OC4IDS id of a project: the registered prefix and the project's code."""
    return f"{prefix()}-{project.code}"


def _datetime(day: dt.date) -> str:
    return dt.datetime.combine(day, dt.time.min, tzinfo=VIETNAM).isoformat()


def _value(amount_vnd: int) -> dict[str, Any]:
    return {"amount": amount_vnd, "currency": CURRENCY}


def _party_id(unit: Unit) -> str:
    return f"unit-{unit.code}"


def _reference(unit: Unit) -> dict[str, str]:
    return {"id": _party_id(unit), "name": unit.name}


def _period(start: dt.date | None, end: dt.date | None) -> dict[str, str] | None:
    period = {}
    if start is not None:
        period["startDate"] = _datetime(start)
    if end is not None:
        period["endDate"] = _datetime(end)
    return period or None


def projects_for_export(projects: QuerySet[Project]) -> QuerySet[Project]:
    """The projects with everything the export reads loaded: a fixed number of queries."""
    return (
        projects.select_related("investor", "investor__parent", "commune")
        .annotate(last_event_at=Max("events__ts"))
        .prefetch_related(
            Prefetch("stages", queryset=Stage.objects.select_related("unit").order_by("position")),
            Prefetch("plans", queryset=CapitalPlan.objects.order_by("year")),
            Prefetch("disbursements", queryset=Disbursement.objects.order_by("on", "pk")),
            "responsible_units",
        )
        .order_by("code")
    )


def project_package(
    projects: QuerySet[Project],
    *,
    as_of: dt.date,
    published: dt.datetime,
    uri: str,
    publisher: str,
) -> dict[str, Any]:
    """An OC4IDS project package of `projects`, with milestone statuses evaluated on `as_of`.

    The schema requires at least one project; the caller refuses an empty export.
    """
    return {
        "uri": uri,
        "publishedDate": published.isoformat(),
        "publisher": {"name": publisher},
        "version": OC4IDS_VERSION,
        "projects": [
            project_release(project, as_of=as_of) for project in projects_for_export(projects)
        ],
    }


def project_release(project: Project, *, as_of: dt.date) -> dict[str, Any]:
    """One project in OC4IDS form (the project must come from `projects_for_export`)."""
    stages: list[Stage] = list(project.stages.all())
    plans: list[CapitalPlan] = list(project.plans.all())
    disbursements: list[Disbursement] = list(project.disbursements.all())
    by_kind = {stage.kind: stage for stage in stages}
    investor = project.investor
    funder = investor.parent or investor

    data: dict[str, Any] = {
        "id": project_id(project),
        "identifiers": [{"id": project.code, "scheme": "congvu-project-code"}],
        "title": project.name,
        "status": _status(project, stages, as_of),
        "type": "construction",
        "sector": _sector(project.sector),
        "publicAuthority": _reference(investor),
        "parties": _parties(project, stages, funder),
        "budget": _budget(project, plans, by_kind, funder),
        "milestones": [m for stage in stages for m in _milestones(stage, as_of)],
    }
    if project.last_event_at is not None:  # type: ignore[attr-defined]  # projects_for_export
        data["updated"] = project.last_event_at.isoformat()  # type: ignore[attr-defined]
    if project.description:
        data["description"] = project.description
    location = _location(project)
    if location:
        data["locations"] = [location]
    planned = [s for s in stages if s.planned_start or s.planned_end]
    if planned:
        period = _period(
            min((s.planned_start for s in planned if s.planned_start), default=None),
            max((s.planned_end for s in planned if s.planned_end), default=None),
        )
        if period:
            data["period"] = period
    for key, kinds in (
        ("identificationPeriod", [StageKind.POLICY]),
        ("preparationPeriod", [StageKind.APPROVAL]),
        (
            "implementationPeriod",
            [StageKind.SITE_CLEARANCE, StageKind.BIDDING, StageKind.CONSTRUCTION],
        ),
        ("completionPeriod", [StageKind.ACCEPTANCE, StageKind.SETTLEMENT]),
    ):
        period = _stages_period([by_kind[k] for k in kinds if k in by_kind])
        if period:
            data[key] = period
    if disbursements:
        data["transactions"] = [
            {
                "id": f"disbursement-{d.pk}",
                "date": _datetime(d.on),
                "value": _value(d.amount_vnd),
                "payer": _reference(investor),
            }
            for d in disbursements
        ]
    handover = by_kind.get(StageKind.ACCEPTANCE)
    if handover is not None and handover.actual_end is not None:
        completion: dict[str, Any] = {"endDate": _datetime(handover.actual_end)}
        if project.status == Project.Status.COMPLETED:
            completion["finalValue"] = _value(sum(d.amount_vnd for d in disbursements))
        data["completion"] = completion
    return data


def _status(project: Project, stages: list[Stage], as_of: dt.date) -> str:
    if project.status == Project.Status.COMPLETED:
        return "completion"
    holding = holding_stage(stages, as_of=as_of)
    if holding is None:
        started = [s for s in stages if s.actual_start is not None]
        return STATUS[started[-1].kind] if started else "identification"
    return STATUS[holding.stage.kind]


def _sector(sector: str) -> list[str]:
    # A subsector comes with its parent, as the standard asks: ["transport", "transport.road"].
    parent = sector.split(".")[0]
    return [parent, sector] if parent != sector else [sector]


def _parties(project: Project, stages: list[Stage], funder: Unit) -> list[dict[str, Any]]:
    roles: dict[int, set[str]] = {}
    units: dict[int, Unit] = {}

    def add(unit: Unit, *names: str) -> None:
        units[unit.pk] = unit
        roles.setdefault(unit.pk, set()).update(names)

    add(project.investor, "publicAuthority", "buyer", "payer")
    add(funder, "funder")
    for unit in project.responsible_units.all():
        add(unit, "administrativeEntity")
    for stage in stages:
        if stage.unit_id != project.investor_id:
            add(stage.unit, "administrativeEntity")
    return [
        {
            "id": _party_id(unit),
            "name": unit.name,
            "roles": sorted(roles[unit.pk]),
            "address": {"countryName": "Việt Nam"},
        }
        for unit in sorted(units.values(), key=lambda u: u.path)
    ]


def _budget(
    project: Project, plans: list[CapitalPlan], by_kind: dict[str, Stage], funder: Unit
) -> dict[str, Any]:
    budget: dict[str, Any] = {"amount": _value(project.total_investment_vnd)}
    approval = by_kind.get(StageKind.APPROVAL)
    if approval is not None and approval.actual_end is not None:
        budget["approvalDate"] = _datetime(approval.actual_end)
    if plans:
        # Two groupings of the same yearly plans: as first assigned, and after adjustments.
        budget["budgetBreakdowns"] = [
            {
                "id": group_id,
                "budgetBreakdown": [
                    {
                        "id": str(plan.year),
                        "amount": _value(getattr(plan, column)),
                        "period": _period(*plan_window(plan.year)),
                        "sourceParty": _reference(funder),
                        "approvalDate": _datetime(plan.assigned_on),
                    }
                    for plan in plans
                ],
            }
            for group_id, column in (
                ("capital-plan-assigned", "assigned_vnd"),
                ("capital-plan-adjusted", "current_vnd"),
            )
        ]
    return budget


def _milestones(stage: Stage, as_of: dt.date) -> list[dict[str, Any]]:
    kind, code = MILESTONES[stage.kind]
    label = str(StageKind(stage.kind).label)
    main: dict[str, Any] = {
        "id": stage.kind,
        "title": label,
        "type": kind,
        "description": stage.unit.name,
        "status": _milestone_status(stage.planned_end, stage.actual_end, as_of),
        "dateModified": _datetime(as_of),
    }
    if code:
        main["code"] = code
    if stage.planned_end:
        main["dueDate"] = _datetime(stage.planned_end)
    if stage.actual_end:
        main["dateMet"] = _datetime(stage.actual_end)
    if stage.kind != StageKind.CONSTRUCTION:
        return [main]
    # Construction has an OC4IDS milestone for its start too (commencement).
    start: dict[str, Any] = {
        "id": "construction-start",
        "title": label,
        "type": "delivery",
        "code": "commencement",
        "description": stage.unit.name,
        "status": _milestone_status(stage.planned_start, stage.actual_start, as_of),
        "dateModified": _datetime(as_of),
    }
    if stage.planned_start:
        start["dueDate"] = _datetime(stage.planned_start)
    if stage.actual_start:
        start["dateMet"] = _datetime(stage.actual_start)
    return [start, main]


def _milestone_status(due: dt.date | None, met: dt.date | None, as_of: dt.date) -> str:
    if met is not None and met <= as_of:
        return "met"
    if due is not None and due < as_of:
        return "notMet"
    return "scheduled"


def _stages_period(stages: list[Stage]) -> dict[str, str] | None:
    starts = [s.actual_start or s.planned_start for s in stages]
    ends = [s.actual_end or s.planned_end for s in stages]
    return _period(
        min((d for d in starts if d), default=None), max((d for d in ends if d), default=None)
    )


def _location(project: Project) -> dict[str, Any] | None:
    address: dict[str, str] = {"countryName": "Việt Nam"}
    if project.commune is not None:
        address["locality"] = project.commune.name
    if project.location:
        address["streetAddress"] = project.location
    if len(address) == 1:
        return None
    location: dict[str, Any] = {"id": "1", "address": address}
    if project.location:
        location["description"] = project.location
    return location


def publisher_name() -> str:
    """The publisher: the People's Committee at the root of the unit tree."""
    root = Unit.objects.filter(parent__isnull=True, valid_to__isnull=True).order_by("pk").first()
    return root.name if root is not None else "congvu"


def export(
    projects: QuerySet[Project], *, as_of: dt.date, published: dt.datetime, uri: str = ""
) -> dict[str, Any]:
    """The package of `projects` as the command and the download publish it."""
    return project_package(
        projects,
        as_of=as_of,
        published=published,
        uri=uri or f"urn:congvu:oc4ids:{as_of.isoformat()}",
        publisher=publisher_name(),
    )

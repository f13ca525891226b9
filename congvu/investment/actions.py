"""The investment actions: the only writers of projects, plans, disbursements and their events.

Each action checks permission, then state, then writes and appends exactly one `ProjectEvent`, in
one transaction. Pages, imports and the demo call these functions; `ts` lets the demo and imports
replay history at its real time, and `on` is the day the fact happened (a stage started, money
paid), which the investor may record a few days later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from congvu.core.errors import ActionError
from congvu.core.eventlog import record_event
from congvu.core.numbers import vnd
from congvu.investment.access import can_register, require
from congvu.investment.models import (
    STAGE_ORDER,
    Activity,
    CapitalPlan,
    Disbursement,
    FundingSource,
    Group,
    PlanAdjustment,
    Project,
    Sector,
    Stage,
    StageKind,
)
from congvu.investment.rules import plan_window, rule, settlement_due
from congvu.org.models import Official, Unit
from congvu.org.text import fold


@dataclass(frozen=True)
class StagePlan:
    """The planned dates and responsible unit of one stage when a project is registered."""

    kind: str
    unit: Unit | None = None  # the investor when None
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None


# Site clearance, bidding and construction overlap in practice (vietnam-rules §9.3): one may end
# while an earlier one of the three is still open; every other stage waits for those before it.
OVERLAPPING = frozenset({StageKind.SITE_CLEARANCE, StageKind.BIDDING, StageKind.CONSTRUCTION})


def _now(ts: dt.datetime | None) -> dt.datetime:
    return ts or timezone.now()


def _not_future(on: dt.date, now: dt.datetime) -> None:
    if on > timezone.localtime(now).date():
        raise ActionError(_("The date cannot be in the future."), code="invalid")


def _positive(amount_vnd: int, message: str) -> None:
    if amount_vnd <= 0:
        raise ActionError(message, code="invalid")


@transaction.atomic
def create_project(
    *,
    by: Official,
    code: str,
    name: str,
    group: str,
    investor: Unit,
    total_investment_vnd: int,
    funding_source: str,
    sector: str = Sector.TRANSPORT,
    commune: Unit | None = None,
    location: str = "",
    description: str = "",
    responsible_units: Iterable[Unit] = (),
    stages: Sequence[StagePlan] = (),
    ts: dt.datetime | None = None,
) -> Project:
    """Register a project (đăng ký dự án) with all seven stages, each held by the investor unless
    `stages` names another unit; the investor, or a leader above it, registers it."""
    if not can_register(by, investor):
        raise PermissionDenied
    code, name = code.strip(), name.strip()
    if not code or not name:
        raise ActionError(_("A project needs a code and a name."), code="invalid")
    if Project.objects.filter(code=code).exists():
        raise ActionError(_("A project with code %(code)s already exists.") % {"code": code})
    if group not in Group.values:
        raise ActionError(_("Unknown project group %(group)s.") % {"group": group}, code="invalid")
    if funding_source not in FundingSource.values:
        raise ActionError(
            _("Unknown funding source %(source)s.") % {"source": funding_source}, code="invalid"
        )
    if sector not in Sector.values:
        raise ActionError(_("Unknown sector %(sector)s.") % {"sector": sector}, code="invalid")
    _positive(total_investment_vnd, _("The total investment must be more than 0 đồng."))
    if investor.valid_to is not None:
        raise ActionError(_("%(unit)s no longer exists.") % {"unit": investor})
    planned = {plan.kind: plan for plan in stages}
    unknown = set(planned) - set(STAGE_ORDER)
    if unknown:
        raise ActionError(
            _("Unknown stage %(stage)s.") % {"stage": ", ".join(sorted(unknown))}, code="invalid"
        )
    for plan in planned.values():
        if plan.planned_start and plan.planned_end and plan.planned_end < plan.planned_start:
            raise ActionError(
                _("The planned end of a stage cannot be before its planned start."),
                code="invalid",
            )
    now = _now(ts)
    project = Project.objects.create(
        code=code,
        name=name,
        name_folded=fold(f"{code} {name}"),
        description=description,
        group=group,
        sector=sector,
        investor=investor,
        total_investment_vnd=total_investment_vnd,
        funding_source=funding_source,
        commune=commune,
        location=location,
        created_at=now,
    )
    project.responsible_units.set([u for u in responsible_units if u.pk != investor.pk])
    Stage.objects.bulk_create(
        Stage(
            project=project,
            kind=kind,
            position=position,
            unit=(planned[kind].unit if kind in planned else None) or investor,
            planned_start=planned[kind].planned_start if kind in planned else None,
            planned_end=planned[kind].planned_end if kind in planned else None,
        )
        for position, kind in enumerate(STAGE_ORDER, start=1)
    )
    record_event(
        project,
        Activity.CREATE,
        actor=by,
        unit=investor,
        ts=now,
        amount_vnd=total_investment_vnd,
        note=name,
    )
    return project


def _previous(stage: Stage) -> Stage | None:
    return (
        Stage.objects.filter(project_id=stage.project_id, position__lt=stage.position)
        .order_by("-position")
        .first()
    )


@transaction.atomic
def schedule_stage(
    stage: Stage,
    *,
    by: Official,
    planned_start: dt.date | None,
    planned_end: dt.date | None,
    note: str = "",
    ts: dt.datetime | None = None,
) -> Stage:
    """Set or move a stage's planned dates (lập, điều chỉnh tiến độ); the investor decides."""
    project = stage.project
    require(by, "manage", project)
    if stage.actual_end is not None:
        raise ActionError(_("A completed stage cannot be rescheduled."), code="illegal_state")
    if planned_start and planned_end and planned_end < planned_start:
        raise ActionError(
            _("The planned end of a stage cannot be before its planned start."), code="invalid"
        )
    if (planned_start, planned_end) == (stage.planned_start, stage.planned_end):
        raise ActionError(_("The stage already has these dates."), code="invalid")
    stage.planned_start, stage.planned_end = planned_start, planned_end
    stage.save(update_fields=["planned_start", "planned_end"])
    record_event(
        project,
        Activity.SCHEDULE_STAGE,
        actor=by,
        unit=stage.unit,
        ts=_now(ts),
        due=planned_end,
        stage=stage.kind,
        note=note,
    )
    return stage


@transaction.atomic
def start_stage(
    stage: Stage, *, by: Official, on: dt.date, note: str = "", ts: dt.datetime | None = None
) -> Stage:
    """Record that a stage has started; the stage before it must have started (stages may
    overlap, as site clearance, bidding and construction do)."""
    project = stage.project
    require(by, "stage", project, stage=stage)
    now = _now(ts)
    if stage.actual_start is not None:
        raise ActionError(_("This stage has already started."), code="illegal_state")
    _not_future(on, now)
    previous = _previous(stage)
    if previous is not None and previous.actual_start is None:
        raise ActionError(
            _("%(stage)s has not started yet.") % {"stage": previous.get_kind_display()},
            code="illegal_state",
        )
    if previous is not None and previous.actual_start and on < previous.actual_start:
        raise ActionError(_("A stage cannot start before the stage before it."), code="invalid")
    stage.actual_start = on
    stage.save(update_fields=["actual_start"])
    record_event(
        project,
        Activity.START_STAGE,
        actor=by,
        unit=stage.unit,
        ts=now,
        due=stage.planned_end,
        stage=stage.kind,
        note=note,
    )
    return stage


@transaction.atomic
def complete_stage(
    stage: Stage, *, by: Official, on: dt.date, note: str = "", ts: dt.datetime | None = None
) -> Stage:
    """Record that a stage is finished and the project passes to the next stage's unit; the
    stages before it must be finished, except that site clearance, bidding and construction may
    end in any order.

    Completing the acceptance stage (handover) schedules the settlement by the deadline of the
    settlement rule in force (ND 193/2026/NĐ-CP Art. 21) when no date was planned; completing the
    settlement closes the project.
    """
    project = stage.project
    require(by, "stage", project, stage=stage)
    now = _now(ts)
    if stage.actual_start is None:
        raise ActionError(
            _("A stage that has not started cannot be completed."), code="illegal_state"
        )
    if stage.actual_end is not None:
        raise ActionError(_("This stage is already completed."), code="illegal_state")
    _not_future(on, now)
    if on < stage.actual_start:
        raise ActionError(_("A stage cannot end before it started."), code="invalid")
    unfinished = [
        earlier
        for earlier in Stage.objects.filter(project_id=project.pk, position__lt=stage.position)
        if earlier.actual_end is None
        and not (earlier.kind in OVERLAPPING and stage.kind in OVERLAPPING)
    ]
    if unfinished:
        raise ActionError(
            _("%(stage)s is not completed yet.") % {"stage": unfinished[0].get_kind_display()},
            code="illegal_state",
        )
    stage.actual_end = on
    stage.save(update_fields=["actual_end"])
    following = (
        Stage.objects.filter(project_id=project.pk, position__gt=stage.position)
        .select_related("unit")
        .order_by("position")
        .first()
    )
    if stage.kind == StageKind.ACCEPTANCE and following and following.planned_end is None:
        following.planned_end = settlement_due(project.group, on)
        following.planned_start = following.planned_start or on
        following.save(update_fields=["planned_start", "planned_end"])
    if following is None:
        project.status = Project.Status.COMPLETED
    record_event(
        project,
        Activity.COMPLETE_STAGE,
        changed=("status",),
        actor=by,
        unit=stage.unit,
        to_unit=following.unit if following else None,
        ts=now,
        due=stage.planned_end,
        stage=stage.kind,
        note=note,
    )
    return stage


@transaction.atomic
def transfer_stage(
    stage: Stage, *, by: Official, to_unit: Unit, reason: str, ts: dt.datetime | None = None
) -> Stage:
    """Hand a stage to another responsible unit (chuyển đơn vị thực hiện), with the reason."""
    project = stage.project
    require(by, "manage", project)
    if stage.actual_end is not None:
        raise ActionError(_("A completed stage cannot be handed over."), code="illegal_state")
    if to_unit.pk == stage.unit_id:
        raise ActionError(_("The stage is already with %(unit)s.") % {"unit": to_unit})
    if to_unit.valid_to is not None:
        raise ActionError(_("%(unit)s no longer exists.") % {"unit": to_unit})
    if not reason.strip():
        raise ActionError(_("Give the reason for the handover."), code="invalid")
    from_unit = stage.unit
    stage.unit = to_unit
    stage.save(update_fields=["unit"])
    record_event(
        project,
        Activity.TRANSFER_STAGE,
        actor=by,
        unit=from_unit,
        to_unit=to_unit,
        ts=_now(ts),
        due=stage.planned_end,
        stage=stage.kind,
        note=reason,
    )
    return stage


@transaction.atomic
def assign_plan(
    project: Project,
    *,
    by: Official,
    year: int,
    amount_vnd: int,
    on: dt.date,
    document: str = "",
    ts: dt.datetime | None = None,
) -> CapitalPlan:
    """Assign a project's capital plan for a year (giao kế hoạch vốn năm)."""
    require(by, "plan", project)
    now = _now(ts)
    _positive(amount_vnd, _("The capital plan must be more than 0 đồng."))
    _not_future(on, now)
    if CapitalPlan.objects.filter(project=project, year=year).exists():
        raise ActionError(
            _("The plan of %(year)s is already assigned; adjust it instead.") % {"year": year},
            code="illegal_state",
        )
    if project.status == Project.Status.COMPLETED:
        raise ActionError(_("A settled project gets no more capital."), code="illegal_state")
    plan = CapitalPlan.objects.create(
        project=project,
        year=year,
        assigned_vnd=amount_vnd,
        current_vnd=amount_vnd,
        assigned_on=on,
        document=document,
    )
    record_event(
        project,
        Activity.ASSIGN_PLAN,
        actor=by,
        unit=project.investor,
        ts=now,
        amount_vnd=amount_vnd,
        note=document,
    )
    return plan


def _disbursed(plan: CapitalPlan) -> int:
    total = Disbursement.objects.filter(plan=plan).aggregate(total=Sum("amount_vnd"))["total"]
    return int(total or 0)


@transaction.atomic
def adjust_plan(
    plan: CapitalPlan,
    *,
    by: Official,
    delta_vnd: int,
    on: dt.date,
    document: str = "",
    reason: str = "",
    ts: dt.datetime | None = None,
) -> PlanAdjustment:
    """Raise or cut a year's plan (điều chỉnh, điều chuyển vốn); never below what is paid."""
    project = plan.project
    require(by, "plan", project)
    now = _now(ts)
    if delta_vnd == 0:
        raise ActionError(_("An adjustment must change the plan."), code="invalid")
    _not_future(on, now)
    if on < plan.assigned_on:
        raise ActionError(_("A plan cannot be adjusted before it was assigned."), code="invalid")
    paid = _disbursed(plan)
    if plan.current_vnd + delta_vnd < paid:
        raise ActionError(
            _("The plan cannot fall below the %(paid)s đồng already disbursed.")
            % {"paid": vnd(paid)},
            code="invalid",
        )
    adjustment = PlanAdjustment.objects.create(
        plan=plan, on=on, delta_vnd=delta_vnd, document=document, reason=reason
    )
    plan.current_vnd += delta_vnd
    plan.save(update_fields=["current_vnd"])
    record_event(
        project,
        Activity.ADJUST_PLAN,
        actor=by,
        unit=project.investor,
        ts=now,
        amount_vnd=delta_vnd,
        note=reason or document,
    )
    return adjustment


@transaction.atomic
def record_disbursement(
    project: Project,
    *,
    by: Official,
    year: int,
    on: dt.date,
    amount_vnd: int,
    document: str = "",
    ts: dt.datetime | None = None,
) -> Disbursement:
    """Record money paid out of the plan of `year` (giải ngân), within the plan year's window
    (to 31/01 of the next year) and, while ND 254/2025/NĐ-CP applies, within the plan."""
    require(by, "disburse", project)
    now = _now(ts)
    _positive(amount_vnd, _("A disbursement must be more than 0 đồng."))
    _not_future(on, now)
    plan = CapitalPlan.objects.filter(project=project, year=year).first()
    if plan is None:
        raise ActionError(
            _("The project has no capital plan for %(year)s.") % {"year": year},
            code="illegal_state",
        )
    first, last = plan_window(year)
    if not first <= on <= last:
        raise ActionError(
            _("The plan of %(year)s is disbursed from %(first)s to %(last)s.")
            % {
                "year": year,
                "first": first.strftime("%d/%m/%Y"),
                "last": last.strftime("%d/%m/%Y"),
            },
            code="invalid",
        )
    within_plan = rule("disbursement_within_plan", on=on)
    if within_plan is not None and within_plan.value:
        paid = _disbursed(plan)
        if paid + amount_vnd > plan.current_vnd:
            raise ActionError(
                _(
                    "This would disburse %(total)s đồng, more than the plan of %(plan)s đồng "
                    "(%(document)s)."
                )
                % {
                    "total": vnd(paid + amount_vnd),
                    "plan": vnd(plan.current_vnd),
                    "document": within_plan.document,
                },
                code="invalid",
            )
    all_paid = Disbursement.objects.filter(project=project).aggregate(total=Sum("amount_vnd"))
    if int(all_paid["total"] or 0) + amount_vnd > project.total_investment_vnd:
        raise ActionError(
            _("Disbursement cannot exceed the total investment of %(total)s đồng.")
            % {"total": vnd(project.total_investment_vnd)},
            code="invalid",
        )
    disbursement = Disbursement.objects.create(
        project=project, plan=plan, on=on, amount_vnd=amount_vnd, document=document
    )
    record_event(
        project,
        Activity.DISBURSE,
        actor=by,
        unit=project.investor,
        ts=now,
        amount_vnd=amount_vnd,
        note=document,
    )
    return disbursement

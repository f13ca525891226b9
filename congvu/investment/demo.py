"""The investment part of the demo province: ≈ 150 projects with realistic behaviour.

Runs on a province that already has its units and people (the task demo builds it; tests build a
small one): investors are found by kind (the project management boards, and ward / commune
People's Committees for group C works), never by fixed ids. Every change goes through the
investment actions at its historical time, so the event log is what real use would leave.

Planted behaviour, kept as ground truth in `PlantedBehaviour`:
- projects stuck in site clearance: the ward holds the stage for two to five times its plan,
  and the project disburses little of its plan (compensation money only);
- one investor that disburses late: most of its payments fall in November to January;
- stages bounced between units: site clearance sent from the ward to a department and back;
- slow contractor selection at some projects of the boards.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from congvu.investment.actions import (
    StagePlan,
    adjust_plan,
    assign_plan,
    complete_stage,
    create_project,
    record_disbursement,
    start_stage,
    transfer_stage,
)
from congvu.investment.models import (
    FundingSource,
    Group,
    PlantedBehaviour,
    Project,
    Sector,
    Stage,
    StageKind,
)
from congvu.investment.queries import plan_year_of
from congvu.investment.rules import plan_window
from congvu.org.models import Official, Post, Unit
from congvu.org.text import fold

MILLION = 1_000_000
BILLION = 1_000 * MILLION

# (sector, name patterns); {place} is a ward / commune name, {n} a number.
WORKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        Sector.ROAD,
        (
            "Nâng cấp, mở rộng đường tỉnh {n} đoạn qua {place}",
            "Đường nối Quốc lộ 18 với {place}",
            "Cải tạo đường liên xã {place}",
            "Đường bao biển đoạn {place}",
        ),
    ),
    (Sector.TRANSPORT, ("Cầu {place} {n}", "Bến thủy nội địa {place}")),
    (
        Sector.FLOOD,
        (
            "Kè chống sạt lở bờ sông {place}",
            "Nâng cấp hồ chứa nước {place}",
            "Đê biển {place} đoạn {n}",
        ),
    ),
    (
        Sector.EDUCATION,
        ("Trường THCS {place}", "Trường mầm non {place} (điểm trường {n})", "Trường THPT {place}"),
    ),
    (Sector.HEALTH, ("Trạm y tế {place}", "Trung tâm y tế khu vực {place}")),
    (Sector.WATER, ("Hệ thống thoát nước {place}", "Nhà máy nước sạch {place}")),
    (Sector.CULTURE, ("Nhà văn hóa {place}", "Sân vận động {place}")),
    (
        Sector.GOVERNANCE,
        ("Trụ sở làm việc UBND {place}", "Trung tâm phục vụ hành chính công {place}"),
    ),
    (Sector.HOUSING, ("Khu tái định cư {place} giai đoạn {n}",)),
)

# Planned days of each stage by group (policy, approval, site clearance, bidding, construction,
# acceptance, settlement), before noise.
DURATIONS: dict[str, tuple[int, int, int, int, int, int, int]] = {
    Group.C: (60, 90, 150, 60, 270, 30, 150),
    Group.B: (90, 150, 240, 90, 540, 45, 210),
    Group.A: (120, 240, 365, 120, 900, 60, 300),
}
GROUP_SIZE = {  # total investment, in billions of đồng
    Group.C: (5, 45),
    Group.B: (60, 900),
    Group.A: (1_000, 4_500),
}


@dataclass
class InvestmentTruth:
    """What the generator planted (also stored as `PlantedBehaviour` rows)."""

    stuck_site_clearance: list[str] = field(default_factory=list)
    late_investor: str = ""
    bounced: list[str] = field(default_factory=list)
    slow_bidding: list[str] = field(default_factory=list)
    projects: int = 0


@dataclass
class _Step:
    order: int  # on the same moment: plan, start, transfer, complete, pay, cut
    at: dt.datetime
    run: Callable[[], object]


@dataclass
class _Cast:
    investors: list[Unit]
    communes: list[Unit]
    departments: list[Unit]
    actors: dict[int, Official]  # unit id -> an official who acts for it
    planner: dict[int, Official]  # parent unit id -> an official who manages it (plans)


def _cast(rng: random.Random) -> _Cast:
    """Find the units and people of the province by kind."""
    active = Unit.objects.filter(valid_to__isnull=True)
    boards = [
        u
        for u in active.filter(kind=Unit.Kind.PUBLIC_SERVICE).order_by("pk")
        if "quan ly du an" in fold(u.name)
    ]
    communes = list(active.filter(kind=Unit.Kind.COMMUNE_PC).order_by("pk"))
    departments = list(active.filter(kind=Unit.Kind.DEPARTMENT).order_by("pk"))
    posts = (
        Post.objects.filter(end__isnull=True, unit__valid_to__isnull=True)
        .filter(Q(official__is_inspector=False))
        .select_related("official", "unit")
        .order_by("unit_id", "role", "pk")
    )
    rank: dict[str, int] = {Post.Role.HEAD: 0, Post.Role.LEADER: 1, Post.Role.MEMBER: 2}
    actors: dict[int, Official] = {}
    best: dict[int, int] = {}
    managers: dict[int, Official] = {}
    for post in posts:
        if rank[post.role] < best.get(post.unit_id, 9):
            best[post.unit_id], actors[post.unit_id] = rank[post.role], post.official
        if post.role == Post.Role.LEADER and post.unit_id not in managers:
            managers[post.unit_id] = post.official
    investors = [u for u in boards if u.pk in actors] or [u for u in departments if u.pk in actors][
        :2
    ]
    commune_investors = [u for u in communes if u.pk in actors]
    rng.shuffle(commune_investors)
    investors += commune_investors[: max(1, len(commune_investors) // 3)]
    return _Cast(
        investors=investors,
        communes=[u for u in communes if u.pk in actors] or communes,
        departments=[u for u in departments if u.pk in actors],
        actors=actors,
        planner=managers,
    )


def build_investment_demo(
    *,
    rng: random.Random,
    today: dt.date,
    count: int = 150,
    progress: Callable[[int], object] | None = None,
) -> InvestmentTruth:
    """Create `count` projects with their history up to `today`; `progress(n)` is called with the
    number of projects just finished (for a progress bar such as `tqdm.update`)."""
    cast = _cast(rng)
    if not cast.investors or not cast.communes:
        raise ValueError("The province needs a project board or a commune with staff first.")
    truth = InvestmentTruth()
    late = rng.choice(cast.investors)
    truth.late_investor = late.code
    existing = Project.objects.count()
    for index in range(count):
        _one_project(cast, rng, today, existing + index + 1, late, truth)
        truth.projects += 1
        if progress is not None:
            progress(1)
    return truth


def _ts(day: dt.date, rng: random.Random) -> dt.datetime:
    """A working-hours moment of `day` in Vietnam time."""
    at = dt.time(rng.randint(7, 16), rng.randint(0, 59))
    return dt.datetime.combine(day, at, tzinfo=timezone.get_current_timezone())


def _one_project(
    cast: _Cast,
    rng: random.Random,
    today: dt.date,
    number: int,
    late: Unit,
    truth: InvestmentTruth,
) -> None:
    # The province's project boards carry most of the capital; wards and communes run small works.
    boards = [u for u in cast.investors if u.kind != Unit.Kind.COMMUNE_PC]
    local = [u for u in cast.investors if u.kind == Unit.Kind.COMMUNE_PC]
    use_board = boards and (not local or rng.random() < 0.55)
    investor = rng.choice(boards) if use_board else rng.choice(local)
    is_commune = investor.kind == Unit.Kind.COMMUNE_PC
    group = Group.C if is_commune else rng.choices([Group.C, Group.B, Group.A], [35, 55, 10])[0]
    commune = investor if is_commune else rng.choice(cast.communes)
    sector, patterns = rng.choice(WORKS)
    place = commune.name.removeprefix("Ủy ban nhân dân ")  # "xã Quảng La", "phường Hồng Gai"
    name = rng.choice(patterns).format(place=place, n=rng.randint(1, 9))
    low, high = GROUP_SIZE[group]
    total = rng.randint(low * 10, high * 10) * BILLION // 10

    stuck = rng.random() < 0.16
    bounced = not stuck and rng.random() < 0.05 and bool(cast.departments)
    slow_bidding = not stuck and not is_commune and rng.random() < 0.08
    begin = today - dt.timedelta(days=rng.randint(120, 5 * 365))

    # Planned dates, then actual dates with noise and the planted delays.
    plans: dict[str, tuple[dt.date, dt.date]] = {}
    actual: dict[str, tuple[dt.date, dt.date]] = {}
    cursor = begin
    actual_cursor = begin + dt.timedelta(days=rng.randint(0, 10))
    kinds = list(StageKind)
    for kind, days in zip(kinds, DURATIONS[group], strict=True):
        planned_days = max(20, round(days * rng.uniform(0.85, 1.15)))
        start = cursor
        if kind == StageKind.BIDDING:  # bidding starts while the site is being cleared
            site = plans[StageKind.SITE_CLEARANCE]
            start = site[0] + (site[1] - site[0]) * 2 // 5
        if kind == StageKind.CONSTRUCTION:
            start = plans[StageKind.BIDDING][1]
        plans[kind] = (start, start + dt.timedelta(days=planned_days))
        factor = rng.uniform(0.9, 1.35)
        if kind == StageKind.SITE_CLEARANCE and stuck:
            factor = rng.uniform(2.2, 5.0)
        if kind == StageKind.BIDDING and slow_bidding:
            factor = rng.uniform(2.0, 3.0)
        a_start = actual_cursor
        if kind == StageKind.BIDDING:
            clearing = actual[StageKind.SITE_CLEARANCE]
            a_start = max(clearing[0] + dt.timedelta(days=30), plans[kind][0])
        if kind == StageKind.CONSTRUCTION:
            a_start = actual[StageKind.BIDDING][1] + dt.timedelta(days=rng.randint(5, 30))
        a_end = a_start + dt.timedelta(days=round(planned_days * factor))
        if kind == StageKind.SITE_CLEARANCE and stuck:
            if a_start > today - dt.timedelta(days=60):
                stuck = False  # not held long enough yet to show
            else:
                a_end = max(a_end, today + dt.timedelta(days=90))  # still held on `today`
        if kind == StageKind.CONSTRUCTION:
            # Works cannot finish before the last plot is handed over.
            a_end = max(a_end, actual[StageKind.SITE_CLEARANCE][1] + dt.timedelta(days=60))
        actual[kind] = (a_start, a_end)
        if kind not in (StageKind.SITE_CLEARANCE, StageKind.BIDDING):
            cursor = plans[kind][1] + dt.timedelta(days=1)
            actual_cursor = a_end + dt.timedelta(days=rng.randint(1, 20))
        elif kind == StageKind.SITE_CLEARANCE:
            cursor = plans[kind][0]
            actual_cursor = a_start
    units: dict[str, Unit] = {StageKind.SITE_CLEARANCE: commune}
    project = create_project(
        by=cast.actors[investor.pk],
        code=f"DA-{begin.year}-{number:04d}",
        name=name,
        group=group,
        sector=sector,
        investor=investor,
        total_investment_vnd=total,
        funding_source=(
            FundingSource.LOCAL
            if is_commune
            else rng.choices(
                [FundingSource.LOCAL, FundingSource.CENTRAL, FundingSource.ODA], [60, 30, 10]
            )[0]
        ),
        commune=commune,
        location=f"{commune.name}",
        stages=[
            StagePlan(kind, unit=units.get(kind), planned_start=start, planned_end=end)
            for kind, (start, end) in plans.items()
        ],
        ts=_ts(begin - dt.timedelta(days=rng.randint(1, 20)), rng),
    )
    stages = {s.kind: s for s in Stage.objects.filter(project=project).select_related("unit")}
    steps: list[_Step] = []
    investor_actor = cast.actors[investor.pk]

    def actor_for(stage: Stage) -> Official:
        return cast.actors.get(stage.unit_id, investor_actor)

    for kind_name, (a_start, a_end) in actual.items():
        stage = stages[kind_name]
        if a_start <= today:
            steps.append(_Step(1, *_bind_start(stage, actor_for, a_start, rng)))
        if a_end <= today:
            steps.append(_Step(3, *_bind_complete(stage, actor_for, a_end, rng)))
    held = stages[StageKind.SITE_CLEARANCE]
    if bounced and actual[StageKind.SITE_CLEARANCE][0] + dt.timedelta(days=60) < today:
        department = rng.choice(cast.departments)
        out_day = actual[StageKind.SITE_CLEARANCE][0] + dt.timedelta(days=rng.randint(20, 40))
        back_day = out_day + dt.timedelta(days=rng.randint(15, 30))
        out = "Vướng xác định giá đất cụ thể, đề nghị Sở chủ trì thẩm định"
        back = "Thuộc thẩm quyền UBND cấp xã theo phân cấp, trả lại địa phương"
        steps.append(_Step(2, *_bind_transfer(held, investor_actor, department, out, rng, out_day)))
        if back_day <= today:
            steps.append(
                _Step(2, *_bind_transfer(held, investor_actor, commune, back, rng, back_day))
            )
        PlantedBehaviour.objects.create(
            kind=PlantedBehaviour.Kind.BOUNCED_STAGE,
            project=project,
            unit=department,
            detail={"stage": StageKind.SITE_CLEARANCE, "out": out_day.isoformat()},
        )
        truth.bounced.append(project.code)

    steps += _money_steps(
        project, cast, rng, today, actual, late=investor.pk == late.pk, stuck=stuck
    )
    for step in sorted(steps, key=lambda s: (s.at, s.order)):
        step.run()

    if stuck:
        PlantedBehaviour.objects.create(
            kind=PlantedBehaviour.Kind.STUCK_SITE_CLEARANCE,
            project=project,
            unit=commune,
            detail={"planned_end": plans[StageKind.SITE_CLEARANCE][1].isoformat()},
        )
        truth.stuck_site_clearance.append(project.code)
    if slow_bidding:
        PlantedBehaviour.objects.create(
            kind=PlantedBehaviour.Kind.SLOW_BIDDING, project=project, unit=investor
        )
        truth.slow_bidding.append(project.code)
    if investor.pk == late.pk:
        PlantedBehaviour.objects.create(
            kind=PlantedBehaviour.Kind.LATE_DISBURSER, project=project, unit=investor
        )


def _bind_start(
    stage: Stage, actor_for: Callable[[Stage], Official], day: dt.date, rng: random.Random
) -> tuple[dt.datetime, Callable[[], object]]:
    at = _ts(day, rng)

    def run() -> object:
        fresh = _fresh(stage)  # its unit may have changed since the plan was made
        return start_stage(fresh, by=actor_for(fresh), on=day, ts=at)

    return at, run


def _bind_complete(
    stage: Stage, actor_for: Callable[[Stage], Official], day: dt.date, rng: random.Random
) -> tuple[dt.datetime, Callable[[], object]]:
    at = _ts(day, rng)

    def run() -> object:
        fresh = _fresh(stage)
        return complete_stage(fresh, by=actor_for(fresh), on=day, ts=at)

    return at, run


def _bind_transfer(
    stage: Stage, by: Official, to_unit: Unit, reason: str, rng: random.Random, day: dt.date
) -> tuple[dt.datetime, Callable[[], object]]:
    at = _ts(day, rng)
    return at, lambda: transfer_stage(_fresh(stage), by=by, to_unit=to_unit, reason=reason, ts=at)


def _fresh(stage: Stage) -> Stage:
    """The stage as it is now, with its project's current version (optimistic locking)."""
    return Stage.objects.select_related("project", "project__investor", "unit").get(pk=stage.pk)


def _money_steps(
    project: Project,
    cast: _Cast,
    rng: random.Random,
    today: dt.date,
    actual: dict[str, tuple[dt.date, dt.date]],
    *,
    late: bool,
    stuck: bool,
) -> list[_Step]:
    """Yearly plans for the last two plan years in which the project has works to pay, and
    monthly payments shaped by the project's behaviour."""
    parent_id = project.investor.parent_id
    planner = cast.planner.get(parent_id) if parent_id is not None else None
    if planner is None:
        return []
    payer = cast.actors[project.investor_id]
    clearance_start = actual[StageKind.SITE_CLEARANCE][0]
    works_end = actual[StageKind.ACCEPTANCE][1]
    current_year = plan_year_of(today)
    steps: list[_Step] = []
    remaining = project.total_investment_vnd
    for year in (current_year - 1, current_year):
        first, last = plan_window(year)
        if clearance_start > dt.date(year, 11, 30) or works_end < first:
            continue
        # Capital comes after approval (§9.3): at the start of the year, or a supplementary plan
        # a few weeks after a mid-year approval.
        approved = actual[StageKind.APPROVAL][1]
        assigned_on = max(
            dt.date(year, 1, rng.randint(5, 20)), approved + dt.timedelta(days=rng.randint(10, 30))
        )
        if assigned_on > min(today, dt.date(year, 11, 30)):
            continue
        years_left = max(1, (works_end - max(first, clearance_start)).days // 365 + 1)
        amount = min(
            remaining, round(remaining / years_left * rng.uniform(0.7, 1.1) / MILLION) * MILLION
        )
        if amount <= 0:
            continue
        remaining -= amount
        steps.append(_Step(0, *_bind_plan(project, planner, year, amount, assigned_on, rng)))
        # Half the projects pay steadily and finish the plan; the others lag and fall short.
        steady = rng.random() < 0.5
        final = rng.uniform(0.97, 1.0) if steady else rng.uniform(0.86, 0.98)
        shape = rng.uniform(0.6, 0.85) if steady else rng.uniform(0.9, 1.3)
        if stuck:
            final = rng.uniform(0.12, 0.35)
        if late:
            shape = 2.6
        window = (last - first).days
        paid_share = 0.0
        month = (assigned_on + dt.timedelta(days=32)).replace(day=1)
        cut_done = False
        while month <= last and month <= today:
            day = month + dt.timedelta(days=rng.randint(5, 24))
            day = min(day, last, today)
            share = final * ((day - first).days / window) ** shape
            pay = round(amount * (share - paid_share) / MILLION) * MILLION
            if pay > 0 and day >= clearance_start:
                paid_share += pay / amount
                steps.append(_Step(5, *_bind_pay(project, payer, year, pay, day, rng)))
            if stuck and not cut_done and day >= dt.date(year, 10, 15):
                # The province moves capital away from a project that cannot spend it.
                cut = round(amount * (1 - final) * 0.5 / MILLION) * MILLION
                steps.append(_Step(6, *_bind_cut(project, planner, year, cut, day, rng)))
                cut_done = True
            month = (month + dt.timedelta(days=32)).replace(day=1)
    return steps


def _bind_plan(
    project: Project, by: Official, year: int, amount: int, day: dt.date, rng: random.Random
) -> tuple[dt.datetime, Callable[[], object]]:
    at = _ts(day, rng)
    document = f"{rng.randint(10, 150)}/QĐ-UBND"
    return at, lambda: assign_plan(
        _project(project), by=by, year=year, amount_vnd=amount, on=day, document=document, ts=at
    )


def _bind_pay(
    project: Project, by: Official, year: int, amount: int, day: dt.date, rng: random.Random
) -> tuple[dt.datetime, Callable[[], object]]:
    at = _ts(day, rng)
    voucher = f"KBNN-{rng.randint(100000, 999999)}"
    return at, lambda: record_disbursement(
        _project(project), by=by, year=year, on=day, amount_vnd=amount, document=voucher, ts=at
    )


def _bind_cut(
    project: Project, by: Official, year: int, amount: int, day: dt.date, rng: random.Random
) -> tuple[dt.datetime, Callable[[], object]]:
    at = _ts(day, rng)

    def run() -> object:
        fresh = _project(project)
        plan = fresh.plans.get(year=year)
        paid = sum(d.amount_vnd for d in plan.disbursements.all())
        delta = -min(amount, plan.current_vnd - paid)
        if delta == 0:
            return None
        return adjust_plan(
            plan,
            by=by,
            delta_vnd=delta,
            on=day,
            document=f"{rng.randint(200, 400)}/QĐ-UBND",
            reason="Điều chuyển vốn do chậm giải phóng mặt bằng",
            ts=at,
        )

    return at, run


def _project(project: Project) -> Project:
    return Project.objects.select_related("investor").get(pk=project.pk)

import datetime as dt

from congvu.investment.actions import (
    adjust_plan,
    assign_plan,
    complete_stage,
    record_disbursement,
    start_stage,
)
from congvu.investment.models import Project, StageKind, TargetPoint
from congvu.investment.queries import (
    by_investor,
    months,
    plan_year_of,
    search_projects,
    slow_projects,
    stage_bottlenecks,
    target_curve,
    target_on,
    totals,
    with_rates,
)
from tests.factories import make_unit
from tests.investment.conftest import TODAY, make_project

BILLION = 1_000_000_000


def _progress(inv, project, kinds, *, start, end=None):
    for kind in kinds:
        stage = project.stages.get(kind=kind)
        start_stage(stage, by=inv.director, on=start)
        if end is not None:
            complete_stage(stage, by=inv.director, on=end)


def _two_projects(inv):
    """A fast project (8 of 10 bn paid) and one stuck in site clearance (1 of 20 bn paid)."""
    chair = inv.province.chair
    fast = make_project(inv, code="DA-001", name="Trường THPT Hòn Gai")
    stuck = make_project(inv, code="DA-002", name="Cầu Bãi Cháy 2")
    for project, plan in ((fast, 10), (stuck, 20)):
        assign_plan(project, by=chair, year=2026, amount_vnd=plan * BILLION,
                    on=dt.date(2026, 1, 5))  # fmt: skip
    for on, amount in ((dt.date(2026, 3, 10), 3), (dt.date(2026, 6, 20), 5)):
        record_disbursement(fast, by=inv.engineer, year=2026, on=on, amount_vnd=amount * BILLION)
    record_disbursement(stuck, by=inv.engineer, year=2026, on=dt.date(2026, 4, 2),
                        amount_vnd=BILLION)  # fmt: skip
    _progress(inv, stuck, [StageKind.POLICY, StageKind.APPROVAL], start=dt.date(2025, 1, 2),
              end=dt.date(2025, 8, 20))  # fmt: skip
    _progress(inv, stuck, [StageKind.SITE_CLEARANCE], start=dt.date(2025, 9, 1))
    return fast, stuck


def test_plan_year_runs_to_the_end_of_january():
    assert plan_year_of(dt.date(2026, 1, 31)) == 2025
    assert plan_year_of(dt.date(2026, 2, 1)) == 2026


def test_default_target_curve_interpolates_between_its_points(db):
    curve = target_curve(2026)

    assert curve[0] == (dt.date(2026, 6, 30), 40)
    assert target_on(curve, dt.date(2026, 6, 30), year=2026) == 0.40
    assert target_on(curve, dt.date(2026, 9, 30), year=2026) == 0.60
    # 15/9 is 77 of the 92 days from 30/6 to 30/9: 40 % + 20 % × 77/92.
    assert round(target_on(curve, dt.date(2026, 9, 15), year=2026), 4) == round(
        0.40 + 0.20 * 77 / 92, 4
    )
    assert target_on(curve, dt.date(2027, 1, 31), year=2026) == 1.0


def test_a_province_curve_replaces_the_default(db):
    TargetPoint.objects.create(year=2026, on=dt.date(2026, 12, 31), percent=100)

    assert target_curve(2026) == [(dt.date(2026, 12, 31), 100)]


def test_rates_per_project_investor_and_total(investment):
    fast, stuck = _two_projects(investment)
    other = make_unit("Ban QLDA công trình giao thông", parent=investment.province.province_pc)

    rated = {p.code: p for p in with_rates(Project.objects.all(), year=2026, as_of=TODAY)}
    money = totals(Project.objects.all(), year=2026, as_of=TODAY)
    rows = by_investor(Project.objects.all(), year=2026, as_of=TODAY)

    assert rated["DA-001"].disbursed_vnd == 8 * BILLION
    assert rated["DA-002"].plan_assigned_vnd == 20 * BILLION
    assert (money.assigned_vnd, money.disbursed_vnd) == (30 * BILLION, 9 * BILLION)
    assert money.rate == 0.3
    assert [(r.investor, r.projects, r.money.rate) for r in rows] == [(investment.ban, 2, 0.3)]
    assert other not in [r.investor for r in rows]


def test_rate_against_the_adjusted_plan_comes_along(investment):
    fast, _stuck = _two_projects(investment)
    plan = fast.plans.get(year=2026)
    adjust_plan(plan, by=investment.province.chair, delta_vnd=-2 * BILLION,
                on=dt.date(2026, 7, 1))  # fmt: skip

    money = totals(Project.objects.filter(pk=fast.pk), year=2026, as_of=TODAY)

    assert (money.rate, money.rate_current) == (0.8, 1.0)


def test_months_accumulate_against_the_target_curve(investment):
    _two_projects(investment)

    money, rows = months(Project.objects.all(), year=2026, as_of=TODAY)

    assert len(rows) == 13
    assert rows[0].month == dt.date(2026, 1, 1)
    assert rows[-1].month == dt.date(2027, 1, 1)
    assert [r.paid_vnd // BILLION for r in rows[:6]] == [0, 0, 3, 1, 0, 5]
    assert rows[5].cumulative_vnd == 9 * BILLION
    assert rows[5].cumulative_rate == 0.3
    assert rows[5].target == 0.40
    assert rows[5].target_vnd == 12 * BILLION
    assert rows[8].cumulative_vnd == 9 * BILLION  # September, under way
    assert rows[9].cumulative_vnd is None  # October has not come
    assert rows[5].report_due == dt.date(2026, 7, 15)


def test_slow_project_is_flagged_with_the_stage_the_ward_holds(investment):
    _fast, stuck = _two_projects(investment)

    rows = slow_projects(Project.objects.all(), year=2026, as_of=TODAY)

    assert [row.project.code for row in rows] == ["DA-002"]
    holding = rows[0].holding
    assert holding.stage.kind == StageKind.SITE_CLEARANCE
    assert holding.stage.unit == investment.province.ward
    assert holding.since == dt.date(2025, 9, 1)
    # Working days, by hand. 31/3 to 15/9/2026: April 20 (27/4 and 30/4 off), May 20 (1/5),
    # June 22, July 23, August 21 (Saturday 22/8 worked, Monday 31/8 off), September 9 (1-2/9
    # off) = 115. 1/9/2025 to 31/3/2026: September 20 (2/9), October 23, November 20, December
    # 23, January 21 (1/1), February 15 (Tết 16-20/2), March 22 = 144; 144 + 115 = 259.
    assert holding.days_held == 259
    assert holding.overrun_days == 115
    target = rows[0].target
    assert rows[0].shortfall_vnd == round(20 * BILLION * target) - BILLION


def test_a_project_on_the_curve_is_not_slow(investment):
    fast, _stuck = _two_projects(investment)

    rows = slow_projects(Project.objects.filter(pk=fast.pk), year=2026, as_of=TODAY)

    assert rows == []


def test_stage_bottlenecks_count_overdue_stages_and_their_units(investment):
    _two_projects(investment)

    rows, holds = stage_bottlenecks(Project.objects.all(), as_of=TODAY)

    clearance = next(r for r in rows if r.kind == StageKind.SITE_CLEARANCE)
    approval = next(r for r in rows if r.kind == StageKind.APPROVAL)
    assert (clearance.open, clearance.overdue) == (1, 1)
    assert clearance.max_days == 259  # working days, see above
    assert (approval.completed, approval.completed_late) == (1, 0)
    assert [(h.unit, h.stages) for h in holds] == [(investment.province.ward, 1)]
    assert holds[0].days_overdue == 115


def test_search_ignores_diacritics(investment):
    _two_projects(investment)

    found = search_projects(Project.objects.all(), text="cau bai chay")

    assert [p.code for p in found] == ["DA-002"]


def test_report_queries_are_constant_in_the_number_of_projects(
    investment, django_assert_num_queries
):
    _two_projects(investment)
    for n in range(3, 8):
        make_project(investment, code=f"DA-00{n}")
    projects = Project.objects.all()

    with django_assert_num_queries(4):
        months(projects, year=2026, as_of=TODAY)
    with django_assert_num_queries(5):  # target curve, plans, payments, projects, stages
        slow_projects(projects, year=2026, as_of=TODAY)
    with django_assert_num_queries(3):
        stage_bottlenecks(projects, as_of=TODAY)
    with django_assert_num_queries(3):
        by_investor(projects, year=2026, as_of=TODAY)

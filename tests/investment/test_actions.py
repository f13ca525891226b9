import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction

from congvu.core.errors import ActionError
from congvu.investment.actions import (
    adjust_plan,
    assign_plan,
    complete_stage,
    record_disbursement,
    start_stage,
    transfer_stage,
)
from congvu.investment.models import Activity, Disbursement, ProjectEvent, StageKind
from tests.investment.conftest import make_project

BILLION = 1_000_000_000


def _stage(project, kind):
    return project.stages.get(kind=kind)


def test_registering_a_project_creates_seven_stages_and_one_event(investment):
    project = make_project(investment)

    stages = list(project.stages.order_by("position"))
    assert [s.kind for s in stages] == [
        "policy", "approval", "site_clearance", "bidding", "construction", "acceptance",
        "settlement",
    ]  # fmt: skip
    assert stages[2].unit == investment.province.ward
    assert stages[5].unit == investment.ban
    assert [e.activity for e in project.events.all()] == [Activity.CREATE]
    assert project.events.get().amount_vnd == 250_000_000_000


def test_outsider_cannot_register_a_project_for_the_investor(investment):
    with pytest.raises(PermissionDenied):
        make_project(investment, by=investment.province.outsider)

    assert not ProjectEvent.objects.exists()


def test_stages_start_and_complete_in_order_and_hand_over_to_the_next_unit(investment):
    project = make_project(investment)
    policy = _stage(project, StageKind.POLICY)
    approval = _stage(project, StageKind.APPROVAL)

    with pytest.raises(ActionError):
        start_stage(approval, by=investment.director, on=dt.date(2025, 2, 1))
    start_stage(policy, by=investment.engineer, on=dt.date(2025, 1, 10))
    start_stage(approval, by=investment.engineer, on=dt.date(2025, 2, 1))
    with pytest.raises(ActionError):
        complete_stage(approval, by=investment.engineer, on=dt.date(2025, 5, 1))
    complete_stage(policy, by=investment.engineer, on=dt.date(2025, 3, 20))
    complete_stage(approval, by=investment.engineer, on=dt.date(2025, 9, 10))

    last = project.events.order_by("-seq").first()
    assert last.activity == Activity.COMPLETE_STAGE
    assert last.stage == StageKind.APPROVAL
    assert last.unit == investment.ban
    assert last.to_unit == investment.province.ward  # site clearance is the ward's
    assert last.due == dt.date(2025, 8, 31)
    assert project.events.count() == 5


def test_the_ward_moves_its_own_stage_but_not_another(investment):
    project = make_project(investment)
    ward_head = investment.province.outsider  # a member of the ward
    start_stage(_stage(project, StageKind.POLICY), by=investment.director, on=dt.date(2025, 1, 2))

    with pytest.raises(PermissionDenied):
        complete_stage(_stage(project, StageKind.POLICY), by=ward_head, on=dt.date(2025, 3, 1))

    assert _stage(project, StageKind.POLICY).actual_end is None
    assert project.events.count() == 2


def test_a_stage_date_cannot_be_in_the_future(investment):
    project = make_project(investment)

    with pytest.raises(ActionError):
        start_stage(_stage(project, StageKind.POLICY), by=investment.director,
                    on=dt.date(2026, 9, 16))  # fmt: skip

    assert _stage(project, StageKind.POLICY).actual_start is None


def test_transfer_of_a_stage_records_both_units(investment):
    project = make_project(investment)
    clearance = _stage(project, StageKind.SITE_CLEARANCE)

    transfer_stage(clearance, by=investment.director, to_unit=investment.province.finance,
                   reason="Vướng giá đất, chuyển Sở Tài chính thẩm định")  # fmt: skip

    event = project.events.order_by("-seq").first()
    assert (event.activity, event.unit, event.to_unit) == (
        Activity.TRANSFER_STAGE, investment.province.ward, investment.province.finance,
    )  # fmt: skip


def test_only_the_committee_above_the_investor_assigns_the_plan(investment):
    project = make_project(investment)

    with pytest.raises(PermissionDenied):
        assign_plan(project, by=investment.director, year=2026, amount_vnd=80 * BILLION,
                    on=dt.date(2026, 1, 5))  # fmt: skip
    plan = assign_plan(project, by=investment.province.chair, year=2026,
                       amount_vnd=80 * BILLION, on=dt.date(2026, 1, 5),
                       document="15/QĐ-UBND")  # fmt: skip

    assert (plan.assigned_vnd, plan.current_vnd) == (80 * BILLION, 80 * BILLION)
    assert project.events.filter(activity=Activity.ASSIGN_PLAN).count() == 1


def test_disbursement_stays_within_the_plan_and_its_window(investment):
    project = make_project(investment)
    chair = investment.province.chair
    assign_plan(project, by=chair, year=2025, amount_vnd=10 * BILLION, on=dt.date(2025, 1, 5))
    record_disbursement(project, by=investment.engineer, year=2025, on=dt.date(2025, 12, 1),
                        amount_vnd=6 * BILLION)  # fmt: skip

    # 31 January of the next year is still in the plan year (rule plan_year_end)...
    record_disbursement(project, by=investment.engineer, year=2025, on=dt.date(2026, 1, 31),
                        amount_vnd=1 * BILLION)  # fmt: skip
    # ...1 February is not.
    with pytest.raises(ActionError, match="31/01/2026"):
        record_disbursement(project, by=investment.engineer, year=2025, on=dt.date(2026, 2, 1),
                            amount_vnd=1 * BILLION)  # fmt: skip
    # More than the plan, once ND 254/2025 applies, is refused with the amounts formatted.
    with pytest.raises(ActionError, match="11.000.000.000"):
        record_disbursement(project, by=investment.engineer, year=2025, on=dt.date(2026, 1, 20),
                            amount_vnd=4 * BILLION)  # fmt: skip

    assert sum(d.amount_vnd for d in Disbursement.objects.all()) == 7 * BILLION
    assert project.events.filter(activity=Activity.DISBURSE).count() == 2


def test_outsider_cannot_record_a_disbursement(investment):
    project = make_project(investment)
    assign_plan(project, by=investment.province.chair, year=2026, amount_vnd=BILLION,
                on=dt.date(2026, 1, 5))  # fmt: skip

    with pytest.raises(PermissionDenied):
        record_disbursement(project, by=investment.province.outsider, year=2026,
                            on=dt.date(2026, 3, 1), amount_vnd=1_000_000)  # fmt: skip

    assert not Disbursement.objects.exists()


def test_plan_cut_cannot_go_below_what_is_paid(investment):
    project = make_project(investment)
    chair = investment.province.chair
    plan = assign_plan(project, by=chair, year=2026, amount_vnd=10 * BILLION,
                       on=dt.date(2026, 1, 5))  # fmt: skip
    record_disbursement(project, by=investment.engineer, year=2026, on=dt.date(2026, 3, 1),
                        amount_vnd=4 * BILLION)  # fmt: skip

    with pytest.raises(ActionError):
        adjust_plan(plan, by=chair, delta_vnd=-7 * BILLION, on=dt.date(2026, 7, 1))
    adjust_plan(plan, by=chair, delta_vnd=-6 * BILLION, on=dt.date(2026, 7, 1),
                document="210/QĐ-UBND", reason="Điều chuyển vốn do chậm GPMB")  # fmt: skip

    plan.refresh_from_db()
    assert (plan.assigned_vnd, plan.current_vnd) == (10 * BILLION, 4 * BILLION)


def test_handover_schedules_the_settlement_by_decree_193(investment):
    project = make_project(investment)
    day = dt.date(2026, 1, 5)
    for kind in list(StageKind)[:5]:
        start_stage(_stage(project, kind), by=investment.director, on=day)
        complete_stage(_stage(project, kind), by=investment.director, on=day)
    acceptance = _stage(project, StageKind.ACCEPTANCE)
    start_stage(acceptance, by=investment.director, on=dt.date(2026, 7, 1))

    complete_stage(acceptance, by=investment.director, on=dt.date(2026, 7, 10))

    # Group B: 6 months to prepare, 2.5 months to appraise, 10 days to approve.
    assert _stage(project, StageKind.SETTLEMENT).planned_end == dt.date(2027, 4, 4)


def test_project_events_cannot_be_changed_even_in_sql(investment):
    project = make_project(investment)

    with pytest.raises(TypeError):
        ProjectEvent.objects.filter(project=project).delete()
    # SQLite aborts with an integrity error, PostgreSQL raises from the trigger function.
    with (
        pytest.raises(DatabaseError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE investment_projectevent SET activity = 'x'")


def test_bidding_may_end_while_site_clearance_is_still_open(investment):
    project = make_project(investment)
    for kind in (StageKind.POLICY, StageKind.APPROVAL):
        start_stage(_stage(project, kind), by=investment.director, on=dt.date(2025, 2, 1))
        complete_stage(_stage(project, kind), by=investment.director, on=dt.date(2025, 8, 1))
    for kind in (StageKind.SITE_CLEARANCE, StageKind.BIDDING):
        start_stage(_stage(project, kind), by=investment.director, on=dt.date(2025, 9, 1))

    complete_stage(_stage(project, StageKind.BIDDING), by=investment.director,
                   on=dt.date(2026, 2, 1))  # fmt: skip

    assert _stage(project, StageKind.BIDDING).actual_end == dt.date(2026, 2, 1)
    assert _stage(project, StageKind.SITE_CLEARANCE).actual_end is None

"""compute_findings stores the detectors' findings with evidence, incrementally, idempotently."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from congvu.findings.actions import fingerprint
from congvu.findings.jobs import cases_to_examine, compute_findings, compute_workload
from congvu.findings.models import ComputationRun, Finding, FindingEvent, HandoverCount, Workload
from congvu.tasks.actions import grant_extension, request_extension
from tests.findings.world import NOW, build_world


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def world(province):
    return build_world(province)


def kinds_of(task):
    return sorted(
        Finding.objects.filter(case_type="task", case_id=str(task.pk), holds=True).values_list(
            "kind", flat=True
        )
    )


def test_a_first_run_stores_every_finding_with_its_evidence_and_a_raised_event(world, province):
    out = StringIO()

    call_command("compute_findings", stdout=out)

    summary = ComputationRun.objects.get()
    assert out.getvalue().startswith(f"cases=9 raised={summary.raised} refreshed=0 cleared=0 ")
    assert summary.raised == Finding.objects.count() > 0
    assert FindingEvent.objects.filter(activity="raised").count() == summary.raised
    bounce = Finding.objects.get(case_type="task", case_id=str(world.bounced.pk), kind="ping_pong")
    transfers = world.bounced.events.filter(activity="transfer").order_by("seq")
    assert bounce.evidence_ids == list(transfers.values_list("pk", flat=True))
    assert bounce.unit == province.finance
    assert bounce.detail == {
        "level": "unit",
        "from": str(province.finance.pk),
        "back_to": str(province.construction.pk),
        "cycle": 2,
    }
    refusal = Finding.objects.get(case_type="task", case_id=str(world.returned.pk), kind="refusal")
    assert (refusal.severity, refusal.official) == ("high", province.head)
    assert kinds_of(world.clean) == []


def test_running_again_without_new_events_changes_nothing(world):
    compute_findings()
    before = list(Finding.objects.order_by("pk").values("pk", "fingerprint", "evidence", "holds"))
    events = FindingEvent.objects.count()

    summary = compute_findings()

    assert (summary.raised, summary.cleared) == (0, 0)
    assert (
        list(Finding.objects.order_by("pk").values("pk", "fingerprint", "evidence", "holds"))
        == before
    )
    assert FindingEvent.objects.count() == events


def test_the_next_run_examines_only_changed_and_open_cases(world):
    compute_findings()
    run = ComputationRun.objects.get()

    examined = cases_to_examine(run)

    # The open tasks (returned, in progress); no event came after the run.
    assert examined == {world.returned.pk, world.stalled.pk}


def test_findings_clear_hold_again_and_grow_as_the_log_and_the_clock_move(
    world, province, frozen_clock
):
    compute_findings()
    overdue = Finding.objects.get(case_type="task", case_id=str(world.stalled.pk), kind="overdue")
    stall = Finding.objects.get(case_type="task", case_id=str(world.stalled.pk), kind="stall")
    request = request_extension(
        world.stalled, by=province.official, new_due=dt.date(2026, 3, 10), reason="Chờ số liệu"
    )
    # The deadline had passed: a late extension, granted with its reason (issue 10).
    grant_extension(request, by=province.clerk, late_reason="Chờ số liệu của Bộ")

    cleared = compute_findings()
    frozen_clock.shift(dt.timedelta(days=20))
    again = compute_findings()
    incremental = set(Finding.objects.filter(holds=True).values_list("fingerprint", flat=True))
    compute_findings(full=True)

    overdue.refresh_from_db()
    stall.refresh_from_db()
    # The extension came after the deadline of 14/2 had passed: it cures nothing (issue 10), so
    # the overdue finding holds throughout, and the late grant is a finding of its own.
    assert (cleared.cleared, again.raised, again.cleared) == (0, 0, 0)
    assert overdue.holds
    assert list(overdue.events.values_list("activity", flat=True)) == ["raised"]
    assert Finding.objects.get(
        case_type="task", case_id=str(world.stalled.pk), kind="late_extension"
    ).holds
    assert (
        Finding.objects.filter(
            case_type="task", case_id=str(world.stalled.pk), kind="overdue"
        ).count()
        == 1
    )
    # The stall is the same finding, refreshed, in working days: silent from Monday 5/1 09:00
    # to Monday 2/3 09:00 = 0.625 + 19 (January) + 15 (February, Tết 16-20 off) + 0.375 = 35,
    # of the 0.625 + 19 + 15 + 7 (2-10 March) = 41.625 now allotted.
    assert (stall.detail["silence_days"], stall.detail["allotted_days"]) == (35, 42)
    assert stall.last_seen_at > stall.detected_at
    assert list(stall.events.values_list("activity", flat=True)) == ["raised"]
    assert set(Finding.objects.filter(holds=True).values_list("fingerprint", flat=True)) == (
        incremental
    )


def test_a_late_extension_clears_the_stall_not_the_overdue(world, province):
    compute_findings()
    request = request_extension(
        world.stalled, by=province.official, new_due=dt.date(2026, 4, 30), reason="Chờ quy hoạch"
    )
    # The deadline had passed: a late extension, granted with its reason (issue 10).
    grant_extension(request, by=province.clerk, late_reason="Chờ số liệu của Bộ")

    summary = compute_findings()

    # 35 silent working days of 41.625 + 15 (11-31 March) + 20 (April, 27/4 and 30/4 off) =
    # 76.625 allotted: no longer a stall. The deadline of 14/2 had lapsed: still overdue, and
    # the grant itself is a late extension.
    assert summary.cleared == 1
    assert kinds_of(world.stalled) == ["late_extension", "overdue"]
    overdue = Finding.objects.get(case_type="task", case_id=str(world.stalled.pk), kind="overdue")
    assert overdue.holds
    assert list(overdue.events.values_list("activity", flat=True)) == ["raised"]


def test_fingerprints_ignore_what_grows_and_keep_what_identifies():
    stall = {"kind": "stall", "case_id": "7", "unit": "3", "actor": None, "detail": "20/30 days"}
    bounce = {"kind": "ping_pong", "case_id": "7", "unit": "3", "actor": None, "detail": "3 > 5"}

    assert fingerprint({**stall, "evidence": "10"}) == fingerprint(
        {**stall, "evidence": "10 11", "detail": "25/30 days"}
    )
    assert fingerprint({**stall, "evidence": "10"}) != fingerprint(
        {**stall, "unit": "4", "evidence": "10"}
    )
    assert fingerprint({**bounce, "evidence": "10 11"}) != fingerprint(
        {**bounce, "evidence": "12 13"}
    )


def test_workload_and_hand_overs_are_rebuilt_per_month(world, province):
    compute_workload()
    written = compute_workload()

    january = dt.date(2026, 1, 1)
    construction = Workload.objects.get(level="unit", unit=province.construction, period=january)
    assert construction.received == 10
    assert construction.handovers_out == 2
    assert (
        Workload.objects.get(level="official", official=province.official, period=january).received
        == 8
    )
    assert sorted(
        HandoverCount.objects.values_list("from_unit", "to_unit", "period", "count")
    ) == sorted(
        [
            (province.construction.pk, province.office.pk, january, 1),
            (province.construction.pk, province.finance.pk, january, 1),
            (province.finance.pk, province.construction.pk, january, 1),
        ]
    )
    assert written == Workload.objects.count() + HandoverCount.objects.count()

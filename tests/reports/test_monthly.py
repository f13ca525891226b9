"""The report's figures against the hand-counted month of `conftest.build_world`."""

from __future__ import annotations

import datetime as dt

import pytest

from congvu.reports.monthly import Sources, build_report, place_of
from congvu.tasks.actions import accept_task, grant_extension, request_extension
from congvu.tasks.queries import ApprovalWait, Counts
from tests.reports.conftest import BILLION, SEPTEMBER, TODAY


def counts(counted: Counts) -> tuple[int, int, int, int]:
    return (counted.done_on_time, counted.done_late, counted.open_on_time, counted.open_overdue)


@pytest.fixture
def report(world):
    return build_report(
        unit=world.desk.province.province_pc,
        month=SEPTEMBER,
        sources=Sources.everything(),
        today=TODAY,
        worst_minimum=1,
    )


def test_header_names_the_province_and_the_month_end(world, report):
    assert report.issuer == world.desk.province.province_pc
    assert report.place == "Quảng Ninh"
    assert place_of(world.desk.province.ward) == "Hạ Long"
    assert (report.month, report.last_day, report.as_of) == (
        dt.date(2026, 9, 1),
        dt.date(2026, 9, 30),
        dt.date(2026, 9, 30),
    )


def test_tasks_in_the_four_categories_per_sub_unit_month_and_year(world, report):
    p = world.desk.province
    lines = {line.label: line for line in report.tasks.lines}

    assert list(lines) == ["Sở Xây dựng", "Sở Tài chính", "UBND tỉnh (trực tiếp chủ trì)"]
    # T8, reported complete on 29/09 (due 30/09) and approved only on 2/10, counts as completed
    # on time by the day it was reported: the approval wait is the province's, not the lead's.
    assert counts(lines["Sở Xây dựng"].month) == (2, 1, 1, 0)
    assert counts(lines["Sở Xây dựng"].year) == (3, 1, 1, 0)
    # The month carries over T5 (due 30/04) and T10 (from 2025), open on 1/09; the year T10.
    assert counts(lines["Sở Tài chính"].month) == (0, 0, 0, 3)
    assert lines["Sở Tài chính"].month.carried_over == 2
    assert counts(lines["Sở Tài chính"].year) == (0, 0, 0, 3)
    assert lines["Sở Tài chính"].year.carried_over == 1
    assert lines["UBND tỉnh (trực tiếp chủ trì)"].unit is None
    assert counts(lines["UBND tỉnh (trực tiếp chủ trì)"].year) == (0, 0, 0, 1)
    assert counts(report.tasks.month_total) == (2, 1, 1, 4)
    assert counts(report.tasks.year_total) == (3, 1, 1, 4)
    # On time over the settled tasks: 2 completed on time of 3 completed and 4 overdue.
    assert report.tasks.month_total.on_time_rate == 2 / 7
    # T8 waited for the province's approval on 30/09, reported the day before.
    assert report.tasks.approval_wait == ApprovalWait(count=1, longest_days=1)
    assert [line.unit for line in report.tasks.most_overdue] == [p.finance, None]
    assert [(o.task.title[:12], o.days_overdue) for o in report.tasks.oldest_overdue] == [
        ("Nhiệm vụ T10", 273),
        ("Nhiệm vụ T5:", 153),
        ("Nhiệm vụ T7:", 21),
        ("Nhiệm vụ T4:", 5),
    ]


def test_signals_open_at_the_month_end_and_reviewed_in_it(report):
    signals = report.signals

    assert [(s.label, s.awaiting_explanation, s.awaiting_review) for s in signals.by_kind] == [
        ("Trả lại, từ chối", 1, 0),
        ("Lâu không có hoạt động", 2, 0),
        ("Quá hạn", 0, 1),
    ]
    assert [(s.label, s.awaiting_explanation, s.awaiting_review) for s in signals.by_unit] == [
        ("Sở Tài chính", 1, 1),
        ("Sở Xây dựng", 2, 0),
    ]
    assert (signals.open_total.awaiting_explanation, signals.open_total.awaiting_review) == (3, 1)
    assert [(r.justified, r.confirmed, r.dismissed) for r in signals.reviews] == [(1, 0, 0)]
    assert signals.reviews_total.total == 1


def test_dossiers_per_processing_unit_and_worst_procedure(world, report):
    rows = {row.label: row for row in report.dossiers.rows}
    construction = rows["Sở Xây dựng"]

    assert (construction.received, construction.early, construction.on_time, construction.late) == (
        4,
        1,
        1,
        1,
    )
    assert (construction.open_within, construction.open_overdue) == (0, 1)
    assert (construction.apologies, construction.overdue_without_letter) == (1, 1)
    assert (rows["Sở Tài chính"].received, rows["Sở Tài chính"].open_within) == (1, 1)
    total = report.dossiers.total
    assert (total.received, total.resolved, total.open_overdue) == (5, 3, 1)
    assert total.on_time_rate == pytest.approx(2 / 3)
    [worst] = report.dossiers.worst_procedures
    assert (worst.key, worst.resolved, worst.late) == (world.desk.procedure.pk, 3, 1)


def test_disbursement_against_plan_and_target_per_investor(world, report):
    investment = report.investment

    assert (investment.year, investment.as_of) == (2026, dt.date(2026, 9, 30))
    assert investment.money.assigned_vnd == 32 * BILLION
    assert investment.money.disbursed_vnd == 10_500_000_000  # the 1 bn of 2/10 not yet
    assert investment.target == pytest.approx(0.60)
    assert investment.target_vnd == 19_200_000_000
    assert [(line.row.investor, line.row.projects) for line in investment.investors] == [
        (world.ban, 2),
        (world.desk.province.ward, 1),
    ]
    assert investment.investors[0].gap == pytest.approx(0.30 - 0.60)
    assert investment.investors[1].gap == pytest.approx(0.75 - 0.60)
    [slow] = investment.slow
    assert slow.project == world.projects["P2"]
    assert slow.shortfall_vnd == 11 * BILLION
    assert slow.holding is not None
    assert slow.holding.stage.unit == world.desk.province.ward
    # Working days from 1/9/2025 to 30/9/2026, by hand: 144 to 31/3/2026 (tests/investment),
    # 115 to 15/9, then 16-18, 21-25, 28-30 September: 270 (394 calendar days).
    assert slow.holding.days_held == 270
    september = next(m for m in investment.months if m.month == SEPTEMBER)
    assert september.cumulative_vnd == 10_500_000_000


def test_recommendations_name_the_units_the_figures_single_out(report):
    assert (
        report.recommendations
        == (
            "Các đơn vị có nhiều nhiệm vụ quá hạn chưa hoàn thành nhất: Sở Tài chính: 3; "
            "UBND tỉnh (trực tiếp chủ trì): 1. Đề nghị các đơn vị rà soát nguyên nhân, xác định "
            "thời hạn hoàn thành từng nhiệm vụ và báo cáo kết quả.",
        )
        + report.recommendations[1:]
    )
    assert "Sở Xây dựng: 2." in report.recommendations[1]
    assert report.recommendations[2].startswith("1 hồ sơ quá hạn chưa có phiếu xin lỗi")
    assert "Ban QLDA tỉnh: 30,0 %." in report.recommendations[3]
    assert "60,0 %" in report.recommendations[3]
    assert report.recommendations[4].startswith("3 dấu hiệu đang chờ")
    assert len(report.recommendations) == 5


def test_a_department_report_counts_only_its_subtree(world):
    p = world.desk.province

    report = build_report(
        unit=p.construction, month=SEPTEMBER, sources=Sources.everything(), today=TODAY
    )

    assert [line.label for line in report.tasks.lines] == [
        "Sở Xây dựng (trực tiếp chủ trì)",
        "Phòng Quy hoạch - Kiến trúc",
    ]
    assert counts(report.tasks.year_total) == (3, 1, 1, 0)
    assert report.signals.open_total.total == 2
    assert report.dossiers.total.received == 4
    assert report.investment.money.assigned_vnd == 0
    assert report.issuer == p.province_pc


def test_the_report_reads_a_fixed_number_of_queries(world, django_assert_num_queries):
    # 26: the approval wait of the unit's own assignments is one aggregate.
    with django_assert_num_queries(26):
        build_report(
            unit=world.desk.province.province_pc,
            month=SEPTEMBER,
            sources=Sources.everything(),
            today=TODAY,
        )


def _task_figures(report):
    t = report.tasks
    return (
        [(line.label, line.month, line.year) for line in t.lines],
        t.month_total,
        t.year_total,
        [line.label for line in t.most_overdue],
        [(o.task.pk, o.days_overdue, o.task.due_at) for o in t.oldest_overdue],
        t.approval_wait,
        report.recommendations[0],
    )


def test_a_past_month_gives_the_same_figures_whatever_was_granted_since(world, time_machine):
    p = world.desk.province
    tasks = world.tasks
    before = build_report(
        unit=p.province_pc, month=SEPTEMBER, sources=Sources.everything(), today=TODAY
    )
    # In October: T3 (division, due 15/10, open on time on 30/09) is extended in time to 30/11;
    # T4 (finance, due 25/09, overdue on 30/09) is extended late, with a reason, to 31/10.
    time_machine.move_to(dt.datetime(2026, 10, 10, 2, 0, tzinfo=dt.UTC), tick=False)
    for task, holder, new_due, late_reason in (
        (tasks["T3"], p.head, dt.date(2026, 11, 30), ""),
        (tasks["T4"], p.finance_head, dt.date(2026, 10, 31), "Chờ ý kiến của Bộ Tài chính"),
    ):
        accept_task(task, by=holder)
        request = request_extension(task, by=holder, new_due=new_due, reason="Chờ số liệu")
        grant_extension(request, by=p.clerk, late_reason=late_reason)
    tasks["T3"].refresh_from_db()
    tasks["T4"].refresh_from_db()
    assert (tasks["T3"].due, tasks["T4"].due) == (dt.date(2026, 11, 30), dt.date(2026, 10, 31))

    after = build_report(
        unit=p.province_pc,
        month=SEPTEMBER,
        sources=Sources.everything(),
        today=dt.date(2026, 10, 12),
    )

    assert _task_figures(after) == _task_figures(before)
    # T4 is still 5 days overdue on 30/09, judged by its deadline of then.
    assert (tasks["T4"].pk, 5, dt.date(2026, 9, 25)) in _task_figures(after)[4]
    # And in October's report the late extension cures nothing: T4 stays overdue.
    october = build_report(
        unit=p.province_pc,
        month=dt.date(2026, 10, 1),
        sources=Sources.everything(),
        today=dt.date(2026, 10, 12),
    )
    finance = next(line for line in october.tasks.lines if line.unit == p.finance)
    assert counts(finance.month) == (0, 0, 0, 3)

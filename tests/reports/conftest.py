"""The report app installed (until the project's settings list it), and a small world of one
month, September 2026, built through the domain actions, whose figures are counted by hand."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from congvu.core.calendar import forget_calendar
from congvu.dossiers.actions import complete_dossier, issue_apology, transfer_dossier
from congvu.dossiers.models import Dossier
from congvu.findings.actions import explain_finding, review_finding
from congvu.findings.models import Finding
from congvu.investment.actions import (
    assign_plan,
    complete_stage,
    record_disbursement,
    start_stage,
)
from congvu.investment.models import Project, StageKind
from congvu.org.models import Post, Unit
from congvu.tasks.actions import accept_task, approve_task, cancel_task, complete_task, create_task
from congvu.tasks.models import Task
from tests.dossiers.conftest import Desk, build_desk, receive
from tests.factories import make_official, make_unit
from tests.findings.world import make_finding
from tests.investment.conftest import Investment, make_project

VN = ZoneInfo("Asia/Ho_Chi_Minh")
SEPTEMBER = dt.date(2026, 9, 1)
TODAY = dt.date(2026, 10, 5)
BILLION = 1_000_000_000


def at(month: int, day: int, hour: int = 9, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=VN)


@pytest.fixture(autouse=True)
def reports_installed(settings: Any) -> None:
    """Templates and catalogue of `congvu.reports`, found as an installed app."""
    if "congvu.reports" not in settings.INSTALLED_APPS:
        settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "congvu.reports"]
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def fresh_calendar() -> Any:
    forget_calendar()
    yield
    forget_calendar()


@dataclass
class World:
    desk: Desk
    ban: Unit  # Ban QLDA tỉnh, an investor
    tasks: dict[str, Task]
    findings: dict[str, Finding]
    dossiers: dict[str, Dossier]
    projects: dict[str, Project]


def _task(desk: Desk, key: str, lead: Unit, created: dt.datetime, due: dt.date) -> Task:
    return create_task(
        by=desk.province.clerk,
        title=f"Nhiệm vụ {key}: rà soát hồ sơ đất đai phường Hạ Long",
        lead_unit=lead,
        field=desk.province.field,
        due=due,
        ts=created,
    )


def _done(task: Task, desk: Desk, completed: dt.datetime, approved: dt.datetime) -> Task:
    p = desk.province
    head = p.finance_head if task.lead_unit == p.finance else p.head
    accept_task(task, by=head, ts=task.created_at + dt.timedelta(hours=1))
    complete_task(task, by=head, result="Đã hoàn thành, có báo cáo kèm theo", ts=completed)
    return approve_task(task, by=p.clerk, ts=approved)


def build_world(time_machine: Any) -> World:
    """Tasks (as of 30/09/2026, month = September, year = since 1/1/2026):

    construction (with its division): T1 done on time, T2 done late, T3 (division) open in time,
    T8 completed 29/09 but approved only on 2/10 (on 30/09: completed on time, awaiting approval),
    all in the month; T6 done on time in February. finance: T4 overdue (month), T5 overdue since
    30/04. The People's Committee itself: T7 overdue (month). T9 cancelled (counts nowhere); T10
    of finance, assigned in 2025 and overdue since 31/12/2025 (carried over into the month and the
    year, first among the oldest)."""
    time_machine.move_to(dt.datetime(2026, 10, 5, 3, 0, tzinfo=dt.UTC), tick=False)
    desk = build_desk()
    p = desk.province
    t: dict[str, Task] = {}
    t["T10"] = _task(desk, "T10", p.finance, at(12, 1, year=2025), dt.date(2025, 12, 31))
    t["T6"] = _done(
        _task(desk, "T6", p.construction, at(2, 2), dt.date(2026, 3, 1)),
        desk,
        at(2, 20),
        at(2, 21),
    )
    t["T5"] = _task(desk, "T5", p.finance, at(3, 2), dt.date(2026, 4, 30))
    t["T1"] = _done(
        _task(desk, "T1", p.construction, at(9, 3), dt.date(2026, 9, 20)),
        desk,
        at(9, 15),
        at(9, 16),
    )
    t["T2"] = _done(
        _task(desk, "T2", p.construction, at(9, 4), dt.date(2026, 9, 10)),
        desk,
        at(9, 12),
        at(9, 13),
    )
    t["T3"] = _task(desk, "T3", p.construction_planning, at(9, 5), dt.date(2026, 10, 15))
    t["T4"] = _task(desk, "T4", p.finance, at(9, 7), dt.date(2026, 9, 25))
    t["T7"] = _task(desk, "T7", p.province_pc, at(9, 8), dt.date(2026, 9, 9))
    t["T8"] = _done(
        _task(desk, "T8", p.construction, at(9, 10), dt.date(2026, 9, 30)),
        desk,
        at(9, 29),
        at(10, 2),
    )
    t["T9"] = _task(desk, "T9", p.construction, at(9, 11), dt.date(2026, 9, 12))
    cancel_task(t["T9"], by=p.clerk, note="Không còn cần thiết", ts=at(9, 11, 15))

    # Signals open on 30/09: F1 (stall, finance), F4 (stall, division; dismissed only on 3/10)
    # and F5 (refusal, construction: its key event is in September, detected only on 2/10) await
    # an explanation, F2 (overdue, finance) awaits review. F3 (ping-pong, construction) was
    # justified on 20/09. F6 is about T11, a task of October: not counted.
    f: dict[str, Finding] = {}
    f["F1"] = make_finding(t["T4"], unit=p.finance, kind="stall", as_of=at(9, 20))
    f["F2"] = make_finding(t["T5"], unit=p.finance, kind="overdue", detail="open_overdue days=5",
                           as_of=at(5, 5))  # fmt: skip
    explain_finding(f["F2"], by=p.finance_official, text="Chờ ý kiến của Bộ", ts=at(5, 10))
    f["F3"] = make_finding(t["T2"], unit=p.construction, kind="ping_pong", detail="1 > 2",
                           as_of=at(9, 12))  # fmt: skip
    explain_finding(f["F3"], by=p.official, text="Sai đơn vị chủ trì ban đầu", ts=at(9, 14))
    review_finding(f["F3"], by=p.chair, decision="justified", note="Có lý do", ts=at(9, 20))
    f["F4"] = make_finding(t["T3"], unit=p.construction_planning, kind="stall", as_of=at(9, 15))
    review_finding(f["F4"], by=p.chair, decision="dismissed", note="Đang chờ số liệu",
                   ts=at(10, 3))  # fmt: skip
    f["F5"] = make_finding(t["T1"], unit=p.construction, kind="refusal", detail="return:other:",
                           as_of=at(10, 2))  # fmt: skip
    t["T11"] = _task(desk, "T11", p.construction, at(10, 2), dt.date(2026, 10, 20))
    f["F6"] = make_finding(t["T11"], unit=p.construction, kind="stall", as_of=at(10, 4))

    # Dossiers received on Monday 14/09 (5 working days: due Monday 21/09) at Sở Xây dựng: A
    # early, B on time, C late with an apology letter, D still open and overdue without one;
    # E (2 days, Sở Tài chính) received 29/09, open within its deadline on 30/09.
    d: dict[str, Dossier] = {}
    for key in "ABCD":
        dossier = receive(desk, at(9, 14), applicant=f"Công dân {key}")
        d[key] = transfer_dossier(dossier, to_unit=p.construction, by=desk.receptionist,
                                  ts=at(9, 14, 10))  # fmt: skip
    due = d["A"].due
    assert due == dt.date(2026, 9, 21)
    complete_dossier(d["A"], by=p.official, ts=at(9, 18))
    complete_dossier(d["B"], by=p.official, ts=at(9, 21))
    issue_apology(d["C"], by=p.official, unit_at_fault=p.construction, reason="Chờ đo đạc",
                  new_due=dt.date(2026, 9, 25), ts=at(9, 17))  # fmt: skip
    complete_dossier(d["C"], by=p.official, ts=at(9, 23))
    e = receive(desk, at(9, 29), procedure=desk.quick, applicant="Công ty Hòn Gai")
    d["E"] = transfer_dossier(e, to_unit=p.finance, by=desk.receptionist, ts=at(9, 29, 10))

    # Investment, plan 2026, target 60 % on 30/09: Ban QLDA's P1 (8 of 10 bn; 1 bn more on 2/10)
    # and P2 (1 of 20 bn, held in site clearance by the ward since 1/9/2025); the ward's own P3
    # (1.5 of 2 bn).
    ban = make_unit("Ban Quản lý dự án đầu tư xây dựng tỉnh", parent=p.province_pc,
                    kind=Unit.Kind.PUBLIC_SERVICE, short_name="Ban QLDA tỉnh")  # fmt: skip
    director = make_official("Đặng Văn Khoa", unit=ban, role=Post.Role.HEAD, position="Giám đốc")
    inv = Investment(province=p, ban=ban, director=director, engineer=director)
    projects = {
        "P1": make_project(inv, code="DA-001", name="Trường THPT Hòn Gai"),
        "P2": make_project(inv, code="DA-002", name="Cầu Bãi Cháy 2"),
        "P3": make_project(inv, code="DA-003", name="Kè suối Lại", investor=p.ward, by=p.outsider),
    }
    for key, plan in (("P1", 10 * BILLION), ("P2", 20 * BILLION), ("P3", 2 * BILLION)):
        assign_plan(projects[key], by=p.chair, year=2026, amount_vnd=plan, on=dt.date(2026, 1, 5))
    for key, on, amount in (
        ("P1", dt.date(2026, 3, 10), 3 * BILLION),
        ("P1", dt.date(2026, 6, 20), 5 * BILLION),
        ("P1", dt.date(2026, 10, 2), 1 * BILLION),
        ("P2", dt.date(2026, 4, 2), 1 * BILLION),
        ("P3", dt.date(2026, 7, 15), 1_500_000_000),
    ):
        by = p.outsider if key == "P3" else director
        record_disbursement(projects[key], by=by, year=2026, on=on, amount_vnd=amount)
    stuck = projects["P2"]
    for kind in (StageKind.POLICY, StageKind.APPROVAL):
        stage = stuck.stages.get(kind=kind)
        start_stage(stage, by=director, on=dt.date(2025, 1, 2))
        complete_stage(stage, by=director, on=dt.date(2025, 8, 20))
    start_stage(stuck.stages.get(kind=StageKind.SITE_CLEARANCE), by=director,
                on=dt.date(2025, 9, 1))  # fmt: skip
    return World(desk=desk, ban=ban, tasks=t, findings=f, dossiers=d, projects=projects)


@pytest.fixture
def world(db: None, time_machine: Any) -> World:
    return build_world(time_machine)

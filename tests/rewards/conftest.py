"""A province with Sở Nội vụ, and helpers that write evidence through each domain's actions:
a task finished early, a signal explained and accepted, a dossier ended, an implemented
proposal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from congvu.dossiers.actions import complete_dossier
from congvu.dossiers.models import Dossier
from congvu.findings.actions import explain_finding, review_finding
from congvu.findings.models import Finding
from congvu.innovation import actions as innovation
from congvu.innovation.models import Proposal
from congvu.org.actions import create_unit
from congvu.org.models import Official, Post, Unit
from congvu.rewards import actions
from congvu.rewards.models import Nomination
from congvu.tasks.actions import (
    accept_task,
    approve_task,
    assign_task,
    complete_task,
    create_task,
    send_back_task,
)
from congvu.tasks.models import Task
from tests.dossiers.conftest import Desk, build_desk, sent
from tests.factories import Province, build_province, make_official
from tests.findings.world import make_finding

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=VN)


@dataclass
class World:
    p: Province
    home_affairs: Unit
    personnel: Official  # Sở Nội vụ
    deputy: Official  # a deputy director of Sở Xây dựng

    @property
    def nominee(self) -> Official:
        return self.p.official

    @property
    def head(self) -> Official:
        return self.p.head

    # Evidence, written through the actions ------------------------------------------------

    def task(
        self,
        *,
        due: dt.date,
        completed: dt.date,
        approved: dt.date | None,
        by: Official | None = None,
        sent_back: bool = False,
        title: str = "Rà soát hồ sơ cấp phép",
    ) -> Task:
        """A task of Sở Xây dựng given on 2 July 2025 or 2 January of a later due's year, done
        by `by` (the nominee) on `completed`, approved on `approved` (None: awaiting approval)."""
        who = by or self.nominee
        start = at(max(dt.date(2025, 7, 2), dt.date(due.year, 1, 2)), 8)
        task = create_task(
            by=self.p.clerk,
            title=title,
            lead_unit=self.p.construction,
            field=self.p.field,
            due=due,
            ts=start,
        )
        accept_task(task, by=self.head, ts=start)
        assign_task(task, to=who, by=self.head, ts=start)
        if sent_back:
            complete_task(task, by=who, result="Bản đầu", ts=at(completed, 8))
            send_back_task(task, by=self.p.clerk, note="Bổ sung số liệu", ts=at(completed, 9))
        complete_task(task, by=who, result="Đã xong", ts=at(completed, 10))
        if approved is not None:
            approve_task(task, by=self.p.clerk, ts=at(approved, 11))
        task.refresh_from_db()
        return task

    def finding(
        self, task: Task, *, explained_by: Official, reviewed: dt.date, decision: str = "justified"
    ) -> Finding:
        finding = make_finding(task, unit=self.p.construction, as_of=at(reviewed, 7))
        explain_finding(
            finding, by=explained_by, text="Chờ ý kiến Sở Tài chính", ts=at(reviewed, 8)
        )
        finding.refresh_from_db()
        review_finding(finding, by=self.p.chair, decision=decision, note="Xem xét", ts=at(reviewed))
        finding.refresh_from_db()
        return finding

    def proposal(self, *, implemented: dt.date | None, title: str = "Thí điểm") -> Proposal:
        """A proposal of the deputy, voted through a week before `implemented`."""
        day = implemented or dt.date(2025, 9, 1)
        proposal = innovation.create_proposal(
            by=self.deputy,
            unit=self.p.construction,
            title=title,
            bottleneck="Chưa có hướng dẫn",
            plan="Thí điểm 6 tháng",
            on=day - dt.timedelta(days=14),
        )
        innovation.submit(proposal, by=self.deputy, head=self.head, on=day - dt.timedelta(days=10))
        innovation.record_vote(
            proposal, by=self.head, ballots={self.head.pk: True}, on=day - dt.timedelta(days=7)
        )
        if implemented is not None:
            innovation.start_implementation(proposal, by=self.deputy, on=implemented)
        proposal.refresh_from_db()
        return proposal

    # Nominations --------------------------------------------------------------------------

    def nominate(self, **kwargs: Any) -> Nomination:
        values: dict[str, Any] = {
            "by": self.head,
            "nominee": self.nominee,
            "unit": self.p.construction,
            "year": 2026,
            "criteria": ["act_true", "dare_act"],
            "achievements": "Hoàn thành sớm các nhiệm vụ cấp phép, không phải làm lại",
            "on": dt.date(2026, 11, 20),
        }
        values.update(kwargs)
        return actions.nominate(**values)


def build_world() -> World:
    p = build_province()
    home_affairs = create_unit(
        code="SNV", name="Sở Nội vụ", kind=Unit.Kind.DEPARTMENT, parent=p.province_pc
    )
    personnel = make_official("Đặng Thị Nga", unit=home_affairs, username="noivu")
    deputy = make_official(
        "Trịnh Văn Khoa", unit=p.construction, role=Post.Role.HEAD, position="Phó Giám đốc"
    )
    return World(p, home_affairs, personnel, deputy)


@pytest.fixture
def world(db: None) -> World:
    """Every post is in force from 1 July 2025 (the factories' merger date)."""
    return build_world()


def ended(desk: Desk, *, by: Official, received: dt.date, completed: dt.date) -> Dossier:
    """A dossier of the desk's 5-day procedure, sent to Sở Xây dựng and resolved by `by`."""
    dossier = sent(desk, at(received))
    return complete_dossier(dossier, by=by, ts=at(completed, 15))


@pytest.fixture
def desk(world: World) -> Desk:
    return build_desk(world.p)

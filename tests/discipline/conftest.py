"""A province with Sở Nội vụ, the person concerned (an official of Sở Xây dựng), the competent
person (the department's head) and a council of three."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from congvu.discipline import actions
from congvu.discipline.models import DisciplineCase
from congvu.discipline.rules import Form
from congvu.org.actions import create_unit
from congvu.org.models import Official, Post, Unit
from tests.factories import Province, build_province, make_official


@dataclass
class World:
    p: Province
    home_affairs: Unit
    personnel: Official  # an official of Sở Nội vụ
    member: Official  # a third council member, of Sở Nội vụ too

    @property
    def person(self) -> Official:
        return self.p.official

    @property
    def handler(self) -> Official:
        return self.p.head

    def open(self, **kwargs: object) -> DisciplineCase:
        values: dict[str, object] = {
            "by": self.personnel,
            "official": self.person,
            "unit": self.p.construction,
            "handler": self.handler,
            "summary": "Chậm giải quyết hồ sơ cấp phép xây dựng, gây bức xúc dư luận",
            "violation_on": dt.date(2025, 11, 3),
            "warranted": Form.REPRIMAND,
            "discovered_on": dt.date(2026, 1, 5),
        }
        values.update(kwargs)
        return actions.open_case(**values)  # type: ignore[arg-type]

    def to_council(self, case: DisciplineCase, on: dt.date) -> None:
        """Notice, meeting and minutes on `on`, and a council of three chaired by the colleague."""
        actions.issue_notice(case, by=self.personnel, on=on)
        actions.hold_meeting(case, by=self.personnel, on=on)
        actions.send_minutes(case, by=self.personnel, on=on)
        actions.form_council(
            case,
            by=self.personnel,
            chair=self.p.colleague,
            members=[self.p.colleague, self.personnel, self.member],
            on=on,
        )

    def decide(self, case: DisciplineCase, on: dt.date, form: str = Form.REPRIMAND) -> None:
        """Through the council to a decision on `on`."""
        self.to_council(case, on)
        actions.record_ballot(case, by=self.p.colleague, yes=3, no=0, forms={form: 3}, on=on)
        actions.send_recommendation(case, by=self.p.colleague, on=on)
        actions.decide(case, by=self.handler, form=form, number="12/QĐ-SXD", on=on)


@pytest.fixture
def world(db: None) -> World:
    p = build_province()
    home_affairs = create_unit(
        code="SNV", name="Sở Nội vụ", kind=Unit.Kind.DEPARTMENT, parent=p.province_pc
    )
    personnel = make_official("Đặng Thị Nga", unit=home_affairs, username="noivu")
    member = make_official("Lý Văn Toàn", unit=home_affairs, role=Post.Role.MEMBER)
    return World(p, home_affairs, personnel, member)

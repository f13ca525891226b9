"""The investment cast: a Ban QLDA (investor) with its director and engineer, on the province."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from congvu.investment.actions import StagePlan, create_project
from congvu.investment.models import FundingSource, Group, Project, StageKind
from congvu.org.models import Official, Post, Unit
from tests.factories import Province, make_official, make_unit

# Every investment test runs "today" on this day unless it says otherwise.
TODAY = dt.date(2026, 9, 15)


@dataclass
class Investment:
    """The province plus an investor (Ban QLDA), its director and its engineer."""

    province: Province
    ban: Unit  # Ban Quản lý dự án đầu tư xây dựng tỉnh: the investor
    director: Official  # head of the Ban QLDA
    engineer: Official  # an official of the Ban QLDA


@pytest.fixture
def investment(province: Province, time_machine: Any) -> Investment:
    time_machine.move_to(dt.datetime(2026, 9, 15, 10, 0, tzinfo=dt.UTC), tick=False)
    ban = make_unit(
        "Ban Quản lý dự án đầu tư xây dựng tỉnh",
        parent=province.province_pc,
        kind=Unit.Kind.PUBLIC_SERVICE,
        short_name="Ban QLDA tỉnh",
    )
    return Investment(
        province=province,
        ban=ban,
        director=make_official(
            "Đặng Văn Khoa", unit=ban, role=Post.Role.HEAD, position="Giám đốc Ban"
        ),
        engineer=make_official("Lương Thị Ngọc", unit=ban),
    )


def make_project(inv: Investment, *, code: str = "DA-001", **kwargs: Any) -> Project:
    """A group B road project of the Ban QLDA; site clearance held by the ward."""
    stages = kwargs.pop(
        "stages",
        [
            StagePlan(StageKind.POLICY, planned_start=dt.date(2025, 1, 1),
                      planned_end=dt.date(2025, 3, 31)),
            StagePlan(StageKind.APPROVAL, planned_start=dt.date(2025, 4, 1),
                      planned_end=dt.date(2025, 8, 31)),
            StagePlan(StageKind.SITE_CLEARANCE, unit=inv.province.ward,
                      planned_start=dt.date(2025, 9, 1), planned_end=dt.date(2026, 3, 31)),
            StagePlan(StageKind.BIDDING, planned_start=dt.date(2026, 1, 1),
                      planned_end=dt.date(2026, 4, 30)),
            StagePlan(StageKind.CONSTRUCTION, planned_start=dt.date(2026, 5, 1),
                      planned_end=dt.date(2027, 6, 30)),
        ],
    )  # fmt: skip
    return create_project(
        by=kwargs.pop("by", inv.director),
        code=code,
        name=kwargs.pop("name", "Đường nối Khu công nghiệp Việt Hưng với Quốc lộ 18"),
        group=kwargs.pop("group", Group.B),
        investor=kwargs.pop("investor", inv.ban),
        total_investment_vnd=kwargs.pop("total_investment_vnd", 250_000_000_000),
        funding_source=kwargs.pop("funding_source", FundingSource.LOCAL),
        commune=kwargs.pop("commune", inv.province.ward),
        location=kwargs.pop("location", "Phường Hạ Long, tỉnh Quảng Ninh"),
        stages=stages,
        ts=kwargs.pop("ts", dt.datetime(2025, 1, 2, 8, 0, tzinfo=dt.UTC)),
        **kwargs,
    )

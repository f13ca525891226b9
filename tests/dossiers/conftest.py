"""The dossier desk: the `province` cast plus a public service centre, its staff and a procedure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from congvu.core.calendar import forget_calendar
from congvu.dossiers.actions import receive_dossier, transfer_dossier
from congvu.dossiers.models import Dossier, Procedure
from congvu.org.models import Official, Post, Unit
from congvu.org.text import fold
from tests.factories import Province, build_province, make_official, make_unit

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    """A local time in Vietnam."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=VN)


@dataclass
class Desk:
    """A province with a public service centre: who receives, who processes, what."""

    province: Province
    centre: Unit
    receptionist: Official  # staff of the centre
    centre_head: Official
    procedure: Procedure  # 5 working days, Sở Xây dựng
    quick: Procedure  # 2 working days, Sở Tài chính


def make_procedure(
    province: Province, *, code: str, name: str, days: int, units: list[Unit], **kwargs: Any
) -> Procedure:
    procedure = Procedure.objects.create(
        code=code,
        name=name,
        name_folded=fold(name),
        field=province.field,
        level=kwargs.pop("level", Procedure.Level.PROVINCE),
        processing_days=days,
        fee_vnd=kwargs.pop("fee_vnd", 0),
        **kwargs,
    )
    procedure.units.set(units)
    return procedure


def build_desk(province: Province | None = None) -> Desk:
    province = province or build_province()
    centre = make_unit(
        "Trung tâm Phục vụ hành chính công tỉnh",
        parent=province.office,
        kind=Unit.Kind.CENTRE,
        short_name="TT PVHCC tỉnh",
    )
    return Desk(
        province=province,
        centre=centre,
        receptionist=make_official("Nguyễn Thị Thu", unit=centre, username="motcua"),
        centre_head=make_official(
            "Trịnh Văn Bình", unit=centre, role=Post.Role.HEAD, position="Giám đốc Trung tâm"
        ),
        procedure=make_procedure(
            province,
            code="1.009972",
            name="Cấp giấy phép xây dựng mới đối với công trình cấp đặc biệt, cấp I, cấp II",
            days=5,
            units=[province.construction],
            fee_vnd=150_000,
            online=Procedure.Online.FULL,
        ),
        quick=make_procedure(
            province,
            code="2.001234",
            name="Đăng ký mã số đơn vị có quan hệ với ngân sách",
            days=2,
            units=[province.finance],
        ),
    )


@pytest.fixture(autouse=True)
def fresh_calendar() -> Iterator[None]:
    forget_calendar()
    yield
    forget_calendar()


@pytest.fixture
def desk(db: None) -> Desk:
    return build_desk()


def receive(desk: Desk, ts: dt.datetime | None = None, **kwargs: Any) -> Dossier:
    return receive_dossier(
        by=kwargs.pop("by", desk.receptionist),
        centre=desk.centre,
        procedure=kwargs.pop("procedure", desk.procedure),
        applicant=kwargs.pop("applicant", "Công ty TNHH Xây dựng Hạ Long"),
        channel=kwargs.pop("channel", Dossier.Channel.IN_PERSON),
        ts=ts or at(2025, 10, 6),
        **kwargs,
    )


def sent(desk: Desk, ts: dt.datetime | None = None, **kwargs: Any) -> Dossier:
    """A dossier received on Monday 6/10/2025 09:00 and sent to Sở Xây dựng at 10:00."""
    dossier = receive(desk, ts, **kwargs)
    return transfer_dossier(
        dossier,
        to_unit=desk.province.construction,
        by=desk.receptionist,
        ts=(ts or at(2025, 10, 6)) + dt.timedelta(hours=1),
    )

"""Factories that build a small world with Vietnamese defaults, through the domain actions."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, fields
from typing import Any

from django.utils import timezone

from congvu.org.actions import create_official, create_unit, give_post
from congvu.org.models import Field, Official, Position, Post, Unit
from congvu.tasks.actions import create_task
from congvu.tasks.models import Task

_counter = itertools.count(1)
PASSWORD = "matkhau-demo-123"


def make_field(code: str = "XD", name: str = "Xây dựng") -> Field:
    field, _created = Field.objects.get_or_create(code=code, defaults={"name": name})
    return field


def make_position(name: str = "Chuyên viên", is_manager: bool = False) -> Position:
    position, _created = Position.objects.get_or_create(
        name=name, defaults={"is_manager": is_manager}
    )
    return position


def make_unit(
    name: str = "Sở Xây dựng",
    *,
    parent: Unit | None = None,
    kind: str = Unit.Kind.DEPARTMENT,
    **kwargs: Any,
) -> Unit:
    return create_unit(code=f"U{next(_counter)}", name=name, kind=kind, parent=parent, **kwargs)


def make_official(
    full_name: str = "Nguyễn Văn An",
    *,
    unit: Unit | None = None,
    role: str = Post.Role.MEMBER,
    position: str = "Chuyên viên",
    **kwargs: Any,
) -> Official:
    n = next(_counter)
    official = create_official(
        code=f"CB{n:05d}",
        full_name=full_name,
        username=kwargs.pop("username", f"user{n}"),
        password=PASSWORD,
        category=kwargs.pop("category", Official.Category.CIVIL_SERVANT),
        **kwargs,
    )
    if unit is not None:
        give_post(
            official,
            unit=unit,
            position=make_position(position, role != Post.Role.MEMBER),
            role=role,
        )
    return official


@dataclass
class Province:
    """A named cast: chair, office, department head, official, inspector, outsider and units."""

    province_pc: Unit
    office: Unit
    construction: Unit
    construction_planning: Unit
    finance: Unit
    ward: Unit
    chair: Official
    clerk: Official  # a member of the office that assigns tasks
    head: Official  # head of the construction department
    official: Official  # an official of the construction department
    colleague: Official  # another official of the construction department
    finance_official: Official
    finance_head: Official
    inspector: Official
    outsider: Official  # an official of a ward, unrelated to the construction department
    field: Field


# Every official of the cast, by attribute name: the role matrices of the tests run over it.
CAST = tuple(field.name for field in fields(Province) if field.type == "Official")


def build_province() -> Province:
    pc = make_unit(
        "Ủy ban nhân dân tỉnh Quảng Ninh", kind=Unit.Kind.PROVINCE_PC, short_name="UBND tỉnh"
    )
    office = make_unit(
        "Văn phòng Ủy ban nhân dân tỉnh",
        parent=pc,
        kind=Unit.Kind.OFFICE,
        short_name="Văn phòng UBND tỉnh",
        assigns_tasks=True,
    )
    construction = make_unit("Sở Xây dựng", parent=pc)
    planning = make_unit(
        "Phòng Quy hoạch - Kiến trúc", parent=construction, kind=Unit.Kind.DIVISION
    )
    finance = make_unit("Sở Tài chính", parent=pc)
    ward = make_unit(
        "Ủy ban nhân dân phường Hạ Long",
        parent=pc,
        kind=Unit.Kind.COMMUNE_PC,
        short_name="UBND phường Hạ Long",
    )
    inspectorate = make_unit("Thanh tra tỉnh", parent=pc, kind=Unit.Kind.INSPECTORATE)
    return Province(
        province_pc=pc,
        office=office,
        construction=construction,
        construction_planning=planning,
        finance=finance,
        ward=ward,
        chair=make_official(
            "Cao Tường Huy",
            unit=pc,
            role=Post.Role.LEADER,
            position="Chủ tịch",
            category=Official.Category.CADRE,
            username="chutich",
        ),
        clerk=make_official("Trần Thị Bích", unit=office, username="vanphong"),
        head=make_official(
            "Lê Minh Đức",
            unit=construction,
            role=Post.Role.HEAD,
            position="Giám đốc",
            username="giamdoc",
        ),
        official=make_official("Phạm Quang Hải", unit=construction, username="chuyenvien"),
        colleague=make_official("Đỗ Thu Hằng", unit=construction),
        finance_official=make_official("Vũ Thị Lan", unit=finance),
        finance_head=make_official(
            "Hoàng Văn Nam", unit=finance, role=Post.Role.HEAD, position="Giám đốc"
        ),
        inspector=make_official(
            "Ngô Thanh Tâm", unit=inspectorate, is_inspector=True, username="thanhtra"
        ),
        outsider=make_official("Bùi Thị Mai", unit=ward),
        field=make_field(),
    )


def make_task(
    province: Province,
    *,
    lead_unit: Unit | None = None,
    due: dt.date | None = None,
    title: str = "Rà soát quy hoạch chung phường Hạ Long",
    **kwargs: Any,
) -> Task:
    return create_task(
        by=kwargs.pop("by", province.clerk),
        title=title,
        lead_unit=lead_unit or province.construction,
        field=kwargs.pop("field", province.field),
        due=due or timezone.localdate() + dt.timedelta(days=30),
        **kwargs,
    )

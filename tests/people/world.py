"""A small world for the rating tests: Sở Nội vụ, a catalogue, and tasks held by the construction
department's officials in March 2026, built through the tasks' own actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from congvu.org.models import Official, Post, Unit
from congvu.people.models import JobPosition, PersonnelUnit, Placement, Product
from congvu.tasks import actions as tasks
from congvu.tasks.models import Task
from tests.factories import Province, make_field, make_official, make_unit

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=VN)


@dataclass
class World:
    province: Province
    personnel: Unit
    officer: Official  # a member of Sở Nội vụ
    position: JobPosition
    product: Product


def build_world(province: Province) -> World:
    personnel = make_unit("Sở Nội vụ", parent=province.province_pc)
    PersonnelUnit.objects.create(unit=personnel)
    officer = make_official("Đặng Thu Trang", unit=personnel, username="noivu")
    position = JobPosition.objects.create(
        unit=province.construction, code="QH", name="Chuyên viên quy hoạch", task_group="Quy hoạch"
    )
    product = Product.objects.create(
        job_position=position,
        code="SP1",
        name="Thẩm định quy hoạch",
        field=province.field,
        coefficient=Decimal("2"),
    )
    for official in (province.official, province.colleague):
        Placement.objects.create(
            official=official, job_position=position, start=dt.date(2026, 1, 1)
        )
    return World(province, personnel, officer, position, product)


def held_task(
    province: Province,
    holder: Official,
    *,
    created: dt.date,
    due: dt.date,
    completed: dt.date | None = None,
    sent_back: dt.date | None = None,
    field_code: str | None = None,
    title: str = "Thẩm định đồ án quy hoạch",
) -> Task:
    """A task given to the construction department, handed to `holder`, optionally completed
    (and sent back once before), approved by the office."""
    field = make_field(field_code, "Khác") if field_code else province.field
    task = tasks.create_task(
        by=province.clerk,
        title=title,
        lead_unit=province.construction,
        field=field,
        due=due,
        ts=at(created),
    )
    tasks.accept_task(task, by=province.head, ts=at(created, 10))
    tasks.assign_task(task, to=holder, by=province.head, ts=at(created, 11))
    if sent_back is not None:
        tasks.complete_task(task, by=holder, result="Dự thảo", ts=at(sent_back, 8))
        tasks.send_back_task(
            task, by=province.clerk, note="Sai nội dung chính", ts=at(sent_back, 9)
        )
    if completed is not None:
        tasks.complete_task(task, by=holder, result="Đã xong", ts=at(completed))
        tasks.approve_task(task, by=province.clerk, ts=at(completed, 15))
    return task


def is_head(official: Official) -> bool:
    return Post.objects.filter(official=official, role=Post.Role.HEAD).exists()

"""A small world of tasks, built through the task actions, where each detector has a case."""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass

from congvu.findings.actions import apply_detection, fingerprint
from congvu.findings.models import Finding
from congvu.org.models import Delegation, Mandate, Position
from congvu.tasks.actions import (
    accept_task,
    assign_task,
    complete_task,
    create_task,
    escalate_task,
    grant_extension,
    remind_task,
    report_progress,
    request_extension,
    request_input,
    respond_input,
    return_task,
    send_back_task,
    transfer_task,
)
from congvu.tasks.models import ReturnReason, Task
from tests.factories import Province

VN = dt.timezone(dt.timedelta(hours=7))
# The clock of the tests that use this world (time_machine); the world's history is before it.
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=VN)
START = dt.datetime(2026, 1, 5, 9, 0, tzinfo=VN)


def at(days: float) -> dt.datetime:
    return START + dt.timedelta(days=days)


def day(days: int) -> dt.date:
    return (START + dt.timedelta(days=days)).date()


@dataclass
class World:
    bounced: Task  # construction -> finance -> construction
    returned: Task  # returned as "not in our mandate" though the field is in its mandate
    escalated: Task  # opinion asked on a decision the official may take alone
    stalled: Task  # accepted, then nothing for most of the allotted time (open)
    extended: Task  # two extensions granted
    coordinated: Task  # input answered after its deadline
    reworked: Task  # completed, then sent back
    clean: Task  # done on time, nothing to say
    reminded: Task  # work started only after a reminder


def build_world(p: Province) -> World:
    Mandate.objects.create(unit=p.construction, field=p.field)
    Delegation.objects.create(
        unit=p.construction,
        position=Position.objects.get(name="Chuyên viên"),
        decision_kind="cap_phep_xay_dung",
    )

    def new(title: str, due: int, start: float = 0, **kwargs: object) -> Task:
        return create_task(
            by=p.clerk,
            title=title,
            lead_unit=p.construction,
            field=p.field,
            due=day(due),
            ts=at(start),
            **kwargs,  # type: ignore[arg-type]
        )

    def started(task: Task, start: float) -> Task:
        accept_task(task, by=p.head, ts=at(start + 0.1))
        assign_task(task, to=p.official, by=p.head, ts=at(start + 0.2))
        return task

    bounced = new("Thẩm định thiết kế cơ sở cầu Cửa Lục 3", 30)
    transfer_task(
        bounced, to_unit=p.finance, by=p.head, reason="Thuộc lĩnh vực tài chính", ts=at(1)
    )
    transfer_task(bounced, to_unit=p.construction, by=p.finance_head, reason="Không đúng", ts=at(2))
    started(bounced, 2)
    complete_task(bounced, by=p.official, result="Đã thẩm định", ts=at(10))

    returned = new("Rà soát hồ sơ cấp phép xây dựng nhà ở riêng lẻ", 30)
    return_task(
        returned, by=p.head, reason=ReturnReason.NOT_IN_MANDATE, note="Không thuộc", ts=at(1)
    )

    escalated = started(new("Cấp phép xây dựng công trình trường học", 40), 0)
    escalate_task(
        escalated,
        by=p.official,
        to=p.head,
        question="Xin ý kiến cấp phép",
        decision_kind="cap_phep_xay_dung",
        ts=at(3),
    )
    complete_task(escalated, by=p.official, result="Đã cấp phép", ts=at(8))

    stalled = started(new("Kiểm tra trật tự xây dựng phường Hạ Long", 40), 0)

    extended = started(new("Báo cáo tiến độ dự án nhà ở xã hội", 10), 0)
    first = request_extension(
        extended, by=p.official, new_due=day(20), reason="Chờ số liệu", ts=at(5)
    )
    grant_extension(first, by=p.clerk, ts=at(6))
    second = request_extension(
        extended, by=p.official, new_due=day(30), reason="Chờ số liệu", ts=at(15)
    )
    grant_extension(second, by=p.clerk, ts=at(16))
    complete_task(extended, by=p.official, result="Đã báo cáo", ts=at(25))

    coordinated = started(
        new("Lập dự toán kinh phí chỉnh trang đô thị", 40, coordinating_units=[p.finance]), 0
    )
    request = request_input(
        coordinated,
        to_unit=p.finance,
        question="Đề nghị cho ý kiến dự toán",
        answer_due=day(5),
        by=p.official,
        ts=at(1),
    )
    respond_input(request, by=p.finance_official, answer="Ý kiến của Sở Tài chính", ts=at(9))
    complete_task(coordinated, by=p.official, result="Đã lập dự toán", ts=at(12))

    reworked = started(new("Báo cáo rà soát nhà chung cư cũ", 40), 0)
    report_progress(reworked, by=p.official, percent=50, note="Đã rà soát một nửa", ts=at(3))
    complete_task(reworked, by=p.official, result="Đã rà soát", ts=at(6))
    send_back_task(reworked, by=p.clerk, note="Thiếu số liệu", ts=at(7))
    complete_task(reworked, by=p.official, result="Đã bổ sung", ts=at(9))

    clean = started(new("Tổng hợp báo cáo tháng", 20), 0)
    report_progress(clean, by=p.official, percent=50, note="Đang tổng hợp", ts=at(4))
    complete_task(clean, by=p.official, result="Đã tổng hợp", ts=at(8))
    reminded = new("Rà soát bảng giá vật liệu xây dựng quý I", 40)
    remind_task(reminded, by=p.clerk, note="Đề nghị khẩn trương thực hiện", ts=at(5))
    started(reminded, 5)
    complete_task(reminded, by=p.official, result="Đã rà soát", ts=at(9))

    return World(
        bounced, returned, escalated, stalled, extended, coordinated, reworked, clean, reminded
    )


def typed(kind: str, text: str, *, official: bool = False) -> dict[str, object]:
    """The typed detail of a finding written the short way the detectors once wrote it
    (``12 > 7``, ``20/30 days``): the conversion of the migration that made details typed."""
    migration = importlib.import_module("congvu.findings.migrations.0003_findings_on_any_case")
    detail: dict[str, object] = migration.typed_detail(kind, text, official=official)
    return detail


def make_finding(
    task: Task,
    *,
    unit: object,
    official: object | None = None,
    kind: str = "stall",
    evidence: str = "",
    detail: str = "20/30 days",
    as_of: dt.datetime = NOW,
) -> Finding:
    """A stored finding, raised the way a computation raises one (through apply_detection)."""
    first = task.events.order_by("seq").first()
    row = {
        "kind": kind,
        "case_id": str(task.pk),
        "unit": str(unit.pk),  # type: ignore[attr-defined]
        "actor": str(official.pk) if official is not None else None,  # type: ignore[attr-defined]
        "severity": "medium",
        "ts": first.ts if first else as_of,
        "evidence": evidence or (str(first.pk) if first else ""),
        "detail": typed(kind, detail, official=official is not None),
    }
    apply_detection([row], examined=set(), as_of=as_of)
    return Finding.objects.get(fingerprint=fingerprint(row))

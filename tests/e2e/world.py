"""A small province with a few months of tasks in every state, for the browser test and for
looking at the pages by hand: `python -m tests.e2e.make_world` (with DATABASE_URL or
CONGVU_VAR_DIR set)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from congvu.org.models import Post, Unit
from congvu.tasks import actions
from congvu.tasks.models import DirectiveDocument, ReturnReason
from tests.factories import Province, build_province, make_field, make_official, make_unit

TITLES = [
    "Rà soát quy hoạch chung phường Hạ Long",
    "Giải phóng mặt bằng dự án đường bao biển Hạ Long - Cẩm Phả",
    "Đẩy nhanh giải ngân vốn đầu tư công năm 2025",
    "Cấp giấy chứng nhận quyền sử dụng đất tồn đọng",
    "Xử lý kiến nghị của doanh nghiệp về thủ tục đầu tư",
    "Báo cáo tình hình thực hiện chuyển đổi số quý III",
    "Kiểm tra an toàn công trình xây dựng trên địa bàn",
    "Lập kế hoạch đấu thầu mua sắm thiết bị y tế",
    "Sắp xếp trụ sở làm việc sau sáp nhập đơn vị hành chính",
    "Tháo gỡ vướng mắc định giá đất cụ thể",
    "Rà soát thủ tục hành chính lĩnh vực xây dựng",
    "Đôn đốc tiến độ dự án nhà ở xã hội",
]


def build_world(*, tasks: int = 60, seed: int = 7) -> Province:
    """The `province` cast plus a few more units and `tasks` tasks spread over four months."""
    rng = random.Random(seed)
    p = build_province()
    fields = [p.field, make_field("DD", "Đất đai"), make_field("TC", "Tài chính - Ngân sách")]
    extra = [
        make_unit("Sở Nông nghiệp và Môi trường", parent=p.province_pc),
        make_unit("Sở Y tế", parent=p.province_pc),
        make_unit(
            "Ủy ban nhân dân phường Bãi Cháy",
            parent=p.province_pc,
            kind=Unit.Kind.COMMUNE_PC,
            short_name="UBND phường Bãi Cháy",
        ),
    ]
    heads = {p.construction.pk: p.head, p.finance.pk: p.finance_head}
    members = {p.construction.pk: [p.official, p.colleague], p.finance.pk: [p.finance_official]}
    for unit in extra:
        heads[unit.pk] = make_official(
            f"Trưởng {unit.name}", unit=unit, role=Post.Role.HEAD, position="Giám đốc"
        )
        members[unit.pk] = [make_official(f"Chuyên viên {unit.name}", unit=unit)]
    ward_head = make_official(
        "Đinh Văn Quý", unit=p.ward, role=Post.Role.HEAD, position="Chủ tịch UBND phường"
    )
    heads[p.ward.pk] = ward_head
    members[p.ward.pk] = [p.outsider]
    leads = [p.construction, p.finance, p.ward, *extra]
    now = timezone.now()
    document = DirectiveDocument.objects.create(
        number="1234/UBND-TH",
        issued_on=(now - dt.timedelta(days=120)).date(),
        signer="Cao Tường Huy",
        issuer=p.office,
        summary="Chỉ đạo đẩy nhanh tiến độ các nhiệm vụ trọng tâm",
    )
    for n in range(tasks):
        start = now - dt.timedelta(days=rng.randint(1, 120), hours=rng.randint(0, 8))
        lead = rng.choice(leads)
        others = [u for u in leads if u.pk != lead.pk]
        task = actions.create_task(
            by=p.clerk,
            title=f"{TITLES[n % len(TITLES)]} (đợt {n // len(TITLES) + 1})",
            lead_unit=lead,
            field=rng.choice(fields),
            due=(start + dt.timedelta(days=rng.randint(10, 60))).date(),
            coordinating_units=rng.sample(others, rng.randint(0, 2)),
            document=document if n % 3 == 0 else None,
            supervisor=p.chair,
            ts=start,
        )
        _play(task, p, heads, members, rng, start, now)
    return p


def _play(task, p, heads, members, rng, start, now):  # type: ignore[no-untyped-def]
    """Move a task through a random but legal stretch of its life, at past times."""
    t = start

    def step(hours: int) -> dt.datetime | None:
        nonlocal t
        t = t + dt.timedelta(hours=hours)
        return t if t < now else None

    roll = rng.random()
    if roll < 0.12:
        return  # still new
    when = step(rng.randint(2, 72))
    if when is None:
        return
    head = heads[task.lead_unit_id]
    if roll < 0.2:
        other = rng.choice([u for u in heads if u != task.lead_unit_id])
        actions.transfer_task(
            task,
            to_unit=Unit.objects.get(pk=other),
            by=head,
            reason="Nội dung thuộc chức năng của đơn vị khác",
            ts=when,
        )
        return
    if roll < 0.25:
        actions.return_task(
            task, by=head, reason=ReturnReason.MISSING_INFORMATION, note="Thiếu hồ sơ", ts=when
        )
        return
    actions.accept_task(task, by=head, ts=when)
    when = step(rng.randint(1, 48))
    if when is None:
        return
    official = rng.choice(members[task.lead_unit_id])
    actions.assign_task(task, to=official, by=head, ts=when)
    when = step(rng.randint(24, 400))
    if when is None or roll < 0.45:
        return
    if roll < 0.55:
        actions.request_extension(
            task,
            by=official,
            new_due=task.due + dt.timedelta(days=15),
            reason="Chờ ý kiến phối hợp",
            ts=when,
        )
        return
    actions.report_progress(task, by=official, percent=60, note="Đã dự thảo báo cáo", ts=when)
    when = step(rng.randint(24, 600))
    if when is None:
        return
    actions.complete_task(task, by=official, result="Đã hoàn thành, gửi kèm báo cáo", ts=when)
    when = step(rng.randint(2, 96))
    if when is None or roll > 0.93:
        return
    actions.approve_task(task, by=p.clerk, ts=when)

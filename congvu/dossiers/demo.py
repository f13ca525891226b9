"""The dossiers of the demo province: a procedure catalogue and ≈ 50,000 dossiers over 12 months,
replayed through the actions, with planted behaviour and its ground truth.

It runs on the organisation the task demo built and finds what it needs by unit kind: the
provincial public service centre (a centre under an office), the commune centres (centres under a
commune People's Committee), departments and commune divisions with staff posted in them.

Planted (recorded in `PlantedDossierPattern`): a land procedure that is often late, a department
that sends dossiers back to the centre as "not in our mandate" (chuyển trả), and a commune procedure
whose applicants are asked for supplements twice. Everything else is background: mostly early or
on time, a few late, some supplement requests, some inter-unit steps, 2 % left to stall, apology
letters for about half of the late dossiers (the other half is what the "late without a letter"
flag finds).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import transaction

from congvu.core.calendar import add_working_days, is_working_day, working_days_between
from congvu.core.errors import ActionError
from congvu.dossiers import actions
from congvu.dossiers.models import PlantedDossierPattern, Procedure, ReturnReason
from congvu.org.models import Field, Mandate, Official, Post, Unit
from congvu.org.text import fold

VN = ZoneInfo("Asia/Ho_Chi_Minh")

# (code, name, field, working days, online, fee in đồng, legal basis)
ProcedureSpec = tuple[str, str, str, int, str, int, str]
PROVINCE_PROCEDURES: tuple[ProcedureSpec, ...] = (
    (
        "1.009972",
        "Cấp giấy phép xây dựng mới đối với công trình cấp I, cấp II",
        "XD",
        20,
        "partial",
        150_000,
        "Luật Xây dựng 2014 sửa đổi 2020; Nghị định 175/2024/NĐ-CP",
    ),
    (
        "1.009974",
        "Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, hạng III",
        "XD",
        20,
        "full",
        300_000,
        "Nghị định 175/2024/NĐ-CP",
    ),
    (
        "1.009994",
        "Thẩm định báo cáo nghiên cứu khả thi đầu tư xây dựng",
        "XD",
        30,
        "partial",
        0,
        "Nghị định 175/2024/NĐ-CP",
    ),
    (
        "1.001777",
        "Cấp giấy phép thi công công trình trên đường bộ đang khai thác",
        "GT",
        7,
        "full",
        0,
        "Luật Đường bộ 2024",
    ),
    (
        "1.004227",
        "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
        "DD",
        10,
        "partial",
        50_000,
        "Luật Đất đai 2024; Nghị định 151/2025/NĐ-CP",
    ),
    (
        "1.012790",
        "Giao đất, cho thuê đất không thông qua đấu giá quyền sử dụng đất",
        "DD",
        20,
        "none",
        0,
        "Luật Đất đai 2024; Nghị định 102/2024/NĐ-CP",
    ),
    (
        "1.010727",
        "Cấp giấy phép môi trường",
        "MT",
        30,
        "partial",
        0,
        "Luật Bảo vệ môi trường 2020; Nghị định 08/2022/NĐ-CP",
    ),
    (
        "1.004086",
        "Cấp giấy phép khai thác, sử dụng nước mặt",
        "NN",
        30,
        "partial",
        0,
        "Luật Tài nguyên nước 2023",
    ),
    (
        "2.001610",
        "Đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên",
        "CT",
        3,
        "full",
        50_000,
        "Luật Doanh nghiệp 2020; Nghị định 168/2025/NĐ-CP",
    ),
    (
        "2.002031",
        "Đăng ký thay đổi nội dung đăng ký doanh nghiệp",
        "CT",
        3,
        "full",
        50_000,
        "Nghị định 168/2025/NĐ-CP",
    ),
    (
        "1.009645",
        "Quyết định chủ trương đầu tư dự án của Ủy ban nhân dân cấp tỉnh",
        "DT",
        35,
        "none",
        0,
        "Luật Đầu tư 2020",
    ),
    (
        "1.012276",
        "Cấp mới giấy phép hành nghề khám bệnh, chữa bệnh",
        "YT",
        20,
        "partial",
        360_000,
        "Luật Khám bệnh, chữa bệnh 2023",
    ),
    (
        "1.002425",
        "Cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
        "YT",
        15,
        "full",
        500_000,
        "Nghị định 15/2018/NĐ-CP",
    ),
    (
        "1.005099",
        "Cho phép trung tâm giáo dục kỹ năng sống hoạt động",
        "GD",
        15,
        "partial",
        0,
        "Nghị định 125/2024/NĐ-CP",
    ),
    (
        "1.001029",
        "Cấp giấy phép tổ chức biểu diễn nghệ thuật",
        "VH",
        5,
        "full",
        0,
        "Nghị định 144/2020/NĐ-CP",
    ),
    (
        "1.004623",
        "Cấp giấy phép kinh doanh dịch vụ lữ hành nội địa",
        "DL",
        10,
        "full",
        3_000_000,
        "Luật Du lịch 2017",
    ),
    (
        "2.000205",
        "Cấp giấy phép lao động cho người lao động nước ngoài",
        "XH",
        5,
        "full",
        600_000,
        "Nghị định 219/2025/NĐ-CP",
    ),
    (
        "2.001417",
        "Cấp phiếu lý lịch tư pháp cho công dân Việt Nam",
        "TP",
        10,
        "full",
        200_000,
        "Luật Lý lịch tư pháp 2009",
    ),
    (
        "1.003654",
        "Cấp giấy phép thiết lập trang thông tin điện tử tổng hợp",
        "KH",
        10,
        "full",
        0,
        "Nghị định 147/2024/NĐ-CP",
    ),
)
COMMUNE_PROCEDURES: tuple[ProcedureSpec, ...] = (
    ("1.001193", "Đăng ký khai sinh", "XH", 1, "full", 0, "Luật Hộ tịch 2014"),
    ("1.000656", "Đăng ký khai tử", "XH", 1, "full", 0, "Luật Hộ tịch 2014"),
    ("1.000894", "Đăng ký kết hôn", "XH", 5, "partial", 0, "Luật Hộ tịch 2014"),
    (
        "2.000815",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        "XH",
        1,
        "partial",
        2_000,
        "Nghị định 23/2015/NĐ-CP",
    ),
    (
        "1.012960",
        "Đăng ký, cấp giấy chứng nhận quyền sử dụng đất lần đầu",
        "DD",
        20,
        "partial",
        100_000,
        "Luật Đất đai 2024; Nghị định 101/2024/NĐ-CP",
    ),
    (
        "1.011605",
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        "XD",
        15,
        "partial",
        75_000,
        "Nghị định 175/2024/NĐ-CP",
    ),
    (
        "2.000575",
        "Đăng ký thành lập hộ kinh doanh",
        "CT",
        3,
        "full",
        100_000,
        "Nghị định 168/2025/NĐ-CP",
    ),
    (
        "1.001739",
        "Xác nhận hộ nghèo, hộ cận nghèo phát sinh trong năm",
        "XH",
        7,
        "none",
        0,
        "Nghị định 07/2021/NĐ-CP",
    ),
    (
        "2.002163",
        "Hỗ trợ khôi phục sản xuất vùng bị thiệt hại do thiên tai",
        "NN",
        10,
        "none",
        0,
        "Nghị định 09/2025/NĐ-CP",
    ),
)
LATE_PROCEDURE = "1.004227"  # land registration changes: the planted "often late" procedure
SUPPLEMENT_PROCEDURE = "1.012960"  # first land-use certificates: applicants asked twice
BOUNCING_PROCEDURE = "1.010727"  # the department of environmental permits bounces dossiers

APPLICANT_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
APPLICANT_GIVEN = ("Văn An", "Thị Bình", "Minh Châu", "Quốc Dũng", "Thu Hà", "Đức Hải", "Thị Lan")
COMPANIES = ("Công ty TNHH", "Công ty cổ phần", "Hợp tác xã")
COMPANY_NAMES = ("Hạ Long Xanh", "Bãi Cháy", "Vân Đồn", "Cẩm Phả", "Đông Bắc", "Tuần Châu")


@dataclass
class DossierDemo:
    """What the demo built, for the caller's summary."""

    procedures: int
    dossiers: int
    events: int
    seconds: float
    patterns: dict[str, int] = field(default_factory=dict)


@dataclass
class _Clock:
    """Where a dossier's replay is: a working day and an hour that only move forward."""

    day: dt.date
    hour: float


@dataclass
class _Desk:
    """A centre with its staff and the processing units it sends each procedure to."""

    centre: Unit
    staff: list[Official]
    procedures: list[tuple[Procedure, Unit]]


def _members(kinds: tuple[str, ...], today: dt.date) -> dict[int, list[Official]]:
    """Officials with a post in force in units of `kinds` (inspectors excluded), by unit id."""
    posts = (
        Post.objects.in_force(today)
        .filter(unit__kind__in=kinds, unit__valid_to__isnull=True)
        .filter(official__is_inspector=False)
        .select_related("official")
        .order_by("unit_id", "pk")
    )
    found: dict[int, list[Official]] = defaultdict(list)
    for post in posts:
        found[post.unit_id].append(post.official)
    return found


def _catalogue(
    specs: tuple[ProcedureSpec, ...], level: str, candidates: list[Unit]
) -> list[Procedure]:
    """Create the procedures, each responsible to the candidate units whose mandate has its field
    (all candidates when none has)."""
    fields = {f.code: f for f in Field.objects.all()}
    by_field: dict[str, list[Unit]] = defaultdict(list)
    ids = {u.pk: u for u in candidates}
    for unit_id, code in Mandate.objects.filter(unit__in=candidates).values_list(
        "unit_id", "field__code"
    ):
        by_field[code].append(ids[unit_id])
    created = []
    for code, name, field_code, days, online, fee, basis in specs:
        field_row = fields.get(field_code) or next(iter(fields.values()))
        procedure, _new = Procedure.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_folded": fold(name),
                "field": field_row,
                "level": level,
                "processing_days": days,
                "online": online,
                "fee_vnd": fee,
                "legal_basis": basis,
            },
        )
        procedure.units.set(by_field.get(field_code) or candidates)
        created.append(procedure)
    return created


def _desks(today: dt.date) -> tuple[list[_Desk], list[Procedure]]:
    units = list(Unit.objects.filter(valid_to__isnull=True).select_related("parent"))
    members = _members((Unit.Kind.CENTRE, Unit.Kind.DEPARTMENT, Unit.Kind.DIVISION), today)
    centres = [u for u in units if u.kind == Unit.Kind.CENTRE and members.get(u.pk)]
    province_centres = [c for c in centres if c.parent and c.parent.kind == Unit.Kind.OFFICE]
    commune_centres = [c for c in centres if c.parent and c.parent.kind == Unit.Kind.COMMUNE_PC]
    departments = [u for u in units if u.kind == Unit.Kind.DEPARTMENT and members.get(u.pk)]
    divisions = [
        u
        for u in units
        if u.kind == Unit.Kind.DIVISION
        and members.get(u.pk)
        and u.parent is not None
        and u.parent.kind == Unit.Kind.COMMUNE_PC
    ]
    if not province_centres or not departments:
        raise ActionError("The demo needs a provincial centre and departments with staff.")
    province_procedures = _catalogue(PROVINCE_PROCEDURES, Procedure.Level.PROVINCE, departments)
    commune_procedures = (
        _catalogue(COMMUNE_PROCEDURES, Procedure.Level.COMMUNE, divisions) if divisions else []
    )
    responsible = {
        p.pk: set(p.units.values_list("pk", flat=True))
        for p in province_procedures + commune_procedures
    }
    desks = []
    for centre in province_centres:
        pairs = [
            (p, next(d for d in departments if d.pk in responsible[p.pk]))
            for p in province_procedures
            if any(d.pk in responsible[p.pk] for d in departments)
        ]
        desks.append(_Desk(centre, members[centre.pk], pairs))
    for centre in commune_centres:
        local = [d for d in divisions if d.parent_id == centre.parent_id]
        pairs = []
        for procedure in commune_procedures:
            own = [d for d in local if d.pk in responsible[procedure.pk]] or local
            if own:
                pairs.append((procedure, own[0]))
        if pairs:
            desks.append(_Desk(centre, members[centre.pk], pairs))
    return desks, province_procedures + commune_procedures


def _moment(day: dt.date, hour: float) -> dt.datetime:
    minutes = int(hour * 60)
    return dt.datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=VN)


def _applicant(rng: random.Random) -> str:
    if rng.random() < 0.25:
        return f"{rng.choice(COMPANIES)} {rng.choice(COMPANY_NAMES)}"
    return f"{rng.choice(APPLICANT_FAMILY)} {rng.choice(APPLICANT_GIVEN)}"


def build_dossier_demo(
    *,
    rng: random.Random,
    today: dt.date,
    count: int = 50_000,
    progress: Callable[[str, int, int], None] | None = None,
) -> DossierDemo:
    """Create the catalogue and `count` dossiers received over the 12 months before `today`,
    each replayed through the actions up to now; returns what was built and how long it took.

    `progress(stage, done, total)` is called after every batch of 500 dossiers (stage
    "dossiers"), like the task demo's progress callback.
    """
    started = time.perf_counter()
    desks, procedures = _desks(today)
    members = _members((Unit.Kind.DEPARTMENT, Unit.Kind.DIVISION), today)
    province_desks = [d for d in desks if d.centre.parent and d.centre.parent.kind == "office"]
    commune_desks = [d for d in desks if d not in province_desks]
    departments = sorted(
        {unit.pk: unit for desk in province_desks for _p, unit in desk.procedures}.values(),
        key=lambda u: u.pk,
    )
    bouncer = next(
        (u for d in province_desks for p, u in d.procedures if p.code == BOUNCING_PROCEDURE),
        departments[0],
    )
    planted: dict[str, list[int]] = defaultdict(list)
    now = _moment(today, 17.5)
    first = add_working_days(today - dt.timedelta(days=365), 1)
    days = [
        first + dt.timedelta(days=n)
        for n in range((today - first).days + 1)
        if is_working_day(first + dt.timedelta(days=n))
    ]
    events = created = 0
    batch = 500
    for start in range(0, count, batch):
        with transaction.atomic():
            for n in range(start, min(count, start + batch)):
                desk = rng.choice(
                    province_desks if rng.random() < 0.35 or not commune_desks else commune_desks
                )
                procedure, unit = rng.choice(desk.procedures)
                made = _one(
                    rng,
                    n,
                    desk,
                    procedure,
                    unit,
                    day=rng.choice(days),
                    now=now,
                    members=members,
                    departments=departments,
                    bouncer=bouncer,
                    planted=planted,
                )
                events += made
                created += 1 if made else 0
        if progress is not None:
            progress("dossiers", min(count, start + batch), count)
    patterns = _record_patterns(planted, procedures, bouncer)
    return DossierDemo(
        procedures=len(procedures),
        dossiers=created,
        events=events,
        seconds=time.perf_counter() - started,
        patterns=patterns,
    )


def _one(
    rng: random.Random,
    n: int,
    desk: _Desk,
    procedure: Procedure,
    unit: Unit,
    *,
    day: dt.date,
    now: dt.datetime,
    members: dict[int, list[Official]],
    departments: list[Unit],
    bouncer: Unit,
    planted: dict[str, list[int]],
) -> int:
    """Receive one dossier and replay its life up to `now`; returns the number of its events."""
    clerk = rng.choice(desk.staff)
    online = procedure.online != Procedure.Online.NONE and rng.random() < 0.55
    channel = "online" if online else ("post" if rng.random() < 0.05 else "in_person")
    hour = rng.uniform(7.5, 17.4) if not online else rng.uniform(6, 23)
    received_at = _moment(day, hour)
    if received_at > now:
        return 0
    # The portal statuses 1, 3, 6 and 7 draw on their own generator, seeded by the dossier's
    # number, so that the main sequence (and the planted patterns it decides) is not shifted.
    extra = random.Random(n)
    code = f"{desk.centre.code}-{received_at:%y%m%d}-{n:06d}"
    applicant = _applicant(rng)
    if online and extra.random() < 0.3:
        # Submitted on the portal (1), accepted (2) or not (3) at the centre some hours later;
        # the clock starts at the acceptance, after the cut-off on the next working day.
        dossier = actions.submit_dossier(
            by=clerk,
            centre=desk.centre,
            procedure=procedure,
            applicant=applicant,
            code=code,
            ts=received_at,
        )
        accepted_at = min(received_at + dt.timedelta(hours=extra.uniform(0.5, 20)), now)
        if extra.random() < 0.08:
            actions.not_receive_dossier(
                dossier, by=clerk, note="Hồ sơ không thuộc thẩm quyền tiếp nhận", ts=accepted_at
            )
            return 2
        actions.accept_dossier(dossier, by=clerk, ts=accepted_at)
        events = 2
    else:
        dossier = actions.receive_dossier(
            by=clerk,
            centre=desk.centre,
            procedure=procedure,
            applicant=applicant,
            channel=channel,
            code=code,
            ts=received_at,
        )
        events = 1
    officer = rng.choice(members[unit.pk])
    # The working day the unit works on, and a clock that only moves forward.
    cursor = _Clock(dossier.received_on, 8.0 if received_at.date() != dossier.received_on else hour)

    def at(working_days: int, hours: float = 1.0) -> dt.datetime:
        if working_days:
            cursor.day = add_working_days(cursor.day, working_days)
            cursor.hour = rng.uniform(7.5, 9.0)
        cursor.hour = min(cursor.hour + hours, 23.5)
        return _moment(cursor.day, cursor.hour)

    def goto(day: dt.date, hours: float = 1.0) -> dt.datetime:
        return at(max(0, working_days_between(cursor.day, day)), hours)

    def due_in() -> int:
        return working_days_between(cursor.day, dossier.due)

    def span(day: dt.date) -> int:
        return max(0, working_days_between(cursor.day, day))

    ts = at(0, rng.uniform(0.2, 2))
    if ts > now:
        return events
    actions.transfer_dossier(dossier, to_unit=unit, by=clerk, ts=ts)
    events += 1
    if unit.pk == bouncer.pk and rng.random() < 0.4:
        ts = at(rng.randint(1, 3))
        if ts > now:
            return events
        actions.return_dossier(
            dossier,
            by=officer,
            reason=ReturnReason.NOT_IN_MANDATE,
            note="Đề nghị chuyển cơ quan có thẩm quyền",
            ts=ts,
        )
        ts = at(1)
        if ts > now:
            return events + 1
        actions.transfer_dossier(
            dossier, to_unit=unit, by=clerk, note="Đúng thẩm quyền, đề nghị xử lý", ts=ts
        )
        events += 2
        planted["bouncing_unit"].append(dossier.pk)
    # Supplements: background 12 %, twice for the planted procedure.
    asks = 0
    if procedure.code == SUPPLEMENT_PROCEDURE and rng.random() < 0.35:
        asks = 2
        planted["supplements"].append(dossier.pk)
    elif rng.random() < 0.12:
        asks = 1 if rng.random() < 0.9 else 2
    for _ask in range(asks):
        ts = at(rng.randint(0, 2), 1.5)
        if ts > now:
            return events
        actions.request_supplement(dossier, by=officer, note="Bổ sung giấy tờ còn thiếu", ts=ts)
        ts = at(rng.randint(1, 6))
        if ts > now:
            return events + 1
        actions.receive_supplement(dossier, by=clerk, ts=ts)
        events += 2
    # Fees or taxes (6): the clock stops until they are paid; now and then the result is issued
    # with the payment (6 -> 9, below). A few applicants withdraw their dossier (7 -> 8).
    paid_with_result = False
    if procedure.fee_vnd > 0 and extra.random() < 0.1:
        ts = _moment(cursor.day, min(cursor.hour + 1, 23.5))
        if ts > now:
            return events
        actions.request_fees(dossier, by=officer, note="Nộp phí, lệ phí theo quy định", ts=ts)
        events += 1
        if extra.random() < 0.2:
            paid_with_result = True
        else:
            cursor.day = add_working_days(cursor.day, extra.randint(1, 4))
            cursor.hour = extra.uniform(7.5, 10.0)
            ts = _moment(cursor.day, cursor.hour)
            if ts > now:
                return events
            actions.receive_fees(dossier, by=clerk, ts=ts)
            events += 1
    if not paid_with_result and extra.random() < 0.01:
        cursor.day = add_working_days(cursor.day, extra.randint(0, 2))
        ts = _moment(cursor.day, min(cursor.hour + 1, 23.5))
        if ts > now:
            return events
        actions.withdraw_dossier(dossier, by=clerk, note="Người nộp có đơn xin rút hồ sơ", ts=ts)
        actions.stop_dossier(dossier, by=clerk, ts=ts)
        return events + 2
    # Inter-unit step: a department asks another to handle its part, and gets it back.
    holder = unit
    if (
        procedure.level == Procedure.Level.PROVINCE
        and len(departments) > 1
        and rng.random() < 0.1
        and not paid_with_result
    ):
        other = rng.choice([d for d in departments if d.pk != unit.pk])
        ts = at(rng.randint(0, 2))
        if ts > now:
            return events
        actions.transfer_dossier(dossier, to_unit=other, by=officer, ts=ts)
        ts = at(rng.randint(1, 3))
        if ts > now:
            return events + 1
        actions.transfer_dossier(dossier, to_unit=unit, by=rng.choice(members[other.pk]), ts=ts)
        events += 2
    # When the holder finishes: mostly within the time, the planted procedure often late.
    late_share = 0.45 if procedure.code == LATE_PROCEDURE else 0.07
    is_late = rng.random() < late_share
    if is_late:
        finish = add_working_days(dossier.due, rng.randint(1, 6))
        if procedure.code == LATE_PROCEDURE:
            planted["late_procedure"].append(dossier.pk)
    else:
        finish = add_working_days(cursor.day, rng.randint(0, max(0, due_in())))
    for _step in range(0 if paid_with_result else rng.randint(1, 2)):
        ts = goto(add_working_days(cursor.day, rng.randint(0, max(0, span(finish) // 2))))
        if ts > now:
            return events
        actions.record_step(
            dossier, by=rng.choice(members[holder.pk]), note="Thẩm định hồ sơ", ts=ts
        )
        events += 1
    if rng.random() < 0.02:
        return events  # left to stall: nobody finishes it (no recorded activity)
    issue_day = add_working_days(dossier.due, -2)
    if not paid_with_result and is_late and rng.random() < 0.55 and issue_day >= cursor.day:
        # An apology letter, two working days before the appointment date; a third of the new
        # dates are missed by a working day (flagged on the pages), when that is still later
        # than the appointment date.
        ts = goto(issue_day)
        if ts > now:
            return events
        new_due = add_working_days(finish, rng.choice((0, 0, 1, 2)))
        if extra.random() < 0.33 and add_working_days(finish, -1) > dossier.due:
            new_due = add_working_days(finish, -1)
        actions.issue_apology(
            dossier,
            by=officer,
            unit_at_fault=holder,
            reason="Cần thêm thời gian thẩm định, lấy ý kiến cơ quan liên quan",
            new_due=new_due,
            ts=ts,
        )
        events += 1
    ts = goto(finish, 2)
    if ts > now:
        return events
    if rng.random() < 0.03 and not paid_with_result:  # no refusal while the fees are awaited
        actions.refuse_dossier(
            dossier,
            by=officer,
            reason=ReturnReason.NOT_ELIGIBLE,
            note="Hồ sơ không đủ điều kiện theo quy định",
            ts=ts,
        )
        return events + 1
    actions.complete_dossier(dossier, by=rng.choice(members[holder.pk]), ts=ts)
    events += 1
    ts = at(rng.choice((0, 0, 1, 1, 2, 3)))
    if ts > now:
        return events
    actions.deliver_result(dossier, by=clerk, ts=ts)
    return events + 1


def _record_patterns(
    planted: dict[str, list[int]], procedures: list[Procedure], bouncer: Unit
) -> dict[str, int]:
    by_code = {p.code: p for p in procedures}
    specs = (
        (
            PlantedDossierPattern.Kind.LATE_PROCEDURE,
            by_code.get(LATE_PROCEDURE),
            None,
            "Đăng ký biến động đất đai: gần một nửa hồ sơ trễ hạn.",
        ),
        (
            PlantedDossierPattern.Kind.BOUNCING_UNIT,
            by_code.get(BOUNCING_PROCEDURE),
            bouncer,
            "Đơn vị trả lại 40% hồ sơ cho Trung tâm với lý do không đúng thẩm quyền, "
            "rồi nhận lại đúng hồ sơ đó.",
        ),
        (
            PlantedDossierPattern.Kind.SUPPLEMENTS,
            by_code.get(SUPPLEMENT_PROCEDURE),
            None,
            "Cấp giấy chứng nhận lần đầu: 35% hồ sơ bị yêu cầu bổ sung hai lần.",
        ),
    )
    counts = {}
    through = PlantedDossierPattern.dossiers.through
    for kind, procedure, unit, description in specs:
        pattern = PlantedDossierPattern.objects.create(
            kind=kind, procedure=procedure, unit=unit, description=description
        )
        ids = planted.get(kind, [])
        through.objects.bulk_create(
            [through(planteddossierpattern_id=pattern.pk, dossier_id=i) for i in ids],
            batch_size=2000,
        )
        counts[str(kind)] = len(ids)
    return counts

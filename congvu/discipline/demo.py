"""Discipline cases and innovation proposals for the demo province (the background part).

Built on the demo's organisation (Sở Xây dựng, Sở Nội vụ, their heads, deputies and members)
through the actions, with dates relative to `today`: a case near its limitation date, one
postponed, one before the council, one in effect, one lapsed, one concluded without violation,
one exempted for an implemented innovation; proposals in every state. Sở Nội vụ's officer opens
the cases (the login `noivu`, designated by the people demo).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from congvu.discipline import actions
from congvu.discipline.models import DisciplineCase, Exemption, Pause
from congvu.discipline.rules import Form
from congvu.innovation import actions as innovation
from congvu.innovation.models import Achievement, Proposal
from congvu.org.models import Official, Post, Unit

BOTTLENECK = "Quy định hiện hành chưa hướng dẫn trường hợp này; hồ sơ chờ ý kiến nhiều nơi"
PLAN = "Thí điểm 6 tháng tại phường Hạ Long; tổ công tác liên ngành; kinh phí thường xuyên"


@dataclass(frozen=True)
class Crew:
    unit: Unit
    head: Official
    deputies: list[Official]
    members: list[Official]


def _crew(code: str, on: dt.date) -> Crew | None:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        return None
    posts = list(
        Post.objects.in_force(on)
        .filter(unit=unit, is_primary=True)
        .select_related("official", "position")
        .order_by("official__full_name")
    )
    managing = [p for p in posts if p.role != Post.Role.MEMBER or p.position.is_manager]
    heads = [p.official for p in managing if not p.position.name.startswith("Phó")]
    deputies = [p.official for p in managing if p.position.name.startswith("Phó")]
    members = [p.official for p in posts if p not in managing and not p.official.is_inspector]
    if not heads:
        return None
    return Crew(unit, heads[0], deputies, members)


@dataclass(frozen=True)
class DisciplineDemo:
    cases: int
    proposals: int


@transaction.atomic
def build_discipline_demo(
    *, rng: random.Random, today: dt.date, personnel: Official | None = None
) -> DisciplineDemo:
    """Build the cases and proposals; nothing when the organisation lacks the units used.

    `personnel` is the Sở Nội vụ officer who opens the cases (the demo's `noivu`, designated once
    by the people demo); without one, the first member of Sở Nội vụ acts."""
    works = _crew("SXD", today)
    finance = _crew("STC", today)
    home = _crew("SNV", today)
    if works is None or home is None or finance is None or len(works.members) < 6:
        return DisciplineDemo(0, 0)
    if len(works.deputies) < 2 or len(home.members) < 3:
        return DisciplineDemo(0, 0)
    personnel = personnel or home.members[0]
    others = [m for m in home.members if m.pk != personnel.pk]
    council = [others[0], others[1], personnel]
    chair = others[0]

    def days(n: int) -> dt.date:
        """The day `n` days before today."""
        return today - dt.timedelta(days=n)

    people = rng.sample(works.members[1:], 5)

    def case(
        official: Official, summary: str, act: dt.date, found: dt.date, **kw: object
    ) -> DisciplineCase:
        values: dict[str, object] = {
            "by": personnel,
            "official": official,
            "unit": works.unit,
            "handler": works.head,
            "summary": summary,
            "violation_on": act,
            "discovered_on": found,
            "warranted": Form.REPRIMAND,
        }
        values.update(kw)
        return actions.open_case(**values)  # type: ignore[arg-type]

    def through_council(c: DisciplineCase, start: dt.date, form: str = Form.REPRIMAND) -> None:
        actions.issue_notice(c, by=personnel, on=start)
        actions.skip_meeting(c, by=personnel, note="Đã nhận trách nhiệm bằng văn bản", on=start)
        actions.form_council(c, by=personnel, chair=chair, members=council, on=start)
        meet = start + dt.timedelta(days=7)
        actions.record_ballot(c, by=chair, yes=3, no=0, forms={form: 3}, on=meet)
        actions.send_recommendation(c, by=chair, on=meet + dt.timedelta(days=2))

    # Near its limitation date: a reprimand-level act five years ago less ten days.
    near = today.replace(year=today.year - 5) + dt.timedelta(days=10)
    case(people[0], "Không trả lời đơn kiến nghị của công dân về cấp phép xây dựng", near, days(12))
    # Postponed: noticed, then maternity leave.
    postponed = case(people[1], "Chậm trình hồ sơ thẩm định dự án quá 30 ngày", days(200), days(60))
    actions.issue_notice(postponed, by=personnel, on=days(50))
    actions.postpone(postponed, by=personnel, reason=Pause.MATERNITY, on=days(40))
    # Before the council: meeting held, minutes sent, council formed.
    pending = case(
        people[2], "Đùn đẩy việc thẩm định thiết kế cơ sở sang Sở Tài chính", days(90), days(30)
    )
    actions.issue_notice(pending, by=personnel, on=days(25))
    actions.hold_meeting(pending, by=personnel, note="Nhận khuyết điểm tại cuộc họp", on=days(20))
    actions.send_minutes(pending, by=personnel, on=days(18))
    actions.form_council(pending, by=personnel, chair=chair, members=council, on=days(15))
    # In effect, and lapsed.
    in_effect = case(people[3], "Để quá hạn 12 hồ sơ cấp phép không xin lỗi", days(300), days(280))
    through_council(in_effect, days(270))
    actions.decide(in_effect, by=works.head, form=Form.REPRIMAND, number="41/QĐ-SXD", on=days(258))
    lapsed = case(
        people[4],
        "Không báo cáo tiến độ nhiệm vụ được giao",
        days(500),
        days(470),
        related_to_duties=True,
    )
    through_council(lapsed, days(460))
    actions.decide(lapsed, by=works.head, form=Form.REPRIMAND, number="7/QĐ-SXD", on=days(450))
    actions.record_lapse(lapsed, by=personnel, on=days(80))
    # Concluded without violation.
    cleared = case(
        finance.members[0],
        "Nghi vấn chậm thanh toán vốn đầu tư công",
        days(150),
        days(120),
        unit=finance.unit,
        handler=finance.head,
    )
    actions.issue_notice(cleared, by=personnel, on=days(110))
    actions.conclude_no_violation(
        cleared, by=finance.head, note="Chậm do hồ sơ của chủ đầu tư", on=days(90)
    )

    # Proposals in every state, by the deputies of Sở Xây dựng.
    a, b = works.deputies[0], works.deputies[1]

    def proposal(by: Official, title: str, drafted: dt.date) -> Proposal:
        return innovation.create_proposal(
            by=by,
            unit=works.unit,
            title=title,
            bottleneck=BOTTLENECK,
            plan=PLAN,
            impact="Rút ngắn một nửa thời gian giải quyết",
            on=drafted,
        )

    def ballots(head_for: bool, others_for: bool, proposer: Official) -> dict[int, bool]:
        votes = {works.head.pk: head_for}
        votes.update({d.pk: others_for for d in works.deputies if d.pk != proposer.pk})
        return votes

    proposal(b, "Số hóa toàn bộ hồ sơ cấp phép nhà ở riêng lẻ", days(3))
    submitted = proposal(a, "Một cửa liên thông cấp phép và đấu nối điện nước", days(6))
    innovation.submit(submitted, by=a, head=works.head, on=days(2))
    approved = proposal(a, "Công khai trực tuyến tiến độ thẩm định từng hồ sơ", days(40))
    innovation.submit(approved, by=a, head=works.head, on=days(35))
    innovation.record_vote(approved, by=works.head, ballots=ballots(True, True, a), on=days(30))
    rejected = proposal(b, "Cho phép nhà đầu tư tự thẩm tra thiết kế", days(70))
    innovation.submit(rejected, by=b, head=works.head, on=days(65))
    innovation.record_vote(rejected, by=works.head, ballots=ballots(False, False, b), on=days(60))
    overridden = proposal(b, "Giao phường cấp phép công trình dưới 7 tầng", days(90))
    innovation.submit(overridden, by=b, head=works.head, on=days(85))
    # Voted down by the whole collective; the head, on a second reading, approves it in writing.
    innovation.record_vote(overridden, by=works.head, ballots=ballots(False, False, b), on=days(80))
    innovation.head_approve(
        overridden,
        by=works.head,
        document="77/QĐ-SXD",
        note="Cần thiết và khả thi; người đứng đầu chịu trách nhiệm",
        on=days(75),
    )
    escalated = proposal(a, "Cơ chế đặc thù cho dự án nhà ở xã hội liên vùng", days(50))
    innovation.submit(escalated, by=a, head=works.head, on=days(45))
    innovation.escalate(escalated, by=works.head, note="Vượt thẩm quyền của Sở", on=days(44))
    implemented = proposal(a, "Thẩm định thiết kế song song với lấy ý kiến các sở", days(150))
    innovation.submit(implemented, by=a, head=works.head, on=days(145))
    innovation.record_vote(implemented, by=works.head, ballots=ballots(True, True, a), on=days(140))
    innovation.start_implementation(implemented, by=a, on=days(130))
    evaluated = proposal(b, "Khoán kinh phí rà soát quy hoạch cho phường", days(200))
    innovation.submit(evaluated, by=b, head=works.head, on=days(195))
    innovation.record_vote(evaluated, by=works.head, ballots=ballots(True, True, b), on=days(190))
    innovation.start_implementation(evaluated, by=b, on=days(185))
    innovation.evaluate(
        evaluated,
        by=works.head,
        achievement=Achievement.PARTLY,
        damage=True,
        motive_pure=True,
        policy_correct=True,
        on=days(20),
    )
    closed = proposal(b, "Tiếp nhận hồ sơ cấp phép qua bưu chính công ích", days(260))
    innovation.submit(closed, by=b, head=works.head, on=days(255))
    innovation.record_vote(closed, by=works.head, ballots=ballots(True, True, b), on=days(250))
    innovation.start_implementation(closed, by=b, on=days(245))
    innovation.evaluate(
        closed,
        by=works.head,
        achievement=Achievement.FULL,
        damage=False,
        motive_pure=True,
        policy_correct=True,
        on=days(30),
    )
    innovation.decide_protection(closed, by=works.head, on=days(29))
    # A case about the deputy whose proposal is implemented: offered, then exempted; and one
    # still open with the exemption on offer.
    exempted = case(
        a,
        "Triển khai thẩm định song song khi chưa có hướng dẫn, làm chậm một dự án",
        days(60),
        days(45),
        warranted=Form.REPRIMAND,
    )
    actions.issue_notice(exempted, by=personnel, on=days(40))
    actions.exempt(
        exempted,
        by=works.head,
        ground=Exemption.INNOVATION,
        proposal=implemented,
        note="Đề xuất đã được tập thể lãnh đạo thông qua và triển khai vì lợi ích chung",
        on=days(20),
    )
    case(b, "Chi vượt dự toán khi khoán kinh phí rà soát quy hoạch", days(25), days(10))
    return DisciplineDemo(
        DisciplineCase.objects.count(),
        Proposal.objects.filter(Q(unit=works.unit)).count(),
    )

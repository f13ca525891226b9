"""Build a small province with discipline cases and innovation proposals in several states, in
the database the environment names (for the browser test, or to look at the pages by hand).

Logins (password tests.factories.PASSWORD): noivu (Sở Nội vụ), giamdoc (the department's head,
the competent person), chuyenvien (an official with a case), phogiamdoc (a deputy with an
implemented proposal and a case), thanhtra (inspector).
"""

import datetime as dt

import django

django.setup()

from django.utils import timezone  # noqa: E402  (needs the app registry)

from congvu.discipline import actions  # noqa: E402
from congvu.discipline.models import Pause  # noqa: E402
from congvu.discipline.rules import Form  # noqa: E402
from congvu.innovation import actions as innovation  # noqa: E402
from congvu.innovation.models import Achievement  # noqa: E402
from congvu.org.actions import create_unit  # noqa: E402
from congvu.org.models import Post, Unit  # noqa: E402
from tests.factories import build_province, make_official  # noqa: E402


def build() -> None:
    today = timezone.localdate()
    p = build_province()
    snv = create_unit(code="SNV", name="Sở Nội vụ", kind=Unit.Kind.DEPARTMENT, parent=p.province_pc)
    personnel = make_official("Đặng Thị Nga", unit=snv, username="noivu")
    member = make_official("Lý Văn Toàn", unit=snv)
    deputy = make_official(
        "Trịnh Văn Khoa",
        unit=p.construction,
        role=Post.Role.HEAD,
        position="Phó Giám đốc",
        username="phogiamdoc",
    )
    deputy_b = make_official(
        "Mai Thị Thảo", unit=p.construction, role=Post.Role.HEAD, position="Phó Giám đốc"
    )
    council = [p.colleague, personnel, member]

    def case(**kwargs: object):  # type: ignore[no-untyped-def]
        values = {
            "by": personnel,
            "official": p.official,
            "unit": p.construction,
            "handler": p.head,
            "warranted": Form.REPRIMAND,
        }
        values.update(kwargs)
        return actions.open_case(**values)  # type: ignore[arg-type]

    # Near its limitation date: the act on the same day five years ago plus ten days.
    near = today - dt.timedelta(days=5 * 365 - 10)
    # (A person of their own: another violation of the same person would restart the period.)
    case(
        official=make_official("Tạ Văn Bình", unit=p.construction),
        summary="Không xử lý đơn kiến nghị của công dân về cấp phép xây dựng",
        violation_on=near,
        discovered_on=today - dt.timedelta(days=20),
    )
    # Postponed: noticed, then the person went on maternity leave.
    postponed = case(
        official=p.colleague,
        summary="Chậm trình hồ sơ thẩm định dự án quá 30 ngày",
        violation_on=today - dt.timedelta(days=200),
        discovered_on=today - dt.timedelta(days=60),
    )
    actions.issue_notice(postponed, by=personnel, on=today - dt.timedelta(days=50))
    actions.postpone(
        postponed, by=personnel, reason=Pause.MATERNITY, on=today - dt.timedelta(days=40)
    )
    # Before the council, awaiting its ballot.
    pending = case(
        summary="Đùn đẩy việc thẩm định thiết kế cơ sở cho Sở Tài chính",
        violation_on=today - dt.timedelta(days=90),
        discovered_on=today - dt.timedelta(days=30),
    )
    actions.issue_notice(pending, by=personnel, on=today - dt.timedelta(days=25))
    actions.hold_meeting(
        pending,
        by=personnel,
        note="Đồng chí Hải nhận khuyết điểm",
        on=today - dt.timedelta(days=20),
    )
    actions.send_minutes(pending, by=personnel, on=today - dt.timedelta(days=18))
    actions.form_council(pending, by=personnel, chair=p.colleague, members=council)
    # In effect: decided last spring.
    decided = case(
        official=p.finance_official,
        unit=p.finance,
        handler=p.finance_head,
        summary="Để hồ sơ quá hạn không xin lỗi người dân",
        violation_on=today - dt.timedelta(days=300),
        discovered_on=today - dt.timedelta(days=280),
    )
    day = today - dt.timedelta(days=270)
    actions.issue_notice(decided, by=personnel, on=day)
    actions.skip_meeting(decided, by=personnel, note="Đã nhận trách nhiệm bằng văn bản", on=day)
    actions.form_council(decided, by=personnel, chair=member, members=council)
    actions.record_ballot(decided, by=member, yes=3, no=0, forms={Form.REPRIMAND: 3}, on=day)
    actions.send_recommendation(decided, by=member, on=day)
    actions.decide(decided, by=p.finance_head, form=Form.REPRIMAND, number="41/QĐ-STC", on=day)

    # Proposals: draft, submitted (vote due), implementing (an exemption ground), closed.
    def proposal(title: str, by=deputy):  # type: ignore[no-untyped-def]
        return innovation.create_proposal(
            by=by,
            unit=p.construction,
            title=title,
            bottleneck="Quy định hiện hành chưa có hướng dẫn cho trường hợp này",
            plan="Thí điểm 6 tháng tại phường Hạ Long; tổ công tác 5 người; kinh phí thường xuyên",
            impact="Rút ngắn thời gian giải quyết một nửa",
            on=today - dt.timedelta(days=120),
        )

    proposal("Số hóa hồ sơ cấp phép xây dựng nhà ở riêng lẻ", by=deputy_b)
    submitted = proposal("Một cửa liên thông cấp phép và đấu nối điện nước")
    innovation.submit(submitted, by=deputy, head=p.head, on=today - dt.timedelta(days=2))
    implemented = proposal("Thẩm định thiết kế song song với lấy ý kiến các sở")
    innovation.submit(implemented, by=deputy, head=p.head, on=today - dt.timedelta(days=110))
    innovation.record_vote(
        implemented,
        by=p.head,
        ballots={p.head.pk: True, deputy_b.pk: False},
        on=today - dt.timedelta(days=105),
    )
    innovation.start_implementation(implemented, by=deputy, on=today - dt.timedelta(days=100))
    closed = proposal("Giao khoán kinh phí rà soát quy hoạch cho phường", by=deputy_b)
    innovation.submit(closed, by=deputy_b, head=p.head, on=today - dt.timedelta(days=110))
    innovation.record_vote(
        closed,
        by=p.head,
        ballots={p.head.pk: False, deputy.pk: False},
        on=today - dt.timedelta(days=105),
    )
    innovation.head_approve(
        closed, by=p.head, document="77/QĐ-SXD", on=today - dt.timedelta(days=104)
    )
    innovation.start_implementation(closed, by=deputy_b, on=today - dt.timedelta(days=100))
    innovation.evaluate(
        closed,
        by=p.head,
        achievement=Achievement.PARTLY,
        damage=True,
        motive_pure=True,
        policy_correct=True,
        on=today - dt.timedelta(days=10),
    )
    innovation.decide_protection(closed, by=p.head, on=today - dt.timedelta(days=9))
    # A case about the deputy: the implemented proposal is offered as an exemption ground.
    case(
        official=deputy,
        summary="Triển khai thẩm định song song khi chưa có hướng dẫn, gây chậm một dự án",
        violation_on=today - dt.timedelta(days=40),
        discovered_on=today - dt.timedelta(days=15),
    )


if __name__ == "__main__":
    build()
    print("discipline world built", dt.date.today().isoformat())  # noqa: DTZ011

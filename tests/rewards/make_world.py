"""Build a small province with evidence in the logs and nominations in every state, in the
database the environment names (for the browser test, or to look at the pages by hand).

Logins (password tests.factories.PASSWORD): giamdoc (the head of Sở Xây dựng), chuyenvien (an
official nominated twice), noivu (Sở Nội vụ), thanhtra (inspector).
"""

import datetime as dt

import django

django.setup()

from django.utils import timezone  # noqa: E402  (needs the app registry)

from congvu.rewards import actions  # noqa: E402
from congvu.rewards.models import AwardForm  # noqa: E402
from tests.dossiers.conftest import build_desk  # noqa: E402
from tests.rewards.conftest import build_world, ended  # noqa: E402


def build() -> None:
    today = timezone.localdate()
    year = today.year if today.month >= 6 else today.year - 1
    D = lambda month, day: dt.date(year, month, day)  # noqa: E731
    w = build_world()
    p = w.p
    first = w.task(
        due=D(3, 31), completed=D(3, 20), approved=D(3, 23), title="Rà soát quy hoạch phân khu"
    )
    w.task(due=D(4, 30), completed=D(4, 10), approved=D(4, 13), title="Báo cáo cấp phép quý I")
    w.task(due=D(5, 29), completed=D(5, 29), approved=D(6, 1), title="Đúng hạn, không trước")
    colleague_task = w.task(
        due=D(4, 30), completed=D(4, 1), approved=D(4, 2), by=p.colleague, title="Số hóa hồ sơ"
    )
    w.finding(first, explained_by=w.nominee, reviewed=D(4, 6))
    desk = build_desk(p)
    for day in (6, 7, 8, 12):
        ended(desk, by=w.nominee, received=D(5, day), completed=D(5, day + 1))
    ended(desk, by=p.colleague, received=D(5, 6), completed=D(5, 29))
    proposal = w.proposal(implemented=D(6, 1), title="Thẩm định song song với lấy ý kiến")

    def evidence(official: object) -> list[str]:
        from congvu.rewards.queries import evidence_panel

        panel = evidence_panel(official, year)  # type: ignore[arg-type]
        return [f"{item.kind}:{item.id}" for _kind, items in panel.sections() for item in items]

    on = today - dt.timedelta(days=20)
    awarded = actions.nominate(
        by=w.head,
        nominee=w.nominee,
        unit=p.construction,
        year=year,
        criteria=["act_true", "result_true", "dare_act", "dare_responsibility"],
        achievements="Hoàn thành trước hạn các nhiệm vụ rà soát quy hoạch; giải quyết đúng hạn "
        "hồ sơ cấp phép xây dựng, thủ tục nhiều hồ sơ trễ hạn nhất của Sở.",
        evidence=evidence(w.nominee),
        on=on,
    )
    actions.submit(awarded, by=w.head, on=on)
    actions.review(
        awarded, by=w.deputy, supported=True, note="Hội đồng nhất trí 5/5", on=on + dt.timedelta(5)
    )
    actions.award(
        awarded,
        by=w.head,
        form=AwardForm.CERTIFICATE,
        number="215/QĐ-SXD",
        on=on + dt.timedelta(10),
    )
    waiting = actions.nominate(
        by=p.colleague,
        nominee=w.nominee,
        unit=p.construction,
        year=year,
        criteria=["speak_true", "dare_speak"],
        achievements="Thẳng thắn giải trình nguyên nhân chậm, nhận trách nhiệm trước tập thể.",
        evidence=[e for e in evidence(w.nominee) if e.startswith("finding")],
        on=on,
    )
    actions.submit(waiting, by=p.colleague, on=on + dt.timedelta(1))
    innovator = actions.nominate(
        by=w.head,
        nominee=w.deputy,
        unit=p.construction,
        year=year,
        criteria=["dare_think", "dare_innovate"],
        achievements="Đề xuất và triển khai thẩm định song song, rút ngắn một nửa thời gian.",
        evidence=[f"proposal:{proposal.pk}"],
        on=on,
    )
    actions.submit(innovator, by=w.head, on=on)
    actions.review(
        innovator, by=w.head, supported=True, note="Đề nghị Bằng khen", on=on + dt.timedelta(6)
    )
    refused = actions.nominate(
        by=w.head,
        nominee=p.colleague,
        unit=p.construction,
        year=year,
        criteria=["act_true"],
        achievements="Số hóa hồ sơ lưu trữ trước hạn.",
        evidence=[f"task:{colleague_task.pk}"],
        on=on,
    )
    actions.submit(refused, by=w.head, on=on)
    actions.review(
        refused, by=w.head, supported=False, note="Chưa tiêu biểu", on=on + dt.timedelta(6)
    )
    actions.not_award(
        refused, by=w.personnel, reason="Thành tích chưa nổi bật", on=on + dt.timedelta(9)
    )
    actions.nominate(
        by=w.nominee,
        nominee=p.colleague,
        unit=p.construction,
        year=year,
        criteria=["dare_challenge"],
        achievements="Nhận số hóa kho hồ sơ tồn đọng.",
        evidence=[f"task:{colleague_task.pk}"],
        on=on,
    )


if __name__ == "__main__":
    build()

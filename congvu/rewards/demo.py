"""Nominations for the demo province (the background part, once the signals are computed).

Built through the actions on what the other demos left in the logs: the officials with the most
tasks finished early and accepted the first time this year are nominated, each citing the
evidence of their panel; one of them has first explained a signal about their unit, which a
provincial leader accepted as justified; the deputy of Sở Xây dựng whose innovation proposal is
being implemented is nominated too. The nominations end in every state: a draft, one awaiting
the council, one reviewed, two awarded (a head's certificate, a provincial certificate recorded
by Sở Nội vụ) and one not awarded.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from congvu.findings.access import can as may_act_on_finding
from congvu.findings.actions import explain_finding, review_finding
from congvu.findings.models import Finding
from congvu.innovation.models import Proposal
from congvu.innovation.queries import IMPLEMENTED
from congvu.org.models import Official, Post, Unit
from congvu.rewards import actions
from congvu.rewards.access import basis_for
from congvu.rewards.models import AwardForm, Basis, Nomination
from congvu.rewards.queries import Panel, evidence_panel, year_bounds
from congvu.tasks.models import Activity as TaskActivity
from congvu.tasks.models import Task, TaskEvent

ACHIEVEMENTS = (
    "Chủ động tham mưu, hoàn thành trước hạn các nhiệm vụ được giao, không phải làm lại; "
    "giải quyết đúng hạn hồ sơ của thủ tục khó; sẵn sàng nhận trách nhiệm khi có vướng mắc."
)
CRITERIA = (
    ["act_true", "result_true", "dare_act"],
    ["people_benefit", "dare_responsibility"],
    ["think_true", "dare_think", "dare_challenge"],
    ["speak_true", "dare_speak"],
    ["act_true", "dare_responsibility", "dare_challenge"],
)


@dataclass(frozen=True)
class RewardsDemo:
    nominations: int
    statuses: frozenset[str]


@dataclass(frozen=True)
class Candidate:
    official: Official
    unit: Unit
    head: Official
    colleague: Official | None


def _top_finishers(year: int, count: int) -> list[int]:
    """The officials who reported the most tasks complete early and had them accepted the
    first time in the year (one GROUP BY over the task log)."""
    start, end = year_bounds(year)
    redone = TaskEvent.objects.filter(
        task=OuterRef("pk"), activity__in=(TaskActivity.SEND_BACK, TaskActivity.REOPEN)
    )
    early = Task.objects.filter(
        status=Task.Status.DONE,
        approved_at__gte=start,
        approved_at__lt=end,
        completed_on__lt=F("original_due"),
    ).exclude(Exists(redone))
    rows = (
        TaskEvent.objects.filter(
            task__in=early, activity=TaskActivity.COMPLETE, actor__is_inspector=False
        )
        .values("actor_id")
        .annotate(n=Count("task_id", distinct=True))
        .order_by("-n", "actor_id")[:count]
    )
    return [row["actor_id"] for row in rows if row["actor_id"] is not None]


def _candidate(official: Official, on: dt.date, rng: random.Random) -> Candidate | None:
    """The official with the head over their unit and a colleague of it, when there are."""
    post = (
        Post.objects.in_force(on)
        .filter(official=official, role=Post.Role.MEMBER)
        .select_related("unit")
        .order_by("-is_primary", "pk")
        .first()
    )
    if post is None:
        return None
    unit = post.unit
    heads = Post.objects.in_force(on).filter(
        unit__in=[unit.pk, *([unit.parent_id] if unit.parent_id else [])],
        role__in=(Post.Role.HEAD, Post.Role.LEADER),
    )
    head = next(
        (
            p.official
            for p in heads.select_related("official").order_by("pk")
            if basis_for(p.official, official, unit, on) == Basis.HEAD
        ),
        None,
    )
    if head is None:
        return None
    peers = [
        p.official
        for p in Post.objects.in_force(on)
        .filter(unit=unit, role=Post.Role.MEMBER)
        .exclude(official=official)
        .select_related("official")
        .order_by("pk")[:20]
        if not p.official.is_inspector
    ]
    return Candidate(official, unit, head, rng.choice(peers) if peers else None)


def _justify_a_signal(candidate: Candidate, on: dt.date) -> None:
    """The candidate explains an open signal about their unit, and a leader over it accepts the
    explanation as justified."""
    finding = (
        Finding.objects.filter(unit=candidate.unit, status=Finding.Status.OPEN, holds=True)
        .filter(Q(official=candidate.official) | Q(official__isnull=True))
        .order_by("-ts", "pk")
        .first()
    )
    if finding is None or not may_act_on_finding(candidate.official, "explain", finding):
        return
    leaders = Official.objects.filter(
        pk__in=Post.objects.in_force(on)
        .filter(role__in=(Post.Role.LEADER, Post.Role.HEAD))
        .values("official_id")
    ).exclude(pk=candidate.official.pk)
    reviewer = next(
        (o for o in leaders.order_by("pk")[:50] if may_act_on_finding(o, "review", finding)), None
    )
    if reviewer is None:
        return
    morning = dt.datetime.combine(on, dt.time(9), tzinfo=timezone.get_current_timezone())
    explain_finding(
        finding,
        by=candidate.official,
        text="Hồ sơ chờ ý kiến thống nhất của sở chuyên ngành; đơn vị đã chủ động đôn đốc",
        ts=max(morning, finding.last_seen_at),
    )
    finding.refresh_from_db()
    review_finding(
        finding,
        by=reviewer,
        decision="justified",
        note="Chấp nhận giải trình: chậm do nguyên nhân khách quan",
        ts=max(morning, finding.last_seen_at) + dt.timedelta(hours=2),
    )


def _evidence(panel: Panel, per_kind: int = 4) -> list[str]:
    return [
        f"{item.kind}:{item.id}" for _kind, items in panel.sections() for item in items[:per_kind]
    ]


@transaction.atomic
def build_rewards_demo(
    *, rng: random.Random, today: dt.date, personnel: Official | None = None
) -> RewardsDemo:
    """Build the nominations; as many as the logs give candidates with evidence for."""
    year = today.year if today.month >= 3 else today.year - 1

    def days(n: int) -> dt.date:
        return today - dt.timedelta(days=n)

    candidates = [
        c
        for c in (
            _candidate(o, days(30), rng)
            for o in Official.objects.filter(pk__in=_top_finishers(year, 12)).order_by("pk")
        )
        if c is not None
    ]
    if candidates:
        _justify_a_signal(candidates[0], days(20))
    nominated: list[Nomination] = []

    def nominate(c: Candidate, by: Official, criteria: list[str], when: int) -> Nomination | None:
        panel = evidence_panel(c.official, year)
        if not panel.total or basis_for(by, c.official, c.unit, days(when)) is None:
            return None
        if Nomination.objects.filter(nominee=c.official, year=year, nominator=by).exists():
            return None
        nomination = actions.nominate(
            by=by,
            nominee=c.official,
            unit=c.unit,
            year=year,
            criteria=criteria,
            achievements=ACHIEVEMENTS,
            evidence=_evidence(panel),
            on=days(when),
        )
        nominated.append(nomination)
        return nomination

    plan = ["certificate", "province", "not_awarded", "reviewed", "submitted", "draft"]
    for index, (c, step) in enumerate(zip(candidates, plan, strict=False)):
        by_colleague = step in ("submitted", "draft") and c.colleague is not None
        by = c.colleague if by_colleague and c.colleague is not None else c.head
        n = nominate(c, by, CRITERIA[index % len(CRITERIA)], 40)
        if n is None or step == "draft":
            continue
        actions.submit(n, by=by, on=days(38))
        if step == "submitted":
            continue
        support = step != "not_awarded"
        opinion = (
            "Hội đồng Thi đua - Khen thưởng nhất trí: thành tích có bằng chứng rõ ràng"
            if support
            else "Thành tích chưa nổi bật so với các cá nhân khác trong đơn vị"
        )
        actions.review(n, by=c.head, supported=support, note=opinion, on=days(25))
        if step == "reviewed":
            continue
        if step == "not_awarded":
            actions.not_award(n, by=c.head, reason=opinion, on=days(12))
        elif step == "province" and personnel is not None:
            actions.award(
                n,
                by=personnel,
                form=AwardForm.PROVINCE_MERIT,
                number=f"{rng.randint(1500, 3500)}/QĐ-UBND",
                on=days(8),
            )
        else:
            actions.award(
                n,
                by=c.head,
                form=AwardForm.CERTIFICATE,
                number=f"{rng.randint(100, 400)}/QĐ-{c.unit.code or 'DV'}",
                on=days(10),
            )

    # The deputy whose innovation proposal is being implemented: "dám đổi mới sáng tạo".
    proposal = (
        Proposal.objects.filter(status__in=IMPLEMENTED, implementing_since__year=year)
        .select_related("proposer", "unit", "head")
        .order_by("pk")
        .first()
    )
    if proposal is not None and proposal.head is not None:
        innovator = Candidate(proposal.proposer, proposal.unit, proposal.head, None)
        n = nominate(innovator, proposal.head, ["dare_think", "dare_innovate", "dare_act"], 30)
        if n is not None:
            actions.submit(n, by=proposal.head, on=days(29))
    return RewardsDemo(
        len(nominated), frozenset(Nomination.objects.values_list("status", flat=True))
    )

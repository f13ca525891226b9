"""The people part of the demo province: Sở Nội vụ with its login, job positions and a product
catalogue for the departments, and the monthly ratings of 2026 in every state, replayed through
the same actions as the pages (each step an event of its rating's log).

Run in the background part of the demo (`seed_demo_if_empty --part rest`), after the tasks, so the
first page is not kept waiting. Skipped when ratings already exist, so an interrupted run resumes.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count

from congvu.core.errors import ActionError
from congvu.discipline import actions as discipline
from congvu.discipline.models import OPEN, DisciplineCase
from congvu.org.actions import give_post
from congvu.org.models import Mandate, Official, Post, Unit
from congvu.people import actions
from congvu.people.models import PersonnelRecord, PersonnelUnit, Rating
from congvu.tasks.models import Task

PERSONNEL_CODE = "SNV"
PERSONNEL_LOGIN = "noivu"
FIRST_MONTH = dt.date(2026, 1, 1)
Progress = Callable[[str, int, int], None]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _months(today: dt.date) -> list[dt.date]:
    """The months of 2026 that ended before `today` (at most eleven, January on)."""
    months, month = [], FIRST_MONTH
    while (
        month.year == FIRST_MONTH.year
        and (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) <= today
    ):
        months.append(month)
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def _next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def personnel_officer() -> Official | None:
    """The demo's Sở Nội vụ officer, login `noivu` (the one place that names them)."""
    unit = Unit.objects.filter(code=PERSONNEL_CODE).first()
    if unit is None:
        return None
    PersonnelUnit.objects.get_or_create(unit=unit)
    post = (
        Post.objects.filter(unit__path__startswith=unit.path, role=Post.Role.MEMBER)
        .select_related("official__user")
        .order_by("pk")
        .first()
    )
    if post is None:
        return None
    user = post.official.user
    if user.username != PERSONNEL_LOGIN:
        user.username = PERSONNEL_LOGIN
        user.save(update_fields=["username"])
    return post.official


def _catalogue(officer: Official, units: list[Unit], rng: random.Random) -> None:
    """One job position per unit ("Chuyên viên", group "Chuyên viên nghiệp vụ"), a product per
    field of the unit's mandate with a coefficient of 1, 1.5 or 2, and every member placed."""
    for unit in units:
        position = actions.save_job_position(
            by=officer,
            unit=unit,
            code="CV",
            name=f"Chuyên viên {unit.short_name or unit.name}",
            task_group="Chuyên viên nghiệp vụ",
            degree="Đại học trở lên, chuyên ngành phù hợp",
            years_experience=2,
        )
        for mandate in Mandate.objects.filter(unit=unit).select_related("field"):
            actions.save_product(
                by=officer,
                job_position=position,
                code=f"SP-{mandate.field.code}",
                name=f"Nhiệm vụ lĩnh vực {mandate.field.name.lower()}",
                coefficient=Decimal(rng.choice(("1", "1.5", "2"))),
                field=mandate.field,
            )
        members = Post.objects.filter(unit=unit, role=Post.Role.MEMBER).values_list(
            "official", flat=True
        )
        for official in Official.objects.filter(pk__in=members):
            actions.place_official(
                by=officer, official=official, job_position=position, start=FIRST_MONTH
            )


def _points(rng: random.Random, low: int) -> list[Decimal]:
    return [Decimal(rng.randint(low, 10)) for _ in range(3)]


def _rate_month(
    unit: Unit, month: dt.date, rng: random.Random, *, state: str, people: list[Official]
) -> None:
    """One unit's month, taken as far as `state`: self_assessed, approved, petitioned or final."""
    period = f"{month.year}-{month.month:02d}"
    after = _next_month(month)
    for official in people:
        try:
            actions.self_assess(official, period, points=_points(rng, 7), note="", ts=_at(after, 8))
        except ActionError:
            continue  # no post that month (joined later): nothing to rate
    if state == "self_assessed":
        return
    for rating in Rating.objects.filter(unit=unit, period=period).select_related("manager"):
        if rating.manager is not None and rating.status == Rating.Status.SELF_ASSESSED:
            actions.review(
                rating,
                by=rating.manager,
                points=_points(rng, 6),
                organise_pct=100 if rng.random() < 0.85 else 50,
                unite_pct=100 if rng.random() < 0.9 else 50,
                ts=_at(after + dt.timedelta(days=1), 9),
            )
    approvers = {r.manager for r in Rating.objects.filter(unit=unit, period=period) if r.manager}
    day = after + dt.timedelta(days=4)
    for approver in approvers:
        try:
            actions.approve_unit(unit, period, by=approver, ts=_at(day, 10))
            actions.publish_unit(unit, period, by=approver, ts=_at(day, 11))
        except (ActionError, PermissionDenied):
            # A manager who approves nobody here (a head's own manager, when the head has not
            # self-assessed), or nothing left to approve: the other approver takes it.
            continue
    if state == "approved":
        return
    published = list(
        Rating.objects.filter(unit=unit, period=period, status=Rating.Status.PUBLISHED)
    )
    if state == "petitioned" and published:
        low = min(published, key=lambda r: r.total or Decimal(0))
        actions.petition(
            low,
            by=low.official,
            text="Đề nghị xem xét lại: nhiệm vụ chậm do chờ ý kiến đơn vị phối hợp.",
            ts=_at(day + dt.timedelta(days=1), 9),
        )
        return
    # Final the day after the petition window closes (Tết can stretch it past the 20th).
    closing = max((r.petition_until for r in published if r.petition_until), default=day)
    for approver in approvers:
        try:
            actions.finalise_unit(
                unit, period, by=approver, ts=_at(closing + dt.timedelta(days=1), 9)
            )
        except (ActionError, PermissionDenied):
            continue


def _personnel_records(
    officer: Official, units: list[Unit], rng: random.Random, today: dt.date
) -> None:
    """Sở Nội vụ's records for the streamlining review of this year: most officials a few sick
    days; three over the maximum of 30 (one of them raising a child under 36 months, one who
    volunteers), one over it in the previous year."""
    people = list(
        Official.objects.filter(
            pk__in=Post.objects.filter(unit__in=units, role=Post.Role.MEMBER).values("official_id")
        )
        .exclude(pk=officer.pk)
        .order_by("pk")
    )
    if len(people) < 4:
        return
    year, maximum = today.year, Decimal(30)
    special = rng.sample(people, 4)
    for official in people:
        facts: dict[str, object] = {}
        sick, previous = Decimal(rng.randint(0, 12)), Decimal(rng.randint(0, 12))
        if official in special[:3]:
            sick = Decimal(rng.randint(31, 60))
        if official == special[1]:
            facts["youngest_child_born"] = today.replace(day=1) - dt.timedelta(days=400)
        if official == special[2]:
            facts["volunteers"] = True
        if official == special[3]:
            previous = Decimal(rng.randint(31, 45))
        for on_year, days, extra in ((year, sick, facts), (year - 1, previous, {})):
            PersonnelRecord.objects.create(
                official=official, year=on_year, sick_days=days, max_sick_days=maximum,
                recorded_by=officer, **extra,
            )  # fmt: skip


def _case_units(year: int, chosen: list[Unit]) -> list[Unit]:
    """The units (primary posts) of the officials of the discipline demo: one disciplined in the
    rating year for an act related to duties, and one whose case is still open (to be suspended),
    so that the ratings show both overrides. Units already chosen are not repeated."""
    decided = DisciplineCase.objects.filter(decided_on__year=year, related_to_duties=True).exclude(
        decided_form=""
    )
    open_cases = DisciplineCase.objects.filter(status__in=OPEN, suspended_from__isnull=True)
    officials = [
        case.official_id
        for case in (decided.order_by("pk").first(), open_cases.order_by("pk").first())
        if case is not None
    ]
    posts = Post.objects.filter(official_id__in=officials, is_primary=True).select_related("unit")
    seen = {unit.pk for unit in chosen}
    extra: list[Unit] = []
    for post in posts.order_by("pk"):
        if post.unit.pk not in seen:
            seen.add(post.unit.pk)
            extra.append(post.unit)
    return extra


def _suspend_one(officer: Official, chosen: list[Unit], months: list[dt.date]) -> None:
    """Suspend from work, for the month before the last rated one, the official of an open
    discipline case in a rated unit (Decree 170/2025 Art. 56(5)(b): KHTNV in that year)."""
    if len(months) < 2:
        return
    members = Post.objects.filter(unit__in=chosen).values("official_id")
    case = (
        DisciplineCase.objects.filter(
            status__in=OPEN, suspended_from__isnull=True, official_id__in=members
        )
        .order_by("pk")
        .first()
    )
    if case is None:
        return
    start = months[-2]
    try:
        discipline.suspend(
            case,
            by=officer,
            start=start,
            end=_next_month(start) - dt.timedelta(days=1),
            note="Tạm đình chỉ công tác để xem xét xử lý kỷ luật",
        )
    except (ActionError, PermissionDenied):
        return


def _transfer_one(officer: Official, chosen: list[Unit], months: list[dt.date]) -> None:
    """Transfer a member of the first rated unit to the second mid-year (chuyển công tác): the
    new unit rates them from then on, with the old unit's months carried into the year."""
    if len(chosen) < 2 or len(months) < 3:
        return
    cased = DisciplineCase.objects.values("official_id")
    post = (
        Post.objects.filter(
            unit=chosen[0], role=Post.Role.MEMBER, is_primary=True, end__isnull=True
        )
        .exclude(official=officer)
        .exclude(official_id__in=cased)
        .exclude(official__is_inspector=True)
        .select_related("official", "position")
        .order_by("-pk")
        .first()
    )
    if post is None:
        return
    day = months[len(months) // 2]
    post.end = day - dt.timedelta(days=1)
    post.save(update_fields=["end"])
    give_post(post.official, unit=chosen[1], position=post.position, start=day)
    position = chosen[1].job_positions.filter(code="CV").first()
    if position is not None:
        actions.place_official(by=officer, official=post.official, job_position=position, start=day)


def build_people_demo(
    *, rng: random.Random, today: dt.date, units: int = 6, progress: Progress | None = None
) -> int:
    """Sở Nội vụ, the catalogue and 2026's monthly ratings of the `units` departments whose
    officials hold the most tasks, and of the units of the discipline demo's disciplined and
    suspended officials; a member of the first unit is transferred to the second mid-year.
    Returns the number of ratings."""
    if Rating.objects.exists():
        return 0
    officer = personnel_officer()
    if officer is None:
        return 0
    busy = (
        Task.objects.filter(assignee__isnull=False)
        .values("lead_unit")
        .annotate(n=Count("pk"))
        .order_by("-n")[:units]
    )
    chosen = list(Unit.objects.filter(pk__in=[row["lead_unit"] for row in busy]).order_by("path"))
    chosen += _case_units(FIRST_MONTH.year, chosen)
    months = _months(today)
    with transaction.atomic():
        _catalogue(officer, chosen, rng)
        _personnel_records(officer, chosen, rng, today)
        _suspend_one(officer, chosen, months)
        _transfer_one(officer, chosen, months)
    total = len(months) * len(chosen)
    done = 0
    for unit in chosen:
        people = list(
            Official.objects.filter(
                pk__in=Post.objects.filter(unit=unit).values("official_id")
            ).order_by("pk")
        )
        for index, month in enumerate(months):
            last = index == len(months) - 1
            state = "final"
            if last:
                state = ("self_assessed", "approved", "petitioned")[chosen.index(unit) % 3]
            with transaction.atomic():
                _rate_month(unit, month, rng, state=state, people=people)
            done += 1
            if progress is not None:
                progress("ratings", done, total)
    return Rating.objects.count()

"""The only writers of the people records: the catalogue (Sở Nội vụ) and every step of a rating,
each step one event of the rating's log (Decree 335/2025 Art. 18, 21, 24)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congvu.core.calendar import add_working_days
from congvu.core.errors import ActionError
from congvu.core.eventlog import record_event
from congvu.org.models import Field, Official, Post, Unit
from congvu.people.access import can, require, require_catalogue
from congvu.people.models import (
    JobPosition,
    Placement,
    Product,
    Rating,
    RatingActivity,
)
from congvu.people.queries import (
    YEAR_DEADLINE,
    Batch,
    WorkItem,
    compute_batch,
    period_bounds,
    policy_of,
    split_of,
)
from congvu.people.rating import HTT, HTXS, Result, apply_quota
from congvu.people.rules import regime_for

# Catalogue --------------------------------------------------------------------------------------


@transaction.atomic
def save_job_position(
    *, by: Official, unit: Unit, code: str, name: str, task_group: str, **details: Any
) -> JobPosition:
    """Create or update the job position `code` of `unit` (vị trí việc làm)."""
    require_catalogue(by)
    position, _created = JobPosition.objects.update_or_create(
        unit=unit, code=code, defaults={"name": name, "task_group": task_group, **details}
    )
    return position


@transaction.atomic
def save_product(
    *,
    by: Official,
    job_position: JobPosition,
    code: str,
    name: str,
    coefficient: Decimal,
    field: Field | None,
) -> Product:
    """Create or update a catalogue entry with its conversion coefficient (hệ số quy đổi)."""
    require_catalogue(by)
    if coefficient <= 0:
        raise ActionError(_("The coefficient must be greater than 0."))
    clash = Product.objects.filter(job_position=job_position, field=field).exclude(code=code)
    if field is not None and clash.exists():
        raise ActionError(
            _("Another product of this job position already covers the field %(field)s.")
            % {"field": field}
        )
    product, _created = Product.objects.update_or_create(
        job_position=job_position,
        code=code,
        defaults={"name": name, "coefficient": coefficient, "field": field},
    )
    return product


@transaction.atomic
def place_official(
    *, by: Official, official: Official, job_position: JobPosition, start: dt.date,
    end: dt.date | None = None,
) -> Placement:  # fmt: skip
    """Place an official in a job position from `start`; an open placement ends the day before."""
    require_catalogue(by)
    if end is not None and end < start:
        raise ActionError(_("The end date is before the start date."))
    Placement.objects.filter(official=official, end__isnull=True, start__lt=start).update(
        end=start - dt.timedelta(days=1)
    )
    placement, _created = Placement.objects.update_or_create(
        official=official, job_position=job_position, start=start, defaults={"end": end}
    )
    return placement


# Opening a rating -------------------------------------------------------------------------------


def _post_of(official: Official, on: dt.date) -> Post | None:
    return (
        Post.objects.in_force(on)
        .filter(official=official)
        .select_related("unit", "unit__parent")
        .order_by("-is_primary", "pk")
        .first()
    )


def direct_manager(post: Post, on: dt.date) -> Official | None:
    """The head of the official's unit; for a head or leader, the head or leader of the unit above
    (and so on up), never themselves."""
    unit: Unit | None = post.unit if post.role == Post.Role.MEMBER else post.unit.parent
    while unit is not None:
        boss = (
            Post.objects.in_force(on)
            .filter(unit=unit, role__in=(Post.Role.HEAD, Post.Role.LEADER))
            .exclude(official_id=post.official_id)
            .order_by("role", "pk")  # a head before a leader
            .select_related("official")
            .first()
        )
        if boss is not None:
            return boss.official
        unit = unit.parent
    return None


def _day(ts: dt.datetime | None) -> dt.date:
    """The local day of an action: today, or the day of `ts` when a replay (the demo) gives it."""
    return timezone.localdate() if ts is None else timezone.localtime(ts).date()


def _open(official: Official, period: str, today: dt.date) -> Rating:
    """The official's rating of `period`, created (status open) on first use: the rating unit is
    that of their primary post on the period's last day (or today, if earlier) — after a transfer
    the new unit rates; the group from their job position; the direct manager from the posts."""
    try:
        _start, end = period_bounds(period)
    except ValueError as error:
        raise ActionError(_("“%(period)s” is not a rating period.") % {"period": period}) from error
    if regime_for(end.year) is None:
        raise ActionError(
            _("There are no rating rules for the year %(year)s.") % {"year": end.year}
        )
    existing = Rating.objects.filter(official=official, period=period).first()
    if existing is not None:
        return existing
    on = min(end, today)
    post = _post_of(official, on)
    if post is None:
        raise ActionError(_("The official holds no post in this period."))
    placement = (
        Placement.objects.filter(official=official, start__lte=on)
        .select_related("job_position")
        .order_by("-start")
        .first()
    )
    return Rating.objects.create(
        official=official,
        period=period,
        unit=post.unit,
        task_group=placement.job_position.task_group if placement else "",
        is_leader=post.role != Post.Role.MEMBER,
        manager=direct_manager(post, on),
    )


def _check_points(points: list[Decimal], unit: Unit) -> list[str]:
    split = split_of(policy_of(unit))
    if len(points) != len(split):
        raise ActionError(_("Score each of the three general criteria."))
    for value, high in zip(points, split, strict=True):
        if not Decimal(0) <= value <= high:
            raise ActionError(
                _("A general criterion is scored from 0 to %(high)s.") % {"high": high}
            )
    return [str(value) for value in points]


# The steps ------------------------------------------------------------------------------------


@transaction.atomic
def self_assess(
    official: Official,
    period: str,
    *,
    points: list[Decimal],
    note: str,
    ts: dt.datetime | None = None,
) -> Rating:
    """The official's self-assessment (Mẫu 01): the general criteria scored by themselves."""
    rating = _open(official, period, _day(ts))
    require(official, "self_assess", rating)
    if rating.status not in (Rating.Status.OPEN, Rating.Status.SELF_ASSESSED):
        raise ActionError(_("This rating is past self-assessment."))
    rating.self_points = _check_points(points, rating.unit)
    rating.status = Rating.Status.SELF_ASSESSED if rating.manager_id else Rating.Status.REVIEWED
    record_event(
        rating,
        RatingActivity.SELF_ASSESS,
        actor=official,
        unit=rating.unit,
        note=note,
        payload={"points": rating.self_points},
        ts=ts,
        changed=["self_points", "status"],
    )
    return rating


@transaction.atomic
def review(
    rating: Rating,
    *,
    by: Official,
    points: list[Decimal],
    organise_pct: int = 100,
    unite_pct: int = 100,
    note: str = "",
    ts: dt.datetime | None = None,
) -> Rating:
    """The direct manager's review: the general criteria scored by the manager (these count), and
    for a leader the steps đ and e (100 or 50, the two the decree names)."""
    require(by, "review", rating)
    if rating.status not in (Rating.Status.SELF_ASSESSED, Rating.Status.REVIEWED):
        raise ActionError(_("Only a self-assessed rating can be reviewed."))
    if organise_pct not in (50, 100) or unite_pct not in (50, 100):
        raise ActionError(_("Criteria đ and e are 100 or 50."))
    rating.manager_points = _check_points(points, rating.unit)
    rating.organise_pct, rating.unite_pct = organise_pct, unite_pct
    rating.status = Rating.Status.REVIEWED
    record_event(
        rating,
        RatingActivity.REVIEW,
        actor=by,
        unit=rating.unit,
        note=note,
        payload={"points": rating.manager_points, "organise": organise_pct, "unite": unite_pct},
        ts=ts,
        changed=["manager_points", "organise_pct", "unite_pct", "status"],
    )
    return rating


@transaction.atomic
def record_objective_cause(
    rating: Rating, *, by: Official, task_id: int, kind: str, reason: str
) -> Rating:
    """The manager confirms an objective cause (nguyên nhân khách quan) of a task's quality failure
    or delay: that deduction is removed from the rating's items."""
    require(by, "objective_cause", rating)
    if rating.status in (Rating.Status.APPROVED, Rating.Status.PUBLISHED, Rating.Status.FINAL):
        raise ActionError(_("The rating is already approved."))
    if kind not in ("quality", "delay"):
        raise ActionError(_("An objective cause concerns quality or timeliness."))
    if not reason.strip():
        raise ActionError(_("Give the reason of the objective cause."))
    record_event(
        rating,
        RatingActivity.OBJECTIVE_CAUSE,
        actor=by,
        unit=rating.unit,
        note=reason,
        payload={"task": task_id, "kind": kind},
    )
    return rating


@transaction.atomic
def record_absence(
    official: Official, period: str, *, by: Official, start: dt.date, end: dt.date, kind: str
) -> Rating:
    """The head records an absence (ốm đau, thai sản, nghỉ có lý do): tasks falling due in it are
    left out, so the official is rated on the time worked (Decree 335/2025 Art. 19(3))."""
    rating = _open(official, period, timezone.localdate())
    require(by, "absence", rating)
    if end < start:
        raise ActionError(_("The end date is before the start date."))
    record_event(
        rating,
        RatingActivity.ABSENCE,
        actor=by,
        unit=rating.unit,
        payload={"start": start.isoformat(), "end": end.isoformat(), "kind": kind},
    )
    return rating


def quota_choice(results: list[Result]) -> tuple[list[Result], list[Result], int]:
    """For one (unit, group): the HTXS candidates by printed total (highest first), those the
    engine keeps (ties at the cut all moved), and how many HTXS the quota allows — the largest
    number whose keeping the engine's quota leaves untouched."""
    candidates = sorted(
        (r for r in results if r.level == HTXS), key=lambda r: r.printed or 0, reverse=True
    )
    regime = regime_for(int(results[0].period[:4])) if results else None
    ratio = regime.quota_htxs_per_htt if regime else Decimal(0)
    kept = [r for r in apply_quota(results, ratio) if r.level == HTXS]
    allowed = 0
    for size in range(len(candidates), -1, -1):
        chosen = {r.official for r in candidates[:size]}
        trial = [
            r if r.level != HTXS or r.official in chosen else replace(r, level=HTT) for r in results
        ]
        if all(r.level == HTXS for r in apply_quota(trial, ratio) if r.official in chosen):
            allowed = size
            break
    return candidates, kept, allowed


def results_before_quota(batch: Batch) -> list[Result]:
    """The batch's period rows before the quota (the engine applies the quota in `rate`: undo it
    for the head's choice)."""
    return [
        replace(r, level=HTXS, reasons=tuple(x for x in r.reasons if x != "quota"))
        if "quota" in r.reasons
        else r
        for r in batch.results.values()
    ]


@transaction.atomic
def approve_unit(
    unit: Unit,
    period: str,
    *,
    by: Official,
    keep_htxs: set[int] | None = None,
    note: str = "",
    ts: dt.datetime | None = None,
) -> list[Rating]:
    """The head approves the unit's ratings of `period` (Mẫu 02) with the engine's figures (those
    they may approve: never their own, which the level above approves on the same figures). Per
    group, the HTXS kept within the quota: by default the engine's (highest totals; all tied at
    the cut moved to HTT); `keep_htxs` (official ids) is the head's choice among the candidates,
    recorded — it may not skip a higher total nor exceed the quota."""
    today = _day(ts)
    batch = compute_batch(unit, period, as_of=today)
    if not batch.ratings:
        raise ActionError(_("Nobody has self-assessed for this period."))
    mine = [r for r in batch.ratings if can(by, "approve", r)]
    if not mine:
        raise PermissionDenied
    waiting = [r for r in mine if r.status == Rating.Status.SELF_ASSESSED]
    if waiting:
        raise ActionError(
            _("The direct manager has not yet reviewed %(name)s.")
            % {"name": waiting[0].official.full_name}
        )
    if len(period) == 4 and today >= dt.date(int(period), *YEAR_DEADLINE):
        raise ActionError(_("The year's rating must be approved before 15 December."))
    pending = [r for r in mine if r.status == Rating.Status.REVIEWED]
    if not pending:
        raise ActionError(_("These ratings are already approved."))
    before = results_before_quota(batch)
    groups: dict[str, list[Result]] = {}
    for result in before:
        groups.setdefault(result.group, []).append(result)
    final: dict[str, tuple[Result, bool]] = {}
    codes = {r.official.code: r.official_id for r in batch.ratings}
    for members in groups.values():
        candidates, kept, allowed = quota_choice(members)
        if keep_htxs is None:
            chosen = {r.official for r in kept}
            tie = False
        else:
            chosen = {r.official for r in candidates if codes[r.official] in keep_htxs}
            if len(chosen) > allowed:
                raise ActionError(
                    _("The quota allows %(count)d HTXS in this group.") % {"count": allowed}
                )
            floor = min((r.printed or 0 for r in candidates if r.official in chosen), default=None)
            skipped = [
                r for r in candidates
                if r.official not in chosen and floor is not None and (r.printed or 0) > floor
            ]  # fmt: skip
            if skipped:
                raise ActionError(_("A higher total cannot be passed over for HTXS."))
            tie = chosen != {r.official for r in kept}
        for r in members:
            if r.level == HTXS and r.official not in chosen:
                r = replace(r, level=HTT, reasons=(*r.reasons, "quota"))
            final[r.official] = (r, tie and r.official in {c.official for c in candidates})
    approved: list[Rating] = []
    items_by: dict[int, list[WorkItem]] = {}
    for item in batch.items:
        items_by.setdefault(item.official_id, []).append(item)
    for rating in pending:
        result, tie = final[rating.official.code]
        rating.total = result.printed
        rating.level = result.level
        rating.reasons = ";".join(result.reasons)
        rating.status = Rating.Status.APPROVED
        payload = {
            "figures": [str(cell) for cell in result.cells()],
            "items": [
                {
                    "task": i.task_id,
                    "coefficient": str(i.coefficient),
                    "product": i.product,
                    "completed": i.completed,
                    "quality_failures": i.quality_failures,
                    "delays": i.delays,
                    "excused": list(i.excused),
                    "events": list(i.facts.evidence),
                }
                for i in items_by.get(rating.official_id, [])
            ],
            "tie_decision": tie,
            "override": batch.reasons_text.get(rating.official_id, ""),
            "on": today.isoformat(),
        }
        record_event(
            rating,
            RatingActivity.APPROVE,
            actor=by,
            unit=unit,
            note=note,
            payload=payload,
            ts=ts,
            changed=["total", "level", "reasons", "status"],
        )
        approved.append(rating)
    return approved


@transaction.atomic
def publish_unit(
    unit: Unit, period: str, *, by: Official, ts: dt.datetime | None = None
) -> list[Rating]:
    """Publish the unit's approved ratings (công khai trong đơn vị); the petition window opens for
    the policy's working days."""
    ratings = [
        r
        for r in Rating.objects.filter(unit=unit, period=period, status=Rating.Status.APPROVED)
        if can(by, "publish", r)
    ]
    if not ratings:
        if not any(can(by, "publish", r) for r in Rating.objects.filter(unit=unit)):
            raise PermissionDenied
        raise ActionError(_("There is no approved rating to publish."))
    until = add_working_days(_day(ts), policy_of(unit).petition_days)
    for rating in ratings:
        rating.status = Rating.Status.PUBLISHED
        rating.petition_until = until
        record_event(
            rating,
            RatingActivity.PUBLISH,
            actor=by,
            unit=unit,
            payload={"petition_until": until.isoformat()},
            ts=ts,
            changed=["status", "petition_until"],
        )
    return ratings


@transaction.atomic
def petition(rating: Rating, *, by: Official, text: str, ts: dt.datetime | None = None) -> Rating:
    """The official's petition (kiến nghị) about their published result, within the window."""
    require(by, "petition", rating)
    if rating.status != Rating.Status.PUBLISHED:
        raise ActionError(_("Only a published rating can be petitioned."))
    if rating.petition_until and _day(ts) > rating.petition_until:
        raise ActionError(_("The petition window has closed."))
    if not text.strip():
        raise ActionError(_("Write the petition."))
    rating.status = Rating.Status.PETITIONED
    record_event(
        rating,
        RatingActivity.PETITION,
        actor=by,
        unit=rating.unit,
        note=text,
        ts=ts,
        changed=["status"],
    )
    return rating


@transaction.atomic
def answer_petition(rating: Rating, *, by: Official, answer: str, level: str = "") -> Rating:
    """The head answers a petition; a changed level is recorded with the answer, then final."""
    require(by, "answer", rating)
    if rating.status != Rating.Status.PETITIONED:
        raise ActionError(_("This rating has no open petition."))
    if level and level not in ("HTXS", "HTT", "HTNV", "KHTNV"):
        raise ActionError(_("Unknown level."))
    previous = rating.level
    if level:
        rating.level = level
    rating.status = Rating.Status.FINAL
    record_event(
        rating,
        RatingActivity.ANSWER,
        actor=by,
        unit=rating.unit,
        note=answer,
        payload={"previous": previous, "level": rating.level},
        changed=["level", "status"],
    )
    return rating


@transaction.atomic
def finalise_unit(
    unit: Unit, period: str, *, by: Official, ts: dt.datetime | None = None
) -> list[Rating]:
    """Close the published ratings whose petition window is over (those petitioned wait for
    their answer)."""
    today = _day(ts)
    ratings = [
        r
        for r in Rating.objects.filter(unit=unit, period=period, status=Rating.Status.PUBLISHED)
        if (r.petition_until is None or r.petition_until < today) and can(by, "finalise", r)
    ]
    if not ratings:
        if not any(can(by, "finalise", r) for r in Rating.objects.filter(unit=unit)):
            raise PermissionDenied
        raise ActionError(_("No rating can be made final yet."))
    for rating in ratings:
        rating.status = Rating.Status.FINAL
        record_event(
            rating, RatingActivity.FINALISE, actor=by, unit=unit, ts=ts, changed=["status"]
        )
    return ratings

"""Rating pages (đánh giá, xếp loại công chức): my ratings with every point traced to its items and
events, my team (direct manager), my unit (head: quota, distribution, who has not self-assessed,
approval), the province (Sở Nội vụ, inspectors), Mẫu 01/02 as PDF, and the catalogue upload.

Every read of a rating passes `_log_read` (reads of ratings are personal data and are logged)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from congvu.core.errors import ActionError
from congvu.core.imports import ImportRefused
from congvu.core.reads import record_read
from congvu.org.middleware import OfficialRequest
from congvu.org.models import Unit
from congvu.people import actions
from congvu.people.access import can, can_keep_catalogue, reads_all, visible
from congvu.people.imports import import_catalogue
from congvu.people.models import JobPosition, Rating, RatingEvent
from congvu.people.pdf import form01_html, form02_html, to_pdf
from congvu.people.queries import (
    compute_batch,
    distribution,
    general_points,
    not_self_assessed,
    period_bounds,
    policy_of,
    split_of,
    team_of,
    work_items,
)
from congvu.tasks.models import TaskEvent
from congvu.web.forms.people import (
    AbsenceForm,
    AnswerForm,
    ApproveForm,
    CatalogueUploadForm,
    CauseForm,
    PetitionForm,
    ReviewForm,
    SelfAssessForm,
)
from congvu.web.views.common import official_required, render_page, view_name, viewer
from congvu.web.views.menu import PROVINCE_RATINGS


def _page(
    request: OfficialRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """A rating page, with what the rating tabs need (the catalogue tab for Sở Nội vụ)."""
    full = {"keeps_catalogue": can_keep_catalogue(request.official), **context}
    return render_page(request, template, full, status=status)


def _log_read(request: OfficialRequest, ratings: Iterable[models.Model]) -> None:
    """The one call site for reads of ratings (and the people records shown with them): each is
    logged for its person to see."""
    record_read(request.user, ratings, view_name(request))


def _current_period() -> str:
    today = timezone.localdate()
    return f"{today.year}-{today.month:02d}"


def _period(request: OfficialRequest) -> str:
    period = request.GET.get("period") or request.POST.get("period") or _current_period()
    try:
        period_bounds(period)
    except ValueError:
        return _current_period()
    return period


@official_required
def my_ratings(request: OfficialRequest) -> HttpResponse:
    official = request.official
    ratings = list(Rating.objects.filter(official=official).select_related("unit", "manager"))
    _log_read(request, ratings)
    form = SelfAssessForm(initial={"period": _current_period()})
    if request.method == "POST":
        if official.is_inspector:
            raise PermissionDenied
        form = SelfAssessForm(request.POST)
        if form.is_valid():
            try:
                rating = actions.self_assess(
                    official,
                    form.cleaned_data["period"],
                    points=form.points(),
                    note=form.cleaned_data["note"],
                )
            except ActionError as error:
                form.add_error(None, str(error))
            else:
                return redirect("people:detail", rating_id=rating.pk)
    return _page(request, "people/mine.html", {"ratings": ratings, "form": form})


def _items_for(rating: Rating) -> list[Any]:
    start, end = period_bounds(rating.period)
    batch = compute_batch(rating.unit, rating.period) if rating.status != "open" else None
    if batch is not None:
        return [i for i in batch.items if i.official_id == rating.official_id]
    return work_items([rating.official_id], start, end, frequency=policy_of(rating.unit).frequency)


@official_required
def rating_detail(request: OfficialRequest, rating_id: int) -> HttpResponse:
    official = request.official
    rating = get_object_or_404(
        visible(official).select_related("official", "unit", "manager"), pk=rating_id
    )
    _log_read(request, [rating])
    batch = compute_batch(rating.unit, rating.period)
    result = batch.results.get(rating.official_id)
    items = [i for i in batch.items if i.official_id == rating.official_id]
    event_ids = {pk for item in items for pk in item.facts.evidence}
    task_events = {
        e.pk: e for e in TaskEvent.objects.filter(pk__in=event_ids).select_related("actor")
    }
    traced = [
        (item, [task_events[pk] for pk in item.facts.evidence if pk in task_events])
        for item in items
    ]
    split = split_of(policy_of(rating.unit))
    forms: dict[str, Any] = {}
    if can(official, "review", rating) and rating.status in (
        Rating.Status.SELF_ASSESSED,
        Rating.Status.REVIEWED,
    ):
        forms["review"] = ReviewForm(split=split, prefix="review")
        forms["cause"] = CauseForm(prefix="cause")
    if can(official, "petition", rating) and rating.status == Rating.Status.PUBLISHED:
        forms["petition"] = PetitionForm(prefix="petition")
    if can(official, "answer", rating) and rating.status == Rating.Status.PETITIONED:
        forms["answer"] = AnswerForm(prefix="answer")
    if can(official, "absence", rating) and rating.status in (
        Rating.Status.OPEN,
        Rating.Status.SELF_ASSESSED,
        Rating.Status.REVIEWED,
    ):
        forms["absence"] = AbsenceForm(prefix="absence")
    events = RatingEvent.objects.filter(rating=rating).select_related("actor").order_by("seq")
    return _page(
        request,
        "people/detail.html",
        {
            "rating": rating,
            "result": result,
            "traced": traced,
            "general": general_points(rating),
            "events": events,
            "forms": forms,
            "override": batch.reasons_text.get(rating.official_id, ""),
        },
    )


@require_POST
@official_required
def rating_step(request: OfficialRequest, rating_id: int, step: str) -> HttpResponse:
    """The POST of a step on one rating: review, objective cause, petition, answer, absence."""
    official = request.official
    rating = get_object_or_404(visible(official).select_related("unit"), pk=rating_id)
    split = split_of(policy_of(rating.unit))
    try:
        if step == "review":
            form: Any = ReviewForm(request.POST, split=split, prefix="review")
            if form.is_valid():
                actions.review(
                    rating,
                    by=official,
                    points=form.points(),
                    organise_pct=form.cleaned_data["organise_pct"],
                    unite_pct=form.cleaned_data["unite_pct"],
                    note=form.cleaned_data["note"],
                )
        elif step == "cause":
            form = CauseForm(request.POST, prefix="cause")
            if form.is_valid():
                data = form.cleaned_data
                actions.record_objective_cause(
                    rating,
                    by=official,
                    task_id=data["task"],
                    kind=data["kind"],
                    reason=data["reason"],
                )
        elif step == "petition":
            form = PetitionForm(request.POST, prefix="petition")
            if form.is_valid():
                actions.petition(rating, by=official, text=form.cleaned_data["text"])
        elif step == "answer":
            form = AnswerForm(request.POST, prefix="answer")
            if form.is_valid():
                actions.answer_petition(
                    rating,
                    by=official,
                    answer=form.cleaned_data["answer"],
                    level=form.cleaned_data["level"],
                )
        elif step == "absence":
            form = AbsenceForm(request.POST, prefix="absence")
            if form.is_valid():
                data = form.cleaned_data
                actions.record_absence(
                    rating.official,
                    rating.period,
                    by=official,
                    start=data["start"],
                    end=data["end"],
                    kind=data["kind"],
                )
        else:
            raise PermissionDenied
    except ActionError as error:
        return _page(
            request, "people/refused.html", {"rating": rating, "error": str(error)}, status=422
        )
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        return _page(
            request, "people/refused.html", {"rating": rating, "error": errors}, status=422
        )
    return redirect("people:detail", rating_id=rating.pk)


@official_required
def my_team(request: OfficialRequest) -> HttpResponse:
    period = _period(request)
    ratings = list(team_of(request.official).filter(period=period))
    _log_read(request, ratings)
    return _page(request, "people/team.html", {"ratings": ratings, "period": period})


def _head_units(request: OfficialRequest) -> list[Unit]:
    return [post.unit for post in viewer(request).posts if post.role != "member"]


def _headed(request: OfficialRequest, unit_id: int | None) -> Unit:
    """The unit whose ratings the viewer runs as head: one they head or lead, or a unit under it
    (a leader approves a department head's rating); 403 otherwise, and for inspectors."""
    seen = viewer(request)
    if seen.is_inspector:
        raise PermissionDenied
    units = _head_units(request)
    if unit_id is None:
        if not units:
            raise PermissionDenied
        return units[0]
    if unit_id not in seen.scope.managed_units:
        raise PermissionDenied
    return get_object_or_404(Unit, pk=unit_id)


@official_required
def my_unit(request: OfficialRequest, unit_id: int | None = None) -> HttpResponse:
    unit = _headed(request, unit_id)
    units = _head_units(request)
    period = _period(request)
    batch = compute_batch(unit, period)
    _log_read(request, batch.ratings)
    by_group: dict[str, list[Any]] = defaultdict(list)
    for result in actions.results_before_quota(batch):
        by_group[result.group].append(result)
    names = {r.official.code: r.official.full_name for r in batch.ratings}
    quotas = []
    choices: list[tuple[str, str]] = []
    codes = {r.official.code: r.official_id for r in batch.ratings}
    for group, members in sorted(by_group.items()):
        candidates, kept, allowed = actions.quota_choice(members)
        quotas.append(
            {
                "group": group or "—",
                "htt": sum(1 for r in members if r.level == "HTT"),
                "candidates": [(names[r.official], r.printed) for r in candidates],
                "allowed": allowed,
                "kept": len(kept),
                "tie": len(kept) < allowed,
            }
        )
        choices += [(str(codes[r.official]), names[r.official]) for r in candidates]
    form = ApproveForm(candidates=choices, initial={"keep": []})
    rows = [(rating, batch.results.get(rating.official_id)) for rating in batch.ratings]
    return _page(
        request,
        "people/unit.html",
        {
            "unit": unit,
            "units": units,
            "period": period,
            "rows": rows,
            "quotas": quotas,
            "form": form,
            "missing": not_self_assessed(unit, period),
            "distribution": distribution(r for r in batch.ratings if r.level),
        },
    )


@require_POST
@official_required
def unit_step(request: OfficialRequest, unit_id: int, step: str) -> HttpResponse:
    """The head's steps on a unit's period: approve (with the HTXS choice), publish, finalise."""
    unit = _headed(request, unit_id)
    period = _period(request)
    try:
        if step == "approve":
            keep = request.POST.getlist("keep")
            choose = request.POST.get("choose") == "1"
            actions.approve_unit(
                unit,
                period,
                by=request.official,
                keep_htxs={int(pk) for pk in keep if pk.isdigit()} if choose else None,
                note=request.POST.get("note", ""),
            )
        elif step == "publish":
            actions.publish_unit(unit, period, by=request.official)
        elif step == "finalise":
            actions.finalise_unit(unit, period, by=request.official)
        else:
            raise PermissionDenied
    except ActionError as error:
        return _page(request, "people/refused.html", {"error": str(error)}, status=422)
    return redirect(f"{reverse('people:unit_of', args=[unit.pk])}?period={period}")


def _latest_rated_period(request: OfficialRequest) -> str:
    """The latest period with approved ratings, else the running one."""
    rated = Rating.objects.exclude(level="").order_by().values_list("period", flat=True).distinct()
    return max(rated, key=lambda p: period_bounds(p)[1], default=None) or _period(request)


@official_required
def province(request: OfficialRequest) -> HttpResponse:
    PROVINCE_RATINGS.require(request)
    # Unasked, the latest period with approved ratings: the running month has none until its
    # ratings are approved, so opening the page on it showed an empty table for most of the month.
    period = _period(request) if request.GET.get("period") else _latest_rated_period(request)
    ratings = list(Rating.objects.filter(period=period).exclude(level="").select_related("unit"))
    _log_read(request, ratings)
    by_unit: dict[Unit, Counter[str]] = defaultdict(Counter)
    groups: dict[tuple[Unit, str], Counter[str]] = defaultdict(Counter)
    for rating in ratings:
        by_unit[rating.unit][rating.level] += 1
        groups[(rating.unit, rating.task_group)][rating.level] += 1
    breaches = [
        (unit, group, counts["HTXS"], counts["HTT"])
        for (unit, group), counts in groups.items()
        if 5 * counts["HTXS"] > counts["HTT"]
    ]
    rows = sorted(by_unit.items(), key=lambda pair: pair[0].path)
    return _page(
        request,
        "people/province.html",
        {
            "period": period,
            "rows": [
                (unit, [counts[level] for level in ("HTXS", "HTT", "HTNV", "KHTNV")])
                for unit, counts in rows
            ],
            "breaches": breaches,
            "total": distribution(ratings),
        },
    )


@official_required
def form01(request: OfficialRequest, rating_id: int) -> HttpResponse:
    rating = get_object_or_404(
        visible(request.official).select_related("official", "unit", "manager"), pk=rating_id
    )
    _log_read(request, [rating])
    items = _items_for(rating)
    response = HttpResponse(to_pdf(form01_html(rating, items)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="mau-01-{rating.pk}.pdf"'
    return response


@official_required
def form02(request: OfficialRequest, unit_id: int) -> HttpResponse:
    period = _period(request)
    unit = get_object_or_404(Unit, pk=unit_id)
    ratings = list(
        visible(request.official)
        .filter(unit=unit, period=period)
        .exclude(level="")
        .select_related("official", "unit")
        .order_by("official__full_name")
    )
    if not ratings or not all(can(request.official, "view", r) for r in ratings):
        raise PermissionDenied
    if not (reads_all(request.official) or unit.pk in viewer(request).scope.managed_units):
        raise PermissionDenied
    _log_read(request, ratings)
    response = HttpResponse(
        to_pdf(form02_html(unit, period, ratings)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="mau-02-{unit.code}-{period}.pdf"'
    return response


@official_required
def catalogue(request: OfficialRequest) -> HttpResponse:
    if not can_keep_catalogue(request.official):
        raise PermissionDenied
    form = CatalogueUploadForm()
    problems: list[str] = []
    done = None
    status = 200
    if request.method == "POST":
        form = CatalogueUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                done = import_catalogue(upload, by=request.official, name=upload.name)
            except ImportRefused as refused:
                problems = [refused.message, *refused.lines()]
                status = 422
    positions = JobPosition.objects.select_related("unit").prefetch_related("products")
    return _page(
        request,
        "people/catalogue.html",
        {"form": form, "problems": problems, "done": done, "positions": positions},
        status=status,
    )

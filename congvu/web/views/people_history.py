"""Rating pages of issue 11 items 5 and 6: a person's history over the years (with the years
imported under Decrees 90/48), the province's year trend, the import of the history by Sở Nội vụ,
and capacity and workload for a unit's head (points to review, never a verdict).

Every read of ratings or history passes `_log_read` of the rating pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from congvu.core.imports import ImportRefused
from congvu.org.middleware import OfficialRequest
from congvu.org.models import Official, Unit
from congvu.people.access import can_keep_catalogue, is_personnel, reads_all
from congvu.people.capacity import unit_capacity
from congvu.people.history import (
    LEVELS,
    can_see_history,
    import_history,
    year_trend,
    years_of,
)
from congvu.people.models import HistoricRating, Rating
from congvu.people.queries import period_bounds
from congvu.web.forms.people import CatalogueUploadForm
from congvu.web.views.common import official_required, viewer
from congvu.web.views.people import _log_read, _page


def _log_records(request: OfficialRequest, records: list[Rating | HistoricRating | None]) -> None:
    """Log the reads of the ratings and old ratings a page shows (congvu.core.reads)."""
    _log_read(request, [r for r in records if r is not None])


@official_required
def history(request: OfficialRequest, official_id: int | None = None) -> HttpResponse:
    """A person's ratings over the years: the app's yearly ratings and the imported ones."""
    person = (
        request.official if official_id is None else get_object_or_404(Official, pk=official_id)
    )
    if not can_see_history(request.official, person, viewer(request).scope):
        raise PermissionDenied
    years = years_of(person)
    _log_records(request, [y.rating or y.historic for y in years])
    return _page(request, "people/history.html", {"person": person, "years": years})


@official_required
def trend(request: OfficialRequest) -> HttpResponse:
    """The province's distribution by level per year (Sở Nội vụ, inspectors, who sees all)."""
    if not reads_all(request.official):
        raise PermissionDenied
    rows = year_trend()  # counts only: no person's record is shown
    return _page(request, "people/trend.html", {"rows": rows, "levels": LEVELS})


@official_required
def history_import(request: OfficialRequest) -> HttpResponse:
    """Sở Nội vụ imports yearly ratings from before the app (Excel or CSV, all or nothing)."""
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
                done = import_history(upload, by=request.official, name=upload.name)
            except ImportRefused as refused:
                problems = [refused.message, *refused.lines()]
                status = 422
    return _page(
        request,
        "people/history_import.html",
        {"form": form, "problems": problems, "done": done},
        status=status,
    )


def _capacity_units(request: OfficialRequest) -> list[Unit]:
    """The units whose capacity page the viewer opens: all for Sở Nội vụ, the units they head or
    lead (and those below) for a head; none for anyone else, inspectors included."""
    official = request.official
    if official.is_inspector:
        return []
    if is_personnel(official):
        return list(Unit.objects.order_by("path"))
    managed = viewer(request).scope.managed_units
    return list(Unit.objects.filter(pk__in=managed).order_by("path")) if managed else []


@official_required
def capacity(request: OfficialRequest) -> HttpResponse:
    """Workload against the unit's median and job-position fit, as points for the head."""
    units = _capacity_units(request)
    if not units:
        raise PermissionDenied
    allowed = {unit.pk: unit for unit in units}
    wanted = request.GET.get("unit", "")
    if wanted:
        if not wanted.isdigit() or int(wanted) not in allowed:
            raise PermissionDenied
        unit = allowed[int(wanted)]
    else:
        heads = [p.unit for p in viewer(request).posts if p.role != "member"]
        unit = next((u for u in heads if u.pk in allowed), units[0])
    today = timezone.localdate()
    month = request.GET.get("month", "") or f"{today.year}-{today.month:02d}"
    try:
        period_bounds(month)
        if len(month) != 7 or "Q" in month:
            raise ValueError
    except ValueError:
        month = f"{today.year}-{today.month:02d}"
    found = unit_capacity(unit, month)
    return _page(
        request,
        "people/capacity.html",
        {"units": units, "unit": unit, "month": month, "capacity": found},
    )

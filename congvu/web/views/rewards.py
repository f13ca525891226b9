"""Rewards pages ("5 thật", "6 dám"): the nominations, a new nomination with the nominee's
evidence panel, the nomination with its evidence, steps and timeline, an official's evidence
panel of a year, and a unit's list of the year (page and PDF). Every page reads through
`rewards.access`: a nomination out of sight is a 404; a step, panel or list not theirs a 403.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from congvu.core.errors import ActionError
from congvu.core.reads import record_read
from congvu.org.middleware import OfficialRequest
from congvu.org.models import Official, Unit
from congvu.rewards import actions
from congvu.rewards.access import (
    NominationAction,
    can,
    list_units,
    may_see_panel,
    may_see_unit_list,
    nominable,
    unit_for,
    visible,
)
from congvu.rewards.documents import list_pdf, list_rows
from congvu.rewards.models import Nomination
from congvu.rewards.queries import due_steps, evidence_panel, parse_keys
from congvu.web.forms import rewards as f
from congvu.web.views.common import CaseStep, official_required, render_page, view_name
from congvu.web.views.discipline import step_day

Status = Nomination.Status


Step = CaseStep[Nomination, NominationAction]


STEPS: tuple[Step, ...] = (
    Step(
        "submit",
        "submit",
        gettext_lazy("Submit the nomination"),
        f.StepForm,
        (Status.DRAFT,),
        lambda n, by, d: actions.submit(n, by=by, on=d["on"]),
    ),
    Step(
        "review",
        "review",
        gettext_lazy("Record the council's review"),
        f.ReviewForm,
        (Status.SUBMITTED,),
        lambda n, by, d: actions.review(
            n, by=by, supported=d["supported"], note=d["note"], on=d["on"]
        ),
    ),
    Step(
        "award",
        "decide",
        gettext_lazy("Record the award"),
        f.AwardStepForm,
        (Status.REVIEWED,),
        lambda n, by, d: actions.award(n, by=by, form=d["form"], number=d["number"], on=d["on"]),
    ),
    Step(
        "not_award",
        "decide",
        gettext_lazy("Record that it is not awarded"),
        f.NotAwardForm,
        (Status.REVIEWED,),
        lambda n, by, d: actions.not_award(n, by=by, reason=d["reason"], on=d["on"]),
        "secondary",
    ),
)
BY_NAME = {step.name: step for step in STEPS}


def _nomination(request: OfficialRequest, nomination_id: int) -> Nomination:
    nomination = get_object_or_404(
        Nomination.objects.select_related("nominee", "nominator", "unit", "reviewer"),
        pk=nomination_id,
    )
    if not can(request.official, "view", nomination):
        raise Http404
    # A nomination appraises its nominee: every read is logged for them to see.
    record_read(request.user, nomination, view_name(request))
    return nomination


def _year(year: int) -> int:
    """A year a panel or list may be asked for (the URL takes any number)."""
    if not 2000 <= year <= 2100:
        raise Http404
    return year


def _years() -> list[int]:
    year = timezone.localdate().year
    return [year, year - 1]


@official_required
def nomination_list(request: OfficialRequest) -> HttpResponse:
    today = timezone.localdate()
    official = request.official
    steps = due_steps(official)
    return render_page(
        request,
        "rewards/list.html",
        {
            "nominations": visible(official).select_related("nominee", "nominator", "unit")[:200],
            "steps": steps,
            "may_nominate": nominable(official, today).exists(),
            "units": list_units(official, today),
            "year": today.year,
            "years": _years(),
        },
    )


@official_required
def nomination_create(request: OfficialRequest) -> HttpResponse:
    today = timezone.localdate()
    officials = nominable(request.official, today)
    if not officials.exists():
        raise PermissionDenied
    choose = f.ChooseForm(request.GET or None, officials=officials, years=_years())
    panel = form = None
    if choose.is_valid():
        nominee: Official = choose.cleaned_data["official"]
        year: int = choose.cleaned_data["year"]
        unit = unit_for(request.official, nominee, today)
        if unit is None:
            raise PermissionDenied
        panel = evidence_panel(nominee, year)
        form = f.NominationForm(request.POST or None, panel=panel)
        if request.method == "POST" and form.is_valid():
            try:
                nomination = actions.nominate(
                    by=request.official,
                    nominee=nominee,
                    unit=unit,
                    year=year,
                    criteria=form.cleaned_data["criteria"],
                    achievements=form.cleaned_data["achievements"],
                    evidence=form.cleaned_data["evidence"],
                )
            except ActionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The nomination was drafted."))
                return redirect("rewards:detail", nomination_id=nomination.pk)
    return render_page(
        request, "rewards/create.html", {"choose": choose, "panel": panel, "form": form}
    )


@official_required
def nomination_detail(
    request: OfficialRequest, nomination_id: int, given: dict[str, forms.Form] | None = None
) -> HttpResponse:
    nomination = _nomination(request, nomination_id)
    today = timezone.localdate()
    steps = [
        step
        for step in STEPS
        if nomination.status in step.states and can(request.official, step.permission, nomination)
    ]
    step_forms = [(s, (given or {}).get(s.name) or s.form(initial={"on": today})) for s in steps]
    panel = evidence_panel(nomination.nominee, nomination.year)
    linked = set(parse_keys(nomination.evidence))
    return render_page(
        request,
        "rewards/detail.html",
        {
            "nomination": nomination,
            "panel": panel,
            "linked": panel.chosen(linked),
            "linked_keys": {f"{kind}:{number}" for kind, number in linked},
            "missing": len(linked - panel.keys),
            "step_forms": step_forms,
            "events": [
                (event, step_day(event.payload))
                for event in nomination.events.select_related("actor").order_by("seq")
            ],
        },
    )


@require_POST
@official_required
def nomination_action(request: OfficialRequest, nomination_id: int, name: str) -> HttpResponse:
    nomination = _nomination(request, nomination_id)
    step = BY_NAME.get(name)
    if step is None:
        raise Http404
    if not can(request.official, step.permission, nomination):
        raise PermissionDenied
    form = step.form(request.POST)
    if form.is_valid():
        try:
            step.run(nomination, request.official, dict(form.cleaned_data))
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Recorded."))
            return redirect("rewards:detail", nomination_id=nomination.pk)
    nomination.refresh_from_db()
    return nomination_detail(request, nomination.pk, {name: form})


@official_required
def panel_page(request: OfficialRequest, official_id: int, year: int) -> HttpResponse:
    nominee = get_object_or_404(Official, pk=official_id)
    year = _year(year)
    if not may_see_panel(request.official, nominee):
        raise PermissionDenied
    return render_page(
        request,
        "rewards/panel_page.html",
        {"panel": evidence_panel(nominee, year), "nominee": nominee, "year": year},
    )


def _unit_list(request: OfficialRequest, unit_id: int) -> Unit:
    unit = get_object_or_404(Unit, pk=unit_id)
    if not may_see_unit_list(request.official, unit):
        raise PermissionDenied
    return unit


@official_required
def unit_list(request: OfficialRequest, unit_id: int, year: int) -> HttpResponse:
    unit = _unit_list(request, unit_id)
    year = _year(year)
    return render_page(
        request,
        "rewards/unit_list.html",
        {"unit": unit, "year": year, "rows": list_rows(unit, year)},
    )


@official_required
def unit_list_pdf(request: OfficialRequest, unit_id: int, year: int) -> HttpResponse:
    unit = _unit_list(request, unit_id)
    response = HttpResponse(list_pdf(unit, _year(year)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="khen-thuong-{unit.pk}-{year}.pdf"'
    return response

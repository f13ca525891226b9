"""Discipline pages: the list of cases, opening a case, the case with its timeline, its clocks,
its next step and the steps as forms, and its documents as PDF. Every page reads through
`discipline.access`; a case out of sight is a 404, a step not allowed a 403.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from congvu.core.errors import ActionError
from congvu.core.reads import record_read
from congvu.discipline import actions, queries
from congvu.discipline.access import ACTION_KIND, can, may_open, visible
from congvu.discipline.documents import KINDS, Kind, available, document_pdf
from congvu.discipline.models import OPEN, DisciplineCase
from congvu.innovation.access import is_personnel
from congvu.innovation.queries import exemption_grounds
from congvu.org.access import scope_of
from congvu.org.middleware import OfficialRequest
from congvu.org.models import Official, Unit
from congvu.web.forms import discipline as f
from congvu.web.views.common import official_required, render_page, view_name

Status = DisciplineCase.Status
Run = Callable[[DisciplineCase, Official, Any], object]


@dataclass(frozen=True)
class Step:
    name: str
    label: str | Promise
    form: type[forms.Form]
    applies: Callable[[DisciplineCase, dt.date], bool]
    run: Run
    style: str = "primary"


def _status(*states: str) -> Callable[[DisciplineCase, dt.date], bool]:
    return lambda case, on: case.status in states and case.paused_since is None


def _open(case: DisciplineCase, on: dt.date) -> bool:
    return case.status in OPEN


def _council_unformed(case: DisciplineCase, on: dt.date) -> bool:
    return _status(Status.COUNCIL)(case, on) and case.council_chair_id is None


def _council_formed(case: DisciplineCase, on: dt.date) -> bool:
    return _status(Status.COUNCIL)(case, on) and case.council_chair_id is not None


STEPS: tuple[Step, ...] = (
    Step(
        "notice",
        gettext_lazy("Issue the notice of review"),
        f.DayForm,
        _status(Status.DETECTED),
        lambda c, by, d: actions.issue_notice(c, by=by, on=d["on"]),
    ),
    Step(
        "meeting",
        gettext_lazy("Record the review meeting"),
        f.NoteDayForm,
        _status(Status.NOTICED),
        lambda c, by, d: actions.hold_meeting(c, by=by, note=d["note"], on=d["on"]),
    ),
    Step(
        "skip_meeting",
        gettext_lazy("No meeting needed: already reviewed"),
        f.RequiredNoteForm,
        _status(Status.NOTICED),
        lambda c, by, d: actions.skip_meeting(c, by=by, note=d["note"], on=d["on"]),
        "secondary",
    ),
    Step(
        "minutes",
        gettext_lazy("Report and minutes sent"),
        f.DayForm,
        _status(Status.MEETING_HELD),
        lambda c, by, d: actions.send_minutes(c, by=by, on=d["on"]),
    ),
    Step(
        "form_council",
        gettext_lazy("Form the discipline council"),
        f.CouncilForm,
        _council_unformed,
        lambda c, by, d: actions.form_council(
            c, by=by, chair=d["chair"], members=list(d["members"]), on=d["on"]
        ),
    ),
    Step(
        "skip_council",
        gettext_lazy("No meeting and no council"),
        f.SkipCouncilForm,
        _status(Status.NOTICED, Status.MEETING_HELD, Status.COUNCIL),
        lambda c, by, d: actions.skip_council(
            c, by=by, ground=d["ground"], document=d["document"], on=d["on"]
        ),
        "secondary",
    ),
    Step(
        "ballot",
        gettext_lazy("Record the secret ballot"),
        f.BallotForm,
        _council_formed,
        lambda c, by, d: actions.record_ballot(
            c, by=by, yes=d["yes"], no=d["no"], forms=d["forms"], on=d["on"]
        ),
    ),
    Step(
        "recommend",
        gettext_lazy("Send the recommendation"),
        f.DayForm,
        _status(Status.COUNCIL_MET),
        lambda c, by, d: actions.send_recommendation(c, by=by, on=d["on"]),
    ),
    Step(
        "decide",
        gettext_lazy("Decide the discipline"),
        f.DecideForm,
        _status(Status.RECOMMENDED),
        lambda c, by, d: actions.decide(
            c,
            by=by,
            form=d["form"],
            number=d["number"],
            effective_from=d["effective_from"],
            on=d["on"],
        ),
    ),
    Step(
        "exempt",
        gettext_lazy("Exempt from discipline"),
        f.ExemptForm,
        _open,
        lambda c, by, d: actions.exempt(
            c, by=by, ground=d["ground"], proposal=d["proposal"], note=d["note"], on=d["on"]
        ),
        "secondary",
    ),
    Step(
        "no_violation",
        gettext_lazy("Conclude without violation"),
        f.RequiredNoteForm,
        _open,
        lambda c, by, d: actions.conclude_no_violation(c, by=by, note=d["note"], on=d["on"]),
        "secondary",
    ),
    Step(
        "postpone",
        gettext_lazy("Postpone the review"),
        f.PostponeForm,
        lambda c, on: c.status in OPEN and c.paused_since is None,
        lambda c, by, d: actions.postpone(
            c,
            by=by,
            reason=d["reason"],
            person_asks_to_proceed=d["person_asks_to_proceed"],
            note=d["note"],
            on=d["on"],
        ),
        "secondary",
    ),
    Step(
        "resume",
        gettext_lazy("Resume the review"),
        f.DayForm,
        lambda c, on: c.paused_since is not None,
        lambda c, by, d: actions.resume(c, by=by, on=d["on"]),
    ),
    Step(
        "suspend",
        gettext_lazy("Suspend from work"),
        f.SuspendForm,
        _open,
        lambda c, by, d: actions.suspend(c, by=by, start=d["start"], end=d["end"], note=d["note"]),
        "secondary",
    ),
    Step(
        "time_barred",
        gettext_lazy("Close: limitation period over"),
        f.DayForm,
        _status(Status.DETECTED),
        lambda c, by, d: actions.close_time_barred(c, by=by, on=d["on"]),
        "secondary",
    ),
    Step(
        "lapse",
        gettext_lazy("Record the lapse"),
        f.DayForm,
        lambda c, on: (
            c.status == Status.IN_EFFECT and c.effective_to is not None and on > c.effective_to
        ),
        lambda c, by, d: actions.record_lapse(c, by=by, on=d["on"]),
    ),
)
BY_NAME = {step.name: step for step in STEPS}


def _case(request: OfficialRequest, case_id: int) -> DisciplineCase:
    case = get_object_or_404(
        DisciplineCase.objects.select_related("official", "unit", "handler", "council_chair"),
        pk=case_id,
    )
    if not can(request.official, "view", case):
        raise Http404
    # The one place every page of a case reads it through: each read is logged for the person.
    record_read(request.user, case, view_name(request))
    return case


def _make_form(step: Step, case: DisciplineCase, data: Any = None) -> forms.Form:
    kwargs: dict[str, Any] = {"case": case}
    if step.form is f.ExemptForm:
        kwargs["offered"] = exemption_grounds(case.official_id)
    initial = {"on": timezone.localdate()}
    return step.form(data, initial=initial, **kwargs)


def step_day(payload: dict[str, Any]) -> dt.date | None:
    """The day a step happened (kept in its event's payload as "on"; the event's time is when it
    was recorded). The innovation pages read their events the same way."""
    value = payload.get("on")
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


def _steps_for(official: Official, case: DisciplineCase, on: dt.date) -> list[Step]:
    return [
        step
        for step in STEPS
        if step.applies(case, on) and can(official, ACTION_KIND[step.name], case)
    ]


@official_required
def case_list(request: OfficialRequest) -> HttpResponse:
    today = timezone.localdate()
    form = f.CaseFilterForm(request.GET or None)
    cases = visible(request.official).select_related("official", "unit")
    if form.is_valid() and form.cleaned_data["status"]:
        cases = cases.filter(status=form.cleaned_data["status"])
    rows = [(case, queries.next_steps(case, today)) for case in cases[:200]]
    return render_page(
        request,
        "discipline/list.html",
        {
            "form": form,
            "rows": rows,
            "mine": queries.due_steps(request.official, today),
            "may_open": _may_open_any(request.official),
        },
    )


def _openable_units(official: Official) -> Any:
    if official.is_inspector:
        return Unit.objects.none()
    if is_personnel(official):
        return Unit.objects.filter(valid_to__isnull=True)
    return Unit.objects.filter(pk__in=viewer_scope_managed(official), valid_to__isnull=True)


def viewer_scope_managed(official: Official) -> frozenset[int]:
    return scope_of(official).managed_units


def _may_open_any(official: Official) -> bool:
    return not official.is_inspector and (
        is_personnel(official) or bool(viewer_scope_managed(official))
    )


@official_required
def case_open(request: OfficialRequest) -> HttpResponse:
    if not _may_open_any(request.official):
        raise PermissionDenied
    units = _openable_units(request.official)
    officials = Official.objects.filter(is_inspector=False).order_by("full_name")
    form = f.OpenCaseForm(request.POST or None, units=units, officials=officials)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not may_open(request.official, data["unit"]):
            raise PermissionDenied
        try:
            case = actions.open_case(by=request.official, **data)
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The case was opened."))
            return redirect("discipline:detail", case_id=case.pk)
    return render_page(request, "discipline/open.html", {"form": form})


@official_required
def case_detail(
    request: OfficialRequest, case_id: int, forms_: dict[str, forms.Form] | None = None
) -> HttpResponse:
    case = _case(request, case_id)
    today = timezone.localdate()
    steps = _steps_for(request.official, case, today)
    given = forms_ or {}
    step_forms = [(step, given.get(step.name) or _make_form(step, case)) for step in steps]
    open_case = case.status in OPEN
    return render_page(
        request,
        "discipline/detail.html",
        {
            "case": case,
            "events": [
                (event, step_day(event.payload))
                for event in case.events.select_related("actor", "unit").order_by("seq")
            ],
            "next": queries.next_steps(case, today),
            "step_forms": step_forms,
            "limitation": queries.limitation_deadline(case)
            if case.status == Status.DETECTED
            else None,
            "processing": queries.processing_deadline(case, today) if open_case else None,
            "restrictions": queries.restrictions(case.official_id, today),
            "offered": list(exemption_grounds(case.official_id)) if open_case else [],
            "documents": available(case),
            "council": list(case.council_members.all()),
            "is_person": case.official_id == request.official.pk,
        },
    )


@require_POST
@official_required
def case_action(request: OfficialRequest, case_id: int, name: str) -> HttpResponse:
    case = _case(request, case_id)
    step = BY_NAME.get(name)
    if step is None:
        raise Http404
    if not can(request.official, ACTION_KIND[name], case):
        raise PermissionDenied
    form = _make_form(step, case, request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        if isinstance(form, f.BallotForm):
            data["forms"] = form.form_votes()
        try:
            step.run(case, request.official, data)
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Recorded."))
            return redirect("discipline:detail", case_id=case.pk)
    case.refresh_from_db()
    return case_detail(request, case.pk, {name: form})


@official_required
def case_document(request: OfficialRequest, case_id: int, kind: str) -> HttpResponse:
    case = _case(request, case_id)
    if kind not in KINDS or kind not in available(case):
        raise Http404
    chosen: Kind = kind  # type: ignore[assignment]  # checked against KINDS above
    response = HttpResponse(document_pdf(case, chosen), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ky-luat-{case.pk}-{kind}.pdf"'
    return response

"""Innovation pages: the list of proposals, a new proposal, the proposal with its timeline, its
vote and its steps as forms. Every page reads through `innovation.access`; a proposal out of
sight is a 404, a step not allowed a 403.
"""

from __future__ import annotations

from typing import Any

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
from congvu.innovation import actions
from congvu.innovation.access import ProposalAction, can, proposing_units, visible
from congvu.innovation.models import Proposal
from congvu.innovation.queries import collective, due_steps
from congvu.org.middleware import OfficialRequest
from congvu.org.models import Official
from congvu.web.forms import innovation as f
from congvu.web.views.common import CaseStep, official_required, render_page, view_name
from congvu.web.views.discipline import step_day

Status = Proposal.Status


Step = CaseStep[Proposal, ProposalAction]


STEPS: tuple[Step, ...] = (
    Step(
        "submit",
        "submit",
        gettext_lazy("Submit to the head"),
        f.SubmitForm,
        (Status.DRAFT,),
        lambda p, by, d: actions.submit(p, by=by, head=d["head"], on=d["on"]),
    ),
    Step(
        "vote",
        "vote",
        gettext_lazy("Record the collective's vote"),
        f.VoteForm,
        (Status.SUBMITTED,),
        lambda p, by, d: actions.record_vote(p, by=by, ballots=d["ballots"], on=d["on"]),
    ),
    Step(
        "escalate",
        "escalate",
        gettext_lazy("Send to the higher level"),
        f.NoteForm,
        (Status.SUBMITTED,),
        lambda p, by, d: actions.escalate(p, by=by, note=d["note"], on=d["on"]),
        "secondary",
    ),
    Step(
        "head_approve",
        "head_approve",
        gettext_lazy("Approve in writing against the vote"),
        f.DocumentForm,
        (Status.REJECTED,),
        lambda p, by, d: actions.head_approve(
            p, by=by, document=d["document"], note=d["note"], on=d["on"]
        ),
    ),
    Step(
        "higher_decide",
        "higher_decide",
        gettext_lazy("Decide for the higher level"),
        f.HigherForm,
        (Status.ESCALATED,),
        lambda p, by, d: actions.higher_decide(
            p, by=by, approve=d["approve"], note=d["note"], on=d["on"]
        ),
    ),
    Step(
        "implement",
        "implement",
        gettext_lazy("Start implementing"),
        f.StepForm,
        (Status.APPROVED, Status.HEAD_APPROVED),
        lambda p, by, d: actions.start_implementation(p, by=by, on=d["on"]),
    ),
    Step(
        "evaluate",
        "evaluate",
        gettext_lazy("Evaluate the results"),
        f.EvaluateForm,
        (Status.IMPLEMENTING,),
        lambda p, by, d: actions.evaluate(
            p,
            by=by,
            achievement=d["achievement"],
            damage=d["damage"],
            motive_pure=d["motive_pure"],
            policy_correct=d["policy_correct"],
            note=d["note"],
            on=d["on"],
        ),
    ),
    Step(
        "protect",
        "evaluate",
        gettext_lazy("Decide the protection"),
        f.NoteForm,
        (Status.EVALUATED,),
        lambda p, by, d: actions.decide_protection(p, by=by, note=d["note"], on=d["on"]),
    ),
)
BY_NAME = {step.name: step for step in STEPS}


def _proposal(request: OfficialRequest, proposal_id: int) -> Proposal:
    proposal = get_object_or_404(
        Proposal.objects.select_related("proposer", "unit", "head"), pk=proposal_id
    )
    if not can(request.official, "view", proposal):
        raise Http404
    # A proposal carries the decision on its proposer's protection (Decree 73): a personal record,
    # and this is the one place every page of a proposal reads it through.
    record_read(request.user, proposal, view_name(request))
    return proposal


def _make_form(step: Step, proposal: Proposal, data: Any = None) -> forms.Form:
    today = timezone.localdate()
    kwargs: dict[str, Any] = {"proposal": proposal}
    if step.form is f.SubmitForm:
        members = collective(proposal.unit, today, proposal.proposer)
        kwargs["heads"] = Official.objects.filter(pk__in=[m.pk for m in members])
    if step.form is f.VoteForm:
        kwargs["members"] = collective(proposal.unit, today, proposal.proposer)
    return step.form(data, initial={"on": today}, **kwargs)


@official_required
def proposal_list(request: OfficialRequest) -> HttpResponse:
    proposals = visible(request.official).select_related("proposer", "unit")
    today = timezone.localdate()
    return render_page(
        request,
        "innovation/list.html",
        {
            "proposals": proposals[:200],
            "mine": due_steps(request.official),
            "may_propose": proposing_units(request.official, today).exists(),
        },
    )


@official_required
def proposal_create(request: OfficialRequest) -> HttpResponse:
    units = proposing_units(request.official, timezone.localdate())
    if not units.exists():
        raise PermissionDenied
    form = f.ProposalForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = actions.create_proposal(by=request.official, **form.cleaned_data)
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The proposal was drafted."))
            return redirect("innovation:detail", proposal_id=proposal.pk)
    return render_page(request, "innovation/create.html", {"form": form})


@official_required
def proposal_detail(
    request: OfficialRequest, proposal_id: int, given: dict[str, forms.Form] | None = None
) -> HttpResponse:
    proposal = _proposal(request, proposal_id)
    steps = [
        step
        for step in STEPS
        if proposal.status in step.states and can(request.official, step.permission, proposal)
    ]
    step_forms = [(s, (given or {}).get(s.name) or _make_form(s, proposal)) for s in steps]
    vote = proposal.events.filter(activity="vote").first()
    names = {}
    if vote is not None:
        ids = [int(pk) for pk in vote.payload.get("ballots", {})]
        names = dict(Official.objects.filter(pk__in=ids).values_list("pk", "full_name"))
    ballots = (
        [(names.get(int(pk), pk), approve) for pk, approve in vote.payload["ballots"].items()]
        if vote is not None
        else []
    )
    return render_page(
        request,
        "innovation/detail.html",
        {
            "proposal": proposal,
            "events": [
                (event, step_day(event.payload))
                for event in proposal.events.select_related("actor").order_by("seq")
            ],
            "step_forms": step_forms,
            "vote": vote,
            "ballots": ballots,
            "exemptions": proposal.discipline_exemptions.all()
            if request.official.pk != proposal.proposer_id
            else [],
            "today": timezone.localdate(),
        },
    )


@require_POST
@official_required
def proposal_action(request: OfficialRequest, proposal_id: int, name: str) -> HttpResponse:
    proposal = _proposal(request, proposal_id)
    step = BY_NAME.get(name)
    if step is None:
        raise Http404
    if not can(request.official, step.permission, proposal):
        raise PermissionDenied
    form = _make_form(step, proposal, request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        if isinstance(form, f.VoteForm):
            data["ballots"] = form.ballots()
        try:
            step.run(proposal, request.official, data)
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Recorded."))
            return redirect("innovation:detail", proposal_id=proposal.pk)
    proposal.refresh_from_db()
    return proposal_detail(request, proposal.pk, {name: form})

"""Home (a redirect by role) and "Việc của tôi": everything waiting on the official."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congvu.discipline.queries import due_steps as discipline_steps
from congvu.innovation.queries import due_steps as proposal_steps
from congvu.org.middleware import OfficialRequest
from congvu.people.queries import rating_steps
from congvu.rewards.queries import due_steps as nomination_steps
from congvu.tasks.queries import (
    awaiting_acceptance,
    awaiting_approval,
    awaiting_assignment,
    open_escalations_to,
    open_input_requests_to,
    open_tasks_for,
    pending_extensions_for,
)
from congvu.web.views.common import official_required, render_page, viewer

# Each queue shows its most urgent items; the full lists are one click away in the task list.
QUEUE_LIMIT = 50

PROPOSAL_STEPS = {
    "vote": _("Hold the collective vote"),
    "evaluate": _("Evaluate the implemented proposal"),
    "protect": _("Record the protection outcome"),
}


@official_required
def home(request: OfficialRequest) -> HttpResponse:
    """Leaders start on the overview; everyone else on their own work."""
    me = viewer(request)
    if me.is_leader:
        return HttpResponseRedirect(reverse("overview"))
    if me.is_inspector:
        return HttpResponseRedirect(reverse("task_list"))
    return HttpResponseRedirect(reverse("my_work"))


@official_required
def my_work(request: OfficialRequest) -> HttpResponse:
    """My open tasks by urgency, and the queues that wait on me or my units."""
    me = viewer(request)
    official = request.official
    managed = sorted(me.scope.managed_units)
    mine = sorted(me.scope.member_units | me.scope.managed_units)
    offices = sorted(me.scope.office_units)
    queues: dict[str, list[Any]] = {
        "my_tasks": list(open_tasks_for(official.pk)[:QUEUE_LIMIT]),
        "to_accept": list(awaiting_acceptance(managed)[:QUEUE_LIMIT]) if managed else [],
        "to_hand_out": list(awaiting_assignment(managed)[:QUEUE_LIMIT]) if managed else [],
        "input_requests": list(open_input_requests_to(mine)[:QUEUE_LIMIT]) if mine else [],
        "extensions": list(pending_extensions_for(official.pk, offices)[:QUEUE_LIMIT]),
        "to_approve": list(awaiting_approval(official.pk, offices)[:QUEUE_LIMIT]),
        "escalations": list(open_escalations_to(official.pk)[:QUEUE_LIMIT]),
        # The personnel procedures: each step waits on one named person (the reminders read the
        # same functions).
        "rating_steps": rating_steps(official, managed)[:QUEUE_LIMIT],
        "discipline_steps": discipline_steps(official, timezone.localdate())[:QUEUE_LIMIT],
        "nomination_steps": nomination_steps(official)[:QUEUE_LIMIT],
        "proposal_steps": [
            {"step": step, "label": PROPOSAL_STEPS[step.step]}
            for step in proposal_steps(official)[:QUEUE_LIMIT]
        ],
    }
    return render_page(
        request,
        "web/my_work.html",
        {**queues, "nothing": not any(queues.values())},
    )

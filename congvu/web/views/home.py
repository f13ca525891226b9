"""Home (a redirect by role) and "Việc của tôi": everything waiting on the official."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from congvu.org.middleware import OfficialRequest
from congvu.web.queues import waiting_on
from congvu.web.views.common import (
    official_required,
    render_page,
    staff_to_administration,
    viewer,
)


@staff_to_administration
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
    queues = waiting_on(request.official, timezone.localdate(), me.scope)
    return render_page(
        request,
        "web/my_work.html",
        {**queues, "nothing": not any(queues.values())},
    )

"""Home (a redirect by role) and "Việc của tôi": everything waiting on the official."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from congvu.org.middleware import OfficialRequest
from congvu.tasks.queries import Category
from congvu.web.front import panels
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
    """The work my roles answer for (`front.panels`), then my open tasks by urgency and the
    queues that wait on me or the units I run."""
    me = viewer(request)
    today = timezone.localdate()
    queues = waiting_on(request.official, today, me.scope)
    return render_page(
        request,
        "web/my_work.html",
        {
            **queues,
            "panels": panels(request.official, me.posts, me.scope, today),
            "categories": list(Category.LABELS.items()),
            "nothing": not any(queues.values()),
        },
    )

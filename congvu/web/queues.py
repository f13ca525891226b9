"""What waits for an official: the one function that builds the queues of "Việc của tôi", the
notification page and the daily e-mail digest (`congvu send_reminders`), so that the three never
disagree. Each queue costs a bounded number of queries, whatever the size of the province."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from congvu.discipline.queries import due_steps as discipline_due_steps
from congvu.findings.models import Finding
from congvu.innovation.queries import due_steps as proposal_due_steps
from congvu.org.access import Scope, scope_of, units_run_by
from congvu.org.models import Official
from congvu.people.queries import period_label, rating_steps
from congvu.rewards.queries import due_steps as nomination_due_steps
from congvu.tasks.models import Task
from congvu.tasks.queries import (
    awaiting_acceptance,
    awaiting_approval,
    awaiting_assignment,
    open_escalations_to,
    open_input_requests_to,
    open_tasks_for,
    pending_extensions_for,
)

# Each queue shows its most urgent items; the full lists are one click away in the task list.
QUEUE_LIMIT = 50
# A task of one's own is "due soon" when its deadline is at most this many days away.
DUE_SOON_DAYS = 3

PROPOSAL_STEPS = {
    "vote": _("Hold the collective vote"),
    "evaluate": _("Evaluate the implemented proposal"),
    "protect": _("Record the protection outcome"),
}


def signals_to_explain(official: Official, scope: Scope) -> QuerySet[Finding]:
    """The signals still holding and awaiting an explanation (giải trình) that the official may
    give (`findings.access.can(..., "explain", ...)`): those naming them and those about the units
    of their posts, which are their scope's member units."""
    if official.is_inspector:
        return Finding.objects.none()
    return (
        Finding.objects.filter(status=Finding.Status.OPEN, holds=True)
        .filter(Q(official=official) | Q(unit_id__in=scope.member_units))
        .select_related("unit")
        .order_by("-ts", "-pk")
    )


def waiting_on(
    official: Official, today: dt.date, scope: Scope | None = None, limit: int = QUEUE_LIMIT
) -> dict[str, list[Any]]:
    """Every queue that waits on the official or the units they act for, most urgent first, each
    cut at `limit` (a page shows "50+" for a queue cut there).

    A unit's new tasks and the questions put to it wait on its nearest head (`units_run_by`), not
    on every leader above: a chairman's queues hold what waits on him, not every department's.
    """
    scope = scope or scope_of(official, today)
    managed = sorted(scope.managed_units)
    run = sorted(units_run_by(official, today, scope))
    mine = sorted(scope.member_units | set(run))
    offices = sorted(scope.office_units)
    signals = signals_to_explain(official, scope)
    queues: dict[str, list[Any]] = {
        "my_tasks": list(open_tasks_for(official.pk)[:limit]),
        "to_accept": list(awaiting_acceptance(run)[:limit]) if run else [],
        "to_hand_out": list(awaiting_assignment(run)[:limit]) if run else [],
        "input_requests": list(open_input_requests_to(mine)[:limit]) if mine else [],
        "extensions": list(pending_extensions_for(official.pk, offices)[:limit]),
        "to_approve": list(awaiting_approval(official.pk, offices)[:limit]),
        "escalations": list(open_escalations_to(official.pk)[:limit]),
        # The personnel procedures: each step waits on one named person.
        "rating_steps": rating_steps(official, managed)[:limit],
        "discipline_steps": discipline_due_steps(official, today)[:limit],
        "nomination_steps": nomination_due_steps(official)[:limit],
        "proposal_steps": [
            {"step": step, "label": PROPOSAL_STEPS[step.step]}
            for step in proposal_due_steps(official)[:limit]
        ],
        "signals": list(signals[:limit]),
    }
    return queues


# --- The same queues as plain items (the e-mail digest and the notification page) --------------


@dataclass(frozen=True)
class Item:
    label: str
    meta: str
    path: str  # the page to open, relative to the site


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    items: tuple[Item, ...]

    @property
    def count(self) -> int:
        return len(self.items)


def _d(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _task_item(task: Task, today: dt.date) -> Item:
    days = (task.due - today).days
    if days < 0:
        when = ngettext("overdue by %(n)d day", "overdue by %(n)d days", -days) % {"n": -days}
    elif days == 0:
        when = str(_("due today"))
    else:
        when = ngettext("%(n)d day left", "%(n)d days left", days) % {"n": days}
    return Item(
        task.title,
        f"{task.lead_unit} · {_('deadline')} {_d(task.due)} · {when}",
        reverse("task_detail", args=[task.pk]),
    )


def _rating_item(step: Any) -> Item:
    if step.rating is not None:
        path = (
            reverse("people:mine")
            if step.step == "self_assess"
            else reverse("people:detail", args=[step.rating.pk])
        )
        return Item(
            step.label,
            f"{step.rating.official} · {_('period')} {period_label(step.rating.period)}",
            path,
        )
    if step.step == "self_assess":
        return Item(
            step.label, f"{_('period')} {period_label(step.period)}", reverse("people:mine")
        )
    return Item(
        step.label,
        f"{step.unit} · {_('period')} {period_label(step.period)}",
        reverse("people:unit_of", args=[step.unit.pk]),
    )


def sections(queues: dict[str, list[Any]], today: dt.date) -> list[Section]:
    """The queues that call for action, as titled lists of items with links; empty ones left out.
    The official's own tasks count only when overdue or due within DUE_SOON_DAYS."""
    closed = {Task.Status.DONE, Task.Status.CANCELLED, Task.Status.COMPLETED}
    own = [t for t in queues["my_tasks"] if t.status not in closed]
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    built = [
        Section(
            "overdue",
            _("My overdue tasks"),
            tuple(_task_item(t, today) for t in own if t.due < today),
        ),
        Section(
            "due_soon",
            _("My tasks due soon"),
            tuple(_task_item(t, today) for t in own if today <= t.due <= soon),
        ),
        Section(
            "to_accept",
            _("New tasks to accept"),
            tuple(_task_item(t, today) for t in queues["to_accept"]),
        ),
        Section(
            "to_hand_out",
            _("Accepted, not yet handed to an official"),
            tuple(_task_item(t, today) for t in queues["to_hand_out"]),
        ),
        Section(
            "input_requests",
            _("Input requested from my units"),
            tuple(
                Item(
                    r.task.title,
                    f"{r.to_unit} · {_('answer by')} {_d(r.answer_due)}",
                    reverse("task_detail", args=[r.task_id]),
                )
                for r in queues["input_requests"]
            ),
        ),
        Section(
            "extensions",
            _("Extension requests to decide"),
            tuple(
                Item(
                    r.task.title,
                    f"{_d(r.task.due)} → {_d(r.requested_due)}",
                    reverse("task_detail", args=[r.task_id]),
                )
                for r in queues["extensions"]
            ),
        ),
        Section(
            "to_approve",
            _("Completed, awaiting approval"),
            tuple(_task_item(t, today) for t in queues["to_approve"]),
        ),
        Section(
            "escalations",
            _("Questions put to me"),
            tuple(
                Item(
                    e.task.title,
                    f"{e.asked_by} · {_d(localdate(e.asked_at))}",
                    reverse("task_detail", args=[e.task_id]),
                )
                for e in queues["escalations"]
            ),
        ),
        Section(
            "signals",
            _("Signals to explain"),
            tuple(
                Item(
                    f.get_kind_display(),
                    f"{f.unit or ''} · {_d(localdate(f.ts))}",
                    reverse("findings:detail", args=[f.pk]),
                )
                for f in queues["signals"]
            ),
        ),
        Section(
            "rating_steps",
            _("Ratings waiting on me"),
            tuple(_rating_item(s) for s in queues["rating_steps"]),
        ),
        Section(
            "discipline_steps",
            _("Discipline steps waiting on me"),
            tuple(
                Item(
                    str(s.label),
                    f"{s.case.official}" + (f" · {_('by')} {_d(s.due)}" if s.due else ""),
                    reverse("discipline:detail", args=[s.case.pk]),
                )
                for s in queues["discipline_steps"]
            ),
        ),
        Section(
            "nomination_steps",
            _("Reward nominations waiting on me"),
            tuple(
                Item(
                    str(n.nominee),
                    f"{n.unit} · {n.year} · {n.get_status_display()}",
                    reverse("rewards:detail", args=[n.pk]),
                )
                for n in queues["nomination_steps"]
            ),
        ),
        Section(
            "proposal_steps",
            _("Innovation proposals waiting on me"),
            tuple(
                Item(
                    str(s["label"]),
                    s["step"].proposal.title[:80]
                    + (f" · {_('by')} {_d(s['step'].due)}" if s["step"].due else ""),
                    reverse("innovation:detail", args=[s["step"].proposal.pk]),
                )
                for s in queues["proposal_steps"]
            ),
        ),
    ]
    return [section for section in built if section.items]

"""The task actions as small forms: which ones the official may take now (the POST view that runs
them is `tasks.task_action`).

Each form carries the task's version; the view sets it on the task before calling the action, so
an action on a task someone changed meanwhile is refused (StaleWrite) instead of overwriting.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Model
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congvu.org.middleware import OfficialRequest
from congvu.org.models import Official
from congvu.tasks import actions
from congvu.tasks.access import TaskAction, can
from congvu.tasks.models import Escalation, ExtensionRequest, InputRequest, Task
from congvu.web.forms import tasks as forms
from congvu.web.views.common import Viewer

S = Task.Status
OPEN = (S.NEW, S.IN_PROGRESS, S.RETURNED, S.COMPLETED)
Data = dict[str, Any]
M = TypeVar("M", InputRequest, ExtensionRequest, Escalation)


@dataclass(frozen=True)
class Spec:
    """One action as the pages offer it."""

    name: str
    permission: TaskAction
    label: str | Promise  # the button
    form: type[forms.ActionForm]
    statuses: tuple[str, ...]
    run: Callable[[Task, Data, Official, Any], object]
    done: str | Promise  # the message after success
    style: str = ""  # "primary" or "danger"
    target: type[Model] | None = None  # the request / escalation the form answers


def _input_request(task: Task, data: Data) -> InputRequest:
    return _child(InputRequest, task, data["request"], status=InputRequest.Status.OPEN)


def _extension(task: Task, data: Data) -> ExtensionRequest:
    return _child(ExtensionRequest, task, data["request"], status=ExtensionRequest.Status.PENDING)


def _escalation(task: Task, data: Data) -> Escalation:
    return _child(Escalation, task, data["escalation"], status=Escalation.Status.OPEN)


def _child(model: type[M], task: Task, pk: int, **filters: Any) -> M:
    """A request of this task (with the task object the view locked by version), or 404."""
    found = model._default_manager.filter(task=task, pk=pk, **filters).first()
    if found is None:
        raise Http404
    found.task = task
    return found


SPECS: dict[str, Spec] = {
    spec.name: spec
    for spec in [
        Spec(
            "accept",
            "accept",
            _("Accept"),
            forms.NoteForm,
            (S.NEW,),
            lambda t, d, by, f: actions.accept_task(t, by=by, note=d["note"]),
            _("The task was accepted."),
            "primary",
        ),
        Spec(
            "assign",
            "assign",
            _("Hand to an official"),
            forms.AssignForm,
            (S.IN_PROGRESS,),
            lambda t, d, by, f: actions.assign_task(t, to=d["to"], by=by, note=d["note"]),
            _("The task was handed to the official."),
            "primary",
        ),
        Spec(
            "progress",
            "progress",
            _("Report progress"),
            forms.ProgressForm,
            (S.IN_PROGRESS,),
            lambda t, d, by, f: actions.report_progress(
                t, by=by, percent=d["percent"], note=d["note"]
            ),
            _("Progress was recorded."),
        ),
        Spec(
            "complete",
            "complete",
            _("Report complete"),
            forms.CompleteForm,
            (S.IN_PROGRESS,),
            lambda t, d, by, f: actions.complete_task(t, by=by, result=d["result"], files=f),
            _("The task was reported complete."),
            "primary",
        ),
        Spec(
            "request_input",
            "request_input",
            _("Ask a coordinating unit"),
            forms.RequestInputForm,
            (S.IN_PROGRESS,),
            lambda t, d, by, f: actions.request_input(
                t, to_unit=d["to_unit"], question=d["question"], answer_due=d["answer_due"], by=by
            ),
            _("The request for input was sent."),
        ),
        Spec(
            "request_extension",
            "request_extension",
            _("Ask for an extension"),
            forms.RequestExtensionForm,
            (S.IN_PROGRESS,),
            lambda t, d, by, f: actions.request_extension(
                t, by=by, new_due=d["new_due"], reason=d["reason"]
            ),
            _("The extension request was sent."),
        ),
        Spec(
            "escalate",
            "escalate",
            _("Ask a superior's opinion"),
            forms.EscalateForm,
            (S.IN_PROGRESS,),
            lambda t, d, by, f: actions.escalate_task(
                t,
                by=by,
                to=d["to"],
                question=d["question"],
                decision_kind=d["decision_kind"].code if d["decision_kind"] else "",
            ),
            _("The question was sent."),
        ),
        Spec(
            "transfer",
            "transfer",
            _("Transfer to another unit"),
            forms.TransferForm,
            (S.NEW, S.IN_PROGRESS, S.RETURNED),
            lambda t, d, by, f: actions.transfer_task(
                t, to_unit=d["to_unit"], by=by, reason=d["reason"]
            ),
            _("The task was transferred."),
        ),
        Spec(
            "return",
            "return",
            _("Return to the assigner"),
            forms.ReasonForm,
            (S.NEW, S.IN_PROGRESS),
            lambda t, d, by, f: actions.return_task(t, by=by, reason=d["reason"], note=d["note"]),
            _("The task was returned to the assigner."),
            "danger",
        ),
        Spec(
            "decline",
            "decline",
            _("Decline coordination"),
            forms.ReasonForm,
            OPEN,
            lambda t, d, by, f: actions.decline_task(t, by=by, reason=d["reason"], note=d["note"]),
            _("Your unit's part was declined."),
            "danger",
        ),
        Spec(
            "approve",
            "review",
            _("Approve the result"),
            forms.NoteForm,
            (S.COMPLETED,),
            lambda t, d, by, f: actions.approve_task(t, by=by, note=d["note"]),
            _("The result was approved."),
            "primary",
        ),
        Spec(
            "send_back",
            "review",
            _("Send back for rework"),
            forms.RequiredNoteForm,
            (S.COMPLETED,),
            lambda t, d, by, f: actions.send_back_task(t, by=by, note=d["note"]),
            _("The task was sent back for rework."),
            "danger",
        ),
        Spec(
            "remind",
            "remind",
            _("Remind"),
            forms.RequiredNoteForm,
            OPEN,
            lambda t, d, by, f: actions.remind_task(t, by=by, note=d["note"]),
            _("The reminder was recorded."),
        ),
        Spec(
            "reopen",
            "reopen",
            _("Reopen"),
            forms.RequiredNoteForm,
            (S.DONE, S.CANCELLED),
            lambda t, d, by, f: actions.reopen_task(t, by=by, note=d["note"]),
            _("The task was reopened."),
        ),
        Spec(
            "cancel",
            "cancel",
            _("Cancel the task"),
            forms.RequiredNoteForm,
            OPEN,
            lambda t, d, by, f: actions.cancel_task(t, by=by, note=d["note"]),
            _("The task was cancelled."),
            "danger",
        ),
        # Answers to a request of the task: offered next to that request.
        Spec(
            "respond_input",
            "respond_input",
            _("Send the answer"),
            forms.RespondInputForm,
            OPEN,
            lambda t, d, by, f: actions.respond_input(
                _input_request(t, d), by=by, answer=d["answer"]
            ),
            _("Your answer was sent."),
            "primary",
            InputRequest,
        ),
        Spec(
            "grant_extension",
            "decide_extension",
            _("Grant"),
            forms.GrantExtensionForm,
            OPEN,
            lambda t, d, by, f: actions.grant_extension(
                _extension(t, d),
                by=by,
                new_due=d["new_due"],
                note=d["note"],
                late_reason=d.get("late_reason") or "",
            ),
            _("The extension was granted."),
            "primary",
            ExtensionRequest,
        ),
        Spec(
            "refuse_extension",
            "decide_extension",
            pgettext_lazy("extension", "Refuse"),
            forms.RefuseExtensionForm,
            OPEN,
            lambda t, d, by, f: actions.refuse_extension(_extension(t, d), by=by, note=d["note"]),
            _("The extension was refused."),
            "danger",
            ExtensionRequest,
        ),
        Spec(
            "answer_escalation",
            "answer_escalation",
            _("Send the answer"),
            forms.AnswerEscalationForm,
            OPEN,
            lambda t, d, by, f: actions.answer_escalation(
                _escalation(t, d), by=by, answer=d["answer"]
            ),
            _("Your answer was sent."),
            "primary",
            Escalation,
        ),
    ]
}
TARGET_FIELD = {InputRequest: "request", ExtensionRequest: "request", Escalation: "escalation"}


def permitted(spec: Spec, task: Task, official: Official, me: Viewer, target: Any = None) -> bool:
    """Whether the action is the official's to take on this task (whatever its state)."""
    if me.is_inspector:
        return False
    if isinstance(target, Escalation) and target.to_official_id == official.pk:
        return True  # whoever was asked answers, whatever their unit
    if isinstance(target, InputRequest):
        mine = me.scope.acting_units
        return target.to_unit_id in mine and can(official, spec.permission, task, me.scope)
    return can(official, spec.permission, task, me.scope)


def may(spec: Spec, task: Task, official: Official, me: Viewer, target: Any = None) -> bool:
    """Whether the page offers the action now: the task's state allows it and it is theirs."""
    return task.status in spec.statuses and permitted(spec, task, official, me, target)


@dataclass(frozen=True)
class Offered:
    """An action the page offers, with its unbound form."""

    spec: Spec
    form: forms.ActionForm


def available_actions(task: Task, official: Official, me: Viewer) -> list[Offered]:
    """The task-level actions the official may take now, each with an empty form."""
    offered = []
    for spec in SPECS.values():
        if spec.target is not None or not may(spec, task, official, me):
            continue
        if spec.name == "request_input" and not task.coordinating_units.exists():
            continue
        offered.append(Offered(spec, spec.form(task=task, official=official)))
    return offered


def object_forms(
    request: OfficialRequest, task: Task, me: Viewer, targets: Sequence[Any], name: str
) -> list[tuple[Any, forms.ActionForm | None]]:
    """Each open request of the task with the answer form the official may use (or None)."""
    spec = SPECS[name]
    field = TARGET_FIELD[type(targets[0])] if targets else ""
    return [
        (
            target,
            spec.form(task=task, official=request.official, initial={field: target.pk})
            if may(spec, task, request.official, me, target)
            else None,
        )
        for target in targets
    ]

"""The task actions: the only writers of tasks and their events.

Each action checks permission, then state, then changes the task in memory and hands the changed
fields to `record_event`, which writes them with the event in one version-checked UPDATE and one
INSERT, in the action's transaction. Pages, the API, imports and the demo all call these
functions. `ts` lets the demo and imports replay history at its real time; pages and the API
never pass it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congvu.core.errors import ActionError, Forbidden
from congvu.core.eventlog import record_event
from congvu.org.access import scope_of
from congvu.org.models import Field, Official, Post, Unit
from congvu.org.text import fold
from congvu.tasks.access import (
    can_create_task,
    escalation_targets,
    may_hold,
    may_supervise,
    require,
    transfer_targets,
)
from congvu.tasks.deadlines import is_late_grant
from congvu.tasks.models import (
    Activity,
    Attachment,
    DirectiveDocument,
    Escalation,
    ExtensionRequest,
    InputRequest,
    ReturnReason,
    Task,
    TaskEvent,
    folded_document,
)

Status = Task.Status
OPEN_STATES = (Status.NEW, Status.IN_PROGRESS, Status.RETURNED, Status.COMPLETED)


def _require_status(task: Task, allowed: Iterable[str], message: str) -> None:
    if task.status not in allowed:
        raise ActionError(message % {"status": task.get_status_display()}, code="illegal_state")


def _now(ts: dt.datetime | None) -> dt.datetime:
    return ts or timezone.now()


def _acting_unit(by: Official, candidates: Sequence[Unit | None]) -> Unit | None:
    """The unit the actor acts for: the first candidate they belong to or manage, else their
    primary unit. Events record it as `unit`."""
    acting = scope_of(by).acting_units
    for unit in candidates:
        if unit is not None and unit.pk in acting:
            return unit
    post = Post.objects.filter(official=by, is_primary=True).select_related("unit").first()
    return post.unit if post else None


def _lead_side(task: Task, by: Official) -> Unit | None:
    return _acting_unit(by, [task.lead_unit])


def _assigner_side(task: Task, by: Official) -> Unit | None:
    return _acting_unit(by, [task.assigner_unit])


@transaction.atomic
def register_document(
    *, by: Official, number: str, issued_on: dt.date, signer: str, summary: str
) -> DirectiveDocument:
    """Register the directive document (văn bản chỉ đạo) tasks are assigned from, once per issuing
    unit, number and date; registering it again returns the one on record."""
    scope = scope_of(by)
    if by.is_inspector or not scope.assign_roots:
        raise PermissionDenied
    number = number.strip()
    if not number:
        raise ActionError(_("A directive document needs its number."), code="invalid")
    issuer = _acting_unit(by, list(Unit.objects.filter(pk__in=scope.office_units)))
    if issuer is None:
        raise ActionError(_("You have no unit to assign tasks from."), code="invalid")
    document, _created = DirectiveDocument.objects.get_or_create(
        issuer=issuer,
        number=number,
        issued_on=issued_on,
        defaults={
            "signer": signer.strip(),
            "summary": summary.strip()[:500],
            "folded": folded_document(number, summary.strip()[:500]),
        },
    )
    return document


@transaction.atomic
def create_task(
    *,
    by: Official,
    title: str,
    lead_unit: Unit,
    field: Field,
    due: dt.date,
    coordinating_units: Iterable[Unit] = (),
    document: DirectiveDocument | None = None,
    supervisor: Official | None = None,
    description: str = "",
    ts: dt.datetime | None = None,
) -> Task:
    """Assign a new task (giao nhiệm vụ) to exactly one lead unit; the office follows it up.

    The supervisor, when named, must be among `supervisors_for(lead_unit)` on the day."""
    if not can_create_task(by, lead_unit):
        raise PermissionDenied
    now = _now(ts)
    day = timezone.localtime(now).date()
    if supervisor is not None and not may_supervise(supervisor, lead_unit, day):
        raise Forbidden(
            _("%(name)s does not lead %(unit)s or a People's Committee above it.")
            % {"name": supervisor, "unit": lead_unit}
        )
    title = title.strip()
    if not title:
        raise ActionError(_("A task needs a title."), code="invalid")
    if due < timezone.localtime(now).date():
        raise ActionError(_("The deadline cannot be in the past."), code="invalid")
    coordinators = [u for u in coordinating_units if u.pk != lead_unit.pk]
    office = _acting_unit(by, list(Unit.objects.filter(pk__in=scope_of(by).office_units)))
    if office is None:
        raise ActionError(_("You have no unit to assign tasks from."), code="invalid")
    task = Task.objects.create(
        title=title,
        title_folded=fold(title),
        description=description,
        document=document,
        field=field,
        assigner_unit=office,
        lead_unit=lead_unit,
        supervisor=supervisor,
        created_by=by,
        created_at=now,
        original_due=due,
        due=due,
        version=0,  # the create event's write makes it version 1
    )
    if coordinators:  # a new task has none yet: one INSERT instead of `set()`'s read and write
        through = Task.coordinating_units.through
        through.objects.bulk_create([through(task=task, unit=unit) for unit in coordinators])
    record_event(
        task,
        Activity.CREATE,
        actor=by,
        unit=office,
        to_unit=lead_unit,
        ts=now,
        payload={
            "coordinating_units": [u.pk for u in coordinators],
            "document": document.number if document else None,
        },
    )
    return task


@transaction.atomic
def accept_task(task: Task, *, by: Official, note: str = "", ts: dt.datetime | None = None) -> Task:
    """The lead unit's head accepts the task (tiếp nhận)."""
    require(by, "accept", task)
    _require_status(task, [Status.NEW], _("A task that is “%(status)s” cannot be accepted."))
    task.status = Status.IN_PROGRESS
    record_event(
        task,
        Activity.ACCEPT,
        actor=by,
        unit=task.lead_unit,
        note=note,
        ts=_now(ts),
        changed=("status",),
    )
    return task


@transaction.atomic
def assign_task(
    task: Task, *, to: Official, by: Official, note: str = "", ts: dt.datetime | None = None
) -> Task:
    """The head hands the task to an official of the lead unit (phân công xử lý)."""
    require(by, "assign", task)
    _require_status(
        task,
        [Status.IN_PROGRESS],
        _("A task that is “%(status)s” cannot be handed to an official."),
    )
    now = _now(ts)
    if not may_hold(to, task, timezone.localtime(now).date()):
        raise ActionError(
            _("%(name)s does not work in %(unit)s.") % {"name": to, "unit": task.lead_unit},
            code="invalid",
        )
    if task.assignee_id == to.pk:
        raise ActionError(_("%(name)s already holds this task.") % {"name": to}, code="invalid")
    task.assignee = to
    record_event(
        task,
        Activity.ASSIGN,
        actor=by,
        unit=task.lead_unit,
        to_unit=task.lead_unit,
        note=note,
        payload={"assignee": to.pk, "assignee_name": to.full_name},
        ts=now,
        changed=("assignee",),
    )
    return task


@transaction.atomic
def report_progress(
    task: Task, *, by: Official, percent: int, note: str, ts: dt.datetime | None = None
) -> Task:
    """Report progress (báo cáo tiến độ) with a percentage and what was done."""
    require(by, "progress", task)
    _require_status(
        task, [Status.IN_PROGRESS], _("Progress cannot be reported on a task that is “%(status)s”.")
    )
    if not 0 <= percent <= 100:
        raise ActionError(_("Progress must be between 0 and 100%."), code="invalid")
    if not note.strip():
        raise ActionError(_("Say what was done."), code="invalid")
    task.progress_percent = percent
    record_event(
        task,
        Activity.PROGRESS,
        actor=by,
        unit=_lead_side(task, by),
        note=note,
        payload={"percent": percent},
        ts=_now(ts),
        changed=("progress_percent",),
    )
    return task


@transaction.atomic
def request_input(
    task: Task,
    *,
    to_unit: Unit,
    question: str,
    answer_due: dt.date,
    by: Official,
    ts: dt.datetime | None = None,
) -> InputRequest:
    """Ask a coordinating unit for its input (đề nghị phối hợp), with an answer deadline."""
    require(by, "request_input", task)
    _require_status(
        task, [Status.IN_PROGRESS], _("Input cannot be requested on a task that is “%(status)s”.")
    )
    if not task.coordinating_units.filter(pk=to_unit.pk).exists():
        raise ActionError(
            _("%(unit)s is not a coordinating unit of this task.") % {"unit": to_unit},
            code="invalid",
        )
    now = _now(ts)
    if answer_due < timezone.localtime(now).date():
        raise ActionError(_("The answer deadline cannot be in the past."), code="invalid")
    if not question.strip():
        raise ActionError(_("Write what you need from the unit."), code="invalid")
    request = InputRequest.objects.create(
        task=task,
        to_unit=to_unit,
        question=question,
        answer_due=answer_due,
        requested_by=by,
        requested_at=now,
    )
    record_event(
        task,
        Activity.REQUEST_INPUT,
        actor=by,
        unit=_lead_side(task, by),
        to_unit=to_unit,
        note=question,
        payload={"request": request.pk, "answer_due": answer_due.isoformat()},
        ts=now,
    )
    return request


@transaction.atomic
def respond_input(
    request: InputRequest, *, by: Official, answer: str, ts: dt.datetime | None = None
) -> InputRequest:
    """The coordinating unit answers a request for input."""
    task = request.task
    require(by, "respond_input", task)
    if request.to_unit_id not in scope_of(by).acting_units:
        # Another coordinating unit of the same task may not answer in this unit's name.
        raise PermissionDenied
    if request.status != InputRequest.Status.OPEN:
        raise ActionError(_("This request has already been answered."), code="illegal_state")
    if task.is_closed:
        raise ActionError(_("The task is closed."), code="illegal_state")
    if not answer.strip():
        raise ActionError(_("Write the answer."), code="invalid")
    now = _now(ts)
    request.status = InputRequest.Status.ANSWERED
    request.answer = answer
    request.answered_by = by
    request.answered_at = now
    request.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    record_event(
        task,
        Activity.RESPOND_INPUT,
        actor=by,
        unit=request.to_unit,
        to_unit=task.lead_unit,
        note=answer,
        payload={"request": request.pk, "answer_due": request.answer_due.isoformat()},
        ts=now,
    )
    return request


@transaction.atomic
def request_extension(
    task: Task, *, by: Official, new_due: dt.date, reason: str, ts: dt.datetime | None = None
) -> ExtensionRequest:
    """Ask the assigner to move the deadline (xin gia hạn)."""
    require(by, "request_extension", task)
    _require_status(
        task,
        [Status.IN_PROGRESS],
        _("An extension cannot be asked for a task that is “%(status)s”."),
    )
    if new_due <= task.due:
        raise ActionError(_("The new deadline must be after the current one."), code="invalid")
    if task.extension_requests.filter(status=ExtensionRequest.Status.PENDING).exists():
        raise ActionError(
            _("An extension request is already waiting for a decision."), code="illegal_state"
        )
    if not reason.strip():
        raise ActionError(_("Give the reason for the extension."), code="invalid")
    now = _now(ts)
    request = ExtensionRequest.objects.create(
        task=task, requested_due=new_due, reason=reason, requested_by=by, requested_at=now
    )
    record_event(
        task,
        Activity.REQUEST_EXTENSION,
        actor=by,
        unit=_lead_side(task, by),
        to_unit=task.assigner_unit,
        note=reason,
        payload={"request": request.pk, "requested_due": new_due.isoformat()},
        ts=now,
    )
    return request


def _decide_extension(request: ExtensionRequest, by: Official) -> Task:
    task = request.task
    require(by, "decide_extension", task)
    if request.status != ExtensionRequest.Status.PENDING:
        raise ActionError(
            _("This extension request has already been decided."), code="illegal_state"
        )
    if task.is_closed:
        raise ActionError(_("The task is closed."), code="illegal_state")
    return task


@transaction.atomic
def grant_extension(
    request: ExtensionRequest,
    *,
    by: Official,
    new_due: dt.date | None = None,
    note: str = "",
    late_reason: str = "",
    ts: dt.datetime | None = None,
) -> Task:
    """Grant an extension; the deadline in force moves, the original deadline stays on record.

    An extension is granted before the deadline in force. Granted later (after that deadline's
    day, or while the result awaits approval) it is *late*: refused without `late_reason`, and
    with one its event records `"late": true` and the reason. A late extension moves the
    deadline the holder works to, but the counts keep judging the task by the deadline before
    it (`tasks.deadlines`): it never turns an overdue task into one on time.
    """
    task = _decide_extension(request, by)
    due = new_due or request.requested_due
    if due <= task.due:
        raise ActionError(_("The new deadline must be after the current one."), code="invalid")
    now = _now(ts)
    late = is_late_grant(
        day=timezone.localtime(now).date(),
        due_before=task.due,
        completed=task.status == Status.COMPLETED,
    )
    late_reason = late_reason.strip()
    if late and not late_reason:
        if task.status == Status.COMPLETED:
            message = _(
                "The task has been reported complete: an extension granted now is a late "
                "extension. Give the reason it is granted late."
            )
        else:
            message = _(
                "The deadline in force (%(due)s) has passed: an extension granted now is a late "
                "extension. Give the reason it is granted late."
            ) % {"due": task.due.strftime("%d/%m/%Y")}
        raise ActionError(message, code="invalid")
    payload: dict[str, object] = {"request": request.pk, "previous_due": task.due.isoformat()}
    if late:
        payload |= {"late": True, "late_reason": late_reason}
    request.status = ExtensionRequest.Status.GRANTED
    request.decided_by = by
    request.decided_at = now
    request.save(update_fields=["status", "decided_by", "decided_at"])
    if late and task.judged_due is None:
        task.judged_due = task.due  # the deadline the task stays judged by
    task.due = due
    task.extended_at = now
    record_event(
        task,
        Activity.GRANT_EXTENSION,
        actor=by,
        unit=_assigner_side(task, by),
        to_unit=task.lead_unit,
        note=note,
        payload=payload,
        ts=now,
        changed=("due", "extended_at", "judged_due"),
    )
    return task


@transaction.atomic
def refuse_extension(
    request: ExtensionRequest, *, by: Official, note: str, ts: dt.datetime | None = None
) -> Task:
    """Refuse an extension; the deadline stays."""
    task = _decide_extension(request, by)
    if not note.strip():
        raise ActionError(_("Give the reason for the refusal."), code="invalid")
    now = _now(ts)
    request.status = ExtensionRequest.Status.REFUSED
    request.decided_by = by
    request.decided_at = now
    request.save(update_fields=["status", "decided_by", "decided_at"])
    record_event(
        task,
        Activity.REFUSE_EXTENSION,
        actor=by,
        unit=_assigner_side(task, by),
        to_unit=task.lead_unit,
        note=note,
        payload={"request": request.pk},
        ts=now,
    )
    return task


@transaction.atomic
def transfer_task(
    task: Task, *, to_unit: Unit, by: Official, reason: str, ts: dt.datetime | None = None
) -> Task:
    """Hand the task to another lead unit (chuyển xử lý) and record who did it and why; only to a
    unit of `transfer_targets`, in force on the day."""
    require(by, "transfer", task)
    _require_status(
        task,
        [Status.NEW, Status.IN_PROGRESS, Status.RETURNED],
        _("A task that is “%(status)s” cannot be transferred."),
    )
    if to_unit.pk == task.lead_unit_id and task.status != Status.RETURNED:
        raise ActionError(
            _("The task is already with %(unit)s.") % {"unit": to_unit}, code="invalid"
        )
    now = _now(ts)
    day = timezone.localtime(now).date()
    if not transfer_targets(task, day).filter(pk=to_unit.pk).exists():
        raise ActionError(
            _("%(unit)s is not a unit in force on %(day)s: a task goes only to a unit that exists.")
            % {"unit": to_unit, "day": day.strftime("%d/%m/%Y")},
            code="invalid",
        )
    if not reason.strip():
        raise ActionError(_("Give the reason for the transfer."), code="invalid")
    from_unit = (
        _assigner_side(task, by)
        if task.status == Status.RETURNED
        else _acting_unit(by, [task.lead_unit, task.assigner_unit])
    )
    task.lead_unit = to_unit
    task.assignee = None
    task.status = Status.NEW
    task.coordinating_units.remove(to_unit)
    record_event(
        task,
        Activity.TRANSFER,
        actor=by,
        unit=from_unit,
        to_unit=to_unit,
        note=reason,
        ts=now,
        changed=("lead_unit", "assignee", "status"),
    )
    return task


@transaction.atomic
def return_task(
    task: Task, *, by: Official, reason: str, note: str = "", ts: dt.datetime | None = None
) -> Task:
    """The lead unit returns the task to the assigner (trả lại), with a reason."""
    require(by, "return", task)
    _require_status(
        task, [Status.NEW, Status.IN_PROGRESS], _("A task that is “%(status)s” cannot be returned.")
    )
    if reason not in ReturnReason.values:
        raise ActionError(_("Choose the reason for returning the task."), code="invalid")
    if reason == ReturnReason.OTHER and not note.strip():
        raise ActionError(_("Explain the reason for returning the task."), code="invalid")
    from_unit = task.lead_unit
    task.status = Status.RETURNED
    task.assignee = None
    record_event(
        task,
        Activity.RETURN,
        actor=by,
        unit=from_unit,
        to_unit=task.assigner_unit,
        reason=reason,
        note=note,
        ts=_now(ts),
        changed=("status", "assignee"),
    )
    return task


@transaction.atomic
def decline_task(
    task: Task, *, by: Official, reason: str, note: str = "", ts: dt.datetime | None = None
) -> Task:
    """A coordinating unit declines its part (từ chối phối hợp); its open requests close."""
    require(by, "decline", task)
    if task.is_closed:
        raise ActionError(_("The task is closed."), code="illegal_state")
    if reason not in ReturnReason.values:
        raise ActionError(_("Choose the reason for declining."), code="invalid")
    if reason == ReturnReason.OTHER and not note.strip():
        raise ActionError(_("Explain the reason for declining."), code="invalid")
    mine = task.coordinating_units.filter(pk__in=scope_of(by).acting_units)
    unit = mine.first()
    if unit is None:
        raise ActionError(_("Your unit does not coordinate this task."), code="invalid")
    task.coordinating_units.remove(unit)
    InputRequest.objects.filter(task=task, to_unit=unit, status=InputRequest.Status.OPEN).update(
        status=InputRequest.Status.DECLINED
    )
    record_event(
        task,
        Activity.DECLINE,
        actor=by,
        unit=unit,
        to_unit=task.lead_unit,
        reason=reason,
        note=note,
        ts=_now(ts),
    )
    return task


@transaction.atomic
def escalate_task(
    task: Task,
    *,
    by: Official,
    to: Official,
    question: str,
    decision_kind: str = "",
    ts: dt.datetime | None = None,
) -> Escalation:
    """Ask a superior for an opinion or direction (xin ý kiến, báo cáo xin chỉ đạo): only someone
    of `escalation_targets` on the day, since the question also lets them see the task."""
    require(by, "escalate", task)
    _require_status(
        task, [Status.IN_PROGRESS], _("An opinion cannot be asked on a task that is “%(status)s”.")
    )
    if to.pk == by.pk:
        raise ActionError(_("Ask someone other than yourself."), code="invalid")
    now = _now(ts)
    if not escalation_targets(task, by, timezone.localtime(now).date()).filter(pk=to.pk).exists():
        raise Forbidden(
            _(
                "%(name)s is not among your superiors for this task, nor named in the "
                "delegation table: ask a head or leader of %(unit)s or above it."
            )
            % {"name": to, "unit": task.lead_unit}
        )
    if not question.strip():
        raise ActionError(_("Write the question."), code="invalid")
    escalation = Escalation.objects.create(
        task=task,
        to_official=to,
        decision_kind=decision_kind,
        question=question,
        asked_by=by,
        asked_at=now,
    )
    record_event(
        task,
        Activity.ESCALATE,
        actor=by,
        unit=_lead_side(task, by),
        note=question,
        payload={"escalation": escalation.pk, "to": to.pk, "decision_kind": decision_kind},
        ts=now,
    )
    return escalation


@transaction.atomic
def answer_escalation(
    escalation: Escalation, *, by: Official, answer: str, ts: dt.datetime | None = None
) -> Escalation:
    """The superior asked answers."""
    task = escalation.task
    if escalation.to_official_id != by.pk:
        require(by, "answer_escalation", task)
    if escalation.status != Escalation.Status.OPEN:
        raise ActionError(_("This question has already been answered."), code="illegal_state")
    if not answer.strip():
        raise ActionError(_("Write the answer."), code="invalid")
    now = _now(ts)
    escalation.status = Escalation.Status.ANSWERED
    escalation.answer = answer
    escalation.answered_at = now
    escalation.save(update_fields=["status", "answer", "answered_at"])
    record_event(
        task,
        Activity.ANSWER_ESCALATION,
        actor=by,
        unit=_acting_unit(by, [task.assigner_unit]),
        to_unit=task.lead_unit,
        note=answer,
        payload={"escalation": escalation.pk},
        ts=now,
    )
    return escalation


@transaction.atomic
def complete_task(
    task: Task,
    *,
    by: Official,
    result: str,
    files: Sequence[UploadedFile] = (),
    ts: dt.datetime | None = None,
) -> Task:
    """Report the task complete (báo cáo hoàn thành) with its result and attachments."""
    require(by, "complete", task)
    _require_status(
        task, [Status.IN_PROGRESS], _("A task that is “%(status)s” cannot be completed.")
    )
    if not result.strip():
        raise ActionError(_("Describe the result."), code="invalid")
    now = _now(ts)
    digests: list[dict[str, str]] = []
    for upload in files:
        sha = hashlib.sha256()
        for chunk in upload.chunks():
            sha.update(chunk)
        digests.append({"name": upload.name or "", "sha256": sha.hexdigest()})
    task.status = Status.COMPLETED
    task.completed_at = now
    task.completed_on = timezone.localtime(now).date()
    task.result = result
    task.progress_percent = 100
    event = record_event(
        task,
        Activity.COMPLETE,
        actor=by,
        unit=_lead_side(task, by),
        to_unit=task.assigner_unit,
        note=result,
        payload={"files": digests},
        ts=now,
        changed=("status", "completed_at", "completed_on", "result", "progress_percent"),
    )
    assert isinstance(event, TaskEvent)
    for upload, digest in zip(files, digests, strict=True):
        Attachment.objects.create(
            event=event, file=upload, name=digest["name"], sha256=digest["sha256"]
        )
    return task


@transaction.atomic
def approve_task(
    task: Task, *, by: Official, note: str = "", ts: dt.datetime | None = None
) -> Task:
    """The assigner accepts the result (nghiệm thu); the task is done. Whoever reported the task
    complete cannot approve it (`access.can` refuses them "review")."""
    require(by, "review", task)
    _require_status(task, [Status.COMPLETED], _("A task that is “%(status)s” cannot be approved."))
    now = _now(ts)
    task.status = Status.DONE
    task.approved_at = now
    record_event(
        task,
        Activity.APPROVE,
        actor=by,
        unit=_assigner_side(task, by),
        to_unit=task.lead_unit,
        note=note,
        ts=now,
        changed=("status", "approved_at"),
    )
    return task


@transaction.atomic
def send_back_task(task: Task, *, by: Official, note: str, ts: dt.datetime | None = None) -> Task:
    """The assigner sends the result back for rework (yêu cầu làm lại)."""
    require(by, "review", task)
    _require_status(task, [Status.COMPLETED], _("A task that is “%(status)s” cannot be sent back."))
    if not note.strip():
        raise ActionError(_("Say what must be reworked."), code="invalid")
    task.status = Status.IN_PROGRESS
    task.completed_at = None
    task.completed_on = None
    record_event(
        task,
        Activity.SEND_BACK,
        actor=by,
        unit=_assigner_side(task, by),
        to_unit=task.lead_unit,
        note=note,
        ts=_now(ts),
        changed=("status", "completed_at", "completed_on"),
    )
    return task


@transaction.atomic
def reopen_task(task: Task, *, by: Official, note: str, ts: dt.datetime | None = None) -> Task:
    """Reopen a completed or cancelled task."""
    require(by, "reopen", task)
    _require_status(
        task, [Status.DONE, Status.CANCELLED], _("A task that is “%(status)s” cannot be reopened.")
    )
    if not note.strip():
        raise ActionError(_("Give the reason for reopening."), code="invalid")
    task.status = Status.IN_PROGRESS
    task.completed_at = None
    task.completed_on = None
    task.approved_at = None
    record_event(
        task,
        Activity.REOPEN,
        actor=by,
        unit=_assigner_side(task, by),
        to_unit=task.lead_unit,
        note=note,
        ts=_now(ts),
        changed=("status", "completed_at", "completed_on", "approved_at"),
    )
    return task


@transaction.atomic
def cancel_task(task: Task, *, by: Official, note: str, ts: dt.datetime | None = None) -> Task:
    """Cancel a task that is no longer needed (dừng thực hiện)."""
    require(by, "cancel", task)
    _require_status(task, OPEN_STATES, _("A task that is “%(status)s” cannot be cancelled."))
    if not note.strip():
        raise ActionError(_("Give the reason for cancelling."), code="invalid")
    task.status = Status.CANCELLED
    record_event(
        task,
        Activity.CANCEL,
        actor=by,
        unit=_assigner_side(task, by),
        to_unit=task.lead_unit,
        note=note,
        ts=_now(ts),
        changed=("status",),
    )
    return task


@transaction.atomic
def remind_task(task: Task, *, by: Official, note: str, ts: dt.datetime | None = None) -> Task:
    """Remind the lead unit (đôn đốc); a reminder is not the holder's own activity."""
    require(by, "remind", task)
    _require_status(task, OPEN_STATES, _("A task that is “%(status)s” needs no reminder."))
    if not note.strip():
        raise ActionError(_("Write the reminder."), code="invalid")
    record_event(
        task,
        Activity.REMIND,
        actor=by,
        unit=_acting_unit(by, [task.assigner_unit, task.lead_unit]),
        to_unit=task.lead_unit,
        note=note,
        ts=_now(ts),
    )
    return task

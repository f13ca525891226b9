"""Tasks (nhiệm vụ), the directive documents they come from, and their append-only event log."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congvu.core.eventlog import CaseEvent, CaseHead, register_log
from congvu.org.models import Field, Official, Unit
from congvu.org.text import fold


class Activity(models.TextChoices):
    """What an event records: one value per action in `tasks.actions`."""

    CREATE = "create", _("Assigned")
    ASSIGN = "assign", _("Handed to an official")
    ACCEPT = "accept", _("Accepted")
    PROGRESS = "progress", _("Progress reported")
    REQUEST_INPUT = "request_input", _("Input requested")
    RESPOND_INPUT = "respond_input", _("Input given")
    REQUEST_EXTENSION = "request_extension", _("Extension requested")
    GRANT_EXTENSION = "grant_extension", _("Extension granted")
    REFUSE_EXTENSION = "refuse_extension", _("Extension refused")
    TRANSFER = "transfer", _("Transferred")
    RETURN = "return", _("Returned to the assigner")
    DECLINE = "decline", _("Coordination declined")
    ESCALATE = "escalate", _("Opinion requested")
    ANSWER_ESCALATION = "answer_escalation", _("Opinion given")
    COMPLETE = "complete", _("Reported complete")
    APPROVE = "approve", _("Result approved")
    SEND_BACK = "send_back", _("Sent back for rework")
    REOPEN = "reopen", _("Reopened")
    CANCEL = "cancel", _("Cancelled")
    REMIND = "remind", _("Reminder")


class ReturnReason(models.TextChoices):
    """Why a unit returns a task or declines its part (lý do trả lại, từ chối)."""

    NOT_IN_MANDATE = "not_in_mandate", _("Not in our mandate")
    MISSING_INFORMATION = "missing_information", _("Missing information")
    OTHER = "other", _("Other")


class DirectiveDocument(models.Model):
    """A directive document (văn bản chỉ đạo) that tasks come from, numbered like 123/UBND-TH."""

    number = models.CharField(pgettext_lazy("directive document", "number"), max_length=64)
    issued_on = models.DateField(_("date issued"))
    signer = models.CharField(_("signed by"), max_length=120)
    issuer = models.ForeignKey(Unit, models.PROTECT, verbose_name=_("issuing unit"))
    summary = models.CharField(_("summary"), max_length=500)
    # Number and summary without diacritics (`folded_document`): the assign page's search.
    folded = models.CharField(max_length=600, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("directive document")
        verbose_name_plural = _("directive documents")
        ordering = ["-issued_on", "number"]
        constraints = [
            # Each issuing unit numbers its own documents: 12/UBND-VP of two wards can share a day.
            models.UniqueConstraint(
                fields=["issuer", "number", "issued_on"], name="document_issuer_number_date"
            )
        ]

    def __str__(self) -> str:
        return self.number


def folded_document(number: str, summary: str) -> str:
    """What a search for a directive document matches: "123/UBND-TH ve ha long"."""
    return fold(f"{number} {summary}")


class Task(CaseHead):
    """A task (nhiệm vụ) with exactly one lead unit (đơn vị chủ trì) and any coordinating units.

    `original_due` is the deadline set at assignment; `due` is the deadline in force after granted
    extensions; reports can use either, and judge by the deadline as it stood on their day
    (`deadlines.deadline_at`), where a late extension cures nothing. `version` is bumped by every
    action, so that two people acting on the same task at once cannot silently overwrite each
    other (optimistic locking).
    """

    class Status(models.TextChoices):
        NEW = "new", _("Awaiting acceptance")
        IN_PROGRESS = "in_progress", _("In progress")
        RETURNED = "returned", _("Returned to the assigner")
        COMPLETED = "completed", _("Awaiting approval")
        DONE = "done", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=500)
    title_folded = models.CharField(max_length=500, editable=False)
    description = models.TextField(_("description"), blank=True)
    document = models.ForeignKey(
        DirectiveDocument,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("directive document"),
    )
    field = models.ForeignKey(Field, models.PROTECT, verbose_name=_("field"))
    assigner_unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="assigned_tasks", verbose_name=_("assigning unit")
    )
    lead_unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="led_tasks", verbose_name=_("lead unit")
    )
    coordinating_units = models.ManyToManyField(
        Unit, blank=True, related_name="coordinated_tasks", verbose_name=_("coordinating units")
    )
    supervisor = models.ForeignKey(
        Official,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_tasks",
        verbose_name=_("supervising leader"),
    )
    assignee = models.ForeignKey(
        Official,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_tasks",
        verbose_name=_("official in charge"),
    )
    created_by = models.ForeignKey(
        Official, models.PROTECT, related_name="created_tasks", verbose_name=_("assigned by")
    )
    created_at = models.DateTimeField(_("assigned at"))
    original_due = models.DateField(_("original deadline"))
    due = models.DateField(_("deadline"))
    # Kept by `grant_extension` so that counting today, or as of a day after the last extension,
    # reads no event (`deadlines.deadline_at`): when the last extension was granted, and the
    # deadline before the first late one (None: no late extension, the deadline is `due`).
    extended_at = models.DateTimeField(_("last extended at"), null=True, blank=True)
    judged_due = models.DateField(_("deadline before a late extension"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.NEW)
    progress_percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    # The local calendar day of `completed_at`, so that "on time" is a plain column comparison.
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due", "id"]
        indexes = [
            models.Index(fields=["created_at"]),
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["assigner_unit", "created_at"]),
            models.Index(fields=["status", "due"]),
            # Every task list sorts by (due, id): this index serves the first page without a sort.
            models.Index(fields=["due", "id"], name="task_due_id"),
            # The open tasks by deadline (overdue lists, the oldest overdue): a small index, where
            # the full one above would walk past every completed task with an early deadline.
            models.Index(
                fields=["due", "id"],
                condition=models.Q(status__in=["new", "in_progress", "returned", "completed"]),
                name="task_open_due_id",
            ),
            # Covers the overview's count: the four categories of a subtree's tasks over a period
            # read only these columns, so the database probes this narrow index per lead unit
            # instead of fetching the wide task rows (title, description, result).
            models.Index(
                fields=[
                    "lead_unit",
                    "created_at",
                    "status",
                    "due",
                    "original_due",
                    "completed_on",
                    "approved_at",
                    "extended_at",
                    "judged_due",
                ],
                name="task_unit_cover",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_percent__lte=100), name="task_progress_percent"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.CANCELLED)

    @property
    def counted_due(self) -> dt.date:
        """The deadline the task is judged by today: the deadline in force, or the one before its
        first late extension (`deadlines`: a late extension cures nothing)."""
        return self.judged_due or self.due

    def is_overdue(self, on: dt.date) -> bool:
        """Open past the counted deadline, or reported complete after it."""
        if self.status == self.Status.CANCELLED:
            return False
        if self.completed_on is not None and self.status in (
            self.Status.DONE,
            self.Status.COMPLETED,
        ):
            return self.completed_on > self.counted_due
        return on > self.counted_due


class TaskEvent(CaseEvent):
    """One immutable event of a task's log, chained by hash to the task's previous event.

    Columns follow the canonical event schema: case_id (task), event_id (id), ts, activity, actor,
    unit (the actor's unit), to_unit, due (the deadline in force after the event).
    """

    task = models.ForeignKey(Task, models.PROTECT, related_name="events", verbose_name=_("task"))
    activity = models.CharField(_("activity"), max_length=20, choices=Activity)
    due = models.DateField(_("deadline in force"))
    reason = models.CharField(_("reason"), max_length=24, choices=ReturnReason, blank=True)

    class Meta:
        verbose_name = _("task event")
        verbose_name_plural = _("task events")
        ordering = ["task_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["task", "seq"], name="event_task_seq")]

    def __str__(self) -> str:
        return f"{self.task_id}#{self.seq} {self.activity}"


register_log(
    "task",
    TaskEvent,
    case_field="task",
    due_from="due",
    stale_message=_("This task was changed by someone else a moment ago. Reload it and try again."),
)


class InputRequest(models.Model):
    """A request for input (xin ý kiến phối hợp) to a coordinating unit, with its own deadline."""

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting answer")
        ANSWERED = "answered", _("Answered")
        DECLINED = "declined", _("Declined")

    task = models.ForeignKey(Task, models.PROTECT, related_name="input_requests")
    to_unit = models.ForeignKey(Unit, models.PROTECT, related_name="input_requests")
    question = models.TextField(_("question"))
    answer_due = models.DateField(_("answer deadline"))
    requested_by = models.ForeignKey(Official, models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(Official, models.PROTECT, null=True, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True)

    class Meta:
        verbose_name = _("input request")
        verbose_name_plural = _("input requests")
        indexes = [models.Index(fields=["to_unit", "status"])]

    def __str__(self) -> str:
        return f"{self.task_id} → {self.to_unit}"


class ExtensionRequest(models.Model):
    """A request to move the deadline (xin gia hạn), granted or refused by the assigner."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", pgettext_lazy("extension", "Refused")

    task = models.ForeignKey(Task, models.PROTECT, related_name="extension_requests")
    requested_due = models.DateField(_("requested deadline"))
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(Official, models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    decided_by = models.ForeignKey(Official, models.PROTECT, null=True, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")

    def __str__(self) -> str:
        return f"{self.task_id}: {self.requested_due}"


class Escalation(models.Model):
    """A request for a superior's opinion or direction (báo cáo xin chỉ đạo)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting answer")
        ANSWERED = "answered", _("Answered")

    task = models.ForeignKey(Task, models.PROTECT, related_name="escalations")
    to_official = models.ForeignKey(Official, models.PROTECT, related_name="escalations_to_answer")
    decision_kind = models.CharField(_("decision kind"), max_length=64, blank=True)
    question = models.TextField(_("question"))
    asked_by = models.ForeignKey(Official, models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(_("asked at"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True)

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")

    def __str__(self) -> str:
        return f"{self.task_id} → {self.to_official}"


class Attachment(models.Model):
    """A file attached to an event, such as the result document of a completed task."""

    event = models.ForeignKey(TaskEvent, models.PROTECT, related_name="attachments")
    file = models.FileField(_("file"), upload_to="attachments/%Y/%m/")
    name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name

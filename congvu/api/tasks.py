"""Tasks through the API: lists, detail, the timeline, one endpoint per action, the overview.

Every handler takes the same three steps as a page: parse the input, fetch the task through
`tasks.access.visible` (a task the caller may not see is a 404, the same as one that does not
exist), call one action or query, and return. Write endpoints take the task `version` the client
last read; when it is given and stale, the answer is 409 before anything is tried.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile
from pydantic import Field as PydanticField

from congvu.api.errors import ERRORS, WRITE_ERRORS, InvalidInput, get_referenced
from congvu.api.org import OfficialRefOut, UnitRefOut
from congvu.api.schemas import inline_choices
from congvu.core.errors import StaleWrite
from congvu.core.ids import MAX_ID, MAX_PAGE, MIN_ID
from congvu.org.access import lineage_ids, scope_of
from congvu.org.middleware import OfficialRequest
from congvu.org.models import DecisionKind, Field, Official, Unit
from congvu.tasks import actions
from congvu.tasks.access import may_oversee, overview_roots, visible
from congvu.tasks.models import (
    DirectiveDocument,
    Escalation,
    ExtensionRequest,
    InputRequest,
    ReturnReason,
    Task,
    TaskEvent,
)
from congvu.tasks.queries import (
    ApprovalWait,
    Category,
    Counts,
    Period,
    TaskFilter,
    UnitRow,
    filter_tasks,
    unit_overview,
)

router = Router(tags=["tasks"])

TaskStatus = Annotated[Task.Status, inline_choices(Task.Status)]
CategoryCode = Literal["done_on_time", "done_late", "open_on_time", "open_overdue"]
DETAIL_RELATED = (
    "field",
    "document",
    "assigner_unit",
    "lead_unit",
    "supervisor",
    "assignee",
    "created_by",
)

# --- Output ------------------------------------------------------------------------------------


class FieldRefOut(Schema):
    id: int
    code: str
    name: str


class DocumentOut(Schema):
    id: int
    number: str
    issued_on: dt.date
    signer: str
    summary: str


class TaskOut(Schema):
    """A task as lists show it; `category` is one of the four report categories as of the list's
    `as_of` day (null for a cancelled task)."""

    id: int
    title: str
    status: TaskStatus
    status_label: str
    category: CategoryCode | None
    field: FieldRefOut
    document: DocumentOut | None
    assigner_unit: UnitRefOut
    lead_unit: UnitRefOut
    coordinating_units: list[UnitRefOut]
    assignee: OfficialRefOut | None
    created_at: dt.datetime
    original_due: dt.date
    due: dt.date
    due_counted: dt.date | None = PydanticField(
        None,
        description="In a list: the deadline `category` is judged by on `as_of` (extensions "
        "granted later not seen; a late extension cures nothing).",
    )
    progress_percent: int
    completed_at: dt.datetime | None
    approved_at: dt.datetime | None
    version: int

    @staticmethod
    def resolve_status_label(obj: Task) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_category(obj: Task) -> str | None:
        return getattr(obj, "category", None)

    @staticmethod
    def resolve_due_counted(obj: Task) -> dt.date | None:
        return getattr(obj, "due_at", None)

    @staticmethod
    def resolve_coordinating_units(obj: Task) -> list[Unit]:
        return list(obj.coordinating_units.all())


class InputRequestOut(Schema):
    id: int
    to_unit: UnitRefOut
    question: str
    answer_due: dt.date
    requested_by: OfficialRefOut
    requested_at: dt.datetime
    status: Annotated[InputRequest.Status, inline_choices(InputRequest.Status)]
    answer: str
    answered_by: OfficialRefOut | None
    answered_at: dt.datetime | None


class ExtensionRequestOut(Schema):
    id: int
    requested_due: dt.date
    reason: str
    requested_by: OfficialRefOut
    requested_at: dt.datetime
    status: Annotated[ExtensionRequest.Status, inline_choices(ExtensionRequest.Status)]
    decided_by: OfficialRefOut | None
    decided_at: dt.datetime | None


class EscalationOut(Schema):
    id: int
    to_official: OfficialRefOut
    decision_kind: str
    question: str
    asked_by: OfficialRefOut
    asked_at: dt.datetime
    status: Annotated[Escalation.Status, inline_choices(Escalation.Status)]
    answer: str
    answered_at: dt.datetime | None


class TaskDetailOut(TaskOut):
    """A task with everything but its timeline; also the answer of every write endpoint, so that
    the client gets the new `version` and the ids of requests it has just created."""

    description: str
    supervisor: OfficialRefOut | None
    created_by: OfficialRefOut
    result: str
    event_count: int
    last_event_hash: str
    input_requests: list[InputRequestOut]
    extension_requests: list[ExtensionRequestOut]
    escalations: list[EscalationOut]

    @staticmethod
    def resolve_input_requests(obj: Task) -> list[InputRequest]:
        return list(obj.input_requests.all())

    @staticmethod
    def resolve_extension_requests(obj: Task) -> list[ExtensionRequest]:
        return list(obj.extension_requests.all())

    @staticmethod
    def resolve_escalations(obj: Task) -> list[Escalation]:
        return list(obj.escalations.all())


@dataclass(frozen=True)
class TaskPage:
    count: int
    page: int
    page_size: int
    as_of: dt.date
    items: list[Task]


class TaskPageOut(Schema):
    count: int
    page: int
    page_size: int
    as_of: dt.date
    items: list[TaskOut]


class AttachmentOut(Schema):
    id: int
    name: str
    sha256: str


class EventOut(Schema):
    """One event of the append-only log; `hash` covers its content and `prev_hash`."""

    id: int
    seq: int
    ts: dt.datetime
    activity: str
    activity_label: str
    actor: OfficialRefOut | None
    unit: UnitRefOut | None
    to_unit: UnitRefOut | None
    due: dt.date
    reason: str
    reason_label: str
    note: str
    payload: dict[str, Any]
    prev_hash: str
    hash: str
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_activity_label(obj: TaskEvent) -> str:
        return obj.get_activity_display()

    @staticmethod
    def resolve_reason_label(obj: TaskEvent) -> str:
        return obj.get_reason_display() if obj.reason else ""

    @staticmethod
    def resolve_attachments(obj: TaskEvent) -> list[Any]:
        return list(obj.attachments.all())


class CountsOut(Schema):
    done_on_time: int
    done_late: int
    open_on_time: int
    open_overdue: int
    total: int
    carried_over: int = PydanticField(
        description="Of the four, the tasks assigned before the period and still open at its start."
    )
    judged: int = PydanticField(
        description="Tasks whose timeliness is settled: completed, or open past the deadline."
    )
    on_time_rate: float | None = PydanticField(
        description="done_on_time / judged; shown on the pages cut down, never rounded up."
    )
    overdue_rate: float | None


class OverviewRowOut(Schema):
    unit: UnitRefOut
    counts: CountsOut


class CategoryOut(Schema):
    code: CategoryCode
    label: str


@dataclass(frozen=True)
class CategoryLabel:
    code: str
    label: str


@dataclass(frozen=True)
class Overview:
    unit: Unit
    start: dt.date
    end: dt.date
    as_of: dt.date
    original_deadline: bool
    categories: list[CategoryLabel]
    total: Counts
    rows: list[UnitRow]
    approval_wait: ApprovalWait


class ApprovalWaitOut(Schema):
    count: int
    longest_days: int


class OverviewOut(Schema):
    """The four categories per sub-unit of `unit` for the tasks of the period (assigned in it or
    carried over into it), judged with the deadlines in force on `as_of`; a result awaiting
    approval counts as completed by the day it was reported, and the wait is the approver's
    figure (`approval_wait`: results `unit`'s lineage assigned and has not approved)."""

    unit: UnitRefOut
    start: dt.date
    end: dt.date
    as_of: dt.date
    original_deadline: bool
    categories: list[CategoryOut]
    total: CountsOut
    rows: list[OverviewRowOut]
    approval_wait: ApprovalWaitOut


# --- Input -------------------------------------------------------------------------------------


class TaskFilterIn(Schema):
    status: list[Annotated[Task.Status, inline_choices(Task.Status)]] | None = PydanticField(
        None, description="Any of these states."
    )
    category: CategoryCode | None = PydanticField(None, description="Report category.")
    as_of: dt.date | None = PydanticField(
        None, description="The day categories are evaluated on (today by default)."
    )
    original_deadline: bool = PydanticField(
        False, description="Judge categories against the original deadline, not extensions."
    )
    field: int | None = PydanticField(
        None, ge=MIN_ID, le=MAX_ID, description="Field (lĩnh vực) id."
    )
    unit: int | None = PydanticField(
        None,
        ge=MIN_ID,
        le=MAX_ID,
        description="Unit id: tasks of it, its sub-units and the units merged into them.",
    )
    involvement: Literal["lead", "coordinating"] | None = PydanticField(
        None,
        description="With `unit` (or, without it, the caller's own units): as lead unit only, "
        "or as coordinating unit only.",
    )
    overdue: bool = PydanticField(
        False, description="Only tasks still with the lead unit and past the deadline in force."
    )
    due_within: int | None = PydanticField(
        None, ge=0, le=366, description="Still with the lead unit, due in the next N days."
    )
    assigned_from: dt.date | None = PydanticField(None, description="Assigned on or after.")
    assigned_to: dt.date | None = PydanticField(None, description="Assigned on or before.")
    q: str = PydanticField(
        "", description="Words of the title in any order, diacritics ignored; or a document number."
    )
    page: int = PydanticField(1, ge=1, le=MAX_PAGE)
    page_size: int = PydanticField(50, ge=1, le=200)


class TaskCreateIn(Schema):
    title: str = PydanticField(min_length=1, max_length=500)
    description: str = ""
    lead_unit_id: int
    field_id: int
    due: dt.date
    coordinating_unit_ids: list[int] = []
    supervisor_id: int | None = None
    document_id: int | None = None


class VersionIn(Schema):
    version: int | None = PydanticField(
        None, description="The task version last read; a stale one is refused with 409."
    )


class NoteIn(VersionIn):
    note: str = ""


class RequiredNoteIn(VersionIn):
    note: str


class AssignIn(VersionIn):
    official_id: int
    note: str = ""


class ProgressIn(VersionIn):
    percent: int = PydanticField(ge=0, le=100)
    note: str


class RequestInputIn(VersionIn):
    unit_id: int
    question: str
    answer_due: dt.date


class RespondInputIn(VersionIn):
    request_id: int
    answer: str


class RequestExtensionIn(VersionIn):
    new_due: dt.date
    reason: str


class GrantExtensionIn(VersionIn):
    request_id: int
    new_due: dt.date | None = PydanticField(None, description="The date asked for by default.")
    note: str = ""
    late_reason: str = PydanticField(
        "",
        description="Required once the deadline in force has passed or the result awaits "
        "approval: the grant is then recorded as late and cures no overdue count.",
    )


class RefuseExtensionIn(VersionIn):
    request_id: int
    note: str


class TransferIn(VersionIn):
    to_unit_id: int
    reason: str


class ReturnIn(VersionIn):
    reason: ReturnReason
    note: str = ""


class DeclineIn(ReturnIn):
    """A coordinating unit's reason for declining its part."""


class EscalateIn(VersionIn):
    to_official_id: int
    question: str
    decision_kind: str = ""


class AnswerEscalationIn(VersionIn):
    escalation_id: int
    answer: str


class CompleteIn(VersionIn):
    result: str


class OverviewIn(Schema):
    start: dt.date | None = PydanticField(
        None, description="First day tasks were assigned (1 January of `end`'s year by default)."
    )
    end: dt.date | None = PydanticField(None, description="Last day (today by default).")
    as_of: dt.date | None = PydanticField(None, description="Evaluated on (today by default).")
    unit: int | None = PydanticField(
        None,
        ge=MIN_ID,
        le=MAX_ID,
        description="The unit whose sub-units are the rows (the caller's top unit).",
    )
    original_deadline: bool = PydanticField(
        False, description="Judge lateness against the original deadline, not extensions."
    )


# --- Helpers -----------------------------------------------------------------------------------


def _fetch(request: OfficialRequest, task_id: int, version: int | None) -> Task:
    """The task, if the caller may see it, at the version the client read."""
    task = get_object_or_404(
        visible(request.official).select_related("lead_unit", "assigner_unit"),
        pk=task_id,
    )
    if version is not None and version != task.version:
        raise StaleWrite(
            _("This task was changed by someone else a moment ago. Reload it and try again.")
        )
    return task


def _detailed(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """`tasks` with everything the detail schema reads: the related rows joined, and the
    requests and escalations each fetched with their officials and units in one query."""
    return tasks.select_related(*DETAIL_RELATED).prefetch_related(
        "coordinating_units",
        Prefetch(
            "input_requests",
            InputRequest.objects.select_related("to_unit", "requested_by", "answered_by"),
        ),
        Prefetch(
            "extension_requests",
            ExtensionRequest.objects.select_related("requested_by", "decided_by"),
        ),
        Prefetch("escalations", Escalation.objects.select_related("to_official", "asked_by")),
    )


def _detail(task_id: int) -> Task:
    # Not through the visible queryset: after a transfer or a return the actor may no longer
    # see the task, yet the answer to their own write must still tell them its new state.
    return _detailed(Task.objects.all()).get(pk=task_id)


# --- Reads -------------------------------------------------------------------------------------


@router.get("/tasks", response={200: TaskPageOut, **ERRORS})
def list_tasks(request: OfficialRequest, filters: Query[TaskFilterIn]) -> TaskPage:
    """Tasks the caller may see, narrowed by the filters, by deadline then id (stable pages).

    The filters mean what they mean on the task list page: both call `queries.filter_tasks`.
    """
    as_of = filters.as_of or timezone.localdate()
    if (filters.assigned_from is None) != (filters.assigned_to is None):
        field = "assigned_to" if filters.assigned_to is None else "assigned_from"
        raise InvalidInput(field, _("Give both ends of the period."))
    unit_ids: tuple[int, ...] | None = None
    if filters.unit is not None:
        unit_ids = tuple(lineage_ids(get_referenced(Unit.objects.all(), filters.unit, "unit")))
    elif filters.involvement is not None:
        unit_ids = tuple(sorted(scope_of(request.official).acting_units))
    tasks = visible(request.official)
    if filters.status:
        tasks = tasks.filter(status__in=filters.status)
    spec = TaskFilter(
        as_of=as_of,
        category=filters.category or "",
        field_id=filters.field,
        unit_ids=unit_ids,
        involvement=filters.involvement or "",
        overdue=filters.overdue,
        due_within=filters.due_within,
        period=None
        if filters.assigned_from is None or filters.assigned_to is None
        else Period(filters.assigned_from, filters.assigned_to),
        search=filters.q,
        original_deadline=filters.original_deadline,
    )
    tasks = filter_tasks(tasks, spec)
    start = (filters.page - 1) * filters.page_size
    page = tasks.prefetch_related("coordinating_units")[start : start + filters.page_size]
    return TaskPage(tasks.count(), filters.page, filters.page_size, as_of, list(page))


@router.get("/tasks/{task_id}", response={200: TaskDetailOut, **ERRORS})
def task_detail(request: OfficialRequest, task_id: int) -> Task:
    """One task with its requests for input, extension requests and escalations."""
    return get_object_or_404(_detailed(visible(request.official)), pk=task_id)


@router.get("/tasks/{task_id}/events", response={200: list[EventOut], **ERRORS})
def task_events(request: OfficialRequest, task_id: int) -> QuerySet[TaskEvent]:
    """The task's timeline in order, each event with its hash and the previous event's hash."""
    task = get_object_or_404(visible(request.official).only("pk"), pk=task_id)
    return (
        TaskEvent.objects.filter(task=task)
        .select_related("actor", "unit", "to_unit")
        .prefetch_related("attachments")
        .order_by("seq")
    )


@router.get("/overview", response={200: OverviewOut, **ERRORS})
def leader_overview(request: OfficialRequest, filters: Query[OverviewIn]) -> Overview:
    """The four report categories per sub-unit of `unit`, rolled up over sub-units and mergers,
    for the tasks the caller may see that were assigned in the period: what the overview page
    shows, for whom it shows it (leaders, heads, offices, inspectors; others 403)."""
    today = timezone.localdate()
    end = filters.end or today
    start = filters.start or dt.date(end.year, 1, 1)
    as_of = filters.as_of or today
    if start > end:
        raise InvalidInput("start", _("The start of the period must not be after its end."))
    # The page's rules and query (`tasks.queries.unit_overview`): the same roots, the same units.
    official = request.official
    roots = overview_roots(official)
    if not roots:
        raise PermissionDenied
    if filters.unit is None:
        root = roots[0]
    else:
        root = get_object_or_404(Unit.objects.all(), pk=filters.unit)
        if not may_oversee(official, root, roots):
            raise Http404
    result = unit_overview(
        official,
        root,
        period=Period(start, end),
        as_of=as_of,
        original_deadline=filters.original_deadline,
    )
    return Overview(
        unit=root,
        start=start,
        end=end,
        as_of=as_of,
        original_deadline=filters.original_deadline,
        categories=[CategoryLabel(code, str(Category.LABELS[code])) for code in Category.ALL],
        total=result.total,
        rows=result.rows,
        approval_wait=result.approval_wait,
    )


# --- Writes: one endpoint per action -----------------------------------------------------------


@router.post("/tasks", response={201: TaskDetailOut, **WRITE_ERRORS})
def create(request: OfficialRequest, payload: TaskCreateIn) -> Status[Task]:
    """Assign a new task (giao nhiệm vụ) to one lead unit, from the caller's office."""
    coordinating = list(Unit.objects.filter(pk__in=payload.coordinating_unit_ids))
    if len(coordinating) != len(set(payload.coordinating_unit_ids)):
        raise InvalidInput("coordinating_unit_ids", _("One of these units does not exist."))
    task = actions.create_task(
        by=request.official,
        title=payload.title,
        description=payload.description,
        lead_unit=get_referenced(Unit.objects.all(), payload.lead_unit_id, "lead_unit_id"),
        field=get_referenced(Field.objects.all(), payload.field_id, "field_id"),
        due=payload.due,
        coordinating_units=coordinating,
        supervisor=None
        if payload.supervisor_id is None
        else get_referenced(Official.objects.all(), payload.supervisor_id, "supervisor_id"),
        document=None
        if payload.document_id is None
        else get_referenced(DirectiveDocument.objects.all(), payload.document_id, "document_id"),
    )
    return Status(201, _detail(task.pk))


@router.post("/tasks/{task_id}/accept", response={200: TaskDetailOut, **WRITE_ERRORS})
def accept(request: OfficialRequest, task_id: int, payload: NoteIn) -> Task:
    """The lead unit's head accepts the task (tiếp nhận)."""
    task = _fetch(request, task_id, payload.version)
    actions.accept_task(task, by=request.official, note=payload.note)
    return _detail(task.pk)


@router.post("/tasks/{task_id}/assign", response={200: TaskDetailOut, **WRITE_ERRORS})
def assign(request: OfficialRequest, task_id: int, payload: AssignIn) -> Task:
    """The head hands the task to an official of the lead unit (phân công)."""
    task = _fetch(request, task_id, payload.version)
    to = get_referenced(Official.objects.all(), payload.official_id, "official_id")
    actions.assign_task(task, to=to, by=request.official, note=payload.note)
    return _detail(task.pk)


@router.post("/tasks/{task_id}/progress", response={200: TaskDetailOut, **WRITE_ERRORS})
def progress(request: OfficialRequest, task_id: int, payload: ProgressIn) -> Task:
    """Report progress (báo cáo tiến độ)."""
    task = _fetch(request, task_id, payload.version)
    actions.report_progress(task, by=request.official, percent=payload.percent, note=payload.note)
    return _detail(task.pk)


@router.post("/tasks/{task_id}/request-input", response={200: TaskDetailOut, **WRITE_ERRORS})
def request_input(request: OfficialRequest, task_id: int, payload: RequestInputIn) -> Task:
    """Ask a coordinating unit for its input (đề nghị phối hợp), with an answer deadline."""
    task = _fetch(request, task_id, payload.version)
    to_unit = get_referenced(Unit.objects.all(), payload.unit_id, "unit_id")
    actions.request_input(
        task,
        to_unit=to_unit,
        question=payload.question,
        answer_due=payload.answer_due,
        by=request.official,
    )
    return _detail(task.pk)


@router.post("/tasks/{task_id}/respond-input", response={200: TaskDetailOut, **WRITE_ERRORS})
def respond_input(request: OfficialRequest, task_id: int, payload: RespondInputIn) -> Task:
    """A coordinating unit answers a request for input sent to it."""
    task = _fetch(request, task_id, payload.version)
    input_request = get_referenced(task.input_requests.all(), payload.request_id, "request_id")
    input_request.task = task  # the version checked above is the one the action writes against
    actions.respond_input(input_request, by=request.official, answer=payload.answer)
    return _detail(task.pk)


@router.post("/tasks/{task_id}/request-extension", response={200: TaskDetailOut, **WRITE_ERRORS})
def request_extension(request: OfficialRequest, task_id: int, payload: RequestExtensionIn) -> Task:
    """Ask the assigner to move the deadline (xin gia hạn)."""
    task = _fetch(request, task_id, payload.version)
    actions.request_extension(
        task, by=request.official, new_due=payload.new_due, reason=payload.reason
    )
    return _detail(task.pk)


@router.post("/tasks/{task_id}/grant-extension", response={200: TaskDetailOut, **WRITE_ERRORS})
def grant_extension(request: OfficialRequest, task_id: int, payload: GrantExtensionIn) -> Task:
    """Grant an extension request; the deadline in force moves."""
    task = _fetch(request, task_id, payload.version)
    extension = get_referenced(task.extension_requests.all(), payload.request_id, "request_id")
    extension.task = task
    actions.grant_extension(
        extension,
        by=request.official,
        new_due=payload.new_due,
        note=payload.note,
        late_reason=payload.late_reason,
    )
    return _detail(task.pk)


@router.post("/tasks/{task_id}/refuse-extension", response={200: TaskDetailOut, **WRITE_ERRORS})
def refuse_extension(request: OfficialRequest, task_id: int, payload: RefuseExtensionIn) -> Task:
    """Refuse an extension request; the deadline stays."""
    task = _fetch(request, task_id, payload.version)
    extension = get_referenced(task.extension_requests.all(), payload.request_id, "request_id")
    extension.task = task
    actions.refuse_extension(extension, by=request.official, note=payload.note)
    return _detail(task.pk)


@router.post("/tasks/{task_id}/transfer", response={200: TaskDetailOut, **WRITE_ERRORS})
def transfer(request: OfficialRequest, task_id: int, payload: TransferIn) -> Task:
    """Hand the task to another lead unit (chuyển xử lý), with the reason."""
    task = _fetch(request, task_id, payload.version)
    to_unit = get_referenced(Unit.objects.all(), payload.to_unit_id, "to_unit_id")
    actions.transfer_task(task, to_unit=to_unit, by=request.official, reason=payload.reason)
    return _detail(task.pk)


@router.post("/tasks/{task_id}/return", response={200: TaskDetailOut, **WRITE_ERRORS})
def return_(request: OfficialRequest, task_id: int, payload: ReturnIn) -> Task:
    """The lead unit returns the task to the assigner (trả lại), with a reason."""
    task = _fetch(request, task_id, payload.version)
    actions.return_task(task, by=request.official, reason=payload.reason, note=payload.note)
    return _detail(task.pk)


@router.post("/tasks/{task_id}/decline", response={200: TaskDetailOut, **WRITE_ERRORS})
def decline(request: OfficialRequest, task_id: int, payload: DeclineIn) -> Task:
    """A coordinating unit declines its part (từ chối phối hợp), with a reason."""
    task = _fetch(request, task_id, payload.version)
    actions.decline_task(task, by=request.official, reason=payload.reason, note=payload.note)
    return _detail(task.pk)


@router.post("/tasks/{task_id}/escalate", response={200: TaskDetailOut, **WRITE_ERRORS})
def escalate(request: OfficialRequest, task_id: int, payload: EscalateIn) -> Task:
    """Ask a superior for an opinion or direction (xin ý kiến chỉ đạo)."""
    task = _fetch(request, task_id, payload.version)
    to = get_referenced(Official.objects.all(), payload.to_official_id, "to_official_id")
    # The same catalogue as the page: the detector can only check a kind the province defined.
    if (
        payload.decision_kind
        and not DecisionKind.objects.filter(code=payload.decision_kind).exists()
    ):
        raise InvalidInput(
            "decision_kind",
            _("Unknown decision kind: %(code)s.") % {"code": payload.decision_kind},
        )
    actions.escalate_task(
        task,
        by=request.official,
        to=to,
        question=payload.question,
        decision_kind=payload.decision_kind,
    )
    return _detail(task.pk)


@router.post("/tasks/{task_id}/answer-escalation", response={200: TaskDetailOut, **WRITE_ERRORS})
def answer_escalation(request: OfficialRequest, task_id: int, payload: AnswerEscalationIn) -> Task:
    """The superior asked gives their opinion."""
    task = _fetch(request, task_id, payload.version)
    escalation = get_referenced(task.escalations.all(), payload.escalation_id, "escalation_id")
    escalation.task = task
    actions.answer_escalation(escalation, by=request.official, answer=payload.answer)
    return _detail(task.pk)


@router.post("/tasks/{task_id}/complete", response={200: TaskDetailOut, **WRITE_ERRORS})
def complete(
    request: OfficialRequest,
    task_id: int,
    payload: Form[CompleteIn],
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]  # ninja's optional file
) -> Task:
    """Report the task complete with its result and attached files (multipart/form-data)."""
    task = _fetch(request, task_id, payload.version)
    actions.complete_task(task, by=request.official, result=payload.result, files=files or ())
    return _detail(task.pk)


@router.post("/tasks/{task_id}/approve", response={200: TaskDetailOut, **WRITE_ERRORS})
def approve(request: OfficialRequest, task_id: int, payload: NoteIn) -> Task:
    """The assigner accepts the result (nghiệm thu); the task is done."""
    task = _fetch(request, task_id, payload.version)
    actions.approve_task(task, by=request.official, note=payload.note)
    return _detail(task.pk)


@router.post("/tasks/{task_id}/send-back", response={200: TaskDetailOut, **WRITE_ERRORS})
def send_back(request: OfficialRequest, task_id: int, payload: RequiredNoteIn) -> Task:
    """The assigner sends the result back for rework, saying what to rework."""
    task = _fetch(request, task_id, payload.version)
    actions.send_back_task(task, by=request.official, note=payload.note)
    return _detail(task.pk)


@router.post("/tasks/{task_id}/reopen", response={200: TaskDetailOut, **WRITE_ERRORS})
def reopen(request: OfficialRequest, task_id: int, payload: RequiredNoteIn) -> Task:
    """Reopen a completed or cancelled task, with the reason."""
    task = _fetch(request, task_id, payload.version)
    actions.reopen_task(task, by=request.official, note=payload.note)
    return _detail(task.pk)


@router.post("/tasks/{task_id}/cancel", response={200: TaskDetailOut, **WRITE_ERRORS})
def cancel(request: OfficialRequest, task_id: int, payload: RequiredNoteIn) -> Task:
    """Cancel a task that is no longer needed, with the reason."""
    task = _fetch(request, task_id, payload.version)
    actions.cancel_task(task, by=request.official, note=payload.note)
    return _detail(task.pk)


@router.post("/tasks/{task_id}/remind", response={200: TaskDetailOut, **WRITE_ERRORS})
def remind(request: OfficialRequest, task_id: int, payload: RequiredNoteIn) -> Task:
    """Remind the lead unit (đôn đốc)."""
    task = _fetch(request, task_id, payload.version)
    actions.remind_task(task, by=request.official, note=payload.note)
    return _detail(task.pk)

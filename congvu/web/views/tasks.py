"""Task pages: the filtered list, its Excel export, the detail with its timeline, the POST that runs
one action, attachments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congvu.core.errors import ActionError
from congvu.core.exports import Sheet, xlsx_response
from congvu.org.access import lineage_ids
from congvu.org.middleware import OfficialRequest
from congvu.org.models import Unit
from congvu.tasks.access import assignable_units, visible
from congvu.tasks.models import Attachment, Escalation, ExtensionRequest, InputRequest, Task
from congvu.tasks.queries import Category, TaskFilter, filter_tasks, with_category
from congvu.web.forms import tasks as forms
from congvu.web.forms.tasks import TaskFilterForm
from congvu.web.views.actions import (
    SPECS,
    TARGET_FIELD,
    Offered,
    Spec,
    available_actions,
    object_forms,
    permitted,
)
from congvu.web.views.common import Viewer, is_htmx, official_required, render_page, viewer

PAGE_SIZE = 25


def filterable_units(official_viewer: Viewer, request: OfficialRequest) -> QuerySet[Unit]:
    """Units offered in the list's unit filter: every unit for an inspector, else the units in
    the official's scope and those they may assign tasks to."""
    if official_viewer.is_inspector:
        return Unit.objects.all()
    scope = official_viewer.scope
    assignable = assignable_units(request.official, scope).values("pk")
    return Unit.objects.filter(Q(pk__in=scope.visible_units) | Q(pk__in=assignable))


def parse_filter(form: TaskFilterForm) -> TaskFilter:
    """The TaskFilter a bound form asks for (an invalid form filters nothing but today's as-of)."""
    today = timezone.localdate()
    if not form.is_bound or not form.is_valid():
        return TaskFilter(as_of=today)
    data: dict[str, Any] = form.cleaned_data
    unit: Unit | None = data["unit"]
    return TaskFilter(
        as_of=data["as_of"] or today,
        status=data["status"],
        category=data["category"],
        field_id=data["field"].pk if data["field"] else None,
        unit_ids=(data["unit_only"],)
        if data["unit_only"]
        else (tuple(lineage_ids(unit)) if unit else None),
        involvement=data["involvement"],
        overdue=data["overdue"],
        due_within=data["due_within"],
        period=form.period(),
        search=data["q"].strip(),
        original_deadline=data["basis"] == "original",
        descending=data["sort"] == "-due",
        carried_over=data["carried"],
    )


def _filtered(request: OfficialRequest) -> tuple[TaskFilterForm, TaskFilter, QuerySet[Task]]:
    me = viewer(request)
    params = request.GET.copy()
    params.pop("page", None)
    form = TaskFilterForm(params or None, units=filterable_units(me, request))
    spec = parse_filter(form)
    tasks = filter_tasks(visible(request.official, me.scope), spec)
    return form, spec, tasks


@official_required
def task_list(request: OfficialRequest) -> HttpResponse:
    """Tasks the official may see, filtered, 25 a page, sorted by deadline."""
    form, spec, tasks = _filtered(request)
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    me = viewer(request)
    return render_page(
        request,
        "web/task_list.html",
        {
            "form": form,
            "spec": spec,
            "page": page,
            "my_units": me.units,
            "category_labels": Category.LABELS,
            "query": request.GET.urlencode(),
        },
        # A filter that cannot be read (a unit id past any database's range, a word for a
        # number) is the caller's mistake: the page shows the form's errors with a 400.
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


# Headers of the Excel export; the columns follow the Vietnamese report templates.
def _export_headers(as_of: dt.date) -> list[str]:
    return [
        _("No."),
        _("Document number"),
        _("Task"),
        _("Field"),
        _("Lead unit"),
        _("Official in charge"),
        _("Assigned on"),
        _("Original deadline"),
        _("Deadline in force"),
        # The deadline the category is judged by (`tasks.deadlines`): extensions granted after
        # the day are not seen, late ones cure nothing.
        _("Deadline counted as of %(day)s") % {"day": as_of.strftime("%d/%m/%Y")},
        _("Completed on"),
        _("Status"),
        _("Category"),
    ]


@official_required
def task_export(request: OfficialRequest) -> HttpResponse:
    """The same filtered list as an .xlsx file: every row, dates as real Excel dates."""
    _form, spec, tasks = _filtered(request)
    labels = {key: str(label) for key, label in Category.LABELS.items()}
    statuses = {key: str(label) for key, label in Task.Status.choices}
    rows = (
        [
            number,
            task.document.number if task.document else "",
            task.title,
            task.field.name,
            task.lead_unit.name,
            task.assignee.full_name if task.assignee else "",
            timezone.localtime(task.created_at).date(),
            task.original_due,
            task.due,
            task.due_at,  # type: ignore[attr-defined]
            task.completed_on,
            statuses.get(task.status, task.status),
            labels.get(task.category or "", ""),  # type: ignore[attr-defined]
        ]
        for number, task in enumerate(tasks.iterator(chunk_size=2000), start=1)
    )
    widths = [6, 16, 60, 18, 30, 24, 12, 12, 12, 14, 12, 20, 26]
    return xlsx_response(
        f"nhiem-vu-{spec.as_of:%Y%m%d}",
        [
            Sheet(
                _("Tasks"),
                _export_headers(spec.as_of),
                rows,
                widths=widths,
                number_formats={0: "0"},
            )
        ],
    )


def visible_task(request: OfficialRequest, task_id: int) -> Task:
    """The task with its header facts and coordinating units (which the page lists and every
    permission check reads), or 404 when it does not exist or is not visible."""
    me = viewer(request)
    tasks = (
        visible(request.official, me.scope)
        .select_related(
            "lead_unit",
            "field",
            "assigner_unit",
            "supervisor",
            "assignee",
            "created_by",
            "document",
        )
        .prefetch_related("coordinating_units")
    )
    tasks = with_category(tasks, as_of=timezone.localdate())
    return get_object_or_404(tasks, pk=task_id)


def detail_context(request: OfficialRequest, task: Task) -> dict[str, Any]:
    """Everything the detail page shows: facts, timeline, open requests and allowed actions."""
    me = viewer(request)
    events = (
        task.events.select_related("actor", "unit", "to_unit")
        .prefetch_related("attachments")
        .order_by("seq")
    )
    input_requests = list(
        InputRequest.objects.filter(task=task, status=InputRequest.Status.OPEN)
        .select_related("to_unit", "requested_by")
        .order_by("answer_due")
    )
    extensions = list(
        ExtensionRequest.objects.filter(task=task, status=ExtensionRequest.Status.PENDING)
        .select_related("requested_by")
        .order_by("requested_at")
    )
    escalations = list(
        Escalation.objects.filter(task=task, status=Escalation.Status.OPEN)
        .select_related("to_official", "asked_by")
        .order_by("asked_at")
    )
    return {
        "task": task,
        "coordinating": list(task.coordinating_units.all()),
        "events": list(events),
        "input_requests": object_forms(request, task, me, input_requests, "respond_input"),
        "extensions": object_forms(request, task, me, extensions, "grant_extension"),
        "extension_refusals": object_forms(request, task, me, extensions, "refuse_extension"),
        "escalations": object_forms(request, task, me, escalations, "answer_escalation"),
        "actions": available_actions(task, request.official, me),
        "respond_spec": SPECS["respond_input"],
        "grant_spec": SPECS["grant_extension"],
        "refuse_spec": SPECS["refuse_extension"],
        "answer_spec": SPECS["answer_escalation"],
        "category_labels": Category.LABELS,
        "can_act": not me.is_inspector,
    }


@official_required
def task_detail(request: OfficialRequest, task_id: int) -> HttpResponse:
    """A task's facts, its timeline of events, and the actions the official may take now."""
    task = visible_task(request, task_id)
    return render_page(request, "web/task_detail.html", detail_context(request, task))


@official_required
def attachment_download(request: OfficialRequest, attachment_id: int) -> FileResponse:
    """Serve an attachment only to those who may see its task (never through MEDIA_URL)."""
    seen = visible(request.official, viewer(request).scope)
    attachment = get_object_or_404(
        Attachment.objects.select_related("event"),
        pk=attachment_id,
        event__task__in=seen.values("pk"),
    )
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@require_POST
@official_required
def task_action(request: OfficialRequest, task_id: int, name: str) -> HttpResponse:
    """Run one action from its form; a refusal comes back as a form error, a stale form too."""
    spec = SPECS.get(name)
    if spec is None:
        raise Http404
    task = visible_task(request, task_id)
    me = viewer(request)
    form = spec.form(request.POST, request.FILES, task=task, official=request.official)
    target = None
    if spec.target is not None:
        pk = form.data.get(TARGET_FIELD[spec.target], "")
        target = spec.target._default_manager.filter(
            task=task, pk=pk if str(pk).isdigit() else 0
        ).first()
        if target is None:
            raise Http404
    if not permitted(spec, task, request.official, me, target):
        raise PermissionDenied  # not theirs to do: nothing is written
    if task.status not in spec.statuses:
        form.add_error(None, _("This action is not possible in the task's current state."))
    elif form.is_valid():
        task.version = form.cleaned_data["version"]
        try:
            spec.run(
                task, form.cleaned_data, request.official, form.cleaned_data.get("attachments", [])
            )
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            if form.data.get("from") == "my":
                return _my_work_answer(request, task, str(spec.done))
            messages.success(request, str(spec.done))
            url = reverse("task_detail", args=[task.pk])
            if not visible(request.official, me.scope).filter(pk=task.pk).exists():
                # A transfer or a decline can take the task out of the official's sight.
                url = reverse("my_work")
            if is_htmx(request):
                return HttpResponse(headers={"HX-Redirect": url})
            return HttpResponseRedirect(url, status=303)
    return _form_error(request, task, spec, form)


def _form_error(
    request: OfficialRequest, task: Task, spec: Spec, form: forms.ActionForm
) -> HttpResponse:
    """The form again with its errors: the partial for htmx, the whole page otherwise."""
    if form.data.get("from") == "my":
        errors = [str(e) for e in form.non_field_errors()] + [
            f"{form[name].label}: {error}"
            for name, field_errors in form.errors.items()
            if name != "__all__"
            for error in field_errors
        ]
        return _my_work_answer(request, task, "; ".join(errors), failed=True)
    if is_htmx(request):
        # 200, because htmx swaps only successful responses into the page.
        return render(request, "web/_action_form.html", {"task": task, "spec": spec, "form": form})
    context = detail_context(request, task)
    context["failed"] = Offered(spec, form)
    return render_page(request, "web/task_detail.html", context, status=422)


def _my_work_answer(
    request: OfficialRequest, task: Task, message: str, *, failed: bool = False
) -> HttpResponse:
    """A one-click action from "Việc của tôi": the row says what happened, the list stays."""
    if is_htmx(request):
        return render(
            request, "web/_my_done.html", {"task": task, "message": message, "failed": failed}
        )
    if failed:
        messages.error(request, message)
    else:
        messages.success(request, message)
    return HttpResponseRedirect(reverse("my_work"), status=303)

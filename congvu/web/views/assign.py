"""The assign form (giao nhiệm vụ): a task from a directive document to exactly one lead unit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from congvu.core.errors import ActionError
from congvu.org.middleware import OfficialRequest
from congvu.tasks.access import assignable_units, supervisor_choices
from congvu.tasks.actions import create_task, register_document
from congvu.tasks.models import DirectiveDocument
from congvu.tasks.queries import documents_matching
from congvu.web.forms.tasks import CreateTaskForm, document_label
from congvu.web.views.common import official_required, render_page, viewer
from congvu.web.views.menu import ASSIGN


@official_required
def task_create(request: OfficialRequest) -> HttpResponse:
    """Show and handle the assign form; `create_task` checks the lead unit again."""
    me = ASSIGN.require(request)
    units = assignable_units(request.official, me.scope)
    leaders = supervisor_choices(request.official, timezone.localdate())
    form = CreateTaskForm(
        request.POST or None,
        units=units,
        documents=_documents(request),
        leaders=leaders.order_by("full_name"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                document = data["document"] or _document(request, data)
                task = create_task(
                    by=request.official,
                    title=data["title"],
                    description=data["description"],
                    document=document,
                    field=data["field"],
                    lead_unit=data["lead_unit"],
                    coordinating_units=data["coordinating_units"],
                    supervisor=data["supervisor"],
                    due=data["due"],
                )
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("The task was assigned to %(unit)s.") % {"unit": task.lead_unit}
            )
            return HttpResponseRedirect(reverse("task_detail", args=[task.pk]), status=303)
    return render_page(request, "web/task_create.html", {"form": form})


def _documents(request: OfficialRequest) -> QuerySet[DirectiveDocument]:
    """The directive documents the official may cite: those issued by the units they may assign
    to, or by their office."""
    me = viewer(request)
    units = assignable_units(request.official, me.scope)
    return DirectiveDocument.objects.filter(
        Q(issuer__in=units) | Q(issuer_id__in=me.scope.office_units)
    )


# At most this many documents answer one search: the box narrows, the page stays small.
MAX_MATCHES = 50


@require_GET
@official_required
def document_options(request: OfficialRequest) -> HttpResponse:
    """The document select's options matching `q` by number or summary, diacritics ignored
    (htmx swaps them into the select as the office types); an empty box gives the newest."""
    ASSIGN.require(request)
    query = request.GET.get("q", "").strip()[:200]
    documents = documents_matching(_documents(request), query)
    matches = list(documents.only("number", "issued_on", "summary")[:MAX_MATCHES])
    chosen = request.GET.get("document", "")
    selected = (
        int(chosen) if chosen.isdigit() and any(d.pk == int(chosen) for d in matches) else None
    )
    return render(
        request,
        "web/_document_options.html",
        {
            "options": [(d.pk, document_label(d)) for d in matches],
            "selected": selected,
            "query": query,
        },
    )


def _document(request: OfficialRequest, data: dict[str, Any]) -> DirectiveDocument | None:
    """The directive document typed into the form, registered once by issuer, number and date."""
    number = str(data.get("document_number") or "").strip()
    if not number:
        return None
    return register_document(
        by=request.official,
        number=number,
        issued_on=data["document_date"],
        signer=str(data["document_signer"]),
        summary=str(data["title"]),
    )

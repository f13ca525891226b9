"""Django admin for tasks: directive documents are edited here; tasks and their records are only
viewed, because they change through `tasks.actions` alone and events never change at all."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from congvu.tasks.models import (
    DirectiveDocument,
    Escalation,
    ExtensionRequest,
    InputRequest,
    Task,
    TaskEvent,
)


@admin.register(DirectiveDocument)
class DirectiveDocumentAdmin(admin.ModelAdmin[DirectiveDocument]):
    list_display = ("number", "issued_on", "signer", "issuer", "summary")
    list_select_related = ("issuer",)
    search_fields = ("number", "summary", "signer")
    date_hierarchy = "issued_on"
    autocomplete_fields = ("issuer",)


M = TypeVar("M", bound=Model)


class ViewOnlyAdmin(admin.ModelAdmin[M]):
    """Records written by actions: listed and opened, never added, changed or deleted here.

    The count of large tables (millions of events) is skipped: the changelist pages without it.
    """

    show_full_result_count = False
    list_per_page = 50

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False


@admin.register(Task)
class TaskAdmin(ViewOnlyAdmin[Task]):
    list_display = ("id", "title", "lead_unit", "assignee", "status", "due", "created_at")
    list_filter = ("status", "field")
    list_select_related = ("lead_unit", "assignee")
    search_fields = ("title", "title_folded", "document__number")
    raw_id_fields = ("document", "assigner_unit", "lead_unit", "supervisor", "assignee")


@admin.register(TaskEvent)
class TaskEventAdmin(ViewOnlyAdmin[TaskEvent]):
    list_display = ("task_id", "seq", "ts", "activity", "actor", "unit", "to_unit", "due")
    list_filter = ("activity",)
    list_select_related = ("actor", "unit", "to_unit")
    search_fields = ("=task__id",)
    readonly_fields = ("prev_hash", "hash")


@admin.register(InputRequest)
class InputRequestAdmin(ViewOnlyAdmin[InputRequest]):
    list_display = ("task_id", "to_unit", "answer_due", "status", "requested_at", "answered_at")
    list_filter = ("status",)
    list_select_related = ("to_unit",)
    search_fields = ("=task__id",)


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ViewOnlyAdmin[ExtensionRequest]):
    list_display = ("task_id", "requested_due", "status", "requested_by", "requested_at")
    list_filter = ("status",)
    list_select_related = ("requested_by",)
    search_fields = ("=task__id",)


@admin.register(Escalation)
class EscalationAdmin(ViewOnlyAdmin[Escalation]):
    list_display = ("task_id", "to_official", "status", "asked_at", "answered_at")
    list_filter = ("status",)
    list_select_related = ("to_official",)
    search_fields = ("=task__id",)

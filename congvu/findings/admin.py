"""Findings in the admin: read-only, because only the actions write findings and their history."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from congvu.findings.models import ComputationRun, Explanation, Finding, FindingEvent


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]  # shared by several models
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class FindingEventInline(admin.TabularInline):  # type: ignore[type-arg]
    model = FindingEvent
    extra = 0
    can_delete = False
    readonly_fields = ("seq", "ts", "activity", "actor", "note")
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Finding)
class FindingAdmin(ReadOnly):
    list_display = ("kind", "case_id", "unit", "official", "severity", "status", "holds", "ts")
    list_filter = ("kind", "status", "severity", "holds")
    search_fields = ("case_id", "evidence", "detail")
    list_select_related = ("unit", "official")
    inlines = [FindingEventInline]


@admin.register(Explanation)
class ExplanationAdmin(ReadOnly):
    list_display = ("finding", "by", "unit", "at", "file_name")
    list_select_related = ("finding", "by", "unit")


@admin.register(ComputationRun)
class ComputationRunAdmin(ReadOnly):
    list_display = ("started_at", "engine", "full", "cases", "raised", "refreshed", "cleared")

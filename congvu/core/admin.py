"""Admin of the kernel's reference data: the province's own days of the working-day calendar, and
the read log of personal records (read-only: the log is append-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from congvu.core.calendar import forget_calendar
from congvu.core.models import ExtraDay, Read


@admin.register(ExtraDay)
class ExtraDayAdmin(admin.ModelAdmin[ExtraDay]):
    list_display = ["date", "is_working_day", "reason"]

    def save_model(self, request: HttpRequest, obj: ExtraDay, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        forget_calendar()  # the calendar caches each year

    def delete_model(self, request: HttpRequest, obj: ExtraDay) -> None:
        super().delete_model(request, obj)
        forget_calendar()


@admin.register(Read)
class ReadAdmin(admin.ModelAdmin[Read]):
    list_display = ["ts", "reader", "subject", "content_type", "object_id", "view"]
    list_filter = ["content_type"]
    search_fields = ["reader__username", "subject__username", "view"]
    date_hierarchy = "ts"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Read | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Read | None = None) -> bool:
        return False

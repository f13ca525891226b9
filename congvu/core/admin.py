"""Admin of the kernel's reference data: the province's own days of the working-day calendar."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from congvu.core.calendar import forget_calendar
from congvu.core.models import ExtraDay


@admin.register(ExtraDay)
class ExtraDayAdmin(admin.ModelAdmin[ExtraDay]):
    list_display = ["date", "is_working_day", "reason"]

    def save_model(self, request: HttpRequest, obj: ExtraDay, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        forget_calendar()  # the calendar caches each year

    def delete_model(self, request: HttpRequest, obj: ExtraDay) -> None:
        super().delete_model(request, obj)
        forget_calendar()

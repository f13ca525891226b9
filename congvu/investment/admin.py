"""Django admin for public investment: the province's disbursement targets are edited here; the
projects, plans, payments and events are read-only, because only the actions may write them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from congvu.investment.models import (
    CapitalPlan,
    Disbursement,
    PlanAdjustment,
    PlantedBehaviour,
    Project,
    ProjectEvent,
    Stage,
    TargetPoint,
)


@admin.register(TargetPoint)
class TargetPointAdmin(admin.ModelAdmin[TargetPoint]):
    """The target curve the province sets each year (e.g. 30/6 ≥ 40 %)."""

    list_display = ["year", "on", "percent", "document"]
    list_filter = ["year"]
    ordering = ["year", "on"]


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Shown for inspection; changes go through the investment actions and their events."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class StageInline(admin.TabularInline[Stage, Project]):
    model = Stage
    extra = 0
    can_delete = False
    fields = ["kind", "unit", "planned_start", "planned_end", "actual_start", "actual_end"]
    readonly_fields = ["kind", "unit", "planned_start", "planned_end", "actual_start", "actual_end"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "group", "investor", "total_investment_vnd", "status"]
    list_filter = ["group", "status", "funding_source"]
    search_fields = ["code", "name_folded"]
    list_select_related = ["investor"]
    inlines = [StageInline]


@admin.register(CapitalPlan)
class CapitalPlanAdmin(ReadOnlyAdmin):
    list_display = ["project", "year", "assigned_vnd", "current_vnd", "assigned_on", "document"]
    list_filter = ["year"]
    list_select_related = ["project"]


@admin.register(PlanAdjustment)
class PlanAdjustmentAdmin(ReadOnlyAdmin):
    list_display = ["plan", "on", "delta_vnd", "document"]


@admin.register(Disbursement)
class DisbursementAdmin(ReadOnlyAdmin):
    list_display = ["project", "on", "amount_vnd", "document"]
    date_hierarchy = "on"
    list_select_related = ["project"]


@admin.register(ProjectEvent)
class ProjectEventAdmin(ReadOnlyAdmin):
    list_display = ["project", "seq", "ts", "activity", "stage", "unit", "to_unit", "amount_vnd"]
    list_filter = ["activity", "stage"]
    list_select_related = ["project", "unit", "to_unit"]


@admin.register(PlantedBehaviour)
class PlantedBehaviourAdmin(ReadOnlyAdmin):
    list_display = ["kind", "project", "unit"]
    list_filter = ["kind"]

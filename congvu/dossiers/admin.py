"""Admin of the dossier reference data: procedures editable; dossiers, events
and letters read-only (they change only through the actions)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from congvu.dossiers.clock import forget_cutoffs
from congvu.dossiers.models import ApologyLetter, Dossier, DossierEvent, Procedure, ReceiptCutoff


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin[Procedure]):
    list_display = ["code", "name", "level", "processing_days", "online", "fee_vnd"]
    list_filter = ["level", "online", "field"]
    search_fields = ["code", "name"]
    filter_horizontal = ["units"]
    exclude = ["name_folded"]


@admin.register(ReceiptCutoff)
class ReceiptCutoffAdmin(admin.ModelAdmin[ReceiptCutoff]):
    """The province's receipt cut-off time; saving forgets this process's cached settings."""

    list_display = ["valid_from", "cutoff", "basis"]

    def save_model(self, request: HttpRequest, obj: ReceiptCutoff, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        forget_cutoffs()

    def delete_model(self, request: HttpRequest, obj: ReceiptCutoff) -> None:
        super().delete_model(request, obj)
        forget_cutoffs()


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Dossier)
class DossierAdmin(ReadOnly, admin.ModelAdmin[Dossier]):
    list_display = ["code", "procedure", "status", "due", "timeliness"]
    list_filter = ["status", "timeliness"]
    search_fields = ["code"]
    list_select_related = ["procedure"]


@admin.register(DossierEvent)
class DossierEventAdmin(ReadOnly, admin.ModelAdmin[DossierEvent]):
    list_display = ["dossier", "seq", "ts", "activity", "unit", "to_unit"]
    list_select_related = ["dossier", "unit", "to_unit"]


@admin.register(ApologyLetter)
class ApologyLetterAdmin(ReadOnly, admin.ModelAdmin[ApologyLetter]):
    list_display = ["number", "dossier", "unit_at_fault", "old_due", "new_due"]
    list_select_related = ["dossier", "unit_at_fault"]

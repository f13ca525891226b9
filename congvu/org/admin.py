"""Django admin for the organisation's reference data, in Vietnamese (quản trị danh mục).

A unit added here is created by `org.actions.create_unit`, so that it gets its tree path; moving a
unit in the tree is not offered, because its subtree's paths would have to move with it (no action
does that yet). An official's folded name follows their name. Every change is in the admin's log.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congvu.org.actions import create_unit
from congvu.org.models import (
    DecisionKind,
    Delegation,
    Field,
    Mandate,
    Official,
    Position,
    Post,
    Unit,
    in_force_q,
)
from congvu.org.text import fold

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

admin.site.site_header = _("congvu administration")
admin.site.site_title = _("congvu administration")
admin.site.index_title = _("Reference data and records")


class ValidityFilter(admin.SimpleListFilter):
    """Units in effect today, or ended (merged or abolished)."""

    title = _("validity")
    parameter_name = "validity"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, StrOrPromise]]:
        return [("active", _("In effect")), ("ended", _("Ended (merged or abolished)"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        today = timezone.localdate()
        in_effect = in_force_q(today)
        if self.value() == "active":
            return queryset.filter(in_effect)
        if self.value() == "ended":
            return queryset.filter(valid_to__lt=today)
        return queryset


class UnitChangeList(ChangeList):
    """Reads the names along every listed unit's path in one query, for the "tree path" column."""

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        units: list[Unit] = list(self.result_list)
        ids = {int(part) for unit in units for part in unit.path.split("/") if part}
        names = {pk: str(unit) for pk, unit in Unit.objects.in_bulk(ids).items()}
        for unit in units:
            unit.tree_names = _tree_names(unit, names)  # type: ignore[attr-defined]  # a row memo
        self.result_list = units


def _tree_names(unit: Unit, names: dict[int, str]) -> str:
    return " › ".join(names.get(int(part), part) for part in unit.path.split("/") if part)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin[Unit]):
    list_display = ("code", "name", "tree_path", "kind", "valid_from", "valid_to", "successor")
    list_filter = ("kind", ValidityFilter, "assigns_tasks")
    search_fields = ("code", "name", "short_name")
    list_select_related = ("successor",)
    autocomplete_fields = ("parent", "successor")
    readonly_fields = ("tree_path",)
    list_per_page = 50

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return UnitChangeList

    def get_readonly_fields(self, request: HttpRequest, obj: Unit | None = None) -> tuple[str, ...]:
        # The code names the unit in imports and reports; the parent fixes the subtree's paths.
        if obj is not None:
            return ("code", "parent", "tree_path")
        return ("tree_path",)

    @admin.display(description=_("tree path"), ordering="path")
    def tree_path(self, unit: Unit) -> str:
        memo: str | None = getattr(unit, "tree_names", None)
        if memo is not None:
            return memo
        if not unit.path:
            return "-"
        ids = [int(part) for part in unit.path.split("/") if part]
        names = {pk: str(u) for pk, u in Unit.objects.in_bulk(ids).items()}
        return _tree_names(unit, names)

    def save_model(
        self, request: HttpRequest, obj: Unit, form: ModelForm[Unit], change: bool
    ) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        created = create_unit(
            code=obj.code,
            name=obj.name,
            kind=obj.kind,
            parent=obj.parent,
            short_name=obj.short_name,
            assigns_tasks=obj.assigns_tasks,
            valid_from=obj.valid_from or dt.date(2025, 7, 1),
        )
        obj.pk, obj.path = created.pk, created.path
        obj._state.adding = False
        if obj.valid_to is not None or obj.successor_id is not None:
            obj.save(update_fields=["valid_to", "successor"])


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin[Position]):
    list_display = ("name", "is_manager")
    list_filter = ("is_manager",)
    search_fields = ("name",)


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin[Field]):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(Mandate)
class MandateAdmin(admin.ModelAdmin[Mandate]):
    list_display = ("unit", "field", "legal_basis")
    list_filter = ("field",)
    list_select_related = ("unit", "field")
    search_fields = ("unit__name", "unit__code", "description", "legal_basis")
    autocomplete_fields = ("unit",)


@admin.register(DecisionKind)
class DecisionKindAdmin(admin.ModelAdmin[DecisionKind]):
    list_display = ("name", "code")
    search_fields = ("code", "name")

    def get_readonly_fields(
        self, request: HttpRequest, obj: DecisionKind | None = None
    ) -> tuple[str, ...]:
        # The code is stored in delegations, opinion requests and events: renaming it would orphan
        # them, so it is fixed once created (the name can change freely).
        return ("code",) if obj is not None else ()


class DelegationForm(ModelForm[Delegation]):
    """The decision kind is chosen from the known kinds; a code already stored that has no
    DecisionKind row stays offered, so that editing other fields does not lose it."""

    decision_kind = forms.ChoiceField(label=_("decision kind"))

    class Meta:
        model = Delegation
        fields = (
            "unit",
            "position",
            "decision_kind",
            "limit_vnd",
            "legal_basis",
            "valid_from",
            "valid_to",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, str]] = [("", "---------")]
        kinds = DecisionKind.objects.values_list("code", "name")
        choices += [(code, f"{name} ({code})") for code, name in kinds]
        current = self.instance.decision_kind
        if current and current not in {code for code, _label in choices}:
            choices.append((current, current))
        self.fields["decision_kind"].choices = choices  # type: ignore[attr-defined]


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin[Delegation]):
    form = DelegationForm
    list_display = ("unit", "position", "decision_kind", "limit_vnd", "valid_from", "valid_to")
    list_filter = ("position",)
    list_select_related = ("unit", "position")
    search_fields = ("unit__name", "unit__code", "decision_kind", "legal_basis")
    autocomplete_fields = ("unit", "position")


class PostInline(admin.TabularInline[Post, Official]):
    model = Post
    extra = 0
    fields = ("unit", "position", "role", "is_primary", "start", "end")
    autocomplete_fields = ("unit", "position")


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin[Official]):
    list_display = ("code", "full_name", "category", "rank", "primary_unit", "is_inspector")
    list_filter = ("category", "is_inspector")
    search_fields = ("code", "full_name", "name_folded", "user__username", "email")
    autocomplete_fields = ("user",)
    filter_horizontal = ("fields",)
    inlines = (PostInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Official]:
        return super().get_queryset(request).prefetch_related("posts__unit")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Official], search_term: str
    ) -> tuple[QuerySet[Official], bool]:
        # Search ignores diacritics: "nguyen van an" finds "Nguyễn Văn An".
        found, duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            found = found | queryset.filter(name_folded__contains=fold(search_term))
        return found, duplicates

    @admin.display(description=_("unit"))
    def primary_unit(self, official: Official) -> str:
        posts = official.posts.all()  # prefetched
        primary = [post for post in posts if post.is_primary] or list(posts)
        return str(primary[0].unit) if primary else "-"

    def save_model(
        self, request: HttpRequest, obj: Official, form: ModelForm[Official], change: bool
    ) -> None:
        # The folded name is what search uses; keep it in step with the name (see org.actions).
        obj.name_folded = fold(obj.full_name)
        super().save_model(request, obj, form, change)

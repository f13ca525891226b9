"""Unit pickers as a tree: full names, in the province's order, indented by level, with a box
that filters them as one types (web/pickers.js; diacritics are ignored, as in every search).

The province's order is the order its units were recorded in, parents before children: the
tree path of ids ("1/4/17/") read as numbers. The path as text would put "1/10/" before "1/4/".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.utils.functional import Promise

from congvu.org.models import Unit
from congvu.org.text import fold

# Two no-break spaces per level: a plain space would be collapsed in a <select>.
INDENT = "\u00a0\u00a0\u00a0"


def tree_key(unit: Unit) -> tuple[int, ...]:
    return tuple(int(pk) for pk in unit.path.strip("/").split("/") if pk)


def in_tree_order(units: list[Unit]) -> list[tuple[Unit, int]]:
    """`units` parents first, siblings in the province's order, each with its level among them
    (0 for the shallowest)."""
    ordered = sorted(units, key=tree_key)
    top = min((unit.depth for unit in ordered), default=0)
    return [(unit, unit.depth - top) for unit in ordered]


class _TreeIterator(ModelChoiceIterator):
    """The field's units in tree order, each label indented by its level."""

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        field = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        for unit, level in in_tree_order(list(self.queryset)):
            label = INDENT * level + field.label_from_instance(unit)
            yield (ModelChoiceIteratorValue(field.prepare_value(unit), unit), label)

    def __len__(self) -> int:
        return self.queryset.count() + (1 if self.field.empty_label is not None else 0)


class _Searchable:
    """Marks the widget for web/pickers.js, which adds the filter box, and gives each option the
    folded text the box matches."""

    def create_option(self, name: str, value: Any, label: Any, *args: Any, **kwargs: Any) -> Any:
        option = super().create_option(name, value, label, *args, **kwargs)  # type: ignore[misc]
        option["attrs"]["data-search"] = fold(str(label))
        return option


class TreeSelect(_Searchable, forms.Select):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"data-unit-tree": "", **(attrs or {})})


class TreeCheckboxes(_Searchable, forms.CheckboxSelectMultiple):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"data-unit-tree": "", **(attrs or {})})


class UnitTreeField(forms.ModelChoiceField[Unit]):
    """One unit, picked from the tree."""

    iterator = _TreeIterator
    widget = TreeSelect

    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class UnitTreeMultipleField(forms.ModelMultipleChoiceField[Unit]):
    """Any number of units, ticked in the tree."""

    iterator = _TreeIterator
    widget = TreeCheckboxes

    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class SearchedSelect(forms.Select):
    """A select that holds only the chosen item; the box before it asks `search_url` for the
    items matching what is typed (htmx swaps them in), so a page never lists thousands."""

    template_name = "web/widgets/searched_select.html"

    def __init__(self, search_url: str | Promise = "", attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.search_url = search_url

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["search_url"] = self.search_url
        return context


class _ChosenOnly(ModelChoiceIterator):
    """The empty choice and the chosen item only (`field.chosen`)."""

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        field = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        chosen = getattr(field, "chosen", None)
        if chosen is not None:
            yield self.choice(chosen)

    def __len__(self) -> int:
        return 2


class SearchedChoiceField(forms.ModelChoiceField[Any]):
    """Accepts any item of its queryset, lists only the chosen one (see `SearchedSelect`)."""

    iterator = _ChosenOnly

    def choose(self, value: object) -> None:
        """Keep the item `value` names (the bound data) to list it."""
        text = str(value or "")
        items = self.queryset if self.queryset is not None else None
        found = items.filter(pk=int(text)).first() if items is not None and text.isdigit() else None
        self.chosen = found

"""Model choice fields whose choices are read with one plain query.

Django's `ModelChoiceIterator` reads a field's choices through `QuerySet.iterator()`, which on
PostgreSQL opens a server-side cursor (DECLARE … WITH HOLD, FETCH, CLOSE: three round trips and a
cursor the server materialises) to stream what is, in a form, a list of a few dozen rows. The
fields here read them with one query; every page form uses them (tests/web/test_choices.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

from django import forms
from django.db.models import Model
from django.forms.models import ModelChoiceIterator

M = TypeVar("M", bound=Model)


class ListedChoices(ModelChoiceIterator):
    """The empty choice, then the queryset's rows, read in one query."""

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ModelChoiceField(forms.ModelChoiceField[M]):
    iterator: type[ModelChoiceIterator] = ListedChoices


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField[M]):
    iterator: type[ModelChoiceIterator] = ListedChoices

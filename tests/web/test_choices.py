"""The page forms read their model choices with one plain query, never through
`QuerySet.iterator()` (a server-side cursor on PostgreSQL: three round trips for a short list)."""

from __future__ import annotations

import importlib
import inspect
from unittest import mock

import pytest
from django import forms
from django.db import connection
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.test.utils import CaptureQueriesContext

from congvu.org.models import Unit
from congvu.web.forms.choices import ModelChoiceField, ModelMultipleChoiceField

FORM_MODULES = [
    "congvu.web.forms.discipline",
    "congvu.web.forms.dossiers",
    "congvu.web.forms.findings",
    "congvu.web.forms.innovation",
    "congvu.web.forms.investment",
    "congvu.web.forms.overview",
    "congvu.web.forms.people",
    "congvu.web.forms.rewards",
    "congvu.web.forms.tasks",
    "congvu.web.forms.units",
    "congvu.web.views.streamlining",
    "congvu.reports.views",
]


def _page_forms() -> list[type[forms.Form]]:
    found = []
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        found += [
            value
            for value in vars(module).values()
            if inspect.isclass(value)
            and issubclass(value, forms.BaseForm)
            and value.__module__ == name
        ]
    return found


def test_no_page_form_reads_its_choices_through_a_cursor() -> None:
    model_fields = 0
    for form in _page_forms():
        for name, field in form.base_fields.items():
            if isinstance(field, forms.ModelChoiceField):
                model_fields += 1
                assert field.iterator is not ModelChoiceIterator, f"{form.__name__}.{name}"
    assert model_fields >= 20  # the walk found the forms


@pytest.mark.django_db
def test_choices_are_one_plain_query() -> None:
    Unit.objects.create(code="A", name="Sở A", kind=Unit.Kind.DEPARTMENT)
    Unit.objects.create(code="B", name="Sở B", kind=Unit.Kind.DEPARTMENT)
    one = ModelChoiceField(queryset=Unit.objects.order_by("code"), empty_label="—")
    many = ModelMultipleChoiceField(queryset=Unit.objects.order_by("code"))

    with (
        mock.patch.object(QuerySet, "iterator", side_effect=AssertionError("iterator()")),
        CaptureQueriesContext(connection) as queries,
    ):
        labels = [str(label) for _value, label in one.choices]
        values = [str(value) for value, _label in many.choices]

    assert labels == ["—", "Sở A", "Sở B"]
    assert len(values) == 2
    assert len(queries) == 2
    assert not any(q["sql"].startswith("DECLARE") for q in queries.captured_queries)

"""The page forms' Select writes the same HTML as Django's own."""

from __future__ import annotations

import pytest
from django import forms
from django.test.html import parse_html

from congvu.org.models import Unit
from congvu.web.forms.widgets import Select
from tests.factories import make_unit

GROUPED = [
    ("", "—"),
    ("Sở & ngành", [("1", 'Sở "Xây dựng"'), ("2", "Sở <Tài chính>")]),
    ("3", "UBND phường Hồng Gai"),
]


def same_html(ours: str, django: str) -> None:
    assert parse_html(ours) == parse_html(django)
    assert "<option" in ours


@pytest.mark.parametrize("value", [None, "", "2", "3"])
def test_select_writes_what_django_writes_with_groups_escaping_and_the_selected_option(value):
    attrs = {"id": "id_to", "required": True, "disabled": False, "data-x": 'a"b'}

    ours = Select(choices=GROUPED).render("to", value, attrs)

    same_html(ours, forms.Select(choices=GROUPED).render("to", value, attrs))
    assert "&lt;Tài chính&gt;" in ours
    assert "disabled" not in ours


@pytest.mark.django_db
def test_model_choice_field_with_the_select_renders_like_django():
    chosen = make_unit(name="Sở Xây dựng")
    make_unit(name="Sở Tài chính & Kế hoạch")

    class Ours(forms.Form):
        unit = forms.ModelChoiceField(queryset=Unit.objects.all(), widget=Select)

    class Djangos(forms.Form):
        unit = forms.ModelChoiceField(queryset=Unit.objects.all())

    ours = str(Ours(data={"unit": "x"})["unit"])
    django = str(Djangos(data={"unit": "x"})["unit"])

    same_html(ours, django)
    assert 'aria-invalid="true"' in ours
    same_html(
        str(Ours(initial={"unit": chosen.pk})["unit"]),
        str(Djangos(initial={"unit": chosen.pk})["unit"]),
    )
    assert "selected" in str(Ours(initial={"unit": chosen.pk})["unit"])

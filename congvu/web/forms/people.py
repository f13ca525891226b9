"""Forms of the rating pages: self-assessment, review, objective cause, petition and its answer,
the head's approval and the catalogue upload."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

LEVELS = [("", "—"), ("HTXS", "HTXS"), ("HTT", "HTT"), ("HTNV", "HTNV"), ("KHTNV", "KHTNV")]


class PointsForm(forms.Form):
    """The three general criteria, each from 0 to the agency's share of the 30 points."""

    politics = forms.DecimalField(label=_("Political quality, ethics, discipline"), min_value=0)
    service = forms.DecimalField(label=_("Responsibility and service to citizens"), min_value=0)
    innovation = forms.DecimalField(label=_("Innovation and daring"), min_value=0)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, split: tuple[int, int, int] = (10, 10, 10), **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name, high in zip(("politics", "service", "innovation"), split, strict=True):
            field = self.fields[name]
            assert isinstance(field, forms.DecimalField)
            field.validators.append(MaxValueValidator(Decimal(high)))
            field.widget.attrs.update({"max": high, "step": "0.5"})

    def points(self) -> list[Decimal]:
        return [self.cleaned_data[name] for name in ("politics", "service", "innovation")]


class SelfAssessForm(PointsForm):
    period = forms.RegexField(label=_("Period"), regex=r"^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$")


class ReviewForm(PointsForm):
    organise_pct = forms.TypedChoiceField(
        label=_("Capacity to organise (đ)"), choices=[(100, "100"), (50, "50")], coerce=int
    )
    unite_pct = forms.TypedChoiceField(
        label=_("Capacity to unite (e)"), choices=[(100, "100"), (50, "50")], coerce=int
    )


class CauseForm(forms.Form):
    task = forms.IntegerField(label=_("Task"))
    kind = forms.ChoiceField(
        label=_("Deduction"), choices=[("quality", _("Quality")), ("delay", _("Timeliness"))]
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class PetitionForm(forms.Form):
    text = forms.CharField(label=_("Petition"), widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}))
    level = forms.ChoiceField(label=_("Level after the answer"), choices=LEVELS, required=False)


class AbsenceForm(forms.Form):
    """The head records an absence (ốm đau, thai sản, nghỉ có lý do): the official is rated on the
    time worked (Decree 335/2025 Art. 19(3))."""

    KINDS = (
        ("sick", _("Sick leave")),
        ("maternity", _("Maternity leave")),
        ("leave", _("Leave with a reason")),
    )
    kind = forms.ChoiceField(label=_("Kind of absence"), choices=KINDS)
    start = forms.DateField(label=_("From"), input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    end = forms.DateField(label=_("To"), input_formats=["%d/%m/%Y", "%Y-%m-%d"])


class ApproveForm(forms.Form):
    keep = forms.MultipleChoiceField(
        label=_("Keep HTXS"), required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args: Any, candidates: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["keep"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = candidates


class CatalogueUploadForm(forms.Form):
    file = forms.FileField(label=_("Workbook (.xlsx) or CSV file"))

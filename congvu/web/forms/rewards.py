"""Forms of the rewards pages: choosing the official and year, the nomination, one per step."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from congvu.org.models import Official
from congvu.rewards.models import AwardForm, Criterion
from congvu.rewards.queries import Panel
from congvu.web.forms.choices import ModelChoiceField
from congvu.web.forms.tasks import date_field


class ChooseForm(forms.Form):
    """Whom and which year: the first half of a new nomination (a GET form)."""

    official = ModelChoiceField(label=_("Official"), queryset=Official.objects.none())
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(
        self, *args: Any, officials: QuerySet[Official], years: list[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field: forms.ModelChoiceField[Official] = self.fields["official"]  # type: ignore[assignment]
        field.queryset = officials
        self.fields["year"].choices = [(year, str(year)) for year in years]  # type: ignore[attr-defined]


class NominationForm(forms.Form):
    """The criteria cited, the achievements, and the evidence linked from the panel."""

    criteria = forms.MultipleChoiceField(
        label=_("Criteria cited"), choices=Criterion.choices, widget=forms.CheckboxSelectMultiple
    )
    achievements = forms.CharField(
        label=_("Achievements"), widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence = forms.MultipleChoiceField(
        label=_("Evidence linked"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, panel: Panel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence"].choices = [  # type: ignore[attr-defined]
            (f"{item.kind}:{item.id}", item.label)
            for _kind, items in panel.sections()
            for item in items
        ]


class StepForm(forms.Form):
    on = date_field(_("On"))


class ReviewForm(StepForm):
    supported = forms.TypedChoiceField(
        label=_("Opinion of the emulation council"),
        choices=[("yes", _("Supported")), ("no", _("Not supported"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Council's opinion"), widget=forms.Textarea(attrs={"rows": 3}))


class AwardStepForm(StepForm):
    form = forms.ChoiceField(label=_("Form of reward"), choices=AwardForm.choices)
    number = forms.CharField(label=_("Decision number"), max_length=64)


class NotAwardForm(StepForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

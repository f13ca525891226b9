"""Forms of the innovation pages: the proposal, and one form per step."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from congvu.innovation.models import Achievement, Proposal
from congvu.org.models import Official, Unit
from congvu.web.forms.choices import ModelChoiceField
from congvu.web.forms.tasks import date_field


class ProposalForm(forms.Form):
    unit = ModelChoiceField(label=_("Agency"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("Title"), max_length=300)
    bottleneck = forms.CharField(
        label=_("Bottleneck addressed"), widget=forms.Textarea(attrs={"rows": 3})
    )
    plan = forms.CharField(
        label=_("Contents, scope, resources and duration"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    impact = forms.CharField(
        label=_("Expected impact and effectiveness"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: forms.ModelChoiceField[Unit] = self.fields["unit"]  # type: ignore[assignment]
        field.queryset = units


class StepForm(forms.Form):
    on = date_field(_("On"))

    def __init__(self, *args: Any, proposal: Proposal | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class SubmitForm(StepForm):
    head = ModelChoiceField(label=_("Head of the agency"), queryset=Official.objects.none())

    def __init__(self, *args: Any, heads: QuerySet[Official] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: forms.ModelChoiceField[Official] = self.fields["head"]  # type: ignore[assignment]
        field.queryset = heads if heads is not None else Official.objects.none()


class VoteForm(StepForm):
    """One choice per member of the collective: for or against."""

    def __init__(self, *args: Any, members: list[Official] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for member in members or []:
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=member.full_name,
                choices=[("yes", _("For")), ("no", _("Against"))],
                widget=forms.RadioSelect,
            )

    def ballots(self) -> dict[int, bool]:
        return {
            int(name.removeprefix("member_")): value == "yes"
            for name, value in self.cleaned_data.items()
            if name.startswith("member_")
        }


class DocumentForm(StepForm):
    document = forms.CharField(label=_("Number of the written approval"), max_length=64)
    note = forms.CharField(label=_("Note"), required=False)


class NoteForm(StepForm):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class HigherForm(NoteForm):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Approve")), ("no", _("Reject"))],
        coerce=lambda value: value == "yes",
    )


class EvaluateForm(NoteForm):
    achievement = forms.ChoiceField(label=_("Achievement"), choices=Achievement.choices)
    damage = forms.BooleanField(label=_("Caused damage"), required=False)
    motive_pure = forms.BooleanField(
        label=_("Pure motive, for the common good"), required=False, initial=True
    )
    policy_correct = forms.BooleanField(label=_("Correct policy"), required=False, initial=True)

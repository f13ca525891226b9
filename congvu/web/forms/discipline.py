"""Forms of the discipline pages: opening a case, and one form per step of the procedure."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from congvu.discipline.models import DisciplineCase, Exemption, NoLimitation, Pause, Shortcut
from congvu.discipline.rules import Form, ladder
from congvu.innovation.models import Proposal
from congvu.org.models import Official, Unit
from congvu.web.forms.choices import ModelChoiceField, ModelMultipleChoiceField
from congvu.web.forms.tasks import date_field


def _form_choices(case: DisciplineCase) -> list[tuple[str, Any]]:
    forms_ = ladder(case.category, case.manager)
    return [(form.value, form.label) for form in forms_]


class OpenCaseForm(forms.Form):
    official = ModelChoiceField(label=_("Official concerned"), queryset=Official.objects.none())
    unit = ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    handler = ModelChoiceField(label=_("Competent person"), queryset=Official.objects.none())
    summary = forms.CharField(label=_("Violation"), widget=forms.Textarea(attrs={"rows": 3}))
    violation_on = date_field(_("Date of the act"))
    warranted = forms.ChoiceField(label=_("Form the act warrants"), choices=Form.choices)
    related_to_duties = forms.BooleanField(
        label=_("Related to the official's duties"), required=False, initial=True
    )
    no_limitation = forms.ChoiceField(
        label=_("No limitation period"),
        required=False,
        choices=[("", _("None: the limitation period applies")), *NoLimitation.choices],
    )
    discovered_on = date_field(_("Discovered on"))
    complex_case = forms.BooleanField(label=_("Complex case (150 days)"), required=False)

    def __init__(
        self, *args: Any, units: QuerySet[Unit], officials: QuerySet[Official], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in ("official", "handler"):
            field: forms.ModelChoiceField[Official] = self.fields[name]  # type: ignore[assignment]
            field.queryset = officials
        unit_field: forms.ModelChoiceField[Unit] = self.fields["unit"]  # type: ignore[assignment]
        unit_field.queryset = units


class DayForm(forms.Form):
    """A step that happened on a day (notice, minutes, recommendation, resume, lapse)."""

    on = date_field(_("On"))

    def __init__(self, *args: Any, case: DisciplineCase | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class NoteDayForm(DayForm):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RequiredNoteForm(DayForm):
    note = forms.CharField(label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 2}))


class SkipCouncilForm(DayForm):
    ground = forms.ChoiceField(
        label=_("Ground"),
        choices=[
            (Shortcut.COMPETENT_CONCLUSION.value, Shortcut.COMPETENT_CONCLUSION.label),
            (Shortcut.COURT_SENTENCE.value, Shortcut.COURT_SENTENCE.label),
            (Shortcut.PARTY_DISCIPLINE.value, Shortcut.PARTY_DISCIPLINE.label),
        ],
    )
    document = forms.CharField(label=_("Document number"), max_length=64)


class CouncilForm(DayForm):
    chair = ModelChoiceField(label=_("Council chair"), queryset=Official.objects.none())
    members = ModelMultipleChoiceField(
        label=_("Council members (3 or 5, the chair among them)"),
        queryset=Official.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args: Any, case: DisciplineCase | None = None, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        officials = Official.objects.filter(is_inspector=False)
        if case is not None:
            officials = officials.exclude(pk=case.official_id)
        chair: forms.ModelChoiceField[Official] = self.fields["chair"]  # type: ignore[assignment]
        chair.queryset = officials
        members: forms.ModelMultipleChoiceField[Official] = self.fields["members"]  # type: ignore[assignment]
        members.queryset = officials


class BallotForm(DayForm):
    yes = forms.IntegerField(label=_("Votes for discipline"), min_value=0)
    no = forms.IntegerField(label=_("Votes against discipline"), min_value=0)

    def __init__(self, *args: Any, case: DisciplineCase | None = None, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        if case is not None:
            for value, label in _form_choices(case):
                self.fields[f"form_{value}"] = forms.IntegerField(
                    label=_("Votes for %(form)s") % {"form": label}, min_value=0, initial=0
                )

    def form_votes(self) -> dict[str, int]:
        return {
            name.removeprefix("form_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("form_") and value
        }


class DecideForm(DayForm):
    form = forms.ChoiceField(label=_("Form"))
    number = forms.CharField(label=_("Decision number"), max_length=64)
    effective_from = date_field(_("In effect from"), required=False)

    def __init__(self, *args: Any, case: DisciplineCase | None = None, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        if case is not None:
            field: forms.ChoiceField = self.fields["form"]  # type: ignore[assignment]
            field.choices = _form_choices(case)
            if case.recommended_form:
                field.initial = case.recommended_form


class ExemptForm(DayForm):
    ground = forms.ChoiceField(label=_("Exemption ground"), choices=Exemption.choices)
    proposal = ModelChoiceField(
        label=_("Innovation proposal (for the innovation ground)"),
        queryset=Proposal.objects.none(),
        required=False,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        case: DisciplineCase | None = None,
        offered: QuerySet[Proposal] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, case=case, **kwargs)
        field: forms.ModelChoiceField[Proposal] = self.fields["proposal"]  # type: ignore[assignment]
        field.queryset = offered if offered is not None else Proposal.objects.none()


class PostponeForm(DayForm):
    reason = forms.ChoiceField(label=_("Ground"), choices=Pause.choices)
    person_asks_to_proceed = forms.BooleanField(
        label=_("The person asks for the review to go ahead"), required=False
    )
    note = forms.CharField(label=_("Note"), required=False)


class SuspendForm(forms.Form):
    start = date_field(_("From"))
    end = date_field(_("To"), required=False)
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args: Any, case: DisciplineCase | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *DisciplineCase.Status.choices],
    )

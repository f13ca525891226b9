"""Forms of the dossier pages: list filters, the indicator period, and one form per action."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from congvu.dossiers.models import Dossier, Procedure, ReturnReason
from congvu.org.models import Unit


class FilterForm(forms.Form):
    """Filters of the dossier list; every field is optional."""

    STATES = (
        ("", _("Any")),
        ("open", _("In progress")),
        ("overdue", _("Overdue now")),
        ("late", _("Late (ended or open)")),
        ("without_letter", _("Late without an apology letter")),
        ("supplements", _("Asked for supplements more than once")),
    )

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *Dossier.Status.choices]
    )
    state = forms.ChoiceField(label=_("Timeliness"), required=False, choices=STATES)
    procedure = forms.ModelChoiceField(
        label=_("Procedure"), required=False, queryset=Procedure.objects.all()
    )
    unit = forms.ModelChoiceField(
        label=_("Processing unit"),
        required=False,
        queryset=Unit.objects.filter(valid_to__isnull=True).exclude(kind=Unit.Kind.CENTRE),
    )
    month = forms.DateField(
        label=_("Received in month"),
        required=False,
        input_formats=["%m/%Y", "%Y-%m"],
        widget=forms.DateInput(attrs={"placeholder": "mm/yyyy"}),
    )


class PeriodForm(forms.Form):
    """The months an indicator table covers and how it is grouped."""

    by = forms.ChoiceField(
        label=_("Group by"),
        choices=[
            ("unit", _("Processing unit")),
            ("procedure", _("Procedure")),
            ("month", _("Month")),
        ],
        required=False,
    )
    start = forms.DateField(
        label=_("From month"),
        required=False,
        input_formats=["%m/%Y", "%Y-%m"],
        widget=forms.DateInput(attrs={"placeholder": "mm/yyyy"}),
    )
    end = forms.DateField(
        label=_("To month"),
        required=False,
        input_formats=["%m/%Y", "%Y-%m"],
        widget=forms.DateInput(attrs={"placeholder": "mm/yyyy"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The first month must not be after the last."))
        return data


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))


class OptionalNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TransferForm(forms.Form):
    to_unit = forms.ModelChoiceField(
        label=_("Send to"),
        queryset=Unit.objects.filter(valid_to__isnull=True).exclude(kind=Unit.Kind.CENTRE),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=ReturnReason.choices)
    note = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 2}))


class ApologyForm(forms.Form):
    unit_at_fault = forms.ModelChoiceField(
        label=_("Unit at fault"),
        queryset=Unit.objects.filter(valid_to__isnull=True).exclude(kind=Unit.Kind.CENTRE),
    )
    reason = forms.CharField(
        label=_("Reason for the delay"), widget=forms.Textarea(attrs={"rows": 2})
    )
    new_due = forms.DateField(
        label=_("New appointment date"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )

    def __init__(self, *args: Any, dossier: Dossier | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if dossier is not None and dossier.unit_id is not None:
            self.fields["unit_at_fault"].initial = dossier.unit_id


def first_of_month(day: dt.date | None) -> dt.date | None:
    return day.replace(day=1) if day else None

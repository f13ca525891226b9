"""Forms of the dossier pages: list filters, the indicator period, reception, and one form per
action."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congvu.dossiers.clock import receipt_cutoff
from congvu.dossiers.models import Dossier, Procedure, ReturnReason
from congvu.org.models import Unit
from congvu.web.forms.choices import ModelChoiceField
from congvu.web.forms.units import UnitTreeField


class FilterForm(forms.Form):
    """Filters of the dossier list; every field is optional."""

    STATES = (
        ("", _("Any")),
        ("open", pgettext_lazy("dossier", "In progress")),
        ("overdue", _("Overdue now")),
        ("late", _("Late (ended or open)")),
        ("without_letter", _("Late without an apology letter")),
        ("supplements", _("Asked for supplements more than once")),
        ("missed_promise", _("New date of the apology letter missed")),
    )

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *Dossier.Status.choices]
    )
    state = forms.ChoiceField(label=_("Timeliness"), required=False, choices=STATES)
    procedure = ModelChoiceField(
        label=_("Procedure"), required=False, queryset=Procedure.objects.all()
    )
    unit = UnitTreeField(
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
    to_unit = ModelChoiceField(
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
    unit_at_fault = ModelChoiceField(
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


class ProcedureChoiceField(ModelChoiceField[Procedure]):
    """Procedures shown as "code name", the way the catalogue and the counter name them."""

    def label_from_instance(self, obj: Procedure) -> str:
        return f"{obj.code} · {obj.name}"


# Typed the Vietnamese way; a browser's datetime-local picker would show the month first and a
# 12-hour clock wherever its own language is English.
RECEIVED_AT_FORMATS = ["%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]


class ReceptionForm(forms.Form):
    """The counter's reception form (tiếp nhận hồ sơ): what `receive_dossier` takes. The model
    keeps the applicant's name only, so no ID number, phone or address is asked for."""

    centre = ModelChoiceField(
        label=_("Receiving centre"), queryset=Unit.objects.none(), empty_label=None
    )
    procedure = ProcedureChoiceField(
        label=_("Procedure"), queryset=Procedure.objects.order_by("code")
    )
    applicant = forms.CharField(
        label=_("Applicant"),
        max_length=200,
        help_text=_("Full name of the citizen, or the name of the organisation."),
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=Dossier.Channel.choices,
        initial=Dossier.Channel.IN_PERSON,
        widget=forms.RadioSelect,
    )
    received_at = forms.DateTimeField(
        label=_("Received at"),
        input_formats=RECEIVED_AT_FORMATS,
        widget=forms.DateTimeInput(
            attrs={"placeholder": "dd/mm/yyyy hh:mm"},
            format=RECEIVED_AT_FORMATS[0],
        ),
    )
    code = forms.CharField(
        label=_("Dossier number"),
        max_length=40,
        required=False,
        help_text=_(
            "Leave empty to number it automatically; give the portal's number for an "
            "online dossier."
        ),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example, the papers handed in."),
    )

    def __init__(self, *args: Any, centres: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The province's cut-off in force today (a setting, default 15:00; clock.receipt_cutoff).
        cutoff = receipt_cutoff(timezone.localdate())
        self.fields["received_at"].help_text = _(
            "From %(cutoff)s, or on a day off, the dossier counts as received on the next "
            "working day."
        ) % {"cutoff": cutoff.strftime("%H:%M")}
        field = self.fields["centre"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = centres
        # Most staff work at one centre: it is then a fact of the page, not a choice.
        if len(centres) == 1:
            field.widget = forms.HiddenInput()
        field.initial = centres[0].pk if centres else None
        # The minute the page opens; a receipt recorded after the fact is typed over it.
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def clean_received_at(self) -> dt.datetime:
        received_at: dt.datetime = self.cleaned_data["received_at"]
        if received_at > timezone.now():
            raise forms.ValidationError(
                _("The dossier cannot be received in the future."), code="future"
            )
        return received_at


def first_of_month(day: dt.date | None) -> dt.date | None:
    return day.replace(day=1) if day else None

"""Forms of the findings pages: the list's filters, the explanation, the review, reopening."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congvu.findings.actions import DECISIONS
from congvu.findings.models import KIND_CHOICES, CaseType, Finding
from congvu.findings.queries import FindingFilter
from congvu.org.models import Official, Unit
from congvu.web.forms.tasks import date_field
from congvu.web.forms.units import SearchedChoiceField, SearchedSelect, UnitTreeField

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


class FindingFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    case_type = forms.ChoiceField(
        label=_("Case type"), required=False, choices=[("", _("All")), *CaseType.choices]
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    unit = UnitTreeField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("All")
    )
    official = SearchedChoiceField(
        label=pgettext_lazy("a person", "Official"),
        queryset=Official.objects.none(),
        required=False,
        empty_label=_("All"),
        widget=SearchedSelect(reverse_lazy("findings:officials")),
    )
    # dd/mm/yyyy text, as on the task list and the overview: a browser's own date picker
    # follows the browser's language (mm/dd/yyyy in an English one).
    since = date_field(_("From"), required=False)
    until = date_field(_("To"), required=False)
    include_cleared = forms.BooleanField(label=_("Include those no longer holding"), required=False)
    pair = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit],
        officials: QuerySet[Official],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        kind_field: forms.ChoiceField = self.fields["kind"]  # type: ignore[assignment]
        kind_field.choices = [("", _("All")), *KIND_CHOICES]
        status_field: forms.ChoiceField = self.fields["status"]  # type: ignore[assignment]
        status_field.choices = [("", _("All")), *Finding.Status.choices]
        unit_field: forms.ModelChoiceField[Unit] = self.fields["unit"]  # type: ignore[assignment]
        unit_field.queryset = units
        official_field: SearchedChoiceField = self.fields["official"]  # type: ignore[assignment]
        official_field.queryset = officials
        official_field.choose(self.data.get("official"))

    def clean_pair(self) -> tuple[int, int] | None:
        value: str = self.cleaned_data.get("pair") or ""
        source, _sep, target = value.partition("-")
        if source.isdigit() and target.isdigit():
            return int(source), int(target)
        return None

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        since: dt.date | None = data.get("since")
        until: dt.date | None = data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The start of the period is after its end."))
        return data

    def spec(self) -> FindingFilter:
        """The filter the form asks for (an invalid form filters nothing)."""
        if not self.is_bound or not self.is_valid():
            return FindingFilter()
        data = self.cleaned_data
        unit: Unit | None = data["unit"]
        official: Official | None = data["official"]
        return FindingFilter(
            kind=data["kind"],
            case_type=data["case_type"],
            status=data["status"],
            unit_id=unit.pk if unit else None,
            official_id=official.pk if official else None,
            since=data["since"],
            until=data["until"],
            include_cleared=data["include_cleared"],
            pair=data["pair"],
        )


class ExplanationForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the explanation"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Describe the circumstances: the reasons, what the log does not show (a meeting, a "
            "document awaited, leave), and what the unit has done or will do."
        ),
    )
    file = forms.FileField(
        label=_("Attached document"),
        required=False,
        help_text=_("Optional: a scanned document or file, at most 20 MB."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


DECISION_LABELS = {
    "justified": _("Justified: the explanation is accepted"),
    "confirmed": _("Confirmed: the signal is upheld"),
    "dismissed": _("Dismissed: a false signal"),
}


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(decision, DECISION_LABELS[decision]) for decision in DECISIONS],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Reason for the decision"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ReopenForm(forms.Form):
    note = forms.CharField(
        label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 2})
    )


class EventLogForm(forms.Form):
    """An event log exported by another system and, optionally, the map of its activity names."""

    log = forms.FileField(label=_("Event log (.xlsx or .csv)"))
    activity_map = forms.FileField(
        label=_("Activity map (.csv source,activity)"),
        required=False,
        help_text=_("Without one, the Vietnamese map shipped with congvu is used."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        log = data.get("log")
        if log is not None and not log.name.lower().endswith((".csv", ".xlsx", ".xlsm")):
            self.add_error("log", _("Upload an .xlsx or a .csv file."))
        activity_map = data.get("activity_map")
        if activity_map is not None and not activity_map.name.lower().endswith((".csv", ".txt")):
            self.add_error("activity_map", _("The activity map is a .csv file."))
        return data


class AnalyseLogForm(forms.Form):
    """Run the analysis of an uploaded log, keeping or not the activities the map does not name."""

    token = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)
    keep_unmapped = forms.BooleanField(
        label=_("Keep unmapped activities as neutral events"), required=False
    )

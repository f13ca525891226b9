"""Forms of the investment pages: the dashboard's year and day, the project filters, the import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from congvu.investment.models import Group, StageKind
from congvu.org.models import Unit
from congvu.web.forms.choices import ModelChoiceField
from congvu.web.forms.tasks import DateInput


class DashboardForm(forms.Form):
    """The plan year and the day the dashboard is evaluated on (today by default)."""

    year = forms.IntegerField(label=_("Plan year"), required=False, min_value=2000, max_value=2100)
    as_of = forms.DateField(label=_("As of"), required=False, widget=DateInput())


class ProjectFilterForm(DashboardForm):
    """The query string of the project list (and of its Excel export)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    investor = ModelChoiceField(
        label=_("Investor"),
        required=False,
        queryset=Unit.objects.none(),
        empty_label=_("Any investor"),
    )
    group = forms.ChoiceField(
        label=_("Group"), required=False, choices=[("", _("Any group")), *Group.choices]
    )
    stage = forms.ChoiceField(
        label=_("Stage under way"),
        required=False,
        choices=[("", _("Any stage")), *StageKind.choices],
    )
    slow = forms.BooleanField(label=_("Below the target only"), required=False)

    def __init__(self, *args: Any, investors: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["investor"]
        assert isinstance(field, forms.ModelChoiceField)  # declared above
        field.queryset = investors


class ImportForm(forms.Form):
    """An Excel workbook with the template's sheets, or one CSV file and the table it fills."""

    file = forms.FileField(label=_("File (.xlsx or .csv)"))
    table = forms.ChoiceField(
        label=_("Table of a CSV file"),
        required=False,
        choices=[
            ("", _("— (a workbook names its sheets)")),
            ("du_an", _("Projects")),
            ("giai_doan", _("Stages")),
            ("ke_hoach_von", _("Capital plans")),
            ("giai_ngan", _("Disbursements")),
        ],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None:
            name = upload.name.lower()
            if name.endswith(".csv") and not data.get("table"):
                self.add_error("table", _("Say which table the CSV file fills."))
            elif not name.endswith((".csv", ".xlsx")):
                self.add_error("file", _("Upload an .xlsx or a .csv file."))
        return data

"""The streamlining review (Decree 154/2025) for Sở Nội vụ: the candidates of a year with the
evidence behind each ground, the personnel records' import, the Excel export for the appraisal,
and the decisions recorded by a person. Inspectors read; nobody else sees it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congvu.core.errors import ActionError
from congvu.core.exports import Sheet, xlsx_response
from congvu.core.ids import MAX_ID, MIN_ID
from congvu.core.reads import record_read
from congvu.org.middleware import OfficialRequest
from congvu.org.models import Official, Unit
from congvu.people import review as reviews
from congvu.people.access import can_keep_catalogue
from congvu.people.files import FileRefused
from congvu.people.models import StreamliningDecision
from congvu.people.tables import InputError
from congvu.web.forms.choices import ModelChoiceField
from congvu.web.views.common import official_required, render_page, view_name
from congvu.web.views.menu import STREAMLINING

MIN_YEAR, MAX_YEAR = 2020, 2100


class ReviewForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year reviewed"), min_value=MIN_YEAR,
                              max_value=MAX_YEAR)  # fmt: skip
    unit = ModelChoiceField(
        Unit.objects.order_by("path"), label=gettext_lazy("Unit"), required=False
    )


class RecordsForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year of the records"), min_value=MIN_YEAR,
                              max_value=MAX_YEAR)  # fmt: skip
    file = forms.FileField(label=gettext_lazy("File (PEOPLE.csv layout, .csv or .xlsx)"))


class DecisionForm(forms.Form):
    official = forms.IntegerField(widget=forms.HiddenInput, min_value=MIN_ID, max_value=MAX_ID)
    year = forms.IntegerField(widget=forms.HiddenInput, min_value=MIN_YEAR, max_value=MAX_YEAR)
    outcome = forms.ChoiceField(
        choices=StreamliningDecision.Outcome.choices, label=gettext_lazy("Outcome")
    )
    number = forms.CharField(label=gettext_lazy("Document number"), max_length=64)
    decided_on = forms.DateField(label=gettext_lazy("Decided on"), input_formats=["%d/%m/%Y",
                                 "%Y-%m-%d"])  # fmt: skip
    note = forms.CharField(label=gettext_lazy("Note"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}))  # fmt: skip


def _year_and_unit(request: OfficialRequest) -> tuple[int, Unit | None, ReviewForm]:
    today = timezone.localdate()
    form = ReviewForm(request.GET or {"year": today.year})
    if not form.is_valid():
        return today.year, None, ReviewForm({"year": today.year})
    return form.cleaned_data["year"], form.cleaned_data["unit"], form


@official_required
def streamlining_review(request: OfficialRequest) -> HttpResponse:
    official = request.official
    STREAMLINING.require(request)
    year, unit, form = _year_and_unit(request)
    on = timezone.localdate()
    units = [unit.pk] if unit is not None else None
    found = reviews.review(year, on, unit_ids=units)
    # Every record the list shows is a person's: the reads are logged (congvu.core.reads).
    record_read(
        request.user,
        [record for r in found for record in (*r.ratings, *r.records, *r.cases, *r.decisions)],
        view_name(request),
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(f"tinh-gian-{year}.xlsx", [_sheet(found, year)])
    records_form = RecordsForm(initial={"year": year})
    status = 200
    problems: list[str] = []
    if request.method == "POST":
        if not reviews.may_decide(official):
            raise PermissionDenied
        records_form = RecordsForm(request.POST, request.FILES)
        if records_form.is_valid():
            upload = records_form.cleaned_data["file"]
            try:
                count = reviews.import_records(
                    upload, by=official, year=records_form.cleaned_data["year"], name=upload.name
                )
            except InputError as error:
                problems, status = [error.text(_)], 422
            except FileRefused as refused:
                problems, status = refused.lines(), 422
            else:
                messages.success(request, _("%(count)s personnel records imported.") % {
                    "count": count})  # fmt: skip
                return redirect(request.get_full_path())
    context: dict[str, Any] = {
        "form": form,
        "year": year,
        "reviews": found,
        "records_form": records_form,
        "problems": problems,
        "may_decide": reviews.may_decide(official),
        "keeps_catalogue": can_keep_catalogue(official),  # the rating tabs
        "decision_form": DecisionForm(initial={"year": year}),
    }
    return render_page(request, "people/streamlining.html", context, status=status)


@official_required
def streamlining_decide(request: OfficialRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("people:streamlining")
    if not reviews.may_decide(request.official):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            text = " ".join(str(error) for error in errors)
            messages.error(request, f"{form.fields[field].label or field}: {text}")
        return redirect("people:streamlining")
    data = form.cleaned_data
    person = get_object_or_404(Official, pk=data["official"])
    try:
        reviews.record_decision(
            by=request.official,
            official=person,
            year=data["year"],
            outcome=data["outcome"],
            number=data["number"],
            decided_on=data["decided_on"],
            note=data["note"],
        )
    except ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The decision on %(name)s is recorded.") % {
            "name": person.full_name})  # fmt: skip
    return redirect(f"{reverse('people:streamlining')}?year={data['year']}")


def _sheet(found: list[reviews.Review], year: int) -> Sheet:
    headers = [
        _("Official code"), _("Official"), _("Unit"), _("Grounds"), _("Records behind the grounds"),
        _("Deferred"), _("Deferral reasons"), _("Rule"), _("Decision recorded"),
    ]  # fmt: skip
    rows = [
        [
            r.official.code,
            r.official.full_name,
            r.unit_name,
            "; ".join(r.grounds),
            "; ".join(_evidence(r)),
            _("yes") if r.candidate.deferred else _("no"),
            "; ".join(r.deferrals),
            "; ".join(r.candidate.rule),
            "; ".join(f"{d.number} ({d.get_outcome_display()})" for d in r.decisions),
        ]
        for r in found
    ]
    return Sheet(_("Candidates %(year)s") % {"year": year}, headers, rows,
                 widths=(12, 28, 30, 36, 50, 10, 30, 60, 24), freeze_header=True)  # fmt: skip


def _evidence(r: reviews.Review) -> list[str]:
    lines = [
        _("Rating %(period)s: %(level)s") % {"period": rating.period, "level": rating.level}
        for rating in r.ratings
    ]
    lines += [
        _("%(year)s: %(days)s sick-leave days (maximum %(max)s)")
        % {"year": record.year, "days": record.sick_days, "max": record.max_sick_days or "—"}
        for record in r.records
    ]
    lines += [_("discipline case no. %(id)s") % {"id": case.pk} for case in r.cases]
    return lines

"""The monthly report page (/bao-cao/): choose a month and a unit, preview the report, download
the PDF. Leaders, the office of the People's Committee and inspectors only; others get 403.

A reader reports on the units they lead (the office: the People's Committee it serves; an
inspector: any top unit) and their sub-units, from the rows they may see.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from congvu.core.months import parse_month
from congvu.org.access import outermost
from congvu.org.middleware import OfficialRequest
from congvu.org.models import Unit
from congvu.reports.monthly import MonthlyReport, build_report, sources_for
from congvu.reports.pdf import report_html, report_pdf
from congvu.web.forms.choices import ModelChoiceField
from congvu.web.views.common import Viewer, official_required, render_page, viewer
from congvu.web.views.menu import REPORTS


def may_report(me: Viewer) -> bool:
    """Leaders, the office of the People's Committee and inspectors (`web.views.menu.REPORTS`)."""
    return REPORTS.allows(me)


def report_roots(me: Viewer) -> list[Unit]:
    """The units a reader reports on (each with its subtree): those they lead, the People's
    Committee an office serves, every top unit for an inspector."""
    if me.is_inspector:
        return list(Unit.objects.filter(parent__isnull=True, valid_to__isnull=True))
    return outermost(
        me.leader_units
        + [post.unit.parent or post.unit for post in me.posts if post.unit.assigns_tasks]
    )


def previous_month(today: dt.date) -> dt.date:
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


class ReportForm(forms.Form):
    month = forms.CharField(label=gettext_lazy("Month"), required=False)
    unit = ModelChoiceField(
        label=gettext_lazy("Unit"), queryset=Unit.objects.none(), required=False, empty_label=None
    )

    def __init__(self, *args: object, roots: list[Unit], today: dt.date, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Form's own signature
        self.today = today
        self.roots = roots
        # The roots and their sub-units in force: one level is what a monthly report needs;
        # deeper units are reached from the console (`congvu monthly-report --unit`).
        ids = [root.pk for root in roots]
        units = Unit.objects.filter(Q(pk__in=ids) | Q(parent_id__in=ids), valid_to__isnull=True)
        self.fields["unit"].queryset = units.order_by("path")  # type: ignore[attr-defined]
        self.fields["month"].widget = forms.DateInput(attrs={"type": "month"})

    def clean_month(self) -> dt.date:
        text = self.cleaned_data.get("month") or ""
        try:
            month = parse_month(text)
        except ValueError:
            raise forms.ValidationError(_("Enter a month as mm/yyyy.")) from None
        if month > self.today.replace(day=1):
            raise forms.ValidationError(_("The month has not started yet."))
        return month

    def clean_unit(self) -> Unit:
        unit: Unit | None = self.cleaned_data.get("unit")
        return unit or self.roots[0]


def _form(request: OfficialRequest) -> ReportForm:
    """The request's form, checked (PermissionDenied for readers who may not report)."""
    me = REPORTS.require(request)
    roots = report_roots(me)
    if not roots:
        raise PermissionDenied
    today = timezone.localdate()
    data = request.GET.copy()
    if not data.get("month"):
        data["month"] = f"{previous_month(today):%Y-%m}"
    if not data.get("unit"):
        data["unit"] = str(roots[0].pk)
    form = ReportForm(data, roots=roots, today=today)
    form.is_valid()
    return form


def _report(request: OfficialRequest) -> MonthlyReport:
    """The report the request asks for; 404 when the form is not valid (a unit out of reach
    is not among the choices)."""
    form = _form(request)
    if form.errors:
        raise Http404
    unit: Unit = form.cleaned_data["unit"]
    return build_report(
        unit=unit,
        month=form.cleaned_data["month"],
        sources=sources_for(request.official, unit, viewer(request).scope),
        today=form.today,
    )


@require_GET
@official_required
def report_page(request: OfficialRequest) -> HttpResponse:
    """Báo cáo tháng: the form, the preview in a frame and the download link (the report
    itself is built by the frame and the download, not by this page)."""
    form = _form(request)
    query = ""
    if not form.errors:
        query = f"month={form.cleaned_data['month']:%Y-%m}&unit={form.cleaned_data['unit'].pk}"
    return render_page(request, "reports/page.html", {"form": form, "query": query})


@require_GET
@official_required
@xframe_options_sameorigin  # shown in the page's frame; every other page keeps DENY
def report_preview(request: OfficialRequest) -> HttpResponse:
    """The report as the HTML that is printed."""
    return HttpResponse(report_html(_report(request)))


@require_GET
@official_required
def report_download(request: OfficialRequest) -> HttpResponse:
    """The report as an A4 PDF."""
    report = _report(request)
    name = f"bao-cao-thang-{report.month:%Y-%m}-{report.unit.code}.pdf"
    response = HttpResponse(report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

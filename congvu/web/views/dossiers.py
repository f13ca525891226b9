"""The dossier pages: dashboard, indicators, list, detail with its actions, letter PDF, exports.

Every page reads through `access.visible`, so a dossier the official may not see is a 404,
the same as one that does not exist; actions check their own permission again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from congvu.core.errors import ActionError
from congvu.core.exports import Sheet, xlsx_response
from congvu.dossiers import actions
from congvu.dossiers.access import (
    centres_of,
    rollup_filter,
    visible,
)
from congvu.dossiers.actions import allowed_actions
from congvu.dossiers.exports import dossier_sheet
from congvu.dossiers.letters import letter_pdf
from congvu.dossiers.models import Activity, ApologyLetter, Dossier, DossierEvent, Procedure
from congvu.dossiers.queries import (
    DIMENSIONS,
    Dimension,
    Period,
    Row,
    index_766,
    indicators,
    late_without_letter,
    missed_promises,
    on_time_trend,
    overdue_counts,
    overdue_now,
    search,
    worst,
)
from congvu.dossiers.rules import all_rules, channel_code, status_code
from congvu.org.middleware import OfficialRequest
from congvu.web.charts import trend_chart
from congvu.web.forms.dossiers import (
    ApologyForm,
    FilterForm,
    NoteForm,
    OptionalNoteForm,
    PeriodForm,
    ReasonForm,
    TransferForm,
    first_of_month,
)
from congvu.web.views.common import is_htmx, official_required, render_page


def _visible(request: OfficialRequest) -> QuerySet[Dossier]:
    return visible(request.official)


@require_GET
@official_required
def dashboard(request: OfficialRequest) -> HttpResponse:
    """Bảng điều khiển hồ sơ: the on-time trend, worst procedures and units, late dossiers now."""
    today = timezone.localdate()
    visible = _visible(request)
    year = Period.months(today, 12)
    quarter = Period.months(today, 3)
    rollup = rollup_filter(request.official)
    overdue, without_letter_open = overdue_counts(visible, today=today)
    points = on_time_trend(visible, period=year, rollup=rollup)
    late_now = list(overdue_now(visible, today=today)[:15])
    return render_page(
        request,
        "dossiers/dashboard.html",
        {
            "chart": trend_chart(points),
            "points": points,
            "quarter": quarter,
            "worst_procedures": worst(visible, by="procedure", period=quarter, rollup=rollup),
            "worst_units": worst(visible, by="unit", period=quarter, rollup=rollup),
            "late_now": late_now,
            "late_now_count": overdue,
            "without_letter_count": without_letter_open
            + visible.filter(timeliness=Dossier.Timeliness.LATE, promised_on__isnull=True).count(),
            "can_receive": centres_of(request.official).exists(),
        },
    )


def _dimension(form: PeriodForm) -> Dimension:
    chosen = form.cleaned_data.get("by") if form.is_valid() else ""
    return next((d for d in DIMENSIONS if d == chosen), "unit")


def _period(form: PeriodForm, today: dt.date) -> Period:
    data = form.cleaned_data if form.is_valid() else {}
    end = first_of_month(data.get("end")) or today.replace(day=1)
    start = first_of_month(data.get("start")) or end
    return Period(start, end)


@require_GET
@official_required
def indicator_table(request: OfficialRequest) -> HttpResponse:
    """Chỉ số: the report table by unit, procedure or month, and Decision 766's components."""
    today = timezone.localdate()
    form = PeriodForm(request.GET or None)
    period = _period(form, today)
    by = _dimension(form)
    visible = _visible(request)
    rows, total = indicators(visible, by=by, period=period, today=today)
    components, index_rule = index_766(visible, Procedure.objects.all(), period=period, today=today)
    return render_page(
        request,
        "dossiers/indicators.html",
        {
            "form": form,
            "period": period,
            "by": by,
            "rows": rows,
            "total": total,
            "components": components,
            "index_rule": index_rule,
            "points_total": round(sum(c.points or 0 for c in components if c.is_computed), 2),
            # Components without data are left out of the maximum too: the total is "x of what
            # could be computed", never a score on components nobody measured.
            "points_max": sum(c.max_points or 0 for c in components if c.is_computed),
            "rules": all_rules(),
            "query": request.GET.urlencode(),
        },
    )


def _filtered(request: OfficialRequest, form: FilterForm) -> QuerySet[Dossier]:
    today = timezone.localdate()
    dossiers = _visible(request)
    if not form.is_valid():
        return dossiers.none()
    data = form.cleaned_data
    if data["q"]:
        dossiers = search(dossiers, data["q"])
    if data["status"]:
        dossiers = dossiers.filter(status=data["status"])
    if data["procedure"]:
        dossiers = dossiers.filter(procedure=data["procedure"])
    if data["unit"]:
        dossiers = dossiers.filter(unit=data["unit"])
    if data["month"]:
        dossiers = dossiers.filter(received_month=data["month"].replace(day=1))
    state = data["state"]
    overdue = Q(finished_on__isnull=True, due__lt=today, paused_on__isnull=True)
    if state == "open":
        dossiers = dossiers.filter(finished_on__isnull=True)
    elif state == "overdue":
        dossiers = dossiers.filter(overdue)
    elif state == "late":
        dossiers = dossiers.filter(Q(timeliness=Dossier.Timeliness.LATE) | overdue)
    elif state == "without_letter":
        dossiers = late_without_letter(dossiers, today=today)
    elif state == "supplements":
        dossiers = dossiers.filter(supplement_count__gt=1)
    elif state == "missed_promise":
        dossiers = missed_promises(dossiers, today=today)
    return dossiers.select_related("procedure", "holder", "unit", "centre").order_by(
        "-received_at", "-pk"
    )


@require_GET
@official_required
def dossier_list(request: OfficialRequest) -> HttpResponse:
    """Danh sách hồ sơ with filters and search that ignores diacritics; htmx swaps the table."""
    form = FilterForm(request.GET or None)
    if not request.GET:
        form = FilterForm({})
    page = Paginator(_filtered(request, form), 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {"form": form, "page": page, "query": params.urlencode()}
    if is_htmx(request):
        return render_page(request, "dossiers/_list_table.html", context)
    context["can_receive"] = centres_of(request.official).exists()
    return render_page(request, "dossiers/list.html", context)


# The forms and actions of the detail page, by action name.
ActionCall = Callable[[Dossier, OfficialRequest, dict[str, Any]], object]
ACTION_FORMS: dict[str, tuple[type[forms.Form], ActionCall]] = {
    "transfer": (
        TransferForm,
        lambda d, r, c: actions.transfer_dossier(
            d, to_unit=c["to_unit"], by=r.official, note=c["note"]
        ),
    ),
    "progress": (
        NoteForm,
        lambda d, r, c: actions.record_step(d, by=r.official, note=c["note"]),
    ),
    "return": (
        ReasonForm,
        lambda d, r, c: actions.return_dossier(
            d, by=r.official, reason=c["reason"], note=c["note"]
        ),
    ),
    "request_supplement": (
        NoteForm,
        lambda d, r, c: actions.request_supplement(d, by=r.official, note=c["note"]),
    ),
    "receive_supplement": (
        OptionalNoteForm,
        lambda d, r, c: actions.receive_supplement(d, by=r.official, note=c["note"]),
    ),
    "apologise": (
        ApologyForm,
        lambda d, r, c: actions.issue_apology(
            d,
            by=r.official,
            unit_at_fault=c["unit_at_fault"],
            reason=c["reason"],
            new_due=c["new_due"],
        ),
    ),
    "refuse": (
        ReasonForm,
        lambda d, r, c: actions.refuse_dossier(
            d, by=r.official, reason=c["reason"], note=c["note"]
        ),
    ),
    "complete": (
        OptionalNoteForm,
        lambda d, r, c: actions.complete_dossier(d, by=r.official, note=c["note"]),
    ),
    "deliver": (
        OptionalNoteForm,
        lambda d, r, c: actions.deliver_result(d, by=r.official, note=c["note"]),
    ),
    "accept": (
        OptionalNoteForm,
        lambda d, r, c: actions.accept_dossier(d, by=r.official, note=c["note"]),
    ),
    "not_receive": (
        NoteForm,
        lambda d, r, c: actions.not_receive_dossier(d, by=r.official, note=c["note"]),
    ),
    "request_fees": (
        NoteForm,
        lambda d, r, c: actions.request_fees(d, by=r.official, note=c["note"]),
    ),
    "receive_fees": (
        OptionalNoteForm,
        lambda d, r, c: actions.receive_fees(d, by=r.official, note=c["note"]),
    ),
    "withdraw": (
        NoteForm,
        lambda d, r, c: actions.withdraw_dossier(d, by=r.official, note=c["note"]),
    ),
    "stop": (
        OptionalNoteForm,
        lambda d, r, c: actions.stop_dossier(d, by=r.official, note=c["note"]),
    ),
}
ACTION_LABELS = {
    "transfer": gettext_lazy("Send for processing"),
    "progress": gettext_lazy("Record a step"),
    "return": gettext_lazy("Return to the sender"),
    "request_supplement": gettext_lazy("Request a supplement"),
    "receive_supplement": gettext_lazy("Supplement received"),
    "apologise": gettext_lazy("Issue an apology letter"),
    "refuse": pgettext_lazy("dossier", "Refuse"),
    "complete": gettext_lazy("Result ready"),
    "deliver": gettext_lazy("Result returned"),
    "accept": gettext_lazy("Accept the online submission"),
    "not_receive": gettext_lazy("Do not accept"),
    "request_fees": gettext_lazy("Request fees or taxes"),
    "receive_fees": gettext_lazy("Fees or taxes paid"),
    "withdraw": gettext_lazy("Applicant withdraws"),
    "stop": gettext_lazy("Stop processing"),
}


def _detail_context(
    request: OfficialRequest,
    dossier: Dossier,
    bound: tuple[str, forms.Form] | None = None,
) -> dict[str, Any]:
    allowed = sorted(allowed_actions(request.official, dossier), key=list(ACTION_FORMS).index)
    # A refusal of an action whose form is no longer offered (a second apology letter: the first
    # one hides the form) is shown above the page, where the user acted.
    action_error: list[str] = []
    if bound is not None and bound[0] not in allowed:
        action_error = [str(e) for e in bound[1].non_field_errors()]
    action_forms = []
    for name in allowed:
        form_class = ACTION_FORMS[name][0]
        if bound is not None and bound[0] == name:
            form = bound[1]
        elif form_class is ApologyForm:
            form = ApologyForm(dossier=dossier)
        else:
            form = form_class()
        action_forms.append({"name": name, "label": _label(name), "form": form})
    events = dossier.events.select_related("actor", "unit", "to_unit").order_by("seq")
    letter = ApologyLetter.objects.filter(dossier=dossier).select_related("unit_at_fault").first()
    today = timezone.localdate()
    return {
        "dossier": dossier,
        "events": events,
        "letter": letter,
        "action_forms": action_forms,
        "action_error": action_error,
        "source_due": _source_due(events),
        "is_overdue": dossier.is_overdue(today),
        "flag_no_letter": dossier.is_overdue(today) and letter is None,
        "flag_late_766": dossier.is_late_766(today),
        "flag_missed_promise": dossier.missed_promise(today),
        "portal_status": status_code(dossier.status, today),
        "portal_channel": channel_code(dossier.channel, today),
    }


def _source_due(events: QuerySet[DossierEvent]) -> dict[str, dt.date] | None:
    """The appointment date an import kept from its source, when it differs from congvu's own
    computation (the receipt event records both)."""
    for event in events:
        if event.activity in (Activity.RECEIVE, Activity.SUBMIT, Activity.ACCEPT):
            given, computed = (
                event.payload.get("due_from_source"),
                event.payload.get("computed_due"),
            )
            if given and computed and given != computed:
                return {
                    "given": dt.date.fromisoformat(given),
                    "computed": dt.date.fromisoformat(computed),
                }
    return None


def _label(name: str) -> str:
    return str(ACTION_LABELS[name])


def _get(request: OfficialRequest, pk: int) -> Dossier:
    return get_object_or_404(
        _visible(request).select_related("procedure", "holder", "unit", "centre"), pk=pk
    )


@require_GET
@official_required
def dossier_detail(request: OfficialRequest, pk: int) -> HttpResponse:
    """Chi tiết hồ sơ: its timeline and the actions the official may take now."""
    dossier = _get(request, pk)
    return render_page(request, "dossiers/detail.html", _detail_context(request, dossier))


@require_POST
@official_required
def dossier_act(request: OfficialRequest, pk: int, action: str) -> HttpResponse:
    """Take one action on the dossier; htmx swaps the page body, a plain POST redirects."""
    if action not in ACTION_FORMS:
        raise Http404
    dossier = _get(request, pk)
    form_class, call = ACTION_FORMS[action]
    form = (
        ApologyForm(request.POST, dossier=dossier)
        if form_class is ApologyForm
        else form_class(request.POST)
    )
    if form.is_valid():
        try:
            call(dossier, request, form.cleaned_data)
        except ActionError as error:
            form.add_error(None, str(error))
        except PermissionDenied:
            raise
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": _label(action)})
            if not is_htmx(request):
                return redirect("dossiers:detail", pk=dossier.pk)
            dossier = _get(request, pk)
            return render_page(
                request, "dossiers/_detail_body.html", _detail_context(request, dossier)
            )
    dossier.refresh_from_db()
    template = "dossiers/_detail_body.html" if is_htmx(request) else "dossiers/detail.html"
    return render_page(
        request, template, _detail_context(request, dossier, (action, form)), status=422
    )


@require_GET
@official_required
def apology_pdf(request: OfficialRequest, pk: int) -> HttpResponse:
    """The apology letter of a dossier as a PDF download."""
    dossier = _get(request, pk)
    letter = get_object_or_404(
        ApologyLetter.objects.select_related("unit_at_fault"), dossier=dossier
    )
    response = HttpResponse(letter_pdf(letter), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="phieu-xin-loi-{dossier.code}.pdf"'
    return response


# --- Excel exports ------------------------------------------------------------------------


def _xlsx(name: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    return xlsx_response(name, [Sheet(name, headers, rows)])


def _row_cells(row: Row) -> list[Any]:
    return [
        row.label,
        row.received,
        row.received_online,
        row.early,
        row.on_time,
        row.late,
        row.late_766,
        row.open_within,
        row.open_overdue,
        row.overdue_without_letter,
        row.missed_promise,
        None if row.average_days is None else round(row.average_days, 2),
        row.apologies,
        row.supplements,
    ]


def _row_headers() -> list[str]:
    return [
        _("Group"),
        _("Received"),
        _("Received online"),
        _("Resolved early"),
        _("Resolved on time"),
        _("Resolved late"),
        _("Late under Decision 766"),
        _("In progress within the deadline"),
        _("In progress past the deadline"),
        _("Overdue without an apology letter"),
        _("New date of the apology letter missed"),
        _("Average processing time (working days)"),
        _("Apology letters"),
        _("Supplement requests"),
    ]


def _dossier_cells(dossier: Dossier) -> list[Any]:
    return [
        dossier.code,
        dossier.procedure.code,
        dossier.procedure.name,
        dossier.applicant,
        dossier.get_channel_display(),
        str(dossier.centre),
        str(dossier.unit or ""),
        str(dossier.holder),
        dossier.get_status_display(),
        status_code(dossier.status, dossier.received_on),
        timezone.localtime(dossier.received_at).replace(tzinfo=None),
        dossier.due,
        dossier.promised_on,
        dossier.finished_on,
        dossier.get_timeliness_display() if dossier.timeliness else "",
        dossier.supplement_count,
    ]


def _dossier_headers() -> list[str]:
    return [
        _("Dossier number"),
        _("Procedure code"),
        _("Procedure"),
        _("Applicant"),
        _("Channel"),
        _("Receiving centre"),
        _("Processing unit"),
        _("Held by"),
        _("Status"),
        _("Portal status code"),
        _("Received at"),
        _("Appointment date"),
        _("New date in the apology letter"),
        _("Processing ended on"),
        _("Timeliness"),
        _("Supplement requests"),
    ]


EXPORT_LIMIT = 100_000


@require_GET
@official_required
def export(request: OfficialRequest, table: str) -> HttpResponse:
    """Every table of the pages as Excel: the list (with its filters), the indicator tables, the
    766 components, the late dossiers now, and the worst procedures and units."""
    today = timezone.localdate()
    visible = _visible(request)
    if table == "list":
        dossiers = _filtered(request, FilterForm(request.GET or {}))[:EXPORT_LIMIT]
        return _xlsx("ho-so", _dossier_headers(), (_dossier_cells(d) for d in dossiers))
    if table == "source":
        # The list in the import template: read back by the import, it keeps the appointment
        # dates, pauses and apology letters (congvu.dossiers.exports).
        chosen = _filtered(request, FilterForm(request.GET or {})).order_by("received_at", "pk")
        return xlsx_response("ho-so-nhap", [dossier_sheet(chosen[:EXPORT_LIMIT])])
    if table == "late":
        dossiers = overdue_now(visible, today=today)[:EXPORT_LIMIT]
        return _xlsx("ho-so-qua-han", _dossier_headers(), (_dossier_cells(d) for d in dossiers))
    if table == "indicators":
        form = PeriodForm(request.GET or None)
        period = _period(form, today)
        by = _dimension(form)
        rows, total = indicators(visible, by=by, period=period, today=today)
        return _xlsx("chi-so", _row_headers(), (_row_cells(r) for r in [*rows, total]))
    if table == "index766":
        period = _period(PeriodForm(request.GET or None), today)
        components, _rule = index_766(visible, Procedure.objects.all(), period=period, today=today)
        return _xlsx(
            "chi-so-766",
            [
                _("Code"),
                _("Component"),
                _("Definition"),
                _("Numerator"),
                _("Denominator"),
                _("Points"),
                _("Maximum"),
                _("No data"),
            ],
            (
                [
                    c.code,
                    c.name,
                    c.definition,
                    None if c.no_data else c.numerator,
                    None if c.no_data else c.denominator,
                    c.points,
                    c.max_points,
                    c.no_data,
                ]
                for c in components
            ),
        )
    if table in ("worst_procedures", "worst_units"):
        quarter = Period.months(today, 3)
        items = worst(
            visible, by="procedure" if table == "worst_procedures" else "unit", period=quarter
        )
        return _xlsx(
            table.replace("_", "-"),
            [_("Name"), _("Ended"), _("Late under Decision 766"), _("Late share")],
            ([w.label, w.resolved, w.late, round(w.late_rate, 4)] for w in items),
        )
    if table == "trend":
        points = on_time_trend(visible, period=Period.months(today, 12))
        return _xlsx(
            "xu-huong",
            [_("Month"), _("Ended"), _("On time under Decision 766")],
            ([f"{p.month:%m/%Y}", p.resolved, p.on_time] for p in points),
        )
    raise Http404

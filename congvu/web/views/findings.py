"""Findings pages: the list and its Excel export, the detail with its evidence timeline, the
explanation and review forms, scorecards per unit and official, and the hand-over network."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from congvu.analytics.kinds import BY_CODE, KIND_NAMES
from congvu.core.errors import ActionError
from congvu.core.exports import Sheet, xlsx_response
from congvu.core.months import month_end, parse_month
from congvu.dossiers.models import DossierEvent
from congvu.findings.access import can, visible
from congvu.findings.actions import explain_finding, reopen_finding, review_finding
from congvu.findings.definitions import INTRO, WORKING_DAYS, definitions
from congvu.findings.models import ComputationRun, Explanation, Finding
from congvu.findings.queries import (
    DEFINITIONS,
    FAIRNESS,
    case_refs,
    filter_findings,
    handover_pairs,
    kinds,
    months_between,
    scorecard,
    summarise,
    with_related,
)
from congvu.findings.wording import describe, names_for, sentence, shown_detail
from congvu.investment.eventlog import CASE_SEPARATOR, STAGE_ACTIVITIES, project_of
from congvu.investment.models import ProjectEvent
from congvu.org.middleware import OfficialRequest
from congvu.org.models import Official, Unit
from congvu.org.text import fold
from congvu.tasks.models import TaskEvent
from congvu.web.charts import network_svg, sparkline
from congvu.web.forms.findings import ExplanationForm, FindingFilterForm, ReopenForm, ReviewForm
from congvu.web.forms.units import SearchedChoiceField
from congvu.web.views.common import Viewer, is_htmx, official_required, render_page, viewer
from congvu.web.views.menu import OVERVIEW

PAGE_SIZE = 25
# A month as the app writes it (03/2026), or as <input type=month> and old links send it.


def _scope_units(seen: Viewer) -> frozenset[int] | None:
    """The units whose findings, scorecards and hand-overs the viewer reads (None: all)."""
    return None if seen.is_inspector else seen.scope.visible_units


def _filter_form(request: OfficialRequest) -> FindingFilterForm:
    scope = _scope_units(viewer(request))
    units = Unit.objects.all() if scope is None else Unit.objects.filter(pk__in=scope)
    officials = Official.objects.all()
    if scope is not None:
        officials = officials.filter(posts__unit__in=scope).distinct()
    return FindingFilterForm(request.GET or None, units=units, officials=officials)


# At most this many officials answer one search of the list's filter.
MAX_OFFICIALS = 50


@official_required
def official_options(request: OfficialRequest) -> HttpResponse:
    """The filter's officials whose name holds every word typed, diacritics ignored (htmx swaps
    them into the select), among those the list may filter by."""
    form = _filter_form(request)
    field: SearchedChoiceField = form.fields["official"]  # type: ignore[assignment]
    officials = field.queryset if field.queryset is not None else Official.objects.none()
    for word in fold(request.GET.get("q", "")[:120]).split():
        officials = officials.filter(name_folded__contains=word)
    matches = list(officials.order_by("name_folded", "pk")[:MAX_OFFICIALS])
    chosen = request.GET.get("official", "")
    kept = chosen.isdigit() and any(o.pk == int(chosen) for o in matches)
    return render(
        request,
        "web/_searched_options.html",
        {
            "options": [(o.pk, o.full_name) for o in matches],
            "selected": int(chosen) if kept else None,
            "empty_label": field.empty_label,
        },
    )


def _filtered(request: OfficialRequest) -> tuple[FindingFilterForm, QuerySet[Finding]]:
    form = _filter_form(request)
    findings = filter_findings(visible(request.official), form.spec())
    return form, with_related(findings).order_by("-ts", "-pk")


@official_required
def finding_list(request: OfficialRequest) -> HttpResponse:
    form, findings = _filtered(request)
    page = Paginator(findings, PAGE_SIZE).get_page(request.GET.get("page"))
    # The summary heads the first page only: where to look first, before the list.
    head = summarise(findings, now=timezone.now()) if page.number == 1 else None
    shown = list(page.object_list)
    sentences = describe(shown)
    cases = case_refs(shown)
    query = request.GET.copy()
    query.pop("page", None)
    return render_page(
        request,
        "findings/list.html",
        {
            "form": form,
            "page": page,
            "rows": [(finding, sentences[finding.pk], cases[finding.pk]) for finding in shown],
            "summary": head,
            "query": query.urlencode(),
            "kinds": kinds(),
            "fairness": FAIRNESS,
            "last_run": ComputationRun.objects.filter(finished_at__isnull=False).first(),
        },
    )


@official_required
def finding_export(request: OfficialRequest) -> HttpResponse:
    """The filtered list as an .xlsx file, with the plain sentence and the evidence ids."""
    _form, findings = _filtered(request)
    headers = [
        _("No."),
        _("Kind"),
        _("Case type"),
        _("Case no."),
        _("Case"),
        _("Unit"),
        pgettext("a person", "Official"),
        _("Date"),
        _("What was found"),
        _("Status"),
        _("Evidence (event ids)"),
        _("Severity"),
    ]

    def rows() -> Iterator[list[Any]]:
        number = 0
        # In slices, so that the wording's two name queries run per slice, not per row.
        for start in range(0, findings.count(), 2000):
            chunk = list(findings[start : start + 2000])
            sentences = describe(chunk)
            cases = case_refs(chunk)
            for finding in chunk:
                number += 1
                yield [
                    number,
                    finding.get_kind_display(),
                    finding.get_case_type_display(),
                    finding.case_id,
                    cases[finding.pk].title,
                    finding.unit.name if finding.unit else "",
                    finding.official.full_name if finding.official else "",
                    timezone.localtime(finding.ts).date(),
                    sentences[finding.pk],
                    finding.get_status_display(),
                    finding.evidence,
                    finding.get_severity_display(),
                ]

    widths = [6, 28, 12, 14, 50, 30, 24, 12, 60, 22, 24, 16]
    return xlsx_response(
        f"dau-hieu-{timezone.localdate():%Y%m%d}",
        [Sheet(_("Findings"), headers, rows(), widths=widths, number_formats={0: "0", 2: "0"})],
    )


def _visible(request: OfficialRequest, finding_id: int) -> Finding:
    return get_object_or_404(with_related(visible(request.official)), pk=finding_id)


def _workflow_context(
    request: OfficialRequest,
    finding: Finding,
    *,
    explain_form: ExplanationForm | None = None,
    review_form: ReviewForm | None = None,
    reopen_form: ReopenForm | None = None,
) -> dict[str, Any]:
    official = request.official
    may_explain = not finding.is_reviewed and can(official, "explain", finding)
    may_review = can(official, "review", finding)
    return {
        "finding": finding,
        "explanations": list(finding.explanations.select_related("by", "unit")),
        "history": list(finding.events.select_related("actor")),
        "explain_form": (explain_form or ExplanationForm()) if may_explain else None,
        "review_form": (review_form or ReviewForm())
        if may_review and not finding.is_reviewed
        else None,
        "reopen_form": (reopen_form or ReopenForm())
        if may_review and finding.is_reviewed
        else None,
    }


def case_events(finding: Finding) -> list[Any]:
    """The events of the finding's case, in order, from its own log (a task's, a dossier's, or
    a project stage's)."""
    number = project_of(finding.case_id) if finding.case_type == "project" else None
    if finding.case_type == "project":
        if number is None:
            return []
        events = ProjectEvent.objects.filter(project_id=number)
        stage = finding.case_id.partition(CASE_SEPARATOR)[2]
        if stage:
            events = events.filter(stage=stage, activity__in=STAGE_ACTIVITIES)
        return list(events.select_related("actor", "unit", "to_unit").order_by("seq"))
    if not finding.case_id.isdigit():
        return []
    model: type[TaskEvent] | type[DossierEvent] = (
        DossierEvent if finding.case_type == "dossier" else TaskEvent
    )
    owner = "dossier_id" if finding.case_type == "dossier" else "task_id"
    rows = model.objects.filter(**{owner: int(finding.case_id)})
    return list(rows.select_related("actor", "unit", "to_unit").order_by("seq"))


@official_required
def finding_detail(request: OfficialRequest, finding_id: int) -> HttpResponse:
    finding = _visible(request, finding_id)
    evidence = set(finding.evidence_ids)
    events = case_events(finding)
    names = names_for([finding])
    context = {
        **shown_detail(finding, names),
        **_workflow_context(request, finding),
        "sentence": sentence(finding, names),
        "case": case_refs([finding])[finding.pk],
        "shape_template": f"findings/detail/{BY_CODE[finding.kind].shape}.html"
        if finding.kind in BY_CODE
        else "findings/detail/events.html",
        "detail": finding.detail,
        "definition": DEFINITIONS.get(finding.kind, ""),
        "fairness": FAIRNESS,
        "events": events,
        "evidence": evidence,
        "missing_evidence": sorted(evidence - {event.pk for event in events}),
        "related": with_related(visible(request.official))
        .filter(case_type=finding.case_type, case_id=finding.case_id, holds=True)
        .exclude(pk=finding.pk),
    }
    return render_page(request, "findings/detail.html", context)


@official_required
def definitions_page(request: OfficialRequest) -> HttpResponse:
    """Each kind of signal: what is measured, what it may indicate (the legal term and its
    source) and what it does not prove. The only page that names the legal terms."""
    context = {"definitions": definitions(), "intro": INTRO, "working_days": WORKING_DAYS}
    return render_page(request, "findings/definitions.html", context)


def _after_action(request: OfficialRequest, finding: Finding, **forms: Any) -> HttpResponse:
    """The workflow part again (htmx swaps it), or the whole page for a plain form post."""
    if is_htmx(request):
        finding.refresh_from_db()
        return render_page(
            request, "findings/_workflow.html", _workflow_context(request, finding, **forms)
        )
    if forms:
        return finding_detail(request, finding.pk)
    return redirect("findings:detail", finding_id=finding.pk)


@require_POST
@official_required
def explain(request: OfficialRequest, finding_id: int) -> HttpResponse:
    finding = _visible(request, finding_id)
    if not can(request.official, "explain", finding):
        raise PermissionDenied
    form = ExplanationForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            explain_finding(
                finding,
                by=request.official,
                text=form.cleaned_data["text"],
                file=form.cleaned_data["file"],
            )
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The explanation was recorded; a leader will review it."))
            return _after_action(request, finding)
    return _after_action(request, finding, explain_form=form)


@require_POST
@official_required
def review(request: OfficialRequest, finding_id: int) -> HttpResponse:
    finding = _visible(request, finding_id)
    if not can(request.official, "review", finding):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            review_finding(
                finding,
                by=request.official,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
            )
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The review was recorded."))
            return _after_action(request, finding)
    return _after_action(request, finding, review_form=form)


@require_POST
@official_required
def reopen(request: OfficialRequest, finding_id: int) -> HttpResponse:
    finding = _visible(request, finding_id)
    if not can(request.official, "review", finding):
        raise PermissionDenied
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            reopen_finding(finding, by=request.official, note=form.cleaned_data["note"])
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The signal was reopened."))
            return _after_action(request, finding)
    return _after_action(request, finding, reopen_form=form)


@official_required
def explanation_file(request: OfficialRequest, explanation_id: int) -> FileResponse:
    explanation = get_object_or_404(
        Explanation.objects.filter(finding__in=visible(request.official)),
        pk=explanation_id,
    )
    if not explanation.file:
        raise PermissionDenied
    return FileResponse(
        explanation.file.open("rb"), as_attachment=True, filename=explanation.file_name
    )


def _list_period(since: dt.date, until: dt.date) -> str:
    """The query string that shows a scorecard's or the network's months on the list."""
    end = month_end(until)
    return urlencode({"since": f"{since:%d/%m/%Y}", "until": f"{end:%d/%m/%Y}"})


def _require_overview(request: OfficialRequest) -> Viewer:
    """Scorecards and the network compare units and people: leaders, heads, the office and
    inspectors read them; an official without such a post does not."""
    return OVERVIEW.require(request)


def _months(request: OfficialRequest) -> tuple[list[dt.date], dt.date, dt.date]:
    """The months asked for (``since``/``until`` as mm/yyyy, or yyyy-mm), by default the last
    six; a month that does not read is the default."""
    today = timezone.localdate()

    def month(name: str, default: dt.date) -> dt.date:
        try:
            return parse_month(request.GET.get(name, ""))
        except ValueError:
            return default

    until = month("until", today.replace(day=1))
    # Five months back by the calendar (days would give seven months when 155 days reach back
    # into a sixth earlier month).
    back = until.year * 12 + until.month - 1 - 5
    since = month("since", dt.date(back // 12, back % 12 + 1, 1))
    if since > until:
        since, until = until, since
    months = months_between(since, until)[-24:]
    return months, months[0], until


def _as_of(request: OfficialRequest) -> dt.date | None:
    """The day a scorecard is counted as of (``as_of`` as dd/mm/yyyy or yyyy-mm-dd), or None for
    the signals as they stand now; a day that does not read is None."""
    text = request.GET.get("as_of", "").strip()
    parts = text.split("/")
    try:
        if len(parts) == 3:
            return dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


@official_required
def scorecards(request: OfficialRequest) -> HttpResponse:
    seen = _require_overview(request)
    level = "official" if request.GET.get("level") == "official" else "unit"
    months, since, until = _months(request)
    as_of = _as_of(request)
    rows = scorecard(level, unit_ids=_scope_units(seen), months=months, as_of=as_of)
    return render_page(
        request,
        "findings/scorecards.html",
        {
            "level": level,
            "months": months,
            "since": since,
            "until": until,
            "as_of": as_of,
            "show_as_of": True,
            "rows": [
                (row, sparkline([cell.per_10_received for cell in row.cells])) for row in rows
            ],
            "kind_labels": KIND_NAMES,
            "list_period": _list_period(since, until),
            "fairness": FAIRNESS,
        },
    )


@official_required
def network(request: OfficialRequest) -> HttpResponse:
    seen = _require_overview(request)
    months, since, until = _months(request)
    end = month_end(until)
    pairs = handover_pairs(unit_ids=_scope_units(seen), since=since, until=end)
    return render_page(
        request,
        "findings/network.html",
        {
            "pairs": pairs,
            "svg": network_svg(pairs),
            "since": since,
            "until": until,
            "period_end": end,
            "list_period": _list_period(since, until),
            "total": sum(pair.count for pair in pairs),
            "definition": DEFINITIONS["ping_pong"],
        },
    )

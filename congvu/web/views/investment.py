"""Investment pages: the dashboard, the project list and detail, Excel and OC4IDS downloads, and
the import. Every page reads through `access.visible`; a project out of sight is a 404.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from congvu.core.exports import Sheet, xlsx_response
from congvu.core.imports import ImportRefused, oversized_upload
from congvu.investment.access import visible
from congvu.investment.imports import Summary, import_tables, read_upload, template_sheets
from congvu.investment.models import Project
from congvu.investment.oc4ids import export
from congvu.investment.queries import (
    Money,
    below_target,
    by_investor,
    describe,
    holding_stage,
    investor_rows,
    money_of,
    months,
    plan_year_of,
    project_detail,
    project_events,
    project_sums,
    search_projects,
    shortfalls,
    slow_projects,
    stage_bottlenecks,
    target_curve,
    target_on,
    total_of,
    with_rates,
)
from congvu.investment.rules import all_rules
from congvu.org.middleware import OfficialRequest
from congvu.org.models import Unit
from congvu.web.charts import disbursement_chart
from congvu.web.forms.investment import DashboardForm, ImportForm, ProjectFilterForm
from congvu.web.views.common import official_required, render_page
from congvu.web.views.menu import INVESTMENT

PAGE_SIZE = 25


def _visible(request: OfficialRequest) -> QuerySet[Project]:
    """The projects the official may see; nobody without any may open the investment pages."""
    me = INVESTMENT.require(request)
    return visible(request.official, me.scope)


def _year_and_day(form: DashboardForm) -> tuple[int, dt.date]:
    today = timezone.localdate()
    data = form.cleaned_data if form.is_valid() else {}
    as_of = data.get("as_of") or today
    year = data.get("year") or plan_year_of(as_of)
    return year, as_of


# -- pages -------------------------------------------------------------------------------------


@official_required
def dashboard(request: OfficialRequest) -> HttpResponse:
    """Disbursement of the plan year against the plan and the target curve, projects at risk,
    where stages hold projects up."""
    projects = _visible(request)
    form = DashboardForm(request.GET or None)
    year, as_of = _year_and_day(form)
    sums = project_sums(projects, year=year, as_of=as_of)
    money, month_rows = months(projects, year=year, as_of=as_of, money=total_of(sums))
    target_now = target_on(target_curve(year), as_of, year=year)
    stages, holders = stage_bottlenecks(projects, as_of=as_of)
    below = shortfalls(sums, target=target_now)
    return render_page(
        request,
        "investment/dashboard.html",
        {
            "form": form,
            "year": year,
            "as_of": as_of,
            "money": money,
            "target_now": target_now,
            "target_vnd": round(money.assigned_vnd * target_now),
            "months": month_rows,
            "chart": disbursement_chart(money, month_rows, year=year),
            "investors": investor_rows(sums),
            "slow": describe(below[:15], as_of=as_of),
            "slow_count": len(below),
            "stages": stages,
            "holders": holders[:10],
            "query": request.GET.urlencode(),
        },
    )


def _filtered(
    request: OfficialRequest,
) -> tuple[ProjectFilterForm, int, dt.date, QuerySet[Project]]:
    projects = _visible(request)
    params = request.GET.copy()
    params.pop("page", None)
    investors = Unit.objects.filter(pk__in=projects.values("investor_id"))
    form = ProjectFilterForm(params or None, investors=investors)
    year, as_of = _year_and_day(form)
    data = form.cleaned_data if form.is_valid() else {}
    chosen = data.get("investor")
    found = search_projects(
        projects,
        text=data.get("q") or "",
        investor_id=chosen.pk if chosen else None,
        group=data.get("group") or "",
        stage=data.get("stage") or "",
        as_of=as_of,
    )
    if data.get("slow"):
        ids = [row.project_id for row in below_target(found, year=year, as_of=as_of)]
        found = found.filter(pk__in=ids)
    return form, year, as_of, with_rates(found, year=year, as_of=as_of).order_by("code")


@official_required
def project_list(request: OfficialRequest) -> HttpResponse:
    """The projects the official may see, filtered and searched, with this year's rate."""
    form, year, as_of, projects = _filtered(request)
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(project, money_of(project)) for project in page.object_list]
    return render_page(
        request,
        "investment/project_list.html",
        {
            "form": form,
            "year": year,
            "as_of": as_of,
            "page": page,
            "rows": rows,
            "query": request.GET.urlencode(),
        },
    )


@official_required
def project_page(request: OfficialRequest, project_id: int) -> HttpResponse:
    """A project: its stages on a timeline, its plans with adjustments, its disbursements and
    its event log."""
    project = get_object_or_404(visible(request.official), pk=project_id)
    project = project_detail(project)
    today = timezone.localdate()
    stages = list(project.stages.all())
    disbursements = list(project.disbursements.all())
    plans = list(project.plans.all())
    paid_by_year: dict[int, int] = {}
    for payment in disbursements:
        paid_by_year[payment.plan_id] = paid_by_year.get(payment.plan_id, 0) + payment.amount_vnd
    plan_rows = [
        (plan, Money(plan.assigned_vnd, plan.current_vnd, paid_by_year.get(plan.pk, 0)))
        for plan in plans
    ]
    return render_page(
        request,
        "investment/project_detail.html",
        {
            "project": project,
            "today": today,
            "stages": [(stage, stage.overrun_days(today)) for stage in stages],
            "timeline": _timeline(stages, today),
            "timeline_height": 10 * len(stages),
            "holding": holding_stage(stages, as_of=today),
            "plans": plan_rows,
            "disbursements": disbursements,
            "total_paid": sum(d.amount_vnd for d in disbursements),
            "events": project_events(project),
        },
    )


@dataclass(frozen=True)
class Bar:
    """A stage on the timeline: the planned bar and the actual bar, in % of the time span."""

    label: str
    planned_y: int
    actual_y: int
    planned_x: str
    planned_w: str
    actual_x: str
    actual_w: str
    late: bool


def _timeline(stages: Sequence[Any], today: dt.date) -> list[Bar]:
    days = [
        d
        for s in stages
        for d in (s.planned_start, s.planned_end, s.actual_start, s.actual_end)
        if d is not None
    ] + [today]
    first, last = min(days), max(days)
    span = max(1, (last - first).days)

    def pos(day: dt.date | None) -> float:
        return 0.0 if day is None else 100 * (day - first).days / span

    bars = []
    for row, stage in enumerate(stages):
        p0, p1 = pos(stage.planned_start), pos(stage.planned_end or stage.planned_start)
        a0 = pos(stage.actual_start) if stage.actual_start else 0.0
        a1 = pos(stage.actual_end or today) if stage.actual_start else a0
        bars.append(
            Bar(
                label=stage.get_kind_display(),
                planned_y=row * 10 + 1,
                actual_y=row * 10 + 5,
                planned_x=f"{p0:.2f}",
                planned_w=f"{max(p1 - p0, 0.5) if stage.planned_start else 0:.2f}",
                actual_x=f"{a0:.2f}",
                actual_w=f"{max(a1 - a0, 0.5) if stage.actual_start else 0:.2f}",
                late=stage.overrun_days(today) > 0,
            )
        )
    return bars


# -- downloads ---------------------------------------------------------------------------------


def _workbook_response(
    title: str, headers: list[str], rows: Iterable[list[Any]], filename: str
) -> HttpResponse:
    """An .xlsx download with a bold header row; dates become Excel dates (dd/mm/yyyy), amounts
    of đồng Excel integers shown with thousands separators, and rates percentages."""
    return xlsx_response(filename, [Sheet(title, headers, rows, float_format="0.0%")])


def _money_columns() -> list[str]:
    return [
        _("Plan assigned (đồng)"),
        _("Plan after adjustments (đồng)"),
        _("Disbursed (đồng)"),
        _("Rate against the plan assigned"),
        _("Rate against the adjusted plan"),
    ]


def _money_cells(money: Money) -> list[Any]:
    return [
        money.assigned_vnd,
        money.current_vnd,
        money.disbursed_vnd,
        money.rate,
        money.rate_current,
    ]


def _holding_cells(row_holding: Any) -> list[Any]:
    if row_holding is None:
        return ["", "", None, None]
    return [
        row_holding.stage.get_kind_display(),
        row_holding.stage.unit.name,
        row_holding.days_held,
        row_holding.overrun_days,
    ]


Table = tuple[str, list[str], Callable[[QuerySet[Project], int, dt.date], Iterable[list[Any]]]]


def _tables() -> dict[str, Table]:
    """Every table of the dashboard and the list, as (sheet title, headers, rows)."""
    return {
        "du-an": (
            _("Projects"),
            [_("Code"), _("Project"), _("Group"), _("Investor"), _("Total investment (đồng)")]
            + _money_columns(),
            lambda projects, year, as_of: (
                [
                    p.code,
                    p.name,
                    p.get_group_display(),
                    p.investor.name,
                    p.total_investment_vnd,
                    *_money_cells(money_of(p)),
                ]
                for p in with_rates(projects, year=year, as_of=as_of).order_by("code")
            ),
        ),
        "chu-dau-tu": (
            _("Investors"),
            [_("Investor"), _("Projects")] + _money_columns(),
            lambda projects, year, as_of: (
                [row.investor.name, row.projects, *_money_cells(row.money)]
                for row in by_investor(projects, year=year, as_of=as_of)
            ),
        ),
        "theo-thang": (
            _("Months"),
            [
                _("Month"),
                _("Disbursed in the month (đồng)"),
                _("Cumulative (đồng)"),
                _("Cumulative rate"),
                _("Target"),
                _("Target (đồng)"),
                _("Report due before"),
            ],
            lambda projects, year, as_of: (
                [
                    r.month,
                    r.paid_vnd,
                    r.cumulative_vnd,
                    r.cumulative_rate,
                    r.target,
                    r.target_vnd,
                    r.report_due,
                ]
                for r in months(projects, year=year, as_of=as_of)[1]
            ),
        ),
        "cham-giai-ngan": (
            _("Slow projects"),
            [_("Code"), _("Project"), _("Investor")]
            + _money_columns()
            + [
                _("Target"),
                _("Shortfall (đồng)"),
                _("Stage holding it"),
                _("Unit holding it"),
                _("Days held"),
                _("Days past the plan"),
            ],
            lambda projects, year, as_of: (
                [
                    row.project.code,
                    row.project.name,
                    row.project.investor.name,
                    *_money_cells(row.money),
                    row.target,
                    row.shortfall_vnd,
                    *_holding_cells(row.holding),
                ]
                for row in slow_projects(projects, year=year, as_of=as_of)
            ),
        ),
        "giai-doan": (
            _("Stage bottlenecks"),
            [
                _("Stage"),
                _("Under way"),
                _("Past the planned end"),
                _("Median days held"),
                _("Longest days held"),
                _("Completed"),
                pgettext("stage", "Completed late"),
            ],
            lambda projects, year, as_of: (
                [
                    row.label,
                    row.open,
                    row.overdue,
                    row.median_days,
                    row.max_days,
                    row.completed,
                    row.completed_late,
                ]
                for row in stage_bottlenecks(projects, as_of=as_of)[0]
            ),
        ),
        "don-vi-giu": (
            _("Units holding stages"),
            [_("Unit"), _("Stages past the planned end"), _("Days past the plan, summed")],
            lambda projects, year, as_of: (
                [hold.unit.name, hold.stages, hold.days_overdue]
                for hold in stage_bottlenecks(projects, as_of=as_of)[1]
            ),
        ),
    }


@official_required
def export_table(request: OfficialRequest, table: str) -> HttpResponse:
    """Any table of the dashboard or of the (filtered) list as an Excel file."""
    tables = _tables()
    if table not in tables:
        raise Http404
    _form, year, as_of, projects = _filtered(request)
    title, headers, rows = tables[table]
    return _workbook_response(
        title, headers, rows(projects, year, as_of), f"{table}-{year}-{as_of.isoformat()}"
    )


@official_required
def export_project_table(request: OfficialRequest, project_id: int, table: str) -> HttpResponse:
    """A table of the project page (stages, plans, disbursements, events) as an Excel file."""
    project = get_object_or_404(visible(request.official), pk=project_id)
    project = project_detail(project)
    today = timezone.localdate()
    if table == "giai-doan":
        headers = [
            _("Stage"),
            _("Responsible unit"),
            _("Planned start"),
            _("Planned end"),
            _("Actual start"),
            _("Actual end"),
            _("Days past the plan"),
        ]
        rows: Iterable[list[Any]] = (
            [
                s.get_kind_display(),
                s.unit.name,
                s.planned_start,
                s.planned_end,
                s.actual_start,
                s.actual_end,
                s.overrun_days(today),
            ]
            for s in project.stages.all()
        )
    elif table == "ke-hoach-von":
        headers = [
            _("Plan year"),
            _("Assigned on"),
            pgettext("document", "Decision"),
            _("Change (đồng)"),
        ]
        rows = []
        for plan in project.plans.all():
            rows.append([plan.year, plan.assigned_on, plan.document, plan.assigned_vnd])
            rows += [[plan.year, a.on, a.document, a.delta_vnd] for a in plan.adjustments.all()]
    elif table == "giai-ngan":
        headers = [_("Date"), _("Plan year"), _("Amount (đồng)"), _("Voucher")]
        years = {plan.pk: plan.year for plan in project.plans.all()}
        rows = (
            [d.on, years.get(d.plan_id), d.amount_vnd, d.document]
            for d in project.disbursements.all()
        )
    elif table == "nhat-ky":
        headers = [_("Time"), _("Activity"), _("Stage"), _("Actor"), _("Unit"),
                   _("Target unit"), _("Amount (đồng)"), _("Note")]  # fmt: skip
        rows = (
            [
                timezone.localtime(e.ts).replace(tzinfo=None),
                e.get_activity_display(),
                e.get_stage_display() if e.stage else "",
                e.actor.full_name if e.actor else "",
                e.unit.name if e.unit else "",
                e.to_unit.name if e.to_unit else "",
                e.amount_vnd,
                e.note,
            ]
            for e in project_events(project)
        )
    else:
        raise Http404
    return _workbook_response(project.code, headers, rows, f"{project.code}-{table}")


@official_required
def oc4ids_download(request: OfficialRequest) -> HttpResponse:
    """The projects the official may see (as filtered on the list) as an OC4IDS project package;
    a filter that matches none gives a package with no project, like an empty list."""
    _form, _year, as_of, projects = _filtered(request)
    package = export(Project.objects.filter(pk__in=projects.values("pk")), as_of=as_of,
                     published=timezone.now())  # fmt: skip
    response = HttpResponse(
        json.dumps(package, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="oc4ids-{as_of.isoformat()}.json"'
    return response


# -- import ------------------------------------------------------------------------------------


@official_required
@csrf_exempt  # CSRF is checked by _import_upload, once the size of the request is known
def import_page(request: OfficialRequest) -> HttpResponse:
    """Upload projects, stages, plans or disbursements; all or nothing, every problem listed.

    A request larger than the import limit is refused (413) before its body is read; a file that
    cannot be read, or any problem in it, gives 422 with the problems listed and writes nothing.
    """
    if request.official.is_inspector:
        raise PermissionDenied
    if request.method != "POST":
        return _import_response(request, ImportForm())
    refused = oversized_upload(request)
    if refused is not None:
        return _import_response(request, ImportForm(), refused=refused, status=413)
    return _import_upload(request)


@csrf_protect
def _import_upload(request: OfficialRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_response(request, form, status=422)
    upload = form.cleaned_data["file"]
    try:
        tables = read_upload(upload, name=upload.name, table=form.cleaned_data["table"])
        summary = import_tables(tables, by=request.official)
    except ImportRefused as refused:
        form.add_error(None, refused.message)
        return _import_response(request, form, refused=refused, status=422)
    return _import_response(request, form, summary=summary)


def _import_response(
    request: OfficialRequest,
    form: ImportForm,
    *,
    refused: ImportRefused | None = None,
    summary: Summary | None = None,
    status: int = 200,
) -> HttpResponse:
    # The tables by the names the form gives them ("Dự án"), not by their sheet codes ("du_an").
    labels = dict(form.fields["table"].choices)  # type: ignore[attr-defined]
    context = {
        "form": form,
        "problems": refused.lines() if refused else [],
        "summary": summary,
        "imported": [(labels.get(name, name), count) for name, count in summary.rows.items()]
        if summary
        else [],
        "rules": all_rules(),
    }
    return render_page(request, "investment/import.html", context, status=status)


@official_required
def import_template(request: OfficialRequest) -> HttpResponse:
    """The empty import workbook, one sheet per table."""
    if request.official.is_inspector:
        raise PermissionDenied
    return xlsx_response("mau-nhap-du-an", template_sheets())

"""The page where another system's event log is uploaded, previewed and analysed
(/dau-hieu/phan-tich-nhat-ky/): `congvu analyze --activity-map` for those without a command line.

Two steps: the upload shows what the log holds (its activities and how each maps, unmapped ones
by name, every unreadable value by row and column) and keeps the file; the analysis runs on the
kept file and shows the findings, with the four files of `congvu analyze` to download. Nothing is
written to the database (`congvu.findings.eventlogs`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from congvu.analytics.vocabulary import VocabularyError
from congvu.core.imports import ImportRefused, oversized_upload
from congvu.findings.access import may_analyse_logs
from congvu.findings.eventlogs import (
    OUTPUTS,
    analyse,
    read_log,
    read_map,
    shipped_map,
    stage,
    staged,
    unmapped_message,
)
from congvu.org.middleware import OfficialRequest
from congvu.web.forms.findings import AnalyseLogForm, EventLogForm
from congvu.web.views.common import official_required, render_page

TEMPLATE = "findings/eventlog.html"


def _require(request: OfficialRequest) -> None:
    if not may_analyse_logs(request.official):
        raise PermissionDenied


def _page(request: OfficialRequest, status: int = 200, **context: Any) -> HttpResponse:
    context.setdefault("form", EventLogForm())
    return render_page(request, TEMPLATE, context, status=status)


@official_required
@csrf_exempt  # CSRF is checked by _upload, once the size of the request is known
def upload_log(request: OfficialRequest) -> HttpResponse:
    """The upload form; a posted log is read and previewed (422 with every problem listed when it
    cannot be analysed, 413 before reading a request larger than the import limit)."""
    _require(request)
    if request.method != "POST":
        return _page(request)
    refused = oversized_upload(request)
    if refused is not None:
        return _page(request, status=413, problems=refused.lines())
    return _upload(request)


@csrf_protect
def _upload(request: OfficialRequest) -> HttpResponse:
    form = EventLogForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, status=422, form=form)
    log, map_file = form.cleaned_data["log"], form.cleaned_data["activity_map"]
    data: bytes = log.read()
    map_data: bytes | None = None
    try:
        if map_file is not None:
            map_data = map_file.read()
            activity_map = read_map(map_data, name=map_file.name)
        else:
            activity_map = shipped_map()
        preview, events = read_log(data, name=log.name, activity_map=activity_map)
    except ImportRefused as refused:
        return _page(request, status=422, form=form, problems=refused.lines())
    if events is None:
        return _page(request, status=422, form=form, preview=preview)
    token = stage(
        request.official.pk,
        log=data,
        log_name=log.name,
        map_data=map_data,
        map_name=map_file.name if map_file is not None else "",
    )
    return _page(request, preview=preview, analyse_form=AnalyseLogForm(initial={"token": token}))


@require_POST
@official_required
def analyse_log(request: OfficialRequest) -> HttpResponse:
    """Analyse a kept upload of the official's: its findings, or why it cannot be analysed."""
    _require(request)
    form = AnalyseLogForm(request.POST)
    kept = staged(request.official.pk, form.cleaned_data["token"]) if form.is_valid() else None
    if kept is None:
        gone = _("The uploaded log is no longer kept (a day at most); upload it again.")
        return _page(request, status=410, problems=[gone])
    try:
        activity_map = kept.activity_map()
        preview, events = read_log(kept.log, name=kept.log_name, activity_map=activity_map)
    except ImportRefused as refused:
        return _page(request, status=422, problems=refused.lines())
    context: dict[str, Any] = {"preview": preview, "analyse_form": form}
    if events is None:
        return _page(request, status=422, **context)
    keep = form.cleaned_data["keep_unmapped"]
    if preview.unmapped and not keep:
        return _page(request, status=422, refusal=unmapped_message(preview.unmapped), **context)
    try:
        analysis = analyse(
            events,
            kept.out,
            activity_map=activity_map,
            keep_unmapped=keep,
            source=kept.log_name,
        )
    except VocabularyError:  # the preview lists every unmapped name: only a race gets here
        return _page(request, status=422, refusal=unmapped_message(preview.unmapped), **context)
    return _page(
        request, analysis=analysis, token=form.cleaned_data["token"], outputs=OUTPUTS, **context
    )


@official_required
def analysis_file(request: OfficialRequest, token: str, name: str) -> FileResponse:
    """One of the four files of an analysis of the official's, as a download."""
    _require(request)
    kept = staged(request.official.pk, token)
    if kept is None or name not in OUTPUTS or not (kept.out / name).is_file():
        raise Http404
    return FileResponse((kept.out / name).open("rb"), as_attachment=True, filename=name)

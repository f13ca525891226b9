"""The reception page of a public service centre's counter (tiếp nhận hồ sơ): the official picks the
procedure, names the applicant and the channel, sees the appointment date before saving, and
`receive_dossier` records the dossier. Only the centre's own staff open it (`centres_of`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from congvu.core.errors import ActionError
from congvu.dossiers.access import centres_of
from congvu.dossiers.actions import appointment, receive_dossier
from congvu.dossiers.models import Procedure
from congvu.org.middleware import OfficialRequest
from congvu.org.models import Unit
from congvu.org.text import fold
from congvu.web.forms.dossiers import ReceptionForm
from congvu.web.views.common import official_required, render_page
from congvu.web.views.menu import RECEPTION

# Enough matches to pick from; the catalogue of a province runs to about two thousand procedures.
MAX_MATCHES = 50


@dataclass(frozen=True)
class Appointment:
    """What the page tells the applicant before the dossier is saved."""

    procedure: Procedure
    received_at: dt.datetime
    received_on: dt.date  # the day the clock counts from (rule `clock_start`)
    due: dt.date

    @property
    def counts_from_later(self) -> bool:
        """Received at or after the receipt cut-off or on a day off, so counted from the next
        working day."""
        return self.received_on != timezone.localtime(self.received_at).date()


def _centres(request: OfficialRequest) -> QuerySet[Unit]:
    """The centres the official receives at; nobody else may open the page (403)."""
    RECEPTION.require(request)
    centres = centres_of(request.official)
    if not centres:
        raise PermissionDenied
    return centres


def _appointment(form: ReceptionForm) -> Appointment | None:
    """The appointment date for the procedure and time typed so far, if both are valid."""
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    procedure, received_at = data.get("procedure"), data.get("received_at")
    if procedure is None or received_at is None:
        return None
    received_on, due = appointment(procedure, received_at)
    return Appointment(procedure, received_at, received_on, due)


@require_http_methods(["GET", "POST"])
@official_required
def receive(request: OfficialRequest) -> HttpResponse:
    """Show the reception form and receive the dossier through `receive_dossier`."""
    centres = _centres(request)
    if request.method != "POST":
        form = ReceptionForm(centres=centres)
        # Without JavaScript the search box submits here and narrows the select instead.
        query = request.GET.get("q", "").strip()
        if query:
            form.fields["procedure"].queryset = _matching(query)  # type: ignore[attr-defined]
        return render_page(
            request,
            "dossiers/reception.html",
            {"form": form, "appointment": None, "query": query},
        )
    form = ReceptionForm(request.POST, centres=centres)
    if form.is_valid():
        data = form.cleaned_data
        try:
            dossier = receive_dossier(
                by=request.official,
                centre=data["centre"],
                procedure=data["procedure"],
                applicant=data["applicant"],
                channel=data["channel"],
                code=data["code"].strip(),
                note=data["note"],
                ts=data["received_at"],
            )
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            days = dossier.procedure.processing_days
            messages.success(
                request,
                ngettext(
                    "Dossier %(code)s received. Appointment date %(due)s (%(days)s working day).",
                    "Dossier %(code)s received. Appointment date %(due)s (%(days)s working days).",
                    days,
                )
                % {"code": dossier.code, "due": dossier.due.strftime("%d/%m/%Y"), "days": days},
            )
            return HttpResponseRedirect(reverse("dossiers:detail", args=[dossier.pk]), status=303)
    return render_page(
        request,
        "dossiers/reception.html",
        {"form": form, "appointment": _appointment(form), "query": ""},
        status=422,
    )


def _matching(query: str) -> QuerySet[Procedure]:
    """Procedures whose code starts with `query` or whose name contains it, diacritics ignored
    ("cap giay phep" finds "Cấp giấy phép")."""
    procedures = Procedure.objects.order_by("code")
    if not query:
        return procedures
    return procedures.filter(Q(name_folded__contains=fold(query)) | Q(code__startswith=query))


@require_GET
@official_required
def procedure_options(request: OfficialRequest) -> HttpResponse:
    """The procedure select's options matching `q` by code or by name without diacritics (htmx
    swaps them into the select as the official types)."""
    _centres(request)
    query = request.GET.get("q", "").strip()
    procedures = _matching(query).only("code", "name")
    # An emptied search box brings the whole catalogue back, as the page first showed it.
    matches = list(procedures[:MAX_MATCHES] if query else procedures)
    response = render_page(
        request,
        "dossiers/_procedure_options.html",
        {"procedures": matches, "selected": _selected(request, matches)},
    )
    # The select's value may have changed without a "change" event: the preview listens for this.
    response["HX-Trigger"] = "procedures-filtered"
    return response


def _selected(request: OfficialRequest, matches: list[Procedure]) -> int | None:
    """Keep the official's choice when it still matches; a single match is chosen for them."""
    chosen = request.GET.get("procedure", "")
    if chosen.isdigit() and any(p.pk == int(chosen) for p in matches):
        return int(chosen)
    return matches[0].pk if len(matches) == 1 else None


@require_GET
@official_required
def appointment_preview(request: OfficialRequest) -> HttpResponse:
    """The appointment date for the procedure and time in the form (htmx, on every change)."""
    form = ReceptionForm(request.GET, centres=_centres(request))
    return render_page(request, "dossiers/_reception_due.html", {"appointment": _appointment(form)})

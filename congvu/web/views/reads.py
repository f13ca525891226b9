"""Who looked at my records (ai đã xem hồ sơ của tôi): the reads of a person's ratings, discipline
cases and innovation proposals (with their protection decision), as `congvu.core.reads` logged them.

The person sees their own; Sở Nội vụ and inspectors see anyone's (they answer questions about
access to personal data); everyone else is refused, since the log itself says whose records were
looked at and by whom.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse

from congvu.core.reads import reads_of_person
from congvu.innovation.access import is_personnel
from congvu.org.middleware import OfficialRequest
from congvu.org.models import Official
from congvu.web.views.common import official_required, render_page

# The newest reads shown on the page; older ones stay in the log (and the admin).
SHOWN = 500

# The page of each kind of record, for a link from the log (kind -> URL name).
_PAGES = {
    "people.rating": "people:detail",
    "discipline.disciplinecase": "discipline:detail",
    "innovation.proposal": "innovation:detail",
}


def may_see_reads(viewer: Official, person: Official) -> bool:
    """The person themselves, Sở Nội vụ and inspectors."""
    return viewer.pk == person.pk or viewer.is_inspector or is_personnel(viewer)


def _link(kind: str, object_id: int) -> str:
    name = _PAGES.get(kind)
    if name is None:
        return ""
    try:
        return reverse(name, args=[object_id])
    except NoReverseMatch:
        return ""


@official_required
def read_log(request: OfficialRequest, official_id: int | None = None) -> HttpResponse:
    person = (
        request.official
        if official_id is None
        else get_object_or_404(Official.objects.select_related("user"), pk=official_id)
    )
    if not may_see_reads(request.official, person):
        raise PermissionDenied
    everything = reads_of_person(person.user_id)
    total = everything.count()
    reads = list(everything[:SHOWN])
    readers = dict(
        Official.objects.filter(user_id__in={r.reader_id for r in reads}).values_list(
            "user_id", "full_name"
        )
    )
    rows = []
    for read in reads:
        kind = f"{read.content_type.app_label}.{read.content_type.model}"
        model = read.content_type.model_class()
        rows.append(
            {
                "ts": read.ts,
                "reader": readers.get(read.reader_id, ""),
                "record": model._meta.verbose_name if model is not None else kind,
                "object_id": read.object_id,
                "link": _link(kind, read.object_id),
                "view": read.view,
            }
        )
    return render_page(
        request,
        "web/reads.html",
        {"person": person, "rows": rows, "total": total, "shown": SHOWN},
    )

"""Personnel records through the API, read-only: ratings (Decree 335/2025), discipline cases,
innovation proposals and reward nominations, each with its append-only log.

The same visibility as the pages (each domain's `access.visible`): the person concerned sees their
own, the line of management and Sở Nội vụ what the procedure gives them, inspectors read; a record
out of sight answers 404, as one that does not exist. The steps themselves are taken on the pages,
where each has its form and its document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router, Schema
from pydantic import Field as PydanticField

from congvu.api.errors import ERRORS
from congvu.core.ids import MAX_ID, MIN_ID
from congvu.core.reads import record_read
from congvu.discipline import access as discipline_access
from congvu.discipline.models import DisciplineCase
from congvu.innovation import access as innovation_access
from congvu.innovation.models import Proposal
from congvu.org.middleware import OfficialRequest
from congvu.org.models import Official
from congvu.people import access as rating_access
from congvu.people.models import Rating
from congvu.rewards import access as reward_access
from congvu.rewards.models import Nomination

router = Router(tags=["people"])


class RecordIdIn(Schema):
    record_id: int = PydanticField(ge=MIN_ID, le=MAX_ID)


class PageIn(Schema):
    page: int = PydanticField(1, ge=1, le=100_000)
    page_size: int = PydanticField(50, ge=1, le=200)


class LogEventOut(Schema):
    """One event of a personnel record's log; `hash` covers its content and `prev_hash`."""

    seq: int
    ts: dt.datetime
    activity: str
    actor_id: int | None
    unit_id: int | None
    note: str
    payload: dict[str, Any]
    prev_hash: str
    hash: str


class RatingOut(Schema):
    id: int
    official_id: int
    official_name: str
    unit_id: int
    period: str
    task_group: str
    is_leader: bool
    manager_id: int | None
    status: str
    total: Decimal | None
    level: str
    reasons: str

    @staticmethod
    def resolve_official_name(obj: Rating) -> str:
        return obj.official.full_name


class DisciplineCaseOut(Schema):
    id: int
    official_id: int
    official_name: str
    unit_id: int
    handler_id: int
    status: str
    summary: str
    violation_on: dt.date | None
    discovered_on: dt.date
    warranted: str
    step_due: dt.date | None
    paused_since: dt.date | None
    decided_form: str
    decision_number: str
    decided_on: dt.date | None
    effective_from: dt.date | None
    effective_to: dt.date | None

    @staticmethod
    def resolve_official_name(obj: DisciplineCase) -> str:
        return obj.official.full_name


class ProposalOut(Schema):
    id: int
    title: str
    proposer_id: int
    unit_id: int
    head_id: int | None
    status: str
    created_on: dt.date
    submitted_on: dt.date | None
    vote_due: dt.date | None
    approved_on: dt.date | None
    implementing_since: dt.date | None
    achievement: str


class NominationOut(Schema):
    id: int
    nominee_id: int
    unit_id: int
    year: int
    nominator_id: int
    basis: str
    criteria: list[str]
    achievements: str
    evidence: list[Any]
    status: str
    submitted_on: dt.date | None
    reviewed_on: dt.date | None
    supported: bool | None
    decided_on: dt.date | None
    award_form: str
    decision_number: str


class NominationPageOut(Schema):
    count: int
    items: list[NominationOut]


class RatingPageOut(Schema):
    count: int
    items: list[RatingOut]


class DisciplinePageOut(Schema):
    count: int
    items: list[DisciplineCaseOut]


class ProposalPageOut(Schema):
    count: int
    items: list[ProposalOut]


Record = Rating | DisciplineCase | Proposal | Nomination
Visible = Callable[[Official], QuerySet[Any]]


def _logged(request: OfficialRequest, records: list[Any]) -> list[Any]:
    """Every personnel record the API returns is a read of a person's record: logged."""
    record_read(request.official.user, records, f"api:{request.path}"[:120])
    return records


def _serve(
    prefix: str,
    *,
    visible: Visible,
    related: tuple[str, ...],
    order: tuple[str, ...],
    out: type[Schema],
    page_out: type[Schema],
    what: str,
) -> None:
    """The three read-only endpoints of one kind of record: `/prefix` (a page, `order`),
    `/prefix/{record_id}` and `/prefix/{record_id}/events`, each under the domain's `visible`
    (404 out of sight) and each read logged."""
    name = prefix.replace("-", "_")

    def records(request: OfficialRequest) -> QuerySet[Any]:
        return visible(request.official).select_related(*related)

    def one(request: OfficialRequest, pk: int) -> Record:
        found: Record = get_object_or_404(records(request), pk=pk)
        _logged(request, [found])
        return found

    @router.get(
        f"/{prefix}",
        response={200: page_out, **ERRORS},
        operation_id=f"list_{name}",
        description=f"The {what} the caller may see, newest first.",
    )
    def listed(request: OfficialRequest, page: Query[PageIn]) -> dict[str, Any]:
        found = records(request).order_by(*order)
        start = (page.page - 1) * page.page_size
        items = _logged(request, list(found[start : start + page.page_size]))
        return {"count": found.count(), "items": items}

    @router.get(
        f"/{prefix}/{{record_id}}",
        response={200: out, **ERRORS},
        operation_id=f"{name}_detail",
        description=f"One of the {what} the caller may see.",
    )
    def detail(request: OfficialRequest, path: Path[RecordIdIn]) -> Record:
        return one(request, path.record_id)

    @router.get(
        f"/{prefix}/{{record_id}}/events",
        response={200: list[LogEventOut], **ERRORS},
        operation_id=f"{name}_events",
        description="Its log in order, each event with its hash and the previous one's.",
    )
    def events(request: OfficialRequest, path: Path[RecordIdIn]) -> list[Any]:
        return list(one(request, path.record_id).events.order_by("seq"))


_serve(
    "ratings",
    visible=rating_access.visible,
    related=("official",),
    order=("-period", "official__full_name", "pk"),
    out=RatingOut,
    page_out=RatingPageOut,
    what="ratings",
)
_serve(
    "discipline-cases",
    visible=discipline_access.visible,
    related=("official",),
    order=("-discovered_on", "-pk"),
    out=DisciplineCaseOut,
    page_out=DisciplinePageOut,
    what="discipline cases (the personnel side, the person concerned their own, inspectors)",
)
_serve(
    "proposals",
    visible=innovation_access.visible,
    related=(),
    order=("-created_on", "-pk"),
    out=ProposalOut,
    page_out=ProposalPageOut,
    what="innovation proposals",
)
_serve(
    "nominations",
    visible=reward_access.visible,
    related=(),
    order=("-year", "-created_on", "-pk"),
    out=NominationOut,
    page_out=NominationPageOut,
    what="reward nominations (a draft only by its nominator)",
)

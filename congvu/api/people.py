"""Personnel records through the API, read-only: ratings (Decree 335/2025), discipline cases,
innovation proposals and reward nominations, each with its append-only log.

The same visibility as the pages (each domain's `access.visible`): the person concerned sees their
own, the line of management and Sở Nội vụ what the procedure gives them, inspectors read; a record
out of sight answers 404, as one that does not exist. The steps themselves are taken on the pages,
where each has its form and its document.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
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
M = TypeVar("M", bound=Model)


def _logged(request: OfficialRequest, records: list[Any]) -> list[Any]:
    """Every personnel record the API returns is a read of a person's record: logged."""
    record_read(request.official.user, records, f"api:{request.path}"[:120])
    return records


def _page(request: OfficialRequest, records: QuerySet[Any], page: PageIn) -> dict[str, Any]:
    start = (page.page - 1) * page.page_size
    items = _logged(request, list(records[start : start + page.page_size]))
    return {"count": records.count(), "items": items}


def _one(request: OfficialRequest, records: QuerySet[M], pk: int) -> M:
    found = get_object_or_404(records, pk=pk)
    _logged(request, [found])
    return found


def _events(request: OfficialRequest, record: Record) -> list[Any]:
    _logged(request, [record])
    return list(record.events.order_by("seq"))


@router.get("/ratings", response={200: RatingPageOut, **ERRORS})
def list_ratings(request: OfficialRequest, page: Query[PageIn]) -> dict[str, Any]:
    """The ratings the caller may see, newest period first."""
    records = rating_access.visible(request.official).select_related("official")
    return _page(request, records.order_by("-period", "official__full_name", "pk"), page)


@router.get("/ratings/{record_id}", response={200: RatingOut, **ERRORS})
def rating_detail(request: OfficialRequest, path: Path[RecordIdIn]) -> Rating:
    records = rating_access.visible(request.official).select_related("official")
    return _one(request, records, path.record_id)


@router.get("/ratings/{record_id}/events", response={200: list[LogEventOut], **ERRORS})
def rating_events(request: OfficialRequest, path: Path[RecordIdIn]) -> list[Any]:
    return _events(
        request, get_object_or_404(rating_access.visible(request.official), pk=path.record_id)
    )


@router.get("/discipline-cases", response={200: DisciplinePageOut, **ERRORS})
def list_cases(request: OfficialRequest, page: Query[PageIn]) -> dict[str, Any]:
    """The discipline cases the caller may see (the personnel side, the person concerned their
    own, inspectors), newest first."""
    records = discipline_access.visible(request.official).select_related("official")
    return _page(request, records.order_by("-discovered_on", "-pk"), page)


@router.get("/discipline-cases/{record_id}", response={200: DisciplineCaseOut, **ERRORS})
def case_detail(request: OfficialRequest, path: Path[RecordIdIn]) -> DisciplineCase:
    records = discipline_access.visible(request.official).select_related("official")
    return _one(request, records, path.record_id)


@router.get("/discipline-cases/{record_id}/events", response={200: list[LogEventOut], **ERRORS})
def case_events(request: OfficialRequest, path: Path[RecordIdIn]) -> list[Any]:
    records = discipline_access.visible(request.official)
    return _events(request, get_object_or_404(records, pk=path.record_id))


@router.get("/proposals", response={200: ProposalPageOut, **ERRORS})
def list_proposals(request: OfficialRequest, page: Query[PageIn]) -> dict[str, Any]:
    """The innovation proposals the caller may see, newest first."""
    records = innovation_access.visible(request.official)
    return _page(request, records.order_by("-created_on", "-pk"), page)


@router.get("/proposals/{record_id}", response={200: ProposalOut, **ERRORS})
def proposal_detail(request: OfficialRequest, path: Path[RecordIdIn]) -> Proposal:
    return _one(request, innovation_access.visible(request.official), path.record_id)


@router.get("/proposals/{record_id}/events", response={200: list[LogEventOut], **ERRORS})
def proposal_events(request: OfficialRequest, path: Path[RecordIdIn]) -> list[Any]:
    records = innovation_access.visible(request.official)
    return _events(request, get_object_or_404(records, pk=path.record_id))


@router.get("/nominations", response={200: NominationPageOut, **ERRORS})
def list_nominations(request: OfficialRequest, page: Query[PageIn]) -> dict[str, Any]:
    """The reward nominations the caller may see (a draft only by its nominator), newest first."""
    records = reward_access.visible(request.official)
    return _page(request, records.order_by("-year", "-created_on", "-pk"), page)


@router.get("/nominations/{record_id}", response={200: NominationOut, **ERRORS})
def nomination_detail(request: OfficialRequest, path: Path[RecordIdIn]) -> Nomination:
    return _one(request, reward_access.visible(request.official), path.record_id)


@router.get("/nominations/{record_id}/events", response={200: list[LogEventOut], **ERRORS})
def nomination_events(request: OfficialRequest, path: Path[RecordIdIn]) -> list[Any]:
    records = reward_access.visible(request.official)
    return _events(request, get_object_or_404(records, pk=path.record_id))

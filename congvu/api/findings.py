"""Findings (dấu hiệu) through the API: the signals the caller may see, on tasks, dossiers and
project stages, each naming its case by ``(case_type, case_id)`` with its typed detail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from pydantic import Field as PydanticField

from congvu.analytics.kinds import BY_CODE, KINDS
from congvu.api.errors import ERRORS
from congvu.api.schemas import inline_choices
from congvu.core.ids import MAX_ID, MAX_PAGE, MIN_ID
from congvu.findings.access import visible
from congvu.findings.models import Finding
from congvu.findings.queries import FindingFilter, filter_findings, with_related
from congvu.org.middleware import OfficialRequest

router = Router(tags=["findings"])

KindCode = Literal[KINDS]  # type: ignore[valid-type]  # the registry's codes, one list


class FindingOut(Schema):
    """A finding: its kind, the case it is about, the unit and official concerned, and the
    typed detail of its kind (the fields of `kind_detail_fields`)."""

    id: int
    kind: str
    kind_name: str
    evidence_shape: str
    case_type: Literal["task", "dossier", "project"]
    case_id: str = PydanticField(
        description="The task or dossier id; for a project, `<project id>/<stage>`."
    )
    unit_id: int | None
    official_id: int | None
    severity: str
    status: str
    holds: bool
    ts: dt.datetime
    detected_at: dt.datetime
    evidence: list[int] = PydanticField(description="Ids of the case's events that make it.")
    detail: dict[str, Any]

    @staticmethod
    def resolve_kind_name(obj: Finding) -> str:
        return BY_CODE[obj.kind].name if obj.kind in BY_CODE else obj.kind

    @staticmethod
    def resolve_evidence_shape(obj: Finding) -> str:
        return BY_CODE[obj.kind].shape if obj.kind in BY_CODE else "events"

    @staticmethod
    def resolve_evidence(obj: Finding) -> list[int]:
        return obj.evidence_ids


@dataclass(frozen=True)
class FindingPage:
    count: int
    page: int
    page_size: int
    items: list[Finding]


class FindingPageOut(Schema):
    count: int
    page: int
    page_size: int
    items: list[FindingOut]


class FindingFilterIn(Schema):
    kind: KindCode | None = PydanticField(None, description="Kind code (see the registry).")
    case_type: Literal["task", "dossier", "project"] | None = None
    status: Annotated[Finding.Status, inline_choices(Finding.Status)] | None = None
    unit: int | None = PydanticField(None, ge=MIN_ID, le=MAX_ID, description="Unit id concerned.")
    include_cleared: bool = PydanticField(False, description="Also those no longer holding.")
    page: int = PydanticField(1, ge=1, le=MAX_PAGE)
    page_size: int = PydanticField(50, ge=1, le=500)


@router.get("/findings", response={200: FindingPageOut, **ERRORS})
def list_findings(request: OfficialRequest, filters: Query[FindingFilterIn]) -> FindingPage:
    """Findings the caller may see (the same as on the signals page), newest first."""
    spec = FindingFilter(
        kind=filters.kind or "",
        case_type=filters.case_type or "",
        status=filters.status or "",
        unit_id=filters.unit,
        include_cleared=filters.include_cleared,
    )
    found = filter_findings(visible(request.official), spec).order_by("-ts", "-pk")
    start = (filters.page - 1) * filters.page_size
    items = list(with_related(found)[start : start + filters.page_size])
    return FindingPage(found.count(), filters.page, filters.page_size, items)


@router.get("/findings/{finding_id}", response={200: FindingOut, **ERRORS})
def finding_detail(request: OfficialRequest, finding_id: int) -> Finding:
    """One finding the caller may see (404 otherwise, as for one that does not exist)."""
    return get_object_or_404(visible(request.official), pk=finding_id)

"""The organisation through the API: the unit tree, officials (public fields only), and "me"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field as PydanticField

from congvu.api.errors import ERRORS
from congvu.core.ids import MAX_ID, MAX_PAGE, MIN_ID
from congvu.org.access import scope_of
from congvu.org.middleware import OfficialRequest
from congvu.org.models import Official, Post, Unit
from congvu.org.text import fold

router = Router(tags=["org"])


class UnitRefOut(Schema):
    """A unit as other records name it."""

    id: int
    code: str
    name: str
    short_name: str


class OfficialRefOut(Schema):
    """An official as other records name them."""

    id: int
    full_name: str


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: Unit.Kind
    kind_label: str
    parent_id: int | None
    path: str
    depth: int
    valid_from: dt.date
    valid_to: dt.date | None
    successor_id: int | None
    assigns_tasks: bool

    @staticmethod
    def resolve_kind_label(obj: Unit) -> str:
        return obj.get_kind_display()


class UnitsIn(Schema):
    active_on: dt.date | None = PydanticField(
        None, description="Only the units in force on this day (all versions when omitted)."
    )


class PostOut(Schema):
    unit: UnitRefOut
    position: str
    role: Post.Role
    role_label: str
    is_primary: bool

    @staticmethod
    def resolve_position(obj: Post) -> str:
        return obj.position.name

    @staticmethod
    def resolve_role_label(obj: Post) -> str:
        return obj.get_role_display()


class OfficialOut(Schema):
    """What any official may know about another: name, category and current posts."""

    id: int
    full_name: str
    category: Official.Category
    category_label: str
    posts: list[PostOut]

    @staticmethod
    def resolve_category_label(obj: Official) -> str:
        return obj.get_category_display()

    @staticmethod
    def resolve_posts(obj: Official) -> list[Post]:
        return list(obj.current_posts)  # type: ignore[attr-defined]  # set by Prefetch below


class OfficialsIn(Schema):
    unit: int | None = PydanticField(
        None, ge=MIN_ID, le=MAX_ID, description="Officials with a current post in it."
    )
    q: str | None = PydanticField(None, description="Name, with or without diacritics.")
    page: int = PydanticField(1, ge=1, le=MAX_PAGE)
    page_size: int = PydanticField(50, ge=1, le=200)


@dataclass(frozen=True)
class OfficialPage:
    count: int
    page: int
    page_size: int
    items: list[Official]


class OfficialPageOut(Schema):
    count: int
    page: int
    page_size: int
    items: list[OfficialOut]


class MeOut(Schema):
    """The caller and the unit ids their posts let them act in."""

    id: int
    username: str
    full_name: str
    category: Official.Category
    is_inspector: bool
    posts: list[PostOut]
    member_unit_ids: list[int]
    managed_unit_ids: list[int]
    office_unit_ids: list[int]


def _with_current_posts(officials: QuerySet[Official], on: dt.date) -> QuerySet[Official]:
    posts = (
        Post.objects.in_force(on)
        .select_related("unit", "position")
        .order_by("-is_primary", "unit__path")
    )
    return officials.prefetch_related(Prefetch("posts", queryset=posts, to_attr="current_posts"))


@router.get("/units", response={200: list[UnitOut], **ERRORS})
def list_units(request: OfficialRequest, filters: Query[UnitsIn]) -> QuerySet[Unit]:
    """The unit tree in tree order (`path`), with validity dates and successors of merged units."""
    units = Unit.objects.order_by("path")
    if filters.active_on is not None:
        units = units.in_force(filters.active_on)
    return units


@router.get("/officials", response={200: OfficialPageOut, **ERRORS})
def list_officials(request: OfficialRequest, filters: Query[OfficialsIn]) -> OfficialPage:
    """Officials with their current posts, by name; only the fields any colleague may know."""
    today = timezone.localdate()
    officials = Official.objects.order_by("full_name", "pk")
    if filters.unit is not None:
        officials = officials.filter(
            pk__in=Post.objects.in_force(today).filter(unit_id=filters.unit).values("official")
        )
    if filters.q:
        officials = officials.filter(name_folded__contains=fold(filters.q))
    start = (filters.page - 1) * filters.page_size
    page = _with_current_posts(officials, today)[start : start + filters.page_size]
    return OfficialPage(officials.count(), filters.page, filters.page_size, list(page))


@router.get("/me", response={200: MeOut, **ERRORS})
def me(request: OfficialRequest) -> MeOut:
    """The caller, their posts and the unit ids they act in."""
    official = request.official
    scope = scope_of(official)
    with_posts = _with_current_posts(Official.objects.filter(pk=official.pk), timezone.localdate())
    posts: list[Post] = with_posts.get().current_posts  # type: ignore[attr-defined]  # to_attr
    return MeOut(
        id=official.pk,
        username=official.user.get_username(),
        full_name=official.full_name,
        category=Official.Category(official.category),
        is_inspector=official.is_inspector,
        posts=posts,  # type: ignore[arg-type]  # Post rows, validated into PostOut
        member_unit_ids=sorted(scope.member_units),
        managed_unit_ids=sorted(scope.managed_units),
        office_unit_ids=sorted(scope.office_units),
    )

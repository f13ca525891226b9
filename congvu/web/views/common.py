"""What every page needs: the logged-in official, their posts and roles, and page rendering."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from congvu.org.access import Scope, scope_of
from congvu.org.middleware import OfficialRequest
from congvu.org.models import Post, Unit

R = TypeVar("R", bound=HttpResponseBase)


@dataclass(frozen=True)
class Viewer:
    """The logged-in official with their posts in force today and the roles those give."""

    posts: tuple[Post, ...]
    scope: Scope
    is_inspector: bool

    @property
    def units(self) -> list[Unit]:
        return [post.unit for post in self.posts]

    @property
    def leader_units(self) -> list[Unit]:
        return [post.unit for post in self.posts if post.role == Post.Role.LEADER]

    @property
    def head_units(self) -> list[Unit]:
        return [post.unit for post in self.posts if post.role == Post.Role.HEAD]

    @property
    def is_leader(self) -> bool:
        return bool(self.leader_units)

    @property
    def is_head(self) -> bool:
        return bool(self.head_units)

    @property
    def is_office(self) -> bool:
        return bool(self.scope.office_units)

    @property
    def can_assign(self) -> bool:
        """Offices and leaders give tasks; `assignable_units` has the final word per unit."""
        return not self.is_inspector and (self.is_office or self.is_leader)

    @property
    def can_see_overview(self) -> bool:
        return self.is_inspector or self.is_leader or self.is_head or self.is_office

    def overview_roots(self) -> list[Unit]:
        """The units whose overview the official opens first: those they lead or head, and for
        an office the People's Committee it serves."""
        roots = self.leader_units + self.head_units
        roots += [
            post.unit.parent or post.unit
            for post in self.posts
            if post.unit.assigns_tasks and post.unit.parent is not None
        ]
        unique: dict[int, Unit] = {}
        for unit in sorted(roots, key=lambda unit: unit.path):
            if not any(unit.path.startswith(kept.path) for kept in unique.values()):
                unique[unit.pk] = unit
        return list(unique.values())


def viewer(request: OfficialRequest) -> Viewer:
    """The request's Viewer, computed once (two queries: posts, and the scope's units)."""
    cached: Viewer | None = getattr(request, "_viewer", None)
    if cached is not None:
        return cached
    official = request.official
    today = timezone.localdate()
    posts = tuple(
        Post.objects.filter(official=official, start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .select_related("unit", "unit__parent", "position")
        .order_by("-is_primary", "pk")
    )
    result = Viewer(posts=posts, scope=scope_of(official), is_inspector=official.is_inspector)
    request._viewer = result  # type: ignore[attr-defined]  # per-request memo
    return result


def official_required(view: Callable[..., R]) -> Callable[..., R]:
    """Log in first; an account without an official (such as a bare admin) may not use pages."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> R:
        if getattr(request, "official", None) is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def render_page(
    request: OfficialRequest,
    template: str,
    context: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render a page with the viewer (for the navigation) in its context."""
    full = {"viewer": viewer(request), "today": timezone.localdate(), **(context or {})}
    return render(request, template, full, status=status)


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"

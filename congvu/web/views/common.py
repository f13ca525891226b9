"""What every page needs: the logged-in official, their posts and roles, and page rendering."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import Promise

from congvu.findings.access import may_analyse_logs
from congvu.org.access import Scope, scope_of
from congvu.org.middleware import OfficialRequest
from congvu.org.models import Official, Post, Unit
from congvu.tasks.access import overview_roots

R = TypeVar("R", bound=HttpResponseBase)


@dataclass(frozen=True)
class Viewer:
    """The logged-in official with their posts in force today and the roles those give."""

    official: Official
    posts: tuple[Post, ...]
    scope: Scope

    @property
    def is_inspector(self) -> bool:
        return self.official.is_inspector

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

    def overview_roots(self) -> list[Unit]:
        """The units whose overview the official opens (`tasks.access.overview_roots`)."""
        return overview_roots(self.official, self.scope)

    @property
    def can_analyse_logs(self) -> bool:
        """Whether they may analyse another system's event log (`findings.access`)."""
        return may_analyse_logs(self.official)

    @property
    def can_see_overview(self) -> bool:
        """Whether `overview_roots` has any, without the query (for the navigation)."""
        return self.is_inspector or bool(self.scope.overseen_roots)


def viewer(request: OfficialRequest) -> Viewer:
    """The request's Viewer, computed once (two queries: posts, and the scope's units)."""
    cached: Viewer | None = getattr(request, "_viewer", None)
    if cached is not None:
        return cached
    official = request.official
    today = timezone.localdate()
    posts = tuple(
        Post.objects.in_force(today)
        .filter(official=official)
        .select_related("unit", "unit__parent", "position")
        .order_by("-is_primary", "pk")
    )
    result = Viewer(official=official, posts=posts, scope=scope_of(official))
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


def view_name(request: HttpRequest) -> str:
    """The page's URL name ("people:detail"), as the read log names where a record was read."""
    match = request.resolver_match
    return match.view_name if match is not None else request.path


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


Case = TypeVar("Case")
Action = TypeVar("Action", bound=str)


@dataclass(frozen=True)
class CaseStep(Generic[Case, Action]):
    """One step of a case's procedure on its page: who may take it (`permission`, the domain's
    access rule), in which states, its form, and the action it runs with the form's data."""

    name: str
    permission: Action
    label: str | Promise
    form: type[forms.Form]
    states: tuple[str, ...]
    run: Callable[[Case, Official, dict[str, Any]], object]
    style: str = "primary"

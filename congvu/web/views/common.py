"""What every page needs: the logged-in official, their posts and roles, and page rendering."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise

from congvu.findings.access import may_analyse_logs
from congvu.investment.access import visible as projects_visible
from congvu.org.access import Scope, posts_of, scope_of
from congvu.org.middleware import OfficialRequest
from congvu.org.models import Official, Post, Unit
from congvu.people.access import is_personnel
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

    @property
    def can_report(self) -> bool:
        """Leaders, members of an office that assigns tasks, and inspectors make the monthly
        report."""
        return self.is_inspector or self.is_leader or self.is_office

    @property
    def receives_dossiers(self) -> bool:
        """Whether a post of theirs is at a public service centre (`dossiers.access.centres_of`
        without the query: the posts are loaded already)."""
        return not self.is_inspector and any(
            post.unit.kind == Unit.Kind.CENTRE and post.unit.valid_to is None for post in self.posts
        )

    # The two rules below cost a query each: computed once per request (the page's menu and its
    # view both ask). A frozen dataclass still takes a cached_property, which writes __dict__.
    @functools.cached_property
    def sees_projects(self) -> bool:
        """Whether any investment project is visible to them (inspectors: all of them)."""
        return self.is_inspector or projects_visible(self.official, self.scope).exists()

    @functools.cached_property
    def is_personnel(self) -> bool:
        """Whether they hold a post in Sở Nội vụ (`people.access.is_personnel`)."""
        return is_personnel(self.official)


def viewer(request: OfficialRequest) -> Viewer:
    """The request's Viewer, computed once (the posts, read once, and the scope's units)."""
    cached: Viewer | None = getattr(request, "_viewer", None)
    if cached is not None:
        return cached
    official = request.official
    today = timezone.localdate()
    result = Viewer(
        official=official, posts=posts_of(official, today), scope=scope_of(official, today)
    )
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


def staff_to_administration(view: Callable[..., R]) -> Callable[..., HttpResponseBase]:
    """An administrator's account that is no official's (the demo's `admin`) lands on the
    administration instead of a refusal: the pages of the units' work are not for it."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if user.is_authenticated and user.is_staff and getattr(request, "official", None) is None:
            return HttpResponseRedirect(reverse("admin:index"))
        return view(request, *args, **kwargs)

    return wrapped


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

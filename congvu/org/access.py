"""The shared pieces of every domain's access policy: an official's scope, the unit lineage, and
the one definition of "sees everything".

Roles come from an official's posts in force (`Post.objects.in_force(on)`): a member works for
their own unit; a head runs their unit and its sub-units; a leader oversees a unit's whole subtree;
members of an office that assigns tasks (Văn phòng UBND) follow up what they assigned; an inspector
reads everything and acts on nothing. Units that were merged into a unit in scope stay in scope, so
history survives mergers. The domain policies (`tasks.access`, `dossiers.access`,
`investment.access`, `findings.access`) build `visible(official)` and `can(official, action, obj)`
on these pieces only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from congvu.org.models import Official, Post, Unit


@dataclass(frozen=True)
class Scope:
    """The unit ids an official acts in, computed once per official and day."""

    member_units: frozenset[int]  # units of their posts
    managed_units: frozenset[int]  # subtrees of the units they head or lead
    office_units: frozenset[int]  # member units that assign tasks
    visible_units: frozenset[int]  # member ∪ managed, plus units merged into them
    # Tree paths under which they may give tasks: the People's Committee an office serves, and
    # the units a leader leads.
    assign_roots: tuple[str, ...]
    # The units whose overview they open: those they lead or head and the People's Committee
    # their office serves, none inside another (tree order).
    overseen_roots: tuple[Unit, ...] = ()
    # Whether they lead or head every root of the tree, so that every unit lies in `managed_units`
    # (a provincial leader): lists then skip the visibility filter the database would scan for.
    sees_every_unit: bool = False

    @property
    def acting_units(self) -> frozenset[int]:
        """The units they act for: those of their posts and those they head or lead."""
        return self.member_units | self.managed_units


def scope_of(official: Official, on: dt.date | None = None) -> Scope:
    """The scope of an official's posts in force on `on` (today by default).

    Memoised on the official instance for the day, because a page or a replay asks many times;
    `org.actions` forget it when they change posts or units.
    """
    on = on or timezone.localdate()
    cached: tuple[dt.date, Scope] | None = getattr(official, "_scope_cache", None)
    if cached is not None and cached[0] == on:
        return cached[1]
    scope = _compute_scope(official, on)
    official._scope_cache = (on, scope)  # type: ignore[attr-defined]  # per-instance memo
    return scope


def posts_of(official: Official, on: dt.date | None = None) -> tuple[Post, ...]:
    """The official's posts in force on `on` (today by default), the primary post first, each with
    its unit, the unit's parent and the position.

    Memoised on the official instance for the day like `scope_of`, which reads them too: a page
    asks for them several times (its viewer, the scope, the rating period, whom to ask) and the
    database once. The instance lives as long as the request that loaded it.
    """
    on = on or timezone.localdate()
    cached: tuple[dt.date, tuple[Post, ...]] | None = getattr(official, "_posts_cache", None)
    if cached is not None and cached[0] == on:
        return cached[1]
    posts = tuple(
        Post.objects.in_force(on)
        .filter(official=official)
        .select_related("unit", "unit__parent", "position")
        .order_by("-is_primary", "pk")
    )
    official._posts_cache = (on, posts)  # type: ignore[attr-defined]  # per-instance memo
    return posts


def forget_scope(official: Official) -> None:
    """Drop the memoised scope and posts after the official's posts changed."""
    official.__dict__.pop("_scope_cache", None)
    official.__dict__.pop("_posts_cache", None)


def sees_everything(official: Official, scope: Scope | None = None) -> bool:
    """The one definition of "sees everything": an inspector, or a leader or head of every root
    of the unit tree (the province's chair and vice-chairs). Every domain's `visible` returns its
    whole table for them."""
    return official.is_inspector or (scope or scope_of(official)).sees_every_unit


def _compute_scope(official: Official, on: dt.date) -> Scope:
    posts = posts_of(official, on)
    member = {post.unit_id for post in posts}
    offices = {post.unit_id for post in posts if post.unit.assigns_tasks}
    managing = [post for post in posts if post.role != Post.Role.MEMBER]
    managed = subtree_ids(post.unit.path for post in managing)
    visible = member | managed
    visible |= predecessor_ids(visible)
    overseen = [post.unit for post in managing] + [
        post.unit.parent for post in posts if post.unit.assigns_tasks and post.unit.parent
    ]
    return Scope(
        member_units=frozenset(member),
        managed_units=frozenset(managed),
        office_units=frozenset(offices),
        visible_units=frozenset(visible),
        assign_roots=tuple(
            sorted(
                {(post.unit.parent or post.unit).path for post in posts if post.unit.assigns_tasks}
                | {post.unit.path for post in posts if post.role == Post.Role.LEADER}
            )
        ),
        overseen_roots=tuple(outermost(overseen)),
        sees_every_unit=any(post.unit.parent_id is None for post in managing)
        and not Unit.objects.filter(parent__isnull=True).exclude(pk__in=managed).exists(),
    )


def outermost(units: Iterable[Unit]) -> list[Unit]:
    """The units none of which lies inside another, in tree order."""
    kept: list[Unit] = []
    for unit in sorted(units, key=lambda unit: unit.path):
        if not any(unit.path.startswith(other.path) for other in kept):
            kept.append(unit)
    return kept


def subtree_ids(paths: Iterable[str]) -> set[int]:
    """The ids of the units under any of the tree paths (the units themselves included)."""
    match = Q(pk__in=[])
    for path in paths:
        match |= Q(path__startswith=path)
    return set(Unit.objects.filter(match).values_list("pk", flat=True))


def predecessor_ids(unit_ids: set[int]) -> set[int]:
    """Every unit whose chain of successors leads into `unit_ids` (merged or renamed units)."""
    found: set[int] = set()
    frontier = set(unit_ids)
    while frontier:
        frontier = set(
            Unit.objects.filter(successor__in=frontier)
            .exclude(pk__in=found | unit_ids)
            .values_list("pk", flat=True)
        )
        found |= frontier
    return found


def lineage_ids(unit: Unit) -> list[int]:
    """The unit, its sub-units, and every unit merged into any of them (drill-downs, filters)."""
    subtree = subtree_ids([unit.path])
    return sorted(subtree | predecessor_ids(subtree))


def ancestor_ids(unit: Unit) -> list[int]:
    """The unit and the units above it, from the root down (read from its tree path)."""
    return [int(pk) for pk in unit.path.strip("/").split("/") if pk]


def units_run_by(official: Official, on: dt.date, scope: Scope | None = None) -> frozenset[int]:
    """The units whose own work waits on the official as their head (nearest head first): the
    units of their head and leader posts, and the units below them that no nearer head runs.

    A provincial chairman manages every unit, but a department's new tasks wait on its director,
    not on him: only a unit with no head of its own between it and the chairman is his to run.
    Two queries, whatever the size of the subtree.
    """
    scope = scope or scope_of(official, on)
    if not scope.managed_units:
        return frozenset()
    managing = Post.objects.in_force(on).filter(
        unit_id__in=scope.managed_units, role__in=(Post.Role.HEAD, Post.Role.LEADER)
    )
    own: set[int] = set()
    others: set[int] = set()
    for official_id, unit_id in managing.values_list("official_id", "unit_id"):
        (own if official_id == official.pk else others).add(unit_id)
    others -= own
    run = set()
    for pk, path in Unit.objects.filter(pk__in=scope.managed_units).values_list("pk", "path"):
        for above in reversed(path.strip("/").split("/")):
            if int(above) in own:
                run.add(pk)
                break
            if int(above) in others:
                break
    return frozenset(run)

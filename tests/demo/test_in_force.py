"""The demo's history happens in an organisation that exists: every event of every task takes
place in units in force that day, by an official with a post there, and the planted escalations
ask about decisions delegated that day."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.utils import timezone

from congvu.demo.generator import build_demo
from congvu.org.models import Delegation, Post, Unit
from congvu.tasks.models import TaskEvent

# The truth test's day: twelve months back reach before the reform of 1/7/2025, and the board
# merger falls in the middle of the period.
TODAY = dt.date(2026, 3, 2)


def _in_force(start: dt.date, end: dt.date | None, day: dt.date) -> bool:
    return start <= day and (end is None or day <= end)


def violations() -> list[str]:
    """Every event that breaks one of the rules, as `rule: event` lines (all events, no sample)."""
    units = {u.pk: u for u in Unit.objects.all()}
    posts: dict[int, list[tuple[int, int, dt.date, dt.date | None]]] = defaultdict(list)
    for official, unit, position, start, end in Post.objects.values_list(
        "official_id", "unit_id", "position_id", "start", "end"
    ):
        posts[official].append((unit, position, start, end))
    delegations: dict[tuple[int, str], list[tuple[int, dt.date, dt.date | None]]] = defaultdict(
        list
    )
    for unit, position, kind, start, end in Delegation.objects.values_list(
        "unit_id", "position_id", "decision_kind", "valid_from", "valid_to"
    ):
        delegations[(unit, kind)].append((position, start, end))

    def unit_in_force(pk: int | None, day: dt.date) -> bool:
        return pk is not None and units[pk].is_active(day)

    def holds_post(actor: int, unit: int, day: dt.date) -> bool:
        # A post in the unit itself or in a unit above it: a director accepts for a division.
        path = units[unit].path
        return any(
            path.startswith(units[post_unit].path) and _in_force(start, end, day)
            for post_unit, _position, start, end in posts[actor]
        )

    found: list[str] = []
    rows = TaskEvent.objects.order_by("pk").values_list(
        "pk", "task_id", "ts", "activity", "actor_id", "unit_id", "to_unit_id", "payload"
    )
    for pk, task, ts, activity, actor, unit, to_unit, payload in rows.iterator(chunk_size=5000):
        day = timezone.localtime(ts).date()
        where = f"event {pk} ({activity}) of task {task} on {day:%d/%m/%Y}"
        if not unit_in_force(unit, day):
            found.append(f"unit not in force: {where}, unit {unit}")
        if to_unit is not None and not unit_in_force(to_unit, day):
            found.append(f"to_unit not in force: {where}, to_unit {to_unit}")
        if activity == "create":
            for coordinator in payload.get("coordinating_units", []):
                if not unit_in_force(coordinator, day):
                    found.append(f"coordinating unit not in force: {where}, unit {coordinator}")
        if unit is not None and not holds_post(actor, unit, day):
            found.append(f"actor without a post in force: {where}, actor {actor}, unit {unit}")
        kind = payload.get("decision_kind", "") if activity == "escalate" else ""
        if kind and unit is not None:
            # Meant as "allowed to decide alone" when the kind is delegated, at some time, to a
            # position the actor holds in the unit: then post and delegation must be in force.
            meant = [
                (start, end, valid_from, valid_to)
                for post_unit, position, start, end in posts[actor]
                if post_unit == unit
                for delegated, valid_from, valid_to in delegations[(unit, kind)]
                if delegated == position
            ]
            if meant and not any(
                _in_force(start, end, day) and _in_force(valid_from, valid_to, day)
                for start, end, valid_from, valid_to in meant
            ):
                found.append(f"delegation not in force: {where}, kind {kind}")
    return found


def test_every_event_happens_in_units_posts_and_delegations_in_force(db: None) -> None:
    build_demo(seed=7, tasks=250, today=TODAY)

    found = violations()

    by_rule = Counter(line.split(":")[0] for line in found)
    assert found == [], f"{dict(by_rule)}; first: {found[:5]}"
    # Not vacuous: the wards hold tasks, and so do the boards merged away during the period.
    events = TaskEvent.objects.all()
    assert events.filter(unit__kind=Unit.Kind.COMMUNE_PC).exists()
    assert events.filter(unit__valid_to__isnull=False).exists()
    assert events.filter(activity="escalate").exclude(payload__decision_kind="").exists()

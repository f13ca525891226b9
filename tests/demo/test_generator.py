"""The demo province: its organisation, its tasks, and the ground truth it plants."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from congvu.core.eventlog import log_named, verify_log
from congvu.demo.generator import build_demo
from congvu.demo.models import PlantedPattern
from congvu.demo.truth import KINDS
from congvu.demo.units import build_org
from congvu.org.divisions import QUANG_NINH, wards_of
from congvu.org.models import Official, Post, Unit
from congvu.tasks.models import Task, TaskEvent

TODAY = dt.date(2026, 11, 27)


class _Rollback(Exception):
    pass


def _build_and_look(seed: int) -> dict[str, Any]:
    """Build a small demo, describe it by natural keys, and roll it back."""
    seen: dict[str, Any] = {}
    try:
        with transaction.atomic():
            summary = build_demo(seed=seed, tasks=300, today=TODAY)
            seen["counts"] = (summary.units, summary.officials, summary.tasks, summary.events)
            seen["patterns"] = summary.patterns
            seen["missed"] = summary.missed
            seen["rows"] = sorted(
                (
                    p.kind,
                    p.task.title,
                    p.task.created_at.isoformat(),
                    p.unit.code if p.unit else "",
                    p.official.code if p.official else "",
                    p.detail["planted"],
                )
                for p in PlantedPattern.objects.select_related("task", "unit", "official")
            )
            seen["normal_with_patterns"] = PlantedPattern.objects.filter(
                detail__scenario="normal"
            ).count()
            seen["chain"] = verify_log(log_named("task")).breaks
            seen["statuses"] = set(Task.objects.values_list("status", flat=True))
            seen["event_count_matches"] = summary.events == TaskEvent.objects.count()
            raise _Rollback
    except _Rollback:
        pass
    return seen


def test_small_demo_plants_every_kind_is_sealed_and_reproducible(db: None) -> None:
    first = _build_and_look(seed=11)
    second = _build_and_look(seed=11)

    assert first["counts"][2] == 300
    assert first["event_count_matches"]
    assert set(first["patterns"]) == set(KINDS)
    assert all(count >= 1 for count in first["patterns"].values())
    assert first["normal_with_patterns"] == 0
    assert first["chain"] == []
    assert {"done", "in_progress"} <= first["statuses"]
    assert first == second


def test_a_different_seed_gives_a_different_demo(db: None) -> None:
    with transaction.atomic():
        org_a = build_org(random.Random(1), today=TODAY, board_merge_on=dt.date(2026, 5, 1))
        names_a = [o.full_name for o in org_a.officials]
        transaction.set_rollback(True)
    with transaction.atomic():
        org_b = build_org(random.Random(2), today=TODAY, board_merge_on=dt.date(2026, 5, 1))
        names_b = [o.full_name for o in org_b.officials]
        transaction.set_rollback(True)

    assert names_a != names_b


def test_default_organisation_is_a_realistic_province(db: None) -> None:
    org = build_org(random.Random(2025), today=TODAY, board_merge_on=dt.date(2026, 5, 1))

    units = list(Unit.objects.all())
    levels = {unit.depth for unit in units}
    assert len(units) >= 40
    assert len(levels) >= 3
    assert Official.objects.count() >= 600
    assert Unit.objects.filter(kind=Unit.Kind.DEPARTMENT).count() <= 14
    assert Unit.objects.get(code="VP-UBND").assigns_tasks
    assert Unit.objects.filter(kind=Unit.Kind.COMMUNE_PC, valid_to__isnull=True).count() >= 12
    # Vietnamese names, with their diacritics.
    assert Unit.objects.filter(name="Sở Nông nghiệp và Môi trường").exists()
    assert sum(not o.full_name.isascii() for o in org.officials) > len(org.officials) / 2
    # Every unit that takes tasks has a head; the chair and vice-chairs lead UBND tỉnh.
    for code in [*org.departments, *org.communes]:
        assert Post.objects.filter(unit__code=code, role__in=["head", "leader"]).exists()
    assert Post.objects.filter(unit__code="UBND-TINH", role="leader").count() >= 4
    assert all(o.is_inspector for o in org.staff["TTRA"].members)
    # The real map: all 54 wards, communes and special zones of Quảng Ninh, with official codes.
    in_force = Unit.objects.filter(kind=Unit.Kind.COMMUNE_PC, valid_to__isnull=True)
    assert in_force.count() == 54
    assert sorted(in_force.values_list("admin_code", flat=True)) == [
        ward.code for ward in wards_of(QUANG_NINH)
    ]
    assert in_force.get(admin_code="06688").name == "Ủy ban nhân dân phường Hạ Long"
    assert in_force.filter(name__startswith="Ủy ban nhân dân đặc khu").count() == 2
    # History: the old wards were merged into phường Hồng Gai on 1/7/2025.
    hong_gai = Unit.objects.get(code="P-HONGGAI")
    assert hong_gai.predecessors.count() == 2
    assert set(hong_gai.predecessors.values_list("valid_to", flat=True)) == {dt.date(2025, 6, 30)}
    # Demo logins for each role, all with the demo password.
    assert set(org.logins) == {
        "chutich",
        "vanphong",
        "giamdoc.xd",
        "chuyenvien.xd",
        "thanhtra",
        "chutich.halong",
        "tiepnhan",
        "dautu",
    }
    chair = get_user_model().objects.get(username="chutich")
    admin = get_user_model().objects.get(username="admin")
    assert chair.check_password("congvu@2025")
    assert admin.is_superuser and admin.password == chair.password
    assert org.logins["thanhtra"].is_inspector


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_is_a_documented_choice_of_the_model(kind: str) -> None:
    assert kind in PlantedPattern.Kind.values

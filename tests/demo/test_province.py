"""The whole demo province: tasks first, then projects, dossiers and signals, resumable."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count

from congvu.demo.generator import build_demo
from congvu.demo.province import build_rest_of_demo
from congvu.dossiers.models import Dossier
from congvu.findings.models import ComputationRun, Finding
from congvu.investment.models import Project
from congvu.people.models import Rating
from congvu.people.review import review
from congvu.rewards.models import Nomination

TODAY = dt.date(2026, 11, 27)


def test_the_rest_of_the_demo_fills_a_province_whose_tasks_exist(db):
    build_demo(seed=11, tasks=150, today=TODAY)

    rest = build_rest_of_demo(seed=11, today=TODAY, dossiers=120, projects=6)

    assert Project.objects.count() == 6
    assert Dossier.objects.count() == rest.dossiers.dossiers > 100
    assert ComputationRun.objects.count() == 1
    assert Finding.objects.count() == rest.findings > 0
    # Sở Nội vụ's streamlining review has candidates, one of them deferred (a child under 36
    # months) unless they volunteer.
    candidates = review(TODAY.year, TODAY)
    assert len(candidates) >= 3
    assert any(c.candidate.deferred for c in candidates)
    assert Nomination.objects.exists() and "rewards" in rest.timings
    # The ratings show a disciplined official, a suspended one (KHTNV with their reason) and a
    # transfer: one official rated by two units in 2026 (issue 11 item 7).
    reasons = set(Rating.objects.exclude(reasons="").values_list("reasons", flat=True))
    assert any("discipline" in r for r in reasons)
    assert any("suspended" in r for r in reasons)
    assert (
        Rating.objects.filter(reasons__contains="suspended")
        .exclude(level="KHTNV")
        .filter(level__in=["HTXS", "HTT", "HTNV"])
        .count()
        == 0
    )
    moved = (
        Rating.objects.filter(period__startswith="2026-")
        .values("official")
        .annotate(units=Count("unit", distinct=True))
        .filter(units__gt=1)
    )
    assert moved.exists()


def test_the_rest_of_the_demo_is_not_built_twice(db):
    build_demo(seed=11, tasks=100, today=TODAY)
    build_rest_of_demo(seed=11, today=TODAY, dossiers=50, projects=3)
    counts = (
        Project.objects.count(),
        Dossier.objects.count(),
        ComputationRun.objects.count(),
        Nomination.objects.count(),
    )

    again = build_rest_of_demo(seed=11, today=TODAY, dossiers=50, projects=3)

    assert (again.dossiers, again.investment, again.findings) == (None, None, 0)
    assert (
        Project.objects.count(),
        Dossier.objects.count(),
        ComputationRun.objects.count(),
        Nomination.objects.count(),
    ) == counts

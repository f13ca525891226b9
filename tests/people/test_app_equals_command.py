"""The app's figures equal `congvu rating`'s on the same items: the approved ratings of March 2026
(three officials, a two-level hierarchy for the head's d) and the year, exported as ITEMS.csv and
PEOPLE.csv and rated again by the command."""

from __future__ import annotations

from decimal import Decimal

import time_machine
from django.core.management import call_command

from congvu.people import actions
from congvu.people.models import Rating
from congvu.people.queries import compute_batch, export_inputs
from tests.people.files import read
from tests.people.test_procedure import APRIL_6, MARCH, assessed, march_tasks
from tests.people.world import build_world


def rerun(batch, tmp_path, year=None):
    items, people, out = tmp_path / "items.csv", tmp_path / "people.csv", tmp_path / "out.csv"
    export_inputs(batch, items, people)
    options: dict[str, object] = {"people": str(people), "out": str(out)}
    if year is not None:
        options["year"] = year
    call_command("rating", str(items), **options)
    return {(row["period"], row["official"]): row for row in read(out)}


def test_the_approved_month_equals_the_commands_results(province, tmp_path):
    build_world(province)
    march_tasks(province)
    with time_machine.travel(APRIL_6, tick=False):
        assessed(province)
        actions.approve_unit(province.construction, MARCH, by=province.head)
        actions.approve_unit(province.construction, MARCH, by=province.chair)
        batch = compute_batch(province.construction, MARCH)

    command = rerun(batch, tmp_path)

    ratings = Rating.objects.filter(period=MARCH).select_related("official")
    assert ratings.count() == 3
    for rating in ratings:
        row = command[(MARCH, rating.official.code)]
        assert Decimal(row["total"]) == rating.total
        assert row["level"] == rating.level
        assert row["reasons"] == rating.reasons
        figures = rating.events.get(activity="approve").payload["figures"]
        assert figures == [row[c] for c in row]  # a, b, c, d, task points, general as printed


def test_the_year_equals_the_commands_year_rows(province, tmp_path):
    build_world(province)
    march_tasks(province)
    with time_machine.travel(APRIL_6, tick=False):
        official, _colleague, _head = assessed(province)
        actions.approve_unit(province.construction, MARCH, by=province.head)
        actions.self_assess(province.official, "2026", points=[Decimal(10)] * 3, note="")
        year = Rating.objects.get(official=province.official, period="2026")
        actions.review(year, by=province.head, points=[Decimal(10)] * 3)
        actions.approve_unit(province.construction, "2026", by=province.head)
        batch = compute_batch(province.construction, "2026")

    command = rerun(batch, tmp_path, year=2026)

    year.refresh_from_db()
    row = command[("2026", province.official.code)]
    assert (Decimal(row["total"]), row["level"]) == (year.total, year.level)
    assert year.total == Decimal("94.50")  # the mean of March alone

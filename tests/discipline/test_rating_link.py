"""The link discipline → rating: `rating_effects` fills the rating engine's PEOPLE.csv cells
(discipline, discipline_related, suspended) and the engine forces KHTNV."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from congvu.discipline import actions, queries
from congvu.people import overrides
from congvu.people.overrides import from_discipline
from tests.discipline.conftest import World
from tests.people.files import item, person, rate

D = dt.date


def cells(official_id: int, year: int) -> dict[str, str]:
    """The engine's cells for an official's year, from the discipline log."""
    effects = queries.rating_effects(official_id, year)
    decided = [e for e in effects if e.reason == "discipline"]
    return {
        "discipline": decided[-1].form if decided else "",
        "related": "yes" if decided else "no",
        "suspended": "yes" if any(e.reason == "suspended" for e in effects) else "no",
    }


def test_a_reprimand_decided_in_the_year_forces_khtnv(world: World, tmp_path: Path) -> None:
    case = world.open()
    world.decide(case, D(2026, 3, 10))  # khiển trách, related to duties, decided 10/3/2026
    row = rate(tmp_path, [person("S", general=10, **cells(world.person.pk, 2026))], [item("S")])
    # 10 general + 70 task = 80 points (HTT by points), forced to KHTNV by the discipline.
    assert (row[("2026-03", "S")]["total"], row[("2026-03", "S")]["level"]) == ("80.00", "KHTNV")
    assert row[("2026-03", "S")]["reasons"] == "discipline"
    # The next year nothing is forced: 80 → HTT.
    row = rate(tmp_path, [person("S", general=10, **cells(world.person.pk, 2027))], [item("S")])
    assert row[("2026-03", "S")]["level"] == "HTT"


def test_a_suspension_forces_khtnv(world: World, tmp_path: Path) -> None:
    case = world.open()
    actions.suspend(case, by=world.personnel, start=D(2026, 4, 1), end=D(2026, 5, 15))
    row = rate(tmp_path, [person("S", general=10, **cells(world.person.pk, 2026))], [item("S")])
    assert (row[("2026-03", "S")]["level"], row[("2026-03", "S")]["reasons"]) == (
        "KHTNV",
        "suspended",
    )


def test_the_app_reads_the_discipline_cases_when_it_rates(world: World) -> None:
    """people.overrides asks congvu.discipline (registered when the app starts): the decided form
    and the suspension reach the app's rating with the case they come from."""
    assert from_discipline in overrides._SOURCES
    assert overrides.overrides_for(world.person.pk, 2026) == overrides.NONE
    case = world.open()
    world.decide(case, D(2026, 3, 10))
    found = overrides.overrides_for(world.person.pk, 2026)
    assert (found.discipline, found.discipline_related, found.suspended) == (
        "khien_trach",
        True,
        False,
    )
    assert "10/03/2026" in found.reason and str(case.pk) in found.reason
    assert overrides.overrides_for(world.person.pk, 2027) == overrides.NONE

"""Writing the engines' input files and running the real commands on them."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from congvu.people.rating import ITEM_COLUMNS, PEOPLE_COLUMNS
from congvu.people.streamlining import PEOPLE_COLUMNS as STREAMLINING_PEOPLE_COLUMNS
from congvu.people.streamlining import RATING_COLUMNS


def write(path: Path, columns: Sequence[str], rows: Sequence[Mapping[str, object]]) -> Path:
    """A CSV with `columns`; a row gives only the cells that matter, the rest are empty."""
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row.get(name) is None else str(row[name]) for name in columns])
    return path


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def person(
    official: str,
    *,
    period: str = "2026-03",
    unit: str = "Sở Xây dựng",
    group: str = "Chuyên viên",
    role: str = "staff",
    manager: str = "",
    general: object = 25,
    organise: object = "",
    unite: object = "",
    discipline: str = "",
    related: str = "no",
    suspended: str = "no",
) -> dict[str, object]:
    """A PEOPLE.csv row of the rating; leaders get đ = e = 100 unless told."""
    if role == "leader":
        organise = organise or 100
        unite = unite or 100
    return {
        "period": period,
        "official": official,
        "unit": unit,
        "group": group,
        "role": role,
        "manager": manager,
        "general_points": general,
        "organise_pct": organise,
        "unite_pct": unite,
        "discipline": discipline,
        "discipline_related": related,
        "suspended": suspended,
    }


def item(
    official: str,
    coefficient: object = 1,
    *,
    period: str = "2026-03",
    completed: str = "yes",
    failures: object = 0,
    delays: object = 0,
    name: str = "Văn bản",
) -> dict[str, object]:
    return {
        "period": period,
        "official": official,
        "item": name,
        "coefficient": coefficient,
        "completed": completed,
        "quality_failures": failures,
        "delays": delays,
    }


def rate(
    tmp_path: Path,
    people: Sequence[Mapping[str, object]],
    items: Sequence[Mapping[str, object]],
    *,
    year: int | None = None,
) -> dict[tuple[str, str], dict[str, str]]:
    """Run `congvu rating` and return RESULTS.csv by (period, official)."""
    people_file = write(tmp_path / "PEOPLE.csv", PEOPLE_COLUMNS, people)
    items_file = write(tmp_path / "ITEMS.csv", ITEM_COLUMNS, items)
    out = tmp_path / "RESULTS.csv"
    options: dict[str, object] = {"people": str(people_file), "out": str(out)}
    if year is not None:
        options["year"] = year
    call_command("rating", str(items_file), **options)
    return {(row["period"], row["official"]): row for row in read(out)}


def rating_error(
    tmp_path: Path,
    people: Sequence[Mapping[str, object]],
    items: Sequence[Mapping[str, object]],
    *,
    people_columns: Sequence[str] = PEOPLE_COLUMNS,
    item_columns: Sequence[str] = ITEM_COLUMNS,
) -> str:
    """Run `congvu rating` on bad input: exit code 2, no RESULTS.csv; the message."""
    people_file = write(tmp_path / "PEOPLE.csv", people_columns, people)
    items_file = write(tmp_path / "ITEMS.csv", item_columns, items)
    out = tmp_path / "RESULTS.csv"
    with pytest.raises(CommandError) as caught:
        call_command("rating", str(items_file), people=str(people_file), out=str(out))
    assert caught.value.returncode == 2
    assert not out.exists()
    return str(caught.value)


def worker(official: str, **cells: object) -> dict[str, object]:
    """A PEOPLE.csv row of the streamlining review: nothing special unless told."""
    return {"official": official, "max_sick_days": 30, **cells}


def rating_row(official: str, year: int, level: str, provisional: str = "no") -> dict[str, object]:
    return {"official": official, "year": year, "level": level, "provisional": provisional}


def streamline(
    tmp_path: Path,
    people: Sequence[Mapping[str, object]],
    ratings: Sequence[Mapping[str, object]],
    *,
    year: int = 2026,
    on: str = "2026-11-30",
) -> dict[str, dict[str, str]]:
    """Run `congvu streamlining` and return CANDIDATES.csv by official."""
    people_file = write(tmp_path / "PEOPLE.csv", STREAMLINING_PEOPLE_COLUMNS, people)
    ratings_file = write(tmp_path / "RATINGS.csv", RATING_COLUMNS, ratings)
    out = tmp_path / "CANDIDATES.csv"
    call_command(
        "streamlining", str(ratings_file), people=str(people_file), year=year, on=on, out=str(out)
    )
    return {row["official"]: row for row in read(out)}


def streamlining_error(
    tmp_path: Path,
    people: Sequence[Mapping[str, object]],
    ratings: Sequence[Mapping[str, object]],
    *,
    on: str = "2026-11-30",
    people_columns: Sequence[str] = STREAMLINING_PEOPLE_COLUMNS,
) -> str:
    """Run `congvu streamlining` on bad input: exit code 2, no CANDIDATES.csv; the message."""
    people_file = write(tmp_path / "PEOPLE.csv", people_columns, people)
    ratings_file = write(tmp_path / "RATINGS.csv", RATING_COLUMNS, ratings)
    out = tmp_path / "CANDIDATES.csv"
    with pytest.raises(CommandError) as caught:
        call_command(
            "streamlining",
            str(ratings_file),
            people=str(people_file),
            year=2026,
            on=on,
            out=str(out),
        )
    assert caught.value.returncode == 2
    assert not out.exists()
    return str(caught.value)

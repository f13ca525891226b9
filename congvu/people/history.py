"""Rating history per person and the province's year trend (issue 11 item 5).

Years the app did not rate (2025 and earlier, under Decrees 90/2020 and 48/2023) come in by an
import of Sở Nội vụ, through the one import path (core.imports), all or nothing: one row per
official and year with the columns `ma_can_bo` (official), `nam` (year), `xep_loai` (level),
`che_do` (regime) and `so_quyet_dinh` (decision number); the English headers `official`, `year`,
`level`, `regime`, `decision_number` are read the same. The old decrees' words map to the four
levels of today — HTXSNV → HTXS, HTTNV → HTT, HTNV, KHTNV (the full words "Hoàn thành xuất sắc
nhiệm vụ", … too) — and the wording is kept as written. A year the app rated (a yearly rating with
a level) is refused for that official: the app's rating is the record. Importing a year again
replaces that official's imported row of the year (a correction by Sở Nội vụ).

Who sees a person's history: the same rule as their ratings (`people.access`): the person, a
manager recorded on one of their ratings, the heads and leaders of a unit they hold a post in or
were rated in (and of the units above), Sở Nội vụ, inspectors and those who see everything.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from congvu.core.imports import (
    Cell,
    Problems,
    Source,
    parse_whole_number,
    read_tables,
    refusal_stops_import,
    write_all_or_nothing,
)
from congvu.org.access import Scope, scope_of
from congvu.org.models import Official, Post
from congvu.org.text import fold
from congvu.people.access import reads_all, require_catalogue
from congvu.people.models import HistoricRating, Rating

LEVELS = ("HTXS", "HTT", "HTNV", "KHTNV")
COLUMNS = ("official", "year", "level", "regime", "decision_number")
ALIASES = {
    "ma_can_bo": "official",
    "ma_cong_chuc": "official",
    "nam": "year",
    "xep_loai": "level",
    "muc_xep_loai": "level",
    "che_do": "regime",
    "so_quyet_dinh": "decision_number",
    "official_code": "official",
    "decision": "decision_number",
}
REQUIRED = ("official", "year", "level")
# Folded words of a level, old and new, to the level of today.
_WORDS = {
    "htxsnv": "HTXS",
    "htxs": "HTXS",
    "hoan thanh xuat sac nhiem vu": "HTXS",
    "hoan thanh xuat sac": "HTXS",
    "httnv": "HTT",
    "htt": "HTT",
    "hoan thanh tot nhiem vu": "HTT",
    "hoan thanh tot": "HTT",
    "htnv": "HTNV",
    "hoan thanh nhiem vu": "HTNV",
    "khtnv": "KHTNV",
    "khong hoan thanh nhiem vu": "KHTNV",
}
FIRST_YEAR = 1990


def header_key(text: object) -> str:
    key = "_".join(fold(str(text or "")).replace("-", " ").split())
    return ALIASES.get(key, key)


def level_of(text: str) -> str | None:
    """The level of today for a level as written under any regime, None when unknown."""
    return _WORDS.get(" ".join(fold(text).replace(".", " ").split()))


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass(frozen=True)
class Imported:
    rows: int


def import_history(source: Source, *, by: Official, name: str = "") -> Imported:
    """Import the history file as `by` (Sở Nội vụ); raises ImportRefused naming row and column of
    every problem, and then nothing is written."""
    require_catalogue(by)
    problems = Problems()
    tables = read_tables(source, name=name, first_sheet_only=True)
    records = [record for table in tables[:1] for record in table.records(header_key)]
    # Problems name each column as the file writes it ("Mã cán bộ" or "official").
    names = {header_key(h): h for table in tables[:1] for h in table.header if h}

    def add(number: int, column: str, message: str) -> None:
        problems.add(number, names.get(column, column), message)

    present = set().union(*(row.keys() for _n, row in records)) if records else set()
    missing = [column for column in REQUIRED if records and column not in present]
    for column in missing:
        add(1, column, _("The column is missing."))
    codes = {_text(row.get("official")) for _n, row in records}
    officials = {o.code: o for o in Official.objects.filter(code__in=codes)}
    rated = set(
        Rating.objects.filter(official__code__in=codes, period__regex=r"^\d{4}$")
        .exclude(level="")
        .values_list("official__code", "period")
    )
    this_year = timezone.localdate().year
    seen: dict[tuple[str, int], int] = {}
    writes: list[tuple[int, dict[str, Any]]] = []
    for number, row in records if not missing else []:
        before = len(problems)
        for column in REQUIRED:
            if not _text(row.get(column)):
                add(number, column, _("Required."))
        code = _text(row.get("official"))
        official = officials.get(code)
        if code and official is None:
            add(number, "official", _("Unknown staff code."))
        year = 0
        if _text(row.get("year")):
            try:
                year = parse_whole_number(row.get("year"))
                if not FIRST_YEAR <= year <= this_year:
                    raise ValueError
            except ValueError:
                add(
                    number,
                    "year",
                    _("Write a year from %(first)d to %(last)d.")
                    % {"first": FIRST_YEAR, "last": this_year},
                )
                year = 0
        written = _text(row.get("level"))
        level = level_of(written) if written else None
        if written and level is None:
            add(
                number,
                "level",
                _("Unknown level; write one of HTXSNV, HTTNV, HTNV, KHTNV (or HTXS, HTT)."),
            )
        if code and year:
            if (code, str(year)) in rated:
                add(number, "year", _("This year was rated in the app; its rating is the record."))
            if (code, year) in seen:
                add(
                    number,
                    "official",
                    _("The same official and year are on row %(row)d.")
                    % {"row": seen[(code, year)]},
                )
            seen.setdefault((code, year), number)
        if len(problems) == before and official is not None and level is not None:
            writes.append(
                (
                    number,
                    {
                        "official": official,
                        "year": year,
                        "level": level,
                        "original_level": written,
                        "regime": _text(row.get("regime")),
                        "decision_number": _text(row.get("decision_number")),
                    },
                )
            )

    def write(problems: Problems) -> Imported:
        for number, values in writes:
            with refusal_stops_import(row=number):
                HistoricRating.objects.update_or_create(
                    official=values.pop("official"),
                    year=values.pop("year"),
                    defaults={**values, "imported_by": by},
                )
        return Imported(len(writes))

    return write_all_or_nothing(write, problems=problems)


# Visibility --------------------------------------------------------------------------------------


def can_see_history(viewer: Official, person: Official, scope: Scope | None = None) -> bool:
    """Whether `viewer` may read `person`'s ratings over the years (see the module)."""
    if viewer.pk == person.pk:
        return True
    scope = scope or scope_of(viewer)
    if reads_all(viewer, scope):
        return True
    if Rating.objects.filter(official=person, manager=viewer).exists():
        return True
    units = set(Post.objects.in_force(timezone.localdate()).filter(official=person).values_list(
        "unit_id", flat=True
    ))  # fmt: skip
    units |= set(Rating.objects.filter(official=person).values_list("unit_id", flat=True))
    return bool(units & scope.managed_units)


# The person's years and the province's trend -----------------------------------------------------


@dataclass(frozen=True)
class Year:
    """One year of a person's history: imported (`historic`) or rated in the app (`rating`)."""

    year: int
    level: str
    written: str
    regime: str
    decision: str
    historic: HistoricRating | None = None
    rating: Rating | None = None


def years_of(person: Official) -> list[Year]:
    """The person's yearly ratings, newest first: the app's (approved or later) and the imported."""
    found = [
        Year(h.year, h.level, h.original_level, h.regime, h.decision_number, historic=h)
        for h in HistoricRating.objects.filter(official=person)
    ]
    found += [
        Year(int(r.period), r.level, r.level, _("Decree 335/2025/NĐ-CP"), "", rating=r)
        for r in Rating.objects.filter(official=person, period__regex=r"^\d{4}$")
        .exclude(level="")
        .select_related("unit")
    ]
    return sorted(found, key=lambda y: -y.year)


def year_trend() -> list[tuple[int, list[int], int]]:
    """Per year: how many officials at each level (HTXS, HTT, HTNV, KHTNV) and in all, from the
    imported history and the app's yearly ratings with a level (the app's rating wins for an
    official and year present in both)."""
    levels: dict[tuple[int, int], str] = {}
    for official_id, year, level in HistoricRating.objects.values_list(
        "official_id", "year", "level"
    ):
        levels[(official_id, year)] = level
    for official_id, period, level in (
        Rating.objects.filter(period__regex=r"^\d{4}$")
        .exclude(level="")
        .values_list("official_id", "period", "level")
    ):
        levels[(official_id, int(period))] = level
    counts: dict[int, Counter[str]] = {}
    for (_official, year), level in levels.items():
        counts.setdefault(year, Counter())[level] += 1
    return [
        (year, [counts[year][level] for level in LEVELS], sum(counts[year].values()))
        for year in sorted(counts)
    ]

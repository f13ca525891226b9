"""What forces KHTNV whatever the points (Decree 335/2025 Art. 20; Decree 170/2025 Art. 56(5)(b)):
discipline of khiển trách or heavier related to public duties, decided in the rating year, and
suspension from work in the year.

The records live in congvu.discipline (another branch, below people in the layers). This module is
the seam: `overrides_for(official_id, year)` asks every registered source; the lead connects
discipline's query with `register_source` at merge (in PeopleConfig.ready). Until then no source
is registered and nobody is forced to KHTNV by the app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Overrides:
    """The recorded facts of one official and year, as the engine reads them (PEOPLE.csv):
    `discipline` is "" or one of khien_trach, canh_cao, cach_chuc, buoc_thoi_viec; `reason` is the
    text shown to the people concerned (decision number, date)."""

    discipline: str = ""
    discipline_related: bool = False
    suspended: bool = False
    reason: str = ""


NONE = Overrides()
Source = Callable[[int, int], Overrides | None]
_SOURCES: list[Source] = []


def register_source(source: Source) -> None:
    """Add a source of overrides: a function (official_id, year) -> Overrides or None."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def unregister_source(source: Source) -> None:
    if source in _SOURCES:
        _SOURCES.remove(source)


def overrides_for(official_id: int, year: int) -> Overrides:
    """The first recorded override of the official in `year` (NONE when there is none)."""
    for source in _SOURCES:
        found = source(official_id, year)
        if found is not None and (found.discipline or found.suspended):
            return found
    return NONE

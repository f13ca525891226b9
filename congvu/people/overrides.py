"""What forces KHTNV whatever the points (Decree 335/2025 Art. 20; Decree 170/2025 Art. 56(5)(b)):
discipline of khiển trách or heavier related to public duties, decided in the rating year, and
suspension from work in the year.

The records live in congvu.discipline (below people in the layers): `overrides_for(official_id,
year)` asks every registered source, and the discipline cases are the one source the app
registers (`from_discipline`, in PeopleConfig.ready). A source is a function, so that records
imported from earlier systems can be added the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _


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


# The engine's order of the forms, lightest first (PEOPLE.csv `discipline`).
_FORMS = ("khien_trach", "canh_cao", "cach_chuc", "buoc_thoi_viec")


def from_discipline(official_id: int, year: int) -> Overrides | None:
    """The official's discipline decisions and suspensions of `year` (congvu.discipline): the
    heaviest decided form related to duties, and whether they were suspended from work."""
    from congvu.discipline.queries import rating_effects  # the app registry is ready by now

    effects = rating_effects(official_id, year)
    if not effects:
        return None
    decided = [e for e in effects if e.reason == "discipline" and e.form in _FORMS]
    heaviest = max(decided, key=lambda e: _FORMS.index(e.form)) if decided else None
    suspended = [e for e in effects if e.reason == "suspended"]
    reasons = []
    if heaviest is not None:
        reasons.append(
            _("discipline decided on %(day)s (case %(case)s)")
            % {"day": f"{heaviest.on:%d/%m/%Y}", "case": heaviest.case_id}
        )
    if suspended:
        reasons.append(
            _("suspended from work from %(day)s (case %(case)s)")
            % {"day": f"{suspended[0].on:%d/%m/%Y}", "case": suspended[0].case_id}
        )
    return Overrides(
        discipline=heaviest.form if heaviest else "",
        discipline_related=heaviest is not None,
        suspended=bool(suspended),
        reason="; ".join(reasons),
    )

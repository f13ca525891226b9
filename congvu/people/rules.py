"""The rule tables of the engines (rules/*.json), read into typed, frozen values.

A rating regime is chosen by rating year and person type (công chức today); its thresholds and the
articles it rests on are data, so a corrected article number or a new decree is an edit of the JSON,
not of the engine. No Django here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal

RULES = Path(__file__).resolve().parent / "rules"

Method = Literal["points", "criteria"]
DisciplineCounts = Literal["related_to_duties", "any"]


@dataclass(frozen=True)
class Regime:
    """One legal regime of the rating: Decree 335/2025 (points) or Decrees 90/2020 + 48/2023
    (criteria), for the years first_year..last_year (None: open)."""

    id: str
    title: str
    person_types: tuple[str, ...]
    first_year: int
    last_year: int | None
    method: Method
    discipline_forms: frozenset[str]
    discipline_counts: DisciplineCounts
    quota_htxs_per_htt: Decimal
    articles: dict[str, str]
    # Decree 335 (points).
    general_max: int = 30
    task_weight: Decimal = Decimal("0.7")
    deduction_per_failure: Decimal = Decimal("0.25")
    levels: tuple[tuple[str, int], ...] = ()
    leader_d_threshold: int = 50
    leader_d_full: int = 100
    leader_d_reduced: int = 50
    leader_steps: tuple[int, ...] = (100, 50)
    # Decrees 90/48 (criteria).
    staff_htnv_max_deficient_pct: int = 20
    leader_htt_subordinates_pct: int = 100
    leader_htnv_subordinates_pct: int = 70

    def covers(self, year: int, person_type: str) -> bool:
        return (
            person_type in self.person_types
            and self.first_year <= year
            and (self.last_year is None or year <= self.last_year)
        )


def _regime(data: dict[str, Any]) -> Regime:
    common: dict[str, Any] = {
        "id": data["id"],
        "title": data["title"],
        "person_types": tuple(data["person_types"]),
        "first_year": int(data["first_year"]),
        "last_year": data["last_year"],
        "method": data["method"],
        "discipline_forms": frozenset(data["discipline_forms"]),
        "discipline_counts": data["discipline_counts"],
        "quota_htxs_per_htt": Decimal(data["quota_htxs_per_htt"]),
        "articles": dict(data["articles"]),
    }
    if data["method"] == "points":
        d = data["leader_d"]
        return Regime(
            **common,
            general_max=int(data["general_max"]),
            task_weight=Decimal(data["task_weight"]),
            deduction_per_failure=Decimal(data["deduction_per_failure"]),
            levels=tuple((str(name), int(floor)) for name, floor in data["levels"]),
            leader_d_threshold=int(d["all_at_least"]),
            leader_d_full=int(d["full"]),
            leader_d_reduced=int(d["reduced"]),
            leader_steps=tuple(int(step) for step in data["leader_steps"]),
        )
    return Regime(
        **common,
        staff_htnv_max_deficient_pct=int(data["staff_htnv_max_deficient_pct"]),
        leader_htt_subordinates_pct=int(data["leader_htt_subordinates_pct"]),
        leader_htnv_subordinates_pct=int(data["leader_htnv_subordinates_pct"]),
    )


@cache
def rating_regimes() -> tuple[Regime, ...]:
    data = json.loads((RULES / "rating.json").read_text(encoding="utf-8"))
    return tuple(_regime(item) for item in data["regimes"])


def regime_for(year: int, person_type: str = "cong_chuc") -> Regime | None:
    """The regime that rates `person_type` in rating year `year`, or None (before 2020)."""
    for regime in rating_regimes():
        if regime.covers(year, person_type):
            return regime
    return None


@dataclass(frozen=True)
class StreamliningRules:
    """Decree 154/2025: the article cited for each ground, and the deferrals."""

    decree: str
    verified: bool
    grounds: dict[str, str]
    deferral: str
    child_months: int
    waived_by_volunteering: frozenset[str]
    always_deferred: frozenset[str]


@cache
def streamlining_rules() -> StreamliningRules:
    data = json.loads((RULES / "streamlining.json").read_text(encoding="utf-8"))
    return StreamliningRules(
        decree=data["decree"],
        verified=bool(data["verified"]),
        grounds=dict(data["grounds"]),
        deferral=data["deferral"],
        child_months=int(data["child_months"]),
        waived_by_volunteering=frozenset(data["deferrals_waived_by_volunteering"]),
        always_deferred=frozenset(data["deferrals_always"]),
    )

"""The rating engine (đánh giá, xếp loại chất lượng công chức): work items and people in, one
result per official and period (and per year) out. Pure functions over plain rows; no Django.

Contract: `congvu rating ITEMS.csv --people PEOPLE.csv [--year YYYY] --out RESULTS.csv`, issue 11
item 3, explained with its readings of the decrees in docs/ratings.md. The regime is chosen by the
period's year (rules/rating.json): Decree 335/2025 (points) from 2026, Decrees 90/2020 + 48/2023
(criteria) for 2020–2025.

Arithmetic: the items are summed exactly (Decimal) and every ratio is carried with 60 significant
digits (PRECISION), far below anything that could move a half-up rounding at two decimals for
inputs a spreadsheet holds; the only rounding is half-up to two decimals at the end, and a level is
read from the total as printed, so that the sheet a person receives and the level on it agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Literal

from congvu.people.rules import Regime, regime_for
from congvu.people.tables import (
    DUPLICATE,
    InputError,
    Record,
    Rows,
    gettext_noop,
    round2,
)

PEOPLE_COLUMNS = (
    "period",
    "official",
    "unit",
    "group",
    "role",
    "manager",
    "general_points",
    "organise_pct",
    "unite_pct",
    "discipline",
    "discipline_related",
    "suspended",
)
ITEM_COLUMNS = (
    "period",
    "official",
    "item",
    "coefficient",
    "completed",
    "quality_failures",
    "delays",
)
RESULT_COLUMNS = (
    "period",
    "official",
    "a",
    "b",
    "c",
    "d",
    "task_points",
    "general_points",
    "total",
    "level",
    "reasons",
)

Role = Literal["staff", "leader"]
HTXS, HTT, HTNV, KHTNV = "HTXS", "HTT", "HTNV", "KHTNV"
# Reasons, in the order they are printed.
NO_ITEMS, DISCIPLINE, SUSPENDED, QUOTA = "no_items", "discipline", "suspended", "quota"
REASON_ORDER = (NO_ITEMS, DISCIPLINE, SUSPENDED, QUOTA)
PRECISION = 60

ROLES = {
    "staff": "staff",
    "leader": "leader",
    "chuyen_vien": "staff",
    "cong_chuc": "staff",
    "lanh_dao": "leader",
    "quan_ly": "leader",
}
DISCIPLINE_FORMS = {
    "khien_trach": "khien_trach",
    "canh_cao": "canh_cao",
    "cach_chuc": "cach_chuc",
    "buoc_thoi_viec": "buoc_thoi_viec",
}
LEADER_STEPS = {"100": "100", "50": "50", "100%": "100", "50%": "50"}

NO_REGIME = gettext_noop("there are no rating rules for the year %(year)s")
UNKNOWN_OFFICIAL = gettext_noop("official “%(value)s” is not in %(people)s")
NO_PERIOD_ROW = gettext_noop("official “%(official)s” has no row in %(people)s for %(value)s")
UNKNOWN_MANAGER = gettext_noop("manager “%(value)s” has no row in this file for %(period)s")
MANAGER_CYCLE = gettext_noop("the chain of managers from “%(value)s” comes back to itself")


@dataclass(frozen=True)
class PersonPeriod:
    """One row of PEOPLE.csv: an official in a period (month "2026-03" or quarter "2026-Q1")."""

    period: str
    year: int
    official: str
    unit: str
    group: str
    role: Role
    manager: str
    general_points: Decimal
    organise_pct: Decimal | None
    unite_pct: Decimal | None
    discipline: str
    discipline_related: bool
    suspended: bool
    row: int = 0


@dataclass
class Work:
    """The items of one official and period, summed with their coefficients (hệ số quy đổi):
    assigned = A; completed, quality and timely are the numerators of a, b and c; sound is the part
    completed without any quality failure or delay (the criteria regime's "đảm bảo")."""

    assigned: Decimal = Decimal(0)
    completed: Decimal = Decimal(0)
    quality: Decimal = Decimal(0)
    timely: Decimal = Decimal(0)
    sound: Decimal = Decimal(0)

    def add(self, other: Work) -> None:
        self.assigned += other.assigned
        self.completed += other.completed
        self.quality += other.quality
        self.timely += other.timely
        self.sound += other.sound


@dataclass(frozen=True)
class Result:
    """One row of RESULTS.csv (figures exact; `printed` is the total as printed)."""

    period: str
    official: str
    unit: str
    group: str
    a: Decimal | None
    b: Decimal | None
    c: Decimal | None
    d: Decimal | None
    task_points: Decimal | None
    general_points: Decimal
    total: Decimal | None
    level: str
    reasons: tuple[str, ...] = field(default=())

    @property
    def printed(self) -> Decimal | None:
        return None if self.total is None else round2(self.total)

    def cells(self) -> list[str | Decimal]:
        # Numbers stay Decimal, so that the export helper never takes a negative one for the
        # start of a formula; written with their two decimals ("80.00").
        def number(value: Decimal | None) -> str | Decimal:
            return "" if value is None else round2(value)

        return [
            self.period,
            self.official,
            number(self.a),
            number(self.b),
            number(self.c),
            number(self.d),
            number(self.task_points),
            number(self.general_points),
            number(self.total),
            self.level,
            ";".join(self.reasons),
        ]


# Reading -----------------------------------------------------------------------------------------


def _person(record: Record) -> PersonPeriod:
    period, year = record.period("period")
    regime = regime_for(year)
    if regime is None:
        raise record.error("period", NO_REGIME, year=year)
    role: Role = "leader" if record.choice("role", ROLES) == "leader" else "staff"
    leader = role == "leader"
    organise = record.choice("organise_pct", LEADER_STEPS, required=leader)
    unite = record.choice("unite_pct", LEADER_STEPS, required=leader)
    return PersonPeriod(
        period=period,
        year=year,
        official=record.text("official"),
        unit=record.text("unit"),
        group=record.text("group", required=False),
        role=role,
        manager=record.text("manager", required=False),
        general_points=record.between("general_points", 0, regime.general_max),
        organise_pct=Decimal(organise) if organise else None,
        unite_pct=Decimal(unite) if unite else None,
        discipline=record.choice("discipline", DISCIPLINE_FORMS, required=False),
        discipline_related=record.yes_no("discipline_related", empty=False),
        suspended=record.yes_no("suspended", empty=False),
        row=record.row,
    )


def read_people(table: Rows) -> list[PersonPeriod]:
    """PEOPLE.csv: one row per official and period; every manager must have a row in the same
    period, and no chain of managers may loop."""
    people: list[PersonPeriod] = []
    seen: dict[tuple[str, str], int] = {}
    for record in table.records(PEOPLE_COLUMNS):
        person = _person(record)
        key = (person.period, person.official)
        if key in seen:
            raise record.error("official", DUPLICATE, value=person.official, other=seen[key])
        seen[key] = record.row
        people.append(person)
    by_key = {(person.period, person.official): person for person in people}
    for person in people:
        if person.manager and (person.period, person.manager) not in by_key:
            raise InputError(
                table.file,
                person.row,
                "manager",
                UNKNOWN_MANAGER,
                value=person.manager,
                period=person.period,
            )
    for person in people:
        # Walk up from each person; a chain longer than the period's head count has looped.
        current, steps = person, 0
        while current.manager:
            current = by_key[(current.period, current.manager)]
            steps += 1
            if current is person or steps > len(people):
                raise InputError(
                    table.file, person.row, "manager", MANAGER_CYCLE, value=person.official
                )
    return people


def read_items(
    table: Rows, people: Sequence[PersonPeriod], *, people_file: str = "PEOPLE.csv"
) -> dict[tuple[str, str], Work]:
    """ITEMS.csv summed per (period, official); each item's official must have a PEOPLE row for
    that period. A completed item counts in b with max(0, 1 − 0.25·quality_failures) of its
    coefficient, and in c with max(0, 1 − 0.25·delays)."""
    officials = {person.official for person in people}
    rows = {(person.period, person.official) for person in people}
    work: dict[tuple[str, str], Work] = defaultdict(Work)
    # The hot loop of the command (~170,000 rows for the demo province): the same few periods,
    # coefficients and words repeat on every row, so each distinct text is checked once, through
    # the Record readers that also word the error, and then looked up.
    periods: dict[str, tuple[str, Regime]] = {}
    coefficients: dict[str, Decimal] = {}
    answers: dict[str, bool] = {}
    zero, one = Decimal(0), Decimal(1)
    with localcontext(prec=PRECISION):
        for record in table.records(ITEM_COLUMNS):
            text = record.cell("period")
            known = periods.get(text)
            if known is None:
                period, year = record.period("period")
                regime = regime_for(year)
                if regime is not None:
                    periods[text] = (period, regime)
            else:
                period, regime = known
            official = record.text("official")
            if official not in officials:
                raise record.error("official", UNKNOWN_OFFICIAL, value=official, people=people_file)
            if (period, official) not in rows:
                raise record.error(
                    "period", NO_PERIOD_ROW, value=period, official=official, people=people_file
                )
            assert regime is not None  # the PEOPLE row of this period has one
            text = record.cell("coefficient")
            coefficient = coefficients.get(text)
            if coefficient is None:
                coefficient = coefficients[text] = record.positive("coefficient")
            text = record.cell("completed")
            completed = answers.get(text)
            if completed is None:
                completed = answers[text] = record.yes_no("completed")
            failures = record.count("quality_failures", empty=0)
            delays = record.count("delays", empty=0)
            sums = work[(period, official)]
            sums.assigned += coefficient
            if completed:
                sums.completed += coefficient
                if failures == 0 and delays == 0:
                    sums.quality += coefficient
                    sums.timely += coefficient
                    sums.sound += coefficient
                else:
                    step = regime.deduction_per_failure
                    sums.quality += coefficient * max(zero, one - step * failures)
                    sums.timely += coefficient * max(zero, one - step * delays)
    return dict(work)


# Rating ------------------------------------------------------------------------------------------


def _descendants(people: Mapping[str, PersonPeriod]) -> dict[str, list[str]]:
    """Everyone whose chain of managers reaches each official (within one period)."""
    below: dict[str, list[str]] = defaultdict(list)
    for official, person in people.items():
        seen = {official}
        manager = person.manager
        while manager and manager in people and manager not in seen:
            below[manager].append(official)
            seen.add(manager)
            manager = people[manager].manager
    return below


def _bottom_up(people: Mapping[str, PersonPeriod]) -> list[str]:
    """Officials deepest first, so that a leader is rated after everyone below them."""

    def depth(official: str) -> int:
        steps, manager, seen = 0, people[official].manager, {official}
        while manager and manager in people and manager not in seen:
            seen.add(manager)
            steps += 1
            manager = people[manager].manager
        return steps

    return sorted(people, key=lambda official: (-depth(official), official))


def _overrides(person: PersonPeriod, regime: Regime) -> tuple[str, ...]:
    """Reasons that force KHTNV whatever the points: discipline (khiển trách or heavier; under
    Decree 335 only when related to public duties, Law 80/2025 Art. 38(4)) and suspension."""
    reasons: list[str] = []
    if person.discipline in regime.discipline_forms and (
        person.discipline_related or regime.discipline_counts == "any"
    ):
        reasons.append(DISCIPLINE)
    if person.suspended:
        reasons.append(SUSPENDED)
    return tuple(reasons)


def _level_by_points(printed: Decimal, regime: Regime) -> str:
    for level, floor in regime.levels:
        if printed >= floor:
            return level
    return KHTNV


def _criteria_level(deficient_pct: Decimal, regime: Regime) -> str:
    """Decree 90/2020 Art. 8–11 for a công chức without a post, read on the items: all items
    completed on time and without a quality failure → HTT (HTXS needs "vượt mức" evidence the
    items do not carry); at most 20 % of them (by coefficient) not — HTNV; more → KHTNV."""
    if deficient_pct == 0:
        return HTT
    if deficient_pct <= regime.staff_htnv_max_deficient_pct:
        return HTNV
    return KHTNV


LEVEL_RANK = {HTXS: 0, HTT: 1, HTNV: 2, KHTNV: 3}


def rate_period(
    people: Sequence[PersonPeriod], work: Mapping[tuple[str, str], Work], regime: Regime
) -> list[Result]:
    """Rate everyone of one period (all rows share `period`), before the quota."""
    by_official = {person.official: person for person in people}
    below = _descendants(by_official)
    results: dict[str, Result] = {}
    # Leaders' d reads the points (or, under the criteria regime, the level) of everyone below
    # them before any override; those without items do not count.
    standing: dict[str, Decimal | str] = {}
    for official in _bottom_up(by_official):
        person = by_official[official]
        sums = work.get((person.period, official))
        overrides = _overrides(person, regime)
        general = person.general_points
        if sums is None or sums.assigned == 0:
            results[official] = Result(
                person.period, official, person.unit, person.group, None, None, None, None,
                None, general, None, "", (NO_ITEMS, *overrides),
            )  # fmt: skip
            continue
        assigned = sums.assigned
        a = 100 * sums.completed / assigned
        b = 100 * sums.quality / assigned
        c = 100 * sums.timely / assigned
        others = [standing[name] for name in below.get(official, ()) if name in standing]
        d: Decimal | None = None
        if regime.method == "points":
            task: Decimal | None
            weight = regime.task_weight
            if person.role == "leader":
                assert person.organise_pct is not None and person.unite_pct is not None
                everyone_passes = all(
                    isinstance(points, Decimal) and points >= regime.leader_d_threshold
                    for points in others
                )
                d = Decimal(regime.leader_d_full if everyone_passes else regime.leader_d_reduced)
                steps = person.organise_pct + person.unite_pct
                task = (a + b + c + d + steps) / 6 * weight
            else:
                task = (a + b + c) / 3 * weight
            total: Decimal | None = general + task
            assert total is not None
            printed = round2(total)
            standing[official] = printed
            level = _level_by_points(printed, regime)
        else:
            task, total = None, None
            deficient = 100 * (assigned - sums.sound) / assigned
            level = _criteria_level(deficient, regime)
            standing[official] = level
            if person.role == "leader":
                passing = sum(1 for other in others if LEVEL_RANK[str(other)] <= LEVEL_RANK[HTNV])
                d = Decimal(100 * passing) / len(others) if others else Decimal(100)
                if d < regime.leader_htnv_subordinates_pct:
                    level = KHTNV
                elif (
                    d < regime.leader_htt_subordinates_pct and LEVEL_RANK[level] < LEVEL_RANK[HTNV]
                ):
                    level = HTNV
        if overrides:
            level = KHTNV
        results[official] = Result(
            person.period, official, person.unit, person.group, a, b, c, d, task, general,
            total, level, overrides,
        )  # fmt: skip
    return [results[person.official] for person in people]


def apply_quota(results: Sequence[Result], regime_ratio: Decimal) -> list[Result]:
    """Per period and per (unit, group): keep the largest number k of HTXS such that, once the
    others are moved to HTT, k ≤ ratio × (number at HTT) — for 20 %, 5·k ≤ HTT, never rounded up.
    The highest printed totals keep HTXS; officials tied at the cut all move (the command cannot
    choose between them; in the app the head decides and the choice is recorded)."""
    ratio = Fraction(regime_ratio)
    groups: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for index, result in enumerate(results):
        groups[(result.period, result.unit, result.group)].append(index)
    out = list(results)
    for indexes in groups.values():
        top = [i for i in indexes if results[i].level == HTXS]
        good = sum(1 for i in indexes if results[i].level == HTT)
        if not top:
            continue
        # k ≤ ratio·(good + len(top) − k)  ⇔  k ≤ ratio·(good + len(top)) / (1 + ratio)
        keep = min(len(top), int(ratio * (good + len(top)) / (1 + ratio)))
        printed = {i: results[i].printed or Decimal(0) for i in top}
        ranked = sorted(top, key=printed.__getitem__, reverse=True)
        if keep < len(ranked):
            cut = printed[ranked[keep]]
            keep = sum(1 for i in ranked[:keep] if printed[i] != cut)
        for i in ranked[keep:]:
            out[i] = replace(results[i], level=HTT, reasons=(*results[i].reasons, QUOTA))
    return out


def _mean(values: Sequence[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


def _year_rows_by_points(year: int, rows: Sequence[tuple[PersonPeriod, Result]]) -> list[Result]:
    """Decree 335: the year's total is the mean of the period totals (periods with items); any
    period's discipline or suspension makes the year KHTNV."""
    by_official: dict[str, list[tuple[PersonPeriod, Result]]] = defaultdict(list)
    for person, result in rows:
        by_official[person.official].append((person, result))
    regime = regime_for(year)
    assert regime is not None
    out: list[Result] = []
    for official in sorted(by_official):
        entries = sorted(by_official[official], key=lambda entry: entry[0].period)
        last = entries[-1][0]
        overrides = tuple(
            reason
            for reason in (DISCIPLINE, SUSPENDED)
            if any(reason in result.reasons for _, result in entries)
        )
        rated = [result for _, result in entries if result.total is not None]
        if not rated:
            general = _mean([result.general_points for _, result in entries])
            out.append(
                Result(
                    str(year),
                    official,
                    last.unit,
                    last.group,
                    None,
                    None,
                    None,
                    None,
                    None,
                    general,
                    None,
                    "",
                    (NO_ITEMS, *overrides),
                )  # fmt: skip
            )
            continue

        def mean_of(values: Iterable[Decimal | None]) -> Decimal | None:
            present = [value for value in values if value is not None]
            return _mean(present) if present else None

        total = _mean([result.total for result in rated if result.total is not None])
        level = KHTNV if overrides else _level_by_points(round2(total), regime)
        out.append(
            Result(
                str(year),
                official,
                last.unit,
                last.group,
                mean_of(result.a for result in rated),
                mean_of(result.b for result in rated),
                mean_of(result.c for result in rated),
                mean_of(result.d for result in rated),
                mean_of(result.task_points for result in rated),
                _mean([result.general_points for result in rated]),
                total,
                level,
                overrides,
            )  # fmt: skip
        )
    return out


def _year_rows_by_criteria(
    year: int,
    rows: Sequence[tuple[PersonPeriod, Result]],
    work: Mapping[tuple[str, str], Work],
    regime: Regime,
) -> list[Result]:
    """Decrees 90/48 rate the year itself: the year's items summed, the person as in their last
    period of the year (unit, group, role, manager), any discipline or suspension of the year."""
    entries: dict[str, list[PersonPeriod]] = defaultdict(list)
    for person, _ in rows:
        entries[person.official].append(person)
    label = str(year)
    people: list[PersonPeriod] = []
    year_work: dict[tuple[str, str], Work] = {}
    for official in sorted(entries):
        periods = sorted(entries[official], key=lambda person: person.period)
        last = periods[-1]
        disciplined = [person for person in periods if DISCIPLINE in _overrides(person, regime)]
        people.append(
            replace(
                last,
                period=label,
                manager=last.manager if last.manager in entries else "",
                general_points=sum((p.general_points for p in periods), Decimal(0)) / len(periods),
                discipline=disciplined[0].discipline if disciplined else "",
                discipline_related=bool(disciplined) and disciplined[0].discipline_related,
                suspended=any(person.suspended for person in periods),
            )
        )
        sums = Work()
        for person in periods:
            if (person.period, official) in work:
                sums.add(work[(person.period, official)])
        year_work[(label, official)] = sums
    return rate_period(people, year_work, regime)


def rate(
    people: Sequence[PersonPeriod],
    work: Mapping[tuple[str, str], Work],
    *,
    year: int | None = None,
) -> list[Result]:
    """Every period row (sorted by period, then official), then, with `year`, one row per official
    of that year with period = the year; the quota applied to each."""
    with localcontext(prec=PRECISION):
        return _rate(people, work, year=year)


def _rate(
    people: Sequence[PersonPeriod],
    work: Mapping[tuple[str, str], Work],
    *,
    year: int | None,
) -> list[Result]:
    by_period: dict[str, list[PersonPeriod]] = defaultdict(list)
    for person in people:
        by_period[person.period].append(person)
    results: list[Result] = []
    paired: list[tuple[PersonPeriod, Result]] = []
    for period in sorted(by_period):
        members = sorted(by_period[period], key=lambda person: person.official)
        regime = regime_for(members[0].year)
        assert regime is not None  # checked when reading
        rated = apply_quota(rate_period(members, work, regime), regime.quota_htxs_per_htt)
        results.extend(rated)
        paired.extend(zip(members, rated, strict=True))
    if year is not None:
        regime = regime_for(year)
        in_year = [(person, result) for person, result in paired if person.year == year]
        if regime is not None and in_year:
            if regime.method == "points":
                year_rows = _year_rows_by_points(year, in_year)
            else:
                year_rows = _year_rows_by_criteria(year, in_year, work, regime)
            results.extend(apply_quota(year_rows, regime.quota_htxs_per_htt))
    return results


def run_rating(items: Rows, people: Rows, *, year: int | None = None) -> list[Result]:
    """Check and rate ITEMS and PEOPLE (read by the shared import path); the rows of RESULTS are
    `result.cells()` under RESULT_COLUMNS. Raises InputError at the first bad cell."""
    periods = read_people(people)
    work = read_items(items, periods, people_file=people.file)
    return rate(periods, work, year=year)

"""Streamlining candidates (tinh giản biên chế, Decree 154/2025): a review list for Sở Nội vụ,
never a decision. Ratings and people in, one row per official with a ground out. Pure functions; no
Django.

Contract: `congvu streamlining RATINGS.csv --people PEOPLE.csv --year YYYY [--on DATE] --out
CANDIDATES.csv`, issue 12 item 2, with its readings explained in docs/streamlining.md. The article
cited for each ground is data (rules/streamlining.json).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from congvu.people.rules import StreamliningRules, streamlining_rules
from congvu.people.tables import (
    DUPLICATE,
    Record,
    Rows,
    gettext_noop,
)

RATING_COLUMNS = ("official", "year", "level", "provisional")
PEOPLE_COLUMNS = (
    "official",
    "sick_days_previous_year",
    "sick_days_this_year",
    "max_sick_days",
    "youngest_child_born",
    "pregnant",
    "maternity_leave",
    "under_discipline_review",
    "under_prosecution",
    "under_inspection",
    "volunteers",
)
CANDIDATE_COLUMNS = ("official", "grounds", "deferred", "deferral_reasons", "rule")

LEVELS = {
    "htxs": "HTXS",
    "htt": "HTT",
    "htnv": "HTNV",
    "khtnv": "KHTNV",
    "hoan_thanh_xuat_sac_nhiem_vu": "HTXS",
    "hoan_thanh_tot_nhiem_vu": "HTT",
    "hoan_thanh_nhiem_vu": "HTNV",
    "khong_hoan_thanh_nhiem_vu": "KHTNV",
}
# Grounds and deferral reasons, in the order they are printed.
GROUNDS = ("khtnv_previous_year", "khtnv_this_year", "sick_days")
DEFERRALS = (
    "pregnant",
    "maternity_leave",
    "child_under_36_months",
    "discipline_review",
    "prosecution",
    "inspection",
)

UNKNOWN_OFFICIAL = gettext_noop("official “%(value)s” is not in %(people)s")
NOT_YEAR = gettext_noop("“%(value)s” is not a year")
BORN_AFTER = gettext_noop("%(value)s is after the review date %(on)s")
NEGATIVE = gettext_noop("%(value)s must be 0 or more")


@dataclass(frozen=True)
class Person:
    """One row of PEOPLE.csv (sick days counted as the insurance agency confirms them)."""

    official: str
    sick_days_previous_year: Decimal
    sick_days_this_year: Decimal
    max_sick_days: Decimal | None
    youngest_child_born: dt.date | None
    pregnant: bool
    maternity_leave: bool
    under_discipline_review: bool
    under_prosecution: bool
    under_inspection: bool
    volunteers: bool


@dataclass(frozen=True)
class Rating:
    """One row of RATINGS.csv."""

    official: str
    year: int
    level: str
    provisional: bool
    row: int


@dataclass(frozen=True)
class Candidate:
    """One row of CANDIDATES.csv."""

    official: str
    grounds: tuple[str, ...]
    deferral_reasons: tuple[str, ...]
    rule: tuple[str, ...]

    @property
    def deferred(self) -> bool:
        return bool(self.deferral_reasons)

    def cells(self) -> list[str]:
        return [
            self.official,
            ";".join(self.grounds),
            "yes" if self.deferred else "no",
            ";".join(self.deferral_reasons),
            ";".join(self.rule),
        ]


def _days(record: Record, column: str) -> Decimal:
    if not record.cell(column):
        return Decimal(0)
    days = record.decimal(column)
    if days < 0:
        raise record.error(column, NEGATIVE, value=record.cell(column))
    return days


def _person(record: Record, on: dt.date) -> Person:
    previous = _days(record, "sick_days_previous_year")
    this = _days(record, "sick_days_this_year")
    # The maximum depends on the person's insurance years and working conditions and is
    # confirmed by the insurance agency; it may be left empty only for someone with no sick days.
    maximum: Decimal | None = None
    if record.cell("max_sick_days") or previous or this:
        maximum = record.positive("max_sick_days")
    born = record.date("youngest_child_born", required=False)
    if born is not None and born > on:
        raise record.error("youngest_child_born", BORN_AFTER, value=born.isoformat(), on=on)
    return Person(
        official=record.text("official"),
        sick_days_previous_year=previous,
        sick_days_this_year=this,
        max_sick_days=maximum,
        youngest_child_born=born,
        pregnant=record.yes_no("pregnant", empty=False),
        maternity_leave=record.yes_no("maternity_leave", empty=False),
        under_discipline_review=record.yes_no("under_discipline_review", empty=False),
        under_prosecution=record.yes_no("under_prosecution", empty=False),
        under_inspection=record.yes_no("under_inspection", empty=False),
        volunteers=record.yes_no("volunteers", empty=False),
    )


def read_people(table: Rows, *, on: dt.date) -> dict[str, Person]:
    people: dict[str, Person] = {}
    rows: dict[str, int] = {}
    for record in table.records(PEOPLE_COLUMNS):
        person = _person(record, on)
        if person.official in people:
            raise record.error(
                "official", DUPLICATE, value=person.official, other=rows[person.official]
            )
        people[person.official] = person
        rows[person.official] = record.row
    return people


def read_ratings(
    ratings: Rows, people: Mapping[str, Person], *, people_file: str = "PEOPLE.csv"
) -> dict[tuple[str, int], Rating]:
    """RATINGS.csv by (official, year). An official may have a provisional and a final row for a
    year: the final one counts. Two final (or two provisional) rows for one year are an error."""
    final: dict[tuple[str, int], Rating] = {}
    provisional: dict[tuple[str, int], Rating] = {}
    for record in ratings.records(RATING_COLUMNS):
        official = record.text("official")
        if official not in people:
            raise record.error("official", UNKNOWN_OFFICIAL, value=official, people=people_file)
        text = record.text("year")
        if not (text.isascii() and text.isdigit() and len(text) == 4):
            raise record.error("year", NOT_YEAR, value=text)
        rating = Rating(
            official=official,
            year=int(text),
            level=record.choice("level", LEVELS),
            provisional=record.yes_no("provisional", empty=False),
            row=record.row,
        )
        table = provisional if rating.provisional else final
        key = (official, rating.year)
        if key in table:
            raise record.error("official", DUPLICATE, value=official, other=table[key].row)
        table[key] = rating
    return {**provisional, **final}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; a day the month lacks becomes its last day (29/2 → 28/2)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def candidates(
    people: Mapping[str, Person],
    ratings: Mapping[tuple[str, int], Rating],
    *,
    year: int,
    on: dt.date,
    rules: StreamliningRules | None = None,
) -> list[Candidate]:
    """Officials with a ground under Decree 154/2025 in review year `year`, sorted by official,
    with the deferrals that hold on `on` (a child is under 36 months until the day before the
    date 36 calendar months after the birth)."""
    rules = rules or streamlining_rules()
    out: list[Candidate] = []
    for official in sorted(people):
        person = people[official]
        grounds: list[str] = []
        previous = ratings.get((official, year - 1))
        if previous is not None and previous.level == "KHTNV":
            grounds.append("khtnv_previous_year")
        this = ratings.get((official, year))
        if this is not None and this.level == "KHTNV":
            grounds.append("khtnv_this_year")
        maximum = person.max_sick_days
        if maximum is not None and (
            person.sick_days_previous_year >= maximum or person.sick_days_this_year >= maximum
        ):
            grounds.append("sick_days")
        if not grounds:
            continue
        born = person.youngest_child_born
        facts = {
            "pregnant": person.pregnant,
            "maternity_leave": person.maternity_leave,
            "child_under_36_months": born is not None and on < add_months(born, rules.child_months),
            "discipline_review": person.under_discipline_review,
            "prosecution": person.under_prosecution,
            "inspection": person.under_inspection,
        }
        reasons = tuple(
            reason
            for reason in DEFERRALS
            if facts[reason] and not (person.volunteers and reason in rules.waived_by_volunteering)
        )
        out.append(
            Candidate(
                official=official,
                grounds=tuple(grounds),
                deferral_reasons=reasons,
                rule=tuple(rules.grounds[ground] for ground in grounds),
            )
        )
    return out


def run_streamlining(ratings: Rows, people: Rows, *, year: int, on: dt.date) -> list[Candidate]:
    """Check RATINGS and PEOPLE (read by the shared import path) and list the candidates; the
    rows of CANDIDATES are `candidate.cells()` under CANDIDATE_COLUMNS. Raises InputError at the
    first bad cell."""
    persons = read_people(people, on=on)
    by_year = read_ratings(ratings, persons, people_file=people.file)
    return candidates(persons, by_year, year=year, on=on)

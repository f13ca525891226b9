"""The streamlining review in the app (Decree 154/2025): the candidates of a year with the evidence
behind each ground, for Sở Nội vụ — never a decision; a decision is recorded by a person, with its
document number.

The same engine as `congvu streamlining` (congvu.people.streamlining.candidates) fed from the
app's records instead of files: the yearly ratings (period "YYYY"; provisional until final), the
personnel records Sở Nội vụ keeps (sick-leave days, family facts, prosecution, inspection,
volunteering; imported in the PEOPLE.csv layout of the command), and the discipline cases under
review (from the notice of review to the decision), which the app knows better than any file.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congvu.core.errors import ActionError
from congvu.core.imports import Source
from congvu.discipline.models import UNDER_REVIEW, DisciplineCase
from congvu.org.models import Official, Post
from congvu.people import files, streamlining
from congvu.people.access import is_personnel
from congvu.people.models import PersonnelRecord, Rating, StreamliningDecision
from congvu.people.tables import InputError, gettext_noop

GROUND_LABELS = {
    "khtnv_previous_year": gettext_lazy("Rated KHTNV in the previous year"),
    "khtnv_this_year": gettext_lazy("Rated KHTNV in the year reviewed"),
    "sick_days": gettext_lazy("Sick-leave days at or over the maximum"),
}
DEFERRAL_LABELS = {
    "pregnant": gettext_lazy("pregnant"),
    "maternity_leave": gettext_lazy("on maternity leave"),
    "child_under_36_months": gettext_lazy("raising a child under 36 months"),
    "discipline_review": gettext_lazy("under discipline review"),
    "prosecution": gettext_lazy("under prosecution"),
    "inspection": gettext_lazy("under inspection or audit"),
}
FINAL = (Rating.Status.FINAL,)
UNKNOWN_CODE = gettext_noop("no official has the code “%(value)s”")


@dataclass
class Review:
    """One candidate with the records behind each ground and the decisions already recorded."""

    official: Official
    unit_name: str
    candidate: streamlining.Candidate
    ratings: list[Rating] = field(default_factory=list)
    records: list[PersonnelRecord] = field(default_factory=list)
    cases: list[DisciplineCase] = field(default_factory=list)
    decisions: list[StreamliningDecision] = field(default_factory=list)

    @property
    def grounds(self) -> list[str]:
        return [str(GROUND_LABELS[g]) for g in self.candidate.grounds]

    @property
    def deferrals(self) -> list[str]:
        return [str(DEFERRAL_LABELS[d]) for d in self.candidate.deferral_reasons]


def may_read(official: Official) -> bool:
    return is_personnel(official) or official.is_inspector


def may_decide(official: Official) -> bool:
    return is_personnel(official) and not official.is_inspector


def review(year: int, on: dt.date, *, unit_ids: Iterable[int] | None = None) -> list[Review]:
    """The candidates of review year `year` as of `on`, by unit then name."""
    officials = Official.objects.filter(
        pk__in=Post.objects.in_force(on).values("official_id"), is_inspector=False
    )
    if unit_ids is not None:
        officials = officials.filter(
            pk__in=Post.objects.in_force(on).filter(unit_id__in=list(unit_ids)).values("official")
        )
    people = {o.pk: o for o in officials}
    records: dict[int, dict[int, PersonnelRecord]] = defaultdict(dict)
    for record in PersonnelRecord.objects.filter(official__in=people, year__in=(year - 1, year)):
        records[record.official_id][record.year] = record
    ratings: dict[int, list[Rating]] = defaultdict(list)
    for rating in Rating.objects.filter(
        official__in=people, period__in=(str(year - 1), str(year))
    ).exclude(level=""):
        ratings[rating.official_id].append(rating)
    cases: dict[int, list[DisciplineCase]] = defaultdict(list)
    for case in DisciplineCase.objects.filter(official__in=people, status__in=UNDER_REVIEW):
        cases[case.official_id].append(case)

    persons: dict[str, streamlining.Person] = {}
    by_year: dict[tuple[str, int], streamlining.Rating] = {}
    for pk in people:
        mine = records.get(pk, {})
        this, previous = mine.get(year), mine.get(year - 1)
        latest = this or previous
        if latest is None and pk not in ratings:
            continue
        maximum = next(
            (r.max_sick_days for r in (this, previous) if r and r.max_sick_days is not None), None
        )
        persons[str(pk)] = streamlining.Person(
            official=str(pk),
            sick_days_previous_year=previous.sick_days if previous else Decimal(0),
            sick_days_this_year=this.sick_days if this else Decimal(0),
            max_sick_days=maximum,
            youngest_child_born=latest.youngest_child_born if latest else None,
            pregnant=bool(latest and latest.pregnant),
            maternity_leave=bool(latest and latest.maternity_leave),
            under_discipline_review=bool(cases.get(pk)),
            under_prosecution=bool(latest and latest.under_prosecution),
            under_inspection=bool(latest and latest.under_inspection),
            volunteers=bool(latest and latest.volunteers),
        )
        for rating in ratings.get(pk, []):
            by_year[(str(pk), int(rating.period))] = streamlining.Rating(
                official=str(pk),
                year=int(rating.period),
                level=rating.level,
                provisional=rating.status not in FINAL,
                row=0,
            )
    found = streamlining.candidates(persons, by_year, year=year, on=on)
    ids = [int(c.official) for c in found]
    units = {
        post.official_id: post.unit.name
        for post in Post.objects.in_force(on)
        .filter(official_id__in=ids)
        .select_related("unit")
        .order_by("is_primary", "-pk")  # the primary post last: it wins
    }
    decisions: dict[int, list[StreamliningDecision]] = defaultdict(list)
    for decision in StreamliningDecision.objects.filter(official_id__in=ids, year=year):
        decisions[decision.official_id].append(decision)
    out = [
        Review(
            official=people[int(c.official)],
            unit_name=units.get(int(c.official), ""),
            candidate=c,
            ratings=sorted(ratings.get(int(c.official), []), key=lambda r: r.period),
            records=[r for y, r in sorted(records.get(int(c.official), {}).items())],
            cases=cases.get(int(c.official), []),
            decisions=decisions.get(int(c.official), []),
        )
        for c in found
    ]
    return sorted(out, key=lambda r: (r.unit_name, r.official.full_name))


def import_records(source: Source, *, by: Official, year: int, name: str = "") -> int:
    """Sở Nội vụ's personnel records of `year` (and the previous year's sick days) from a file in
    the PEOPLE.csv layout of `congvu streamlining`, `official` being the official's code. All or
    nothing; InputError or FileRefused name the row and column. The file's
    `under_discipline_review` is not stored: the app reads its own discipline cases."""
    if not may_decide(by):
        raise PermissionDenied
    rows = files.read(source, name=name or "PEOPLE.csv")
    people = streamlining.read_people(rows, on=dt.date(year, 12, 31))
    officials = {o.code: o for o in Official.objects.filter(code__in=list(people))}
    column = [str(name).strip() for name in rows.header].index("official")
    for number, cells in rows.rows:
        code = str(cells[column]).strip() if column < len(cells) else ""
        if code not in officials:
            raise InputError(rows.file, number, "official", UNKNOWN_CODE, value=code)
    with transaction.atomic():
        for code, person in people.items():
            official = officials[code]
            PersonnelRecord.objects.update_or_create(
                official=official,
                year=year,
                defaults={
                    "sick_days": person.sick_days_this_year,
                    "max_sick_days": person.max_sick_days,
                    "youngest_child_born": person.youngest_child_born,
                    "pregnant": person.pregnant,
                    "maternity_leave": person.maternity_leave,
                    "under_prosecution": person.under_prosecution,
                    "under_inspection": person.under_inspection,
                    "volunteers": person.volunteers,
                    "recorded_by": by,
                },
            )
            PersonnelRecord.objects.update_or_create(
                official=official,
                year=year - 1,
                defaults={
                    "sick_days": person.sick_days_previous_year,
                    "max_sick_days": person.max_sick_days,
                    "recorded_by": by,
                },
            )
    return len(people)


@transaction.atomic
def record_decision(
    *,
    by: Official,
    official: Official,
    year: int,
    outcome: str,
    number: str,
    decided_on: dt.date,
    note: str = "",
) -> StreamliningDecision:
    """Record a decision taken on a candidate (by the competent person, outside congvu)."""
    if not may_decide(by):
        raise PermissionDenied
    if outcome not in StreamliningDecision.Outcome.values:
        raise ActionError(_("Choose the outcome of the decision."))
    if not number.strip():
        raise ActionError(_("The decision's document number is required."))
    return StreamliningDecision.objects.create(
        official=official,
        year=year,
        outcome=outcome,
        number=number.strip(),
        decided_on=decided_on,
        note=note.strip(),
        recorded_by=by,
    )

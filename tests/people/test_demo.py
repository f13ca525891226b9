"""The people part of the demo on a small province: Sở Nội vụ and its login, job positions and
placements, monthly ratings taken to every state (final months, the last month as far as the
unit's turn: self-assessed, approved or petitioned)."""

from __future__ import annotations

import datetime as dt
import random

from congvu.org.actions import create_unit
from congvu.org.models import Unit
from congvu.people.demo import build_people_demo
from congvu.people.models import JobPosition, PersonnelUnit, Placement, Rating
from tests.factories import make_official
from tests.people.world import held_task

D = dt.date


def test_people_demo_rates_the_busiest_unit_month_by_month(province):
    snv = create_unit(code="SNV", name="Sở Nội vụ", kind=Unit.Kind.DEPARTMENT,
                      parent=province.province_pc)  # fmt: skip
    officer = make_official("Vũ Thúy Yến", unit=snv)
    p = province
    held_task(p, p.official, created=D(2026, 1, 5), due=D(2026, 1, 20), completed=D(2026, 1, 15))
    held_task(p, p.colleague, created=D(2026, 1, 6), due=D(2026, 1, 22), completed=D(2026, 1, 21))
    held_task(p, p.official, created=D(2026, 2, 2), due=D(2026, 2, 12), completed=D(2026, 2, 10))

    count = build_people_demo(rng=random.Random(1), today=D(2026, 3, 10), units=1)

    officer.user.refresh_from_db()
    assert officer.user.username == "noivu"
    assert PersonnelUnit.objects.filter(unit=snv).exists()
    assert JobPosition.objects.filter(unit=p.construction).count() == 1
    assert Placement.objects.filter(official__in=[p.official, p.colleague]).count() == 2
    # Three people of the department (head, official, colleague) × two months.
    assert count == 6
    january = dict(Rating.objects.filter(period="2026-01").values_list("official", "status"))
    assert january == {p.official.pk: "final", p.colleague.pk: "final", p.head.pk: "final"}
    # The last month of the first unit stops at self-assessment.
    february = set(Rating.objects.filter(period="2026-02").values_list("status", flat=True))
    assert february == {"self_assessed"}
    # Running again changes nothing (the demo resumes, it does not duplicate).
    assert build_people_demo(rng=random.Random(1), today=D(2026, 3, 10), units=1) == 0

"""The demo's discipline cases and proposals: built in the background part only, every state."""

from __future__ import annotations

import datetime as dt
import random

from congvu.core.eventlog import log_named, verify_log
from congvu.demo.generator import build_demo
from congvu.discipline.demo import build_discipline_demo
from congvu.discipline.models import DisciplineCase
from congvu.discipline.queries import limitation_deadline
from congvu.innovation.models import Proposal

TODAY = dt.date(2026, 11, 27)


def test_the_demo_has_cases_and_proposals_in_every_state(db: None) -> None:
    build_demo(seed=11, tasks=100, today=TODAY)
    assert not DisciplineCase.objects.exists()  # the tasks part builds none

    built = build_discipline_demo(rng=random.Random(14), today=TODAY)

    statuses = set(DisciplineCase.objects.values_list("status", flat=True))
    assert {"detected", "council", "in_effect", "lapsed", "no_violation", "exempted"} <= statuses
    assert DisciplineCase.objects.filter(paused_since__isnull=False).count() == 1
    near = [
        c
        for c in DisciplineCase.objects.filter(status="detected")
        if (deadline := limitation_deadline(c)) is not None
        and deadline <= TODAY + dt.timedelta(days=30)
    ]
    assert len(near) == 1
    assert set(Proposal.objects.values_list("status", flat=True)) == set(Proposal.Status.values)
    assert built.cases == DisciplineCase.objects.count()
    for name in ("discipline", "proposal"):
        assert verify_log(log_named(name)).intact

"""The demo's nominations: built in the background part only, in every state, each with the
evidence of the nominee's panel, one citing a signal accepted as justified."""

from __future__ import annotations

import datetime as dt
import random

from congvu.core.eventlog import log_named, verify_log
from congvu.demo.generator import build_demo
from congvu.discipline.demo import build_discipline_demo
from congvu.findings.jobs import run_scheduled
from congvu.findings.models import Finding
from congvu.people.demo import personnel_officer
from congvu.rewards.demo import build_rewards_demo
from congvu.rewards.models import Nomination
from congvu.rewards.queries import evidence_panel, parse_keys

TODAY = dt.date(2026, 11, 27)


def test_the_demo_has_nominations_in_every_state_with_evidence(db: None) -> None:
    build_demo(seed=11, tasks=400, today=TODAY)
    assert not Nomination.objects.exists()  # the tasks part builds none
    build_discipline_demo(rng=random.Random(14), today=TODAY, personnel=personnel_officer())
    run_scheduled()

    built = build_rewards_demo(rng=random.Random(15), today=TODAY, personnel=personnel_officer())

    assert set(Nomination.objects.values_list("status", flat=True)) == set(Nomination.Status.values)
    assert built.nominations == Nomination.objects.count() >= 6
    assert Nomination.objects.filter(award_form="province_merit").count() == 1
    for nomination in Nomination.objects.all():
        held = evidence_panel(nomination.nominee, nomination.year).keys
        linked = set(parse_keys(nomination.evidence))
        assert linked and linked <= held
    kinds = {kind for n in Nomination.objects.all() for kind, _id in n.evidence}
    assert {"task", "finding", "proposal"} <= kinds
    assert Finding.objects.filter(status="justified").count() == 1
    assert verify_log(log_named("nomination")).intact

"""The dossier demo on a small province: dossiers through the actions, ground truth kept."""

import datetime as dt
import random

from congvu.core.eventlog import log_named, verify_log
from congvu.dossiers.demo import build_dossier_demo
from congvu.dossiers.models import Dossier, DossierEvent, PlantedDossierPattern, Procedure


def test_demo_builds_dossiers_with_their_events_and_planted_patterns(desk):
    result = build_dossier_demo(rng=random.Random(3), today=dt.date(2025, 12, 15), count=300)

    assert Dossier.objects.count() == result.dossiers > 290
    assert DossierEvent.objects.count() == result.events
    assert Procedure.objects.filter(code="1.004227").exists()
    assert PlantedDossierPattern.objects.count() == 3
    assert Dossier.objects.filter(status=Dossier.Status.RETURNED).count() > 150
    assert Dossier.objects.filter(finished_on__isnull=True).exists()
    assert verify_log(log_named("dossier")).breaks == []


def test_demo_exercises_the_portal_statuses_pauses_and_missed_new_dates(desk):
    from congvu.dossiers.models import Activity
    from congvu.dossiers.queries import missed_promises

    build_dossier_demo(rng=random.Random(3), today=dt.date(2025, 12, 15), count=600)

    done = set(DossierEvent.objects.values_list("activity", flat=True).distinct())
    assert {
        Activity.SUBMIT,
        Activity.ACCEPT,
        Activity.NOT_RECEIVE,
        Activity.REQUEST_FEES,
        Activity.RECEIVE_FEES,
        Activity.WITHDRAW,
        Activity.STOP,
        Activity.APOLOGISE,
    } <= done
    assert Dossier.objects.filter(status=Dossier.Status.NOT_RECEIVED).exists()
    assert missed_promises(Dossier.objects.all(), today=dt.date(2025, 12, 15)).exists()
    assert verify_log(log_named("dossier")).breaks == []

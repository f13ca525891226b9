"""Truth: on a small demo province, the stored findings match the generator's planted patterns."""

import datetime as dt
import importlib.util
import time
from collections import defaultdict
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from congvu.findings.models import Finding, Kind

DEMO_MISSING = importlib.util.find_spec("congvu.demo.generator") is None
TODAY = dt.date(2026, 3, 2)
SEED = 7
TASKS = 400
THRESHOLD = 0.9


def detected_pairs() -> dict[str, set[int]]:
    """The tasks each kind was found in, by the definition the demo's truth uses for that kind:
    unit-level ping-pongs (the truth has no official-level ones) and only unjustified refusals
    (the truth records the refusals that are questionable, the detector every refusal)."""
    found: dict[str, set[int]] = defaultdict(set)
    rows = Finding.objects.filter(holds=True, task__isnull=False).values_list(
        "kind", "task_id", "official_id", "detail"
    )
    for kind, task, official, detail in rows:
        if kind == Kind.PING_PONG and official is not None:
            continue
        if kind == Kind.REFUSAL and not detail.endswith(":unjustified"):
            continue
        found[kind].add(task)
    return found


def planted_pairs() -> dict[str, set[int]]:
    from congvu.demo.models import PlantedPattern

    truth: dict[str, set[int]] = defaultdict(set)
    for kind, task in PlantedPattern.objects.values_list("kind", "task_id"):
        truth[kind].add(task)
    return truth


def scores(found: set[int], truth: set[int]) -> tuple[float, float]:
    hits = len(found & truth)
    precision = hits / len(found) if found else (1.0 if not truth else 0.0)
    recall = hits / len(truth) if truth else 1.0
    return precision, recall


@pytest.fixture(scope="module")
def demo_scores(django_db_setup, django_db_blocker):
    """Build the demo once for the module, compute findings, keep the scores, roll it all back."""
    if DEMO_MISSING:
        pytest.skip("congvu.demo.generator is not in this checkout yet")
    from congvu.demo.generator import build_demo
    from congvu.findings.jobs import compute_findings

    with django_db_blocker.unblock(), transaction.atomic():
        # The evening of the demo's `today` in the province (18:00 UTC would be 01:00 the next
        # day there, and a task due today would be overdue for the detectors but not the truth).
        evening = dt.datetime.combine(TODAY, dt.time(18, 0), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
        with time_machine.travel(evening, tick=False):
            build_demo(seed=SEED, tasks=TASKS, today=TODAY)
            started = time.perf_counter()
            compute_findings()
            seconds = time.perf_counter() - started
        found, truth = detected_pairs(), planted_pairs()
        transaction.set_rollback(True)
    print(f"\ncompute_findings on the demo ({TASKS} tasks): {seconds:.1f} s")
    for kind in Kind.values:
        precision, recall = scores(found[kind], truth[kind])
        print(
            f"{kind:18} found={len(found[kind]):4} truth={len(truth[kind]):4} "
            f"precision={precision:.2f} recall={recall:.2f}"
        )
    return {kind: (found[kind], truth[kind]) for kind in Kind.values}


# Marked, so that pytest-django sets the test database up for the module fixture too.
@pytest.mark.django_db
@pytest.mark.parametrize("kind", Kind.values)
def test_findings_reach_the_planted_truth(demo_scores, kind):
    found, truth = demo_scores[kind]

    precision, recall = scores(found, truth)

    assert truth, f"the demo planted no {kind}"
    assert precision >= THRESHOLD, sorted(found - truth)
    assert recall >= THRESHOLD, sorted(truth - found)

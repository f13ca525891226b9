"""Work items of a unit's month with and without the coordination items (fair attribution), and the
capacity page's figures (workloads, median, fit) for the same unit and month.

Usage:

    .venv/bin/python bench/capacity.py [--tasks 600] [--runs 5]

A fresh SQLite file gets the demo organisation and `--tasks` task lives of the demo generator
(with their input requests); then, for the busiest unit and month, it prints the medians of
`--runs` runs of: `work_items` without the coordination items (the baseline, measured in the same
run by leaving them out), `work_items` as the ratings read it, and `unit_capacity`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TODAY = dt.date(2026, 11, 27)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=600)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.tasks, args.runs)
        return
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{Path(scratch) / 'bench.sqlite3'}"
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "congvu.settings"}
        command = [sys.executable, __file__, "--worker", "--tasks", str(args.tasks)]
        subprocess.run([*command, "--runs", str(args.runs)], env=env, check=True)


def _median_ms(run: object, runs: int) -> float:
    assert callable(run)
    run()  # warm
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def worker(tasks: int, runs: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from congvu.demo.generator import build_demo
    from congvu.org.models import Unit
    from congvu.people import queries
    from congvu.people.capacity import members, unit_capacity
    from congvu.tasks.models import InputRequest

    call_command("migrate", verbosity=0)
    build_demo(seed=11, tasks=tasks, today=TODAY)
    # The unit that answered the most input requests, in the month it answered the most: the
    # coordination items weigh most there.
    busiest = (
        InputRequest.objects.filter(status="answered")
        .annotate(month=TruncMonth("answered_at"))
        .values("to_unit", "month")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    assert busiest is not None
    unit = Unit.objects.get(pk=busiest["to_unit"])
    month_day = busiest["month"]
    month = f"{month_day.year}-{month_day.month:02d}"
    start, end = queries.period_bounds(month)
    ids = [o.pk for o in members(unit, min(end, TODAY))]
    real = queries.coordination_items

    def items() -> int:
        return len(queries.work_items(ids, start, end, as_of=TODAY))

    def without() -> int:
        queries.coordination_items = lambda *_args: []  # type: ignore[assignment]
        try:
            return items()
        finally:
            queries.coordination_items = real

    baseline = _median_ms(without, runs)
    with_coordination = _median_ms(items, runs)
    capacity = _median_ms(lambda: unit_capacity(unit, month, as_of=TODAY), runs)
    print(
        f"{unit.code} {month}: {len(ids)} members, {without()} task items, "
        f"{items() - without()} coordination items"
    )
    print(f"work_items without coordination items: {baseline:.1f} ms (median of {runs})")
    print(
        f"work_items with coordination items:    {with_coordination:.1f} ms "
        f"(×{with_coordination / baseline:.2f})"
    )
    print(f"unit_capacity (workloads, median, fit): {capacity:.1f} ms")


if __name__ == "__main__":
    main()

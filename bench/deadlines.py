"""What judging tasks by the deadline as it stood costs the overview's count (issue 10).

Usage:

    .venv/bin/python bench/deadlines.py [--tasks 2000] [--runs 15]

Builds `--tasks` tasks of the demo province (`congvu.demo.generator.build_demo`) into a fresh SQLite
file, then times the one GROUP BY behind the overview and the monthly report
(`tasks.queries.counts_by_lead_unit`) over every task, three ways, in the same run:

- baseline: the count as it was before issue 10, comparing with the `due` column (the deadline in
  force today, moved by every extension, late ones included);
- as of today and as of a past month's end: the count through `tasks.deadlines.deadline_at`, which
  reads the log of the extended tasks only.

Prints the median milliseconds and the ratio to the baseline, and how many tasks were extended.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TODAY = dt.date(2026, 12, 7)
PAST = dt.date(2026, 6, 30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.tasks, args.runs)
        return
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{Path(scratch) / 'deadlines.sqlite3'}"
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "congvu.settings"}
        command = [
            sys.executable,
            __file__,
            "--worker",
            "--tasks",
            str(args.tasks),
            "--runs",
            str(args.runs),
        ]
        done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"{result['tasks']} tasks, {result['events']} events, {result['extended']} extended "
        f"({result['late']} late grants); SQLite; median of {args.runs} runs; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    base = result["timings"]["baseline: due column (before issue 10)"]
    print(f"{'count over every task':48} {'median ms':>10} {'ratio':>7}")
    for name, median in result["timings"].items():
        print(f"{name:48} {median:10.1f} {median / base:6.2f}x")


def worker(tasks: int, runs: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db.models import Count, F, Q

    from congvu.demo.generator import build_demo
    from congvu.tasks.models import Task, TaskEvent
    from congvu.tasks.queries import Category, counts_by_lead_unit

    call_command("migrate", verbosity=0)
    build_demo(seed=settings.CONGVU_DEMO_SEED, tasks=tasks, today=TODAY)

    def old_counts(as_of: dt.date) -> dict[int, dict[str, int]]:
        # The count before issue 10 (tasks.queries.category_q at commit 23ef9cb), as of today.
        done = Q(status=Task.Status.DONE)
        still_open = Q(status__in=["new", "in_progress", "returned", "completed"])
        conditions = {
            Category.DONE_ON_TIME: done & Q(completed_on__lte=F("due")),
            Category.DONE_LATE: done & Q(completed_on__gt=F("due")),
            Category.OPEN_ON_TIME: still_open & Q(due__gte=as_of),
            Category.OPEN_OVERDUE: still_open & Q(due__lt=as_of),
        }
        rows = (
            Task.objects.order_by()
            .values("lead_unit_id")
            .annotate(**{c: Count("pk", filter=q) for c, q in conditions.items()})
        )
        return {row["lead_unit_id"]: row for row in rows}

    measures = {
        "baseline: due column (before issue 10)": lambda: old_counts(TODAY),
        "deadline as it stood, as of today": lambda: counts_by_lead_unit(
            Task.objects.all(), as_of=TODAY
        ),
        f"deadline as it stood, as of {PAST:%d/%m/%Y}": lambda: counts_by_lead_unit(
            Task.objects.all(), as_of=PAST
        ),
    }
    timings = {}
    for name, measure in measures.items():
        measure()  # warm the page cache once
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            measure()
            samples.append((time.perf_counter() - start) * 1000)
        timings[name] = statistics.median(samples)
    grants = TaskEvent.objects.filter(activity="grant_extension")
    print(
        json.dumps(
            {
                "tasks": Task.objects.count(),
                "events": TaskEvent.objects.count(),
                "extended": grants.values("task_id").distinct().count(),
                "late": grants.filter(payload__late=True).count(),
                "timings": timings,
            }
        )
    )


if __name__ == "__main__":
    main()

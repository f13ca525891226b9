"""How fast the first `make run` builds the demo province's tasks (the part served before the first
page): tasks and events per second, wall and CPU, and the projected time of the full demo.

Usage:

    .venv/bin/python bench/seeding.py [--tasks 2000] [--runs 3]

Each run builds the organisation and `--tasks` tasks of the demo (`congvu.demo.generator
.build_demo`, the same call as `congvu seed_demo_if_empty --part tasks`) into a fresh SQLite file,
in a process of its own. The demo's first year fills up as tasks accumulate, so a small run is
faster per task than the full 20,000: compare runs of the same size only. The CPU figure is the
Python side (ORM, permissions, hashing), which other load on the machine slows down least.
Promise: a fresh clone serves its first page in under 3 minutes (README), so the tasks part must
stay well under two.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

FULL_DEMO_TASKS = 20000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.tasks)
        return
    results = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as scratch:
            url = f"sqlite:///{Path(scratch) / 'seed.sqlite3'}"
            env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "congvu.settings"}
            command = [sys.executable, __file__, "--worker", "--tasks", str(args.tasks)]
            done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    wall = statistics.median(r["tasks_s"] for r in results)
    cpu = statistics.median(r["cpu_s"] for r in results)
    events = statistics.median(r["events"] for r in results)
    load = os.getloadavg()[0]
    print(
        f"demo tasks part, {args.tasks} tasks ({events:.0f} events), median of {args.runs}: "
        f"wall {wall:.1f} s ({args.tasks / wall:.0f} tasks/s, {events / wall:.0f} events/s), "
        f"CPU {cpu:.1f} s ({args.tasks / cpu:.0f} tasks/s); load average {load:.1f}"
    )
    print(
        f"per task: wall {1000 * wall / args.tasks:.1f} ms, CPU {1000 * cpu / args.tasks:.1f} ms "
        f"(the full demo's {FULL_DEMO_TASKS} tasks cost more each: its later months hold more open "
        "tasks)"
    )


def worker(tasks: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import datetime as dt

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from congvu.demo.generator import build_demo

    call_command("migrate", verbosity=0)
    summary = build_demo(seed=settings.CONGVU_DEMO_SEED, tasks=tasks, today=dt.date(2026, 12, 7))
    print(
        json.dumps(
            {
                "tasks_s": summary.timings["tasks"],
                "cpu_s": summary.timings["cpu"],  # the organisation included (about 1.5 s)
                "events": summary.events,
            }
        )
    )


if __name__ == "__main__":
    main()

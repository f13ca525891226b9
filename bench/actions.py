"""Task actions per second on SQLite and PostgreSQL: the median of several batches of task lives.

Usage:

    .venv/bin/python bench/actions.py                        # a fresh SQLite file
    .venv/bin/python bench/actions.py --database-url postgres://postgres@127.0.0.1:5432/congvu_bench
    .venv/bin/python bench/actions.py --database-url sqlite:////tmp/a.sqlite3 --database-url postgres://...

Each database runs in its own process (Django is configured once per process). An empty database is
migrated and given the demo organisation; a database that already holds one (a demo build) is
reused. Each batch plays whole task lives through `congvu.tasks.actions`, one transaction per
action as on the site: create, accept, assign, progress, request input, respond, progress,
complete, approve. Target: at least 500 actions per second.
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

ACTIONS_PER_TASK = 9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", action="append", default=[])
    parser.add_argument("--batches", type=int, default=5)
    parser.add_argument("--tasks", type=int, default=60, help="task lives per batch")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.batches, args.tasks)
        return
    urls = args.database_url or [os.environ.get("DATABASE_URL", "")]
    with tempfile.TemporaryDirectory() as scratch:
        for url in urls:
            url = url or f"sqlite:///{Path(scratch) / 'bench.sqlite3'}"
            env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "congvu.settings"}
            command = [sys.executable, __file__, "--worker", "--batches", str(args.batches)]
            command += ["--tasks", str(args.tasks)]
            subprocess.run(command, env=env, check=True)


def worker(batches: int, tasks: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    import random

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from congvu.demo.units import build_org
    from congvu.org.models import Official, Unit
    from congvu.tasks import actions

    call_command("migrate", verbosity=0)
    if not Unit.objects.exists():
        build_org(random.Random(1), today=timezone.localdate(), board_merge_on=timezone.localdate())

    def official(username: str) -> Official:
        return Official.objects.select_related("user").get(user__username=username)

    clerk, head, holder = official("vanphong"), official("giamdoc.xd"), official("chuyenvien.xd")
    lead, coordinator = Unit.objects.get(code="SXD"), Unit.objects.get(code="STC")
    responder = Official.objects.filter(posts__unit=coordinator, posts__role="member").first()
    assert responder is not None
    field = lead.mandates.first()
    assert field is not None
    today = timezone.localdate()

    def life(n: int) -> None:
        task = actions.create_task(
            by=clerk,
            title=f"Nhiệm vụ đo tốc độ số {n}",
            lead_unit=lead,
            field=field.field,
            due=today + dt.timedelta(days=30),
            coordinating_units=[coordinator],
        )
        actions.accept_task(task, by=head)
        actions.assign_task(task, to=holder, by=head)
        actions.report_progress(task, by=holder, percent=30, note="Đã khảo sát hiện trạng.")
        request = actions.request_input(
            task,
            to_unit=coordinator,
            question="Đề nghị cho ý kiến.",
            answer_due=today + dt.timedelta(days=5),
            by=holder,
        )
        actions.respond_input(request, by=responder, answer="Thống nhất.")
        actions.report_progress(task, by=holder, percent=70, note="Đang hoàn thiện dự thảo.")
        actions.complete_task(task, by=holder, result="Đã hoàn thành.")
        actions.approve_task(task, by=clerk)

    life(0)  # warm the permission caches, as a running server would have them
    rates, cpu_rates = [], []
    for batch in range(batches):
        started, cpu_started = time.perf_counter(), time.process_time()
        for n in range(tasks):
            life(batch * tasks + n + 1)
        rates.append(tasks * ACTIONS_PER_TASK / (time.perf_counter() - started))
        # The Python side alone (ORM, permissions, hashing), which other load on the machine does
        # not slow down: the ceiling the database round trips are subtracted from.
        cpu_rates.append(tasks * ACTIONS_PER_TASK / (time.process_time() - cpu_started))
    vendor = connection.vendor
    median = statistics.median(rates)
    verdict = "ok" if median >= 500 else "below target"
    print(
        f"{vendor}: {median:.0f} task actions/s (median of {batches} batches of "
        f"{tasks * ACTIONS_PER_TASK}; min {min(rates):.0f}, max {max(rates):.0f}; target 500: "
        f"{verdict}); {statistics.median(cpu_rates):.0f}/s per CPU-second of Python; "
        f"load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()

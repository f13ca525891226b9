"""The daily digest's cost: officials per second and queries per official of `congvu
send_reminders`, on a demo database (a province has about 1,000 officials).

Run against a database filled by `make run` or `congvu demo` (SQLite under CONGVU_VAR_DIR by
default; DATABASE_URL for PostgreSQL); apply the migrations first (`congvu migrate`). Nothing is
sent or logged: the digests are built as `--dry-run` builds them. Prints the median over --runs
passes of three steps over the same officials, the first being the baseline of the ratios:

- queues: `waiting_on` only (the queries of "Việc của tôi");
- digest: the queues, their sections and both parts of the e-mail rendered;
- dry run: the whole command's loop (`send_reminders(dry_run=True)`).

    CONGVU_VAR_DIR=/tmp/demo .venv/bin/python bench/reminders.py --runs 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvu.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from congvu.findings.models import Finding  # noqa: E402
from congvu.org.models import Official  # noqa: E402
from congvu.tasks.models import Task  # noqa: E402
from congvu.web.queues import waiting_on  # noqa: E402
from congvu.web.reminders import build_digest, recipients, send_reminders  # noqa: E402

BASE_URL = "https://congvu.example.gov.vn"


def fresh(officials: list[Official]) -> list[Official]:
    """The officials anew, so that no per-instance memo (scope, roles) carries over a pass."""
    return list(Official.objects.filter(pk__in=[o.pk for o in officials]).select_related("user"))


def median_seconds(step: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--limit", type=int, default=0, help="only the first N officials")
    args = parser.parse_args()

    today = timezone.localdate()
    officials = list(recipients())
    if args.limit:
        officials = officials[: args.limit]
    only = {o.pk for o in officials}
    print(
        f"database: {connection.vendor}, {len(officials):,} officials, "
        f"{Task.objects.count():,} tasks, {Finding.objects.count():,} signals, day {today}"
    )

    counts: list[int] = []
    sizes: list[int] = []
    for official in fresh(officials):
        with CaptureQueriesContext(connection) as queries:
            digest = build_digest(official, today, BASE_URL)
        counts.append(len(queries))
        if digest is not None:
            sizes.append(digest.items)
    print(
        f"queries per official: median {statistics.median(counts):.0f}, max {max(counts)}; "
        f"{len(sizes):,} of {len(officials):,} have something waiting "
        f"(median {statistics.median(sizes) if sizes else 0:.0f} items)"
    )

    def queues() -> None:
        for official in fresh(officials):
            waiting_on(official, today)

    def digests() -> None:
        for official in fresh(officials):
            build_digest(official, today, BASE_URL)

    def dry_run() -> None:
        send_reminders(today, BASE_URL, dry_run=True)

    steps: dict[str, Callable[[], None]] = {"baseline: queues": queues, "digest": digests}
    if not args.limit or args.limit >= len(only):
        steps["dry run (whole command)"] = dry_run
    baseline = None
    print(f"{'step':28} {'median s':>9} {'officials/s':>12} {'× queues':>9}")
    for name, step in steps.items():
        seconds = median_seconds(step, args.runs)
        baseline = baseline or seconds
        rate = len(officials) / seconds
        print(f"{name:28} {seconds:9.2f} {rate:12.0f} {seconds / baseline:9.2f}")


if __name__ == "__main__":
    main()

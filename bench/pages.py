"""Server time of the pages a leader opens most: the overview and a filtered task list.

Run against a database filled by `congvu demo --events 1000000` (SQLite by default; set
DATABASE_URL for PostgreSQL). Prints medians over --runs requests, and the login page's median
measured in the same run as a baseline, because this machine is noisy.

    .venv/bin/python bench/pages.py --runs 30
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/congvu_bench .venv/bin/python bench/pages.py
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvu.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# Page time, not static-file hashing: the manifest storage would need `collectstatic` first.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from timing import timed  # noqa: E402

from congvu.org.models import Official  # noqa: E402
from congvu.tasks.models import Task, TaskEvent  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--username", default="chutich", help="the leader who opens the pages")
    args = parser.parse_args()

    leader = Official.objects.select_related("user").get(user__username=args.username)
    client = Client()
    client.force_login(leader.user)
    anonymous = Client()
    events = TaskEvent.objects.count()
    tasks = Task.objects.count()
    print(f"database: {connection.vendor}, {tasks:,} tasks, {events:,} events")
    if events < 1_000_000:
        print("note: fewer than 1,000,000 events; build with `congvu demo --events 1000000`")

    pages: dict[str, Callable[[], int]] = {
        "baseline: login page": lambda: anonymous.get("/login/").status_code,
        "leader overview (this year)": lambda: client.get("/tong-quan/?period=year").status_code,
        "task list, overdue, page 1": lambda: (
            client.get("/nhiem-vu/?category=open_overdue").status_code
        ),
        "task list, search 'ha long' + field": lambda: (
            client.get("/nhiem-vu/?q=ha+long&status=in_progress").status_code
        ),
    }
    baseline = None
    print(f"{'page':40} {'median ms':>10} {'p90 ms':>8} {'× login':>8}")
    for name, get in pages.items():
        median, p90, status = timed(get, args.runs)
        if status != 200:
            print(f"{name}: HTTP {status}", file=sys.stderr)
            sys.exit(1)
        baseline = baseline or median
        print(f"{name:40} {median:10.1f} {p90:8.1f} {median / baseline:8.1f}")


if __name__ == "__main__":
    main()

"""`congvu verify` over a million chained events: its time, and its memory staying flat.

Usage:

    .venv/bin/python bench/verify.py                       # 1 M task events, a fresh SQLite file
    .venv/bin/python bench/verify.py --events 200000       # a quicker look
    .venv/bin/python bench/verify.py --database-url postgres://postgres@127.0.0.1:5432/congvu_verify

The database (which must be empty: it is migrated and given the demo organisation) is filled
quickly: task rows and their events are computed here, sealed with the kernel's own `seal`, and
inserted in bulk; no action runs. It is filled in two steps, a tenth of the events first, and
`congvu verify` runs after each step in a fresh process, so that each peak RSS is that run's own:
equal peaks at 1/10 and at all of the events show memory flat in the size of the log.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EVENTS_PER_TASK = 10
ACTIVITIES = (
    "create",
    "accept",
    "assign",
    "progress",
    "request_input",
    "respond_input",
    "progress",
    "complete",
    "send_back",
    "complete",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--worker", choices=["fill", "verify"], help=argparse.SUPPRESS)
    parser.add_argument("--upto", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker == "fill":
        fill(args.upto)
        return
    if args.worker == "verify":
        verify()
        return
    with tempfile.TemporaryDirectory() as scratch:
        url = args.database_url or f"sqlite:///{Path(scratch) / 'verify.sqlite3'}"
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "congvu.settings"}

        def run(*extra: str) -> dict[str, float]:
            command = [sys.executable, __file__, *extra]
            done = subprocess.run(command, env=env, check=True, stdout=subprocess.PIPE, text=True)
            return dict(json.loads(done.stdout.strip().splitlines()[-1]))

        print(f"database: {url.split('://')[0]}, load average {os.getloadavg()[0]:.1f}")
        for upto in (args.events // 10, args.events):
            filled = run("--worker", "fill", "--upto", str(upto))
            checked = run("--worker", "verify")
            print(
                f"{int(checked['events']):>9,} events: filled in {filled['seconds']:.1f} s; "
                f"verify {checked['seconds']:.1f} s ({checked['events'] / checked['seconds']:,.0f}"
                f" events/s), peak RSS {checked['peak_mib']:.0f} MiB "
                f"({checked['start_mib']:.0f} MiB after start-up)"
            )


def setup() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()


def fill(upto: int) -> None:
    """Add chained task events until the log holds `upto` (whole tasks of ten events each)."""
    setup()
    import random

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from congvu.core.eventlog import log_named, seal
    from congvu.demo.units import build_org
    from congvu.org.models import Official, Unit
    from congvu.tasks.models import Task, TaskEvent

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not Unit.objects.exists():
        build_org(random.Random(1), today=timezone.localdate(), board_merge_on=timezone.localdate())
    clerk = Official.objects.get(user__username="vanphong")
    holder = Official.objects.get(user__username="chuyenvien.xd")
    office, lead = Unit.objects.get(code="STC"), Unit.objects.get(code="SXD")
    field = lead.mandates.first()
    assert field is not None
    log = log_named("task")
    quote = connection.ops.quote_name
    names = [f.attname for f in TaskEvent._meta.concrete_fields if not f.primary_key]
    insert = (
        f"INSERT INTO {quote(TaskEvent._meta.db_table)} "
        f"({', '.join(quote(TaskEvent._meta.get_field(n).column) for n in names)}) "
        f"VALUES ({', '.join(['%s'] * len(names))})"
    )
    payload = TaskEvent._meta.get_field("payload").get_db_prep_save({}, connection)
    first = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)
    have = TaskEvent.objects.count()
    next_id = (Task.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    batch = 5000  # tasks per transaction: 50,000 events
    while have < upto:
        count = min(batch, (upto - have) // EVENTS_PER_TASK)
        if count <= 0:
            break
        tasks, rows = [], []
        for task_id in range(next_id, next_id + count):
            created = first + dt.timedelta(minutes=task_id)
            due = (created + dt.timedelta(days=30)).date()
            previous = ""
            for seq, activity in enumerate(ACTIVITIES, start=1):
                values = {
                    "seq": seq,
                    "ts": created + dt.timedelta(hours=seq),
                    "activity": activity,
                    "actor_id": clerk.pk if seq == 1 else holder.pk,
                    "unit_id": office.pk if seq == 1 else lead.pk,
                    "to_unit_id": lead.pk if seq == 1 else None,
                    "due": due,
                    "reason": "",
                    "note": f"Bước {seq}",
                    "payload": {},
                    "prev_hash": previous,
                }
                values["hash"] = previous = seal(log.name, task_id, values)
                values["task_id"] = task_id
                row = [values[name] for name in names]
                row[names.index("ts")] = connection.ops.adapt_datetimefield_value(values["ts"])
                row[names.index("due")] = connection.ops.adapt_datefield_value(due)
                row[names.index("payload")] = payload
                rows.append(row)
            tasks.append(
                Task(
                    pk=task_id,
                    title=f"Nhiệm vụ số {task_id}",
                    title_folded=f"nhiem vu so {task_id}",
                    field=field.field,
                    assigner_unit=office,
                    lead_unit=lead,
                    created_by=clerk,
                    created_at=created,
                    original_due=due,
                    due=due,
                    status=Task.Status.COMPLETED,
                    event_count=EVENTS_PER_TASK,
                    last_event_hash=previous,
                )
            )
        with transaction.atomic():
            Task.objects.bulk_create(tasks, batch_size=1000)
            with connection.cursor() as cursor:
                cursor.executemany(insert, rows)
        next_id += count
        have += count * EVENTS_PER_TASK
    print(json.dumps({"seconds": time.perf_counter() - started, "events": have}))


def verify() -> None:
    """Run `congvu verify` and report its time and this process's peak RSS."""
    setup()
    import io

    from django.core.management import call_command

    from congvu.tasks.models import TaskEvent

    events = TaskEvent.objects.count()
    start_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out = io.StringIO()
    started = time.perf_counter()
    call_command("verify", stdout=out)
    seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(out.getvalue(), file=sys.stderr)
    result = {"seconds": seconds, "events": events, "peak_mib": peak_mib, "start_mib": start_mib}
    print(json.dumps(result))


if __name__ == "__main__":
    main()

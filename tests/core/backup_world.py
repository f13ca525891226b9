"""Run by tests/core/test_backup.py in a subprocess, on the database DATABASE_URL names (a file
SQLite database or a PostgreSQL database of its own; the tests' own database lives inside a
transaction that pg_dump cannot see).

    python -m tests.core.backup_world build    a small province with tasks and their events
    python -m tests.core.backup_world more     more tasks and events (after a backup)
    python -m tests.core.backup_world tamper   rewrite the history of tasks 2 and 3 (see below)
    python -m tests.core.backup_world counts   the row counts

Each step prints the row counts as JSON on its last line.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys


def main(step: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvu.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    from django.db import connection

    from congvu.core.backup import row_counts
    from congvu.core.eventlog import log_named
    from congvu.org.models import Official
    from congvu.tasks.actions import accept_task, create_task, report_progress
    from congvu.tasks.models import Task, TaskEvent
    from tests.factories import build_province, make_task

    def rewrite_history(task: Task) -> None:
        """What an attacker with the database's keys does: switch the triggers off, change the
        task's first event and recompute every later hash and the task's head, so that the chain
        is consistent again (`congvu verify` alone then finds nothing)."""
        log = log_named("task")
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE tasks_taskevent DISABLE TRIGGER USER")
            else:
                cursor.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                    "AND tbl_name = 'tasks_taskevent'"
                )
                for (name,) in cursor.fetchall():
                    cursor.execute(f'DROP TRIGGER "{name}"')
            previous = ""
            for event in TaskEvent.objects.filter(task=task).order_by("seq"):
                if event.seq == 1:
                    event.note = "Nội dung giao việc đã bị sửa"
                event.prev_hash = previous
                event.hash = log.event_hash(event, task.pk)
                previous = event.hash
                cursor.execute(
                    "UPDATE tasks_taskevent SET note = %s, prev_hash = %s, hash = %s WHERE id = %s",
                    [event.note, event.prev_hash, event.hash, event.pk],
                )
            cursor.execute(
                "UPDATE tasks_task SET last_event_hash = %s WHERE id = %s", [previous, task.pk]
            )

    if step == "build":
        p = build_province()
        for n in range(3):
            task = make_task(p, title=f"Nhiệm vụ {n}: rà soát quy hoạch phường Hạ Long")
            accept_task(task, by=p.head)
            report_progress(task, by=p.head, percent=30, note="Đã rà soát hồ sơ")
    elif step == "more":
        first = Task.objects.order_by("pk").first()
        assert first is not None
        head = Official.objects.get(pk=first.events.get(seq=2).actor_id)  # who accepted it
        report_progress(first, by=head, percent=60, note="Đã họp với các phòng")
        create_task(
            by=first.created_by,
            title="Nhiệm vụ giao sau bản sao lưu",
            lead_unit=first.lead_unit,
            field=first.field,
            due=first.due + dt.timedelta(days=7),
        )
    elif step == "tamper":
        tasks = list(Task.objects.order_by("pk"))
        rewrite_history(tasks[1])
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM tasks_taskevent WHERE task_id = %s", [tasks[2].pk])
            cursor.execute(
                "UPDATE tasks_task SET event_count = 0, last_event_hash = '' WHERE id = %s",
                [tasks[2].pk],
            )
        print(json.dumps({"changed": tasks[1].pk, "removed": tasks[2].pk}))
    elif step != "counts":
        raise SystemExit(f"unknown step {step}")
    print(json.dumps(row_counts()))


if __name__ == "__main__":
    main(sys.argv[1])

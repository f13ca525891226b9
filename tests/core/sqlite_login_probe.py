"""Run by tests/core/test_sqlite_locking.py in a subprocess, on a file SQLite database (the tests'
own database is in memory, where there is no locking to test).

    python -m tests.core.sqlite_login_probe DB_FILE [--fragile]

Migrates DB_FILE if it is empty, then a writer thread does what the background seeding does (write
transactions of a few tenths of a second, one after the other, and one of two seconds) while the
main thread logs in through the login page again and again. Prints one JSON line: the logins tried,
those that succeeded, the errors, and the writer's transactions. `--fragile` runs with SQLite's
old defaults (no busy timeout, deferred transactions) to show that the probe can fail.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from typing import Any


def main(db_file: str, fragile: bool) -> dict[str, Any]:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_file}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvu.settings")
    import django
    from django.conf import settings

    if fragile:
        # settings are read at setup: change them before.
        import congvu.settings as module

        module.DATABASES["default"]["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL;",
            "timeout": 0.001,
        }
    django.setup()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import close_old_connections, connection, transaction
    from django.test import Client
    from django.urls import reverse

    from congvu.core.db import give_way
    from congvu.core.models import ExtraDay

    if "auth_user" not in connection.introspection.table_names():
        call_command("migrate", verbosity=0)
    User = get_user_model()
    User.objects.filter(username="thu").delete()
    User.objects.create_user("thu", password="Mat-khau-dai-2026")
    ExtraDay.objects.filter(reason="seed").delete()

    stop = threading.Event()
    writes = {"transactions": 0, "errors": 0}

    def seed() -> None:
        """Short write transactions in a loop, one long one in the middle."""
        import datetime as dt

        day = dt.date(2000, 1, 1)
        n = 0
        try:
            while not stop.is_set():
                n += 1
                hold = 2.0 if n == 4 else 0.3
                try:
                    with transaction.atomic():
                        ExtraDay.objects.create(
                            date=day + dt.timedelta(days=n), is_working_day=True, reason="seed"
                        )
                        time.sleep(hold)
                    writes["transactions"] += 1
                except Exception:
                    writes["errors"] += 1
                give_way()  # what the background seeding does between its transactions
        finally:
            close_old_connections()
            connection.close()

    # The first request imports the views and compiles the templates: done before the seeding
    # starts, so that a loaded machine's slow start does not eat the window.
    Client().get(reverse("login"))
    writer = threading.Thread(target=seed)
    writer.start()
    time.sleep(0.1)
    tried = succeeded = 0
    errors: list[str] = []
    started = time.perf_counter()
    slowest = 0.0

    def going_on() -> bool:
        # At least 4 s, three logins and five seeding transactions (its long one among them), so
        # the logins meet the seeding's writes however slow the machine; at most a minute.
        elapsed = time.perf_counter() - started
        enough = elapsed >= 4.0 and tried >= 3 and writes["transactions"] >= 5
        return not enough and elapsed < 60.0

    try:
        while going_on():
            tried += 1
            client = Client()
            began = time.perf_counter()
            try:
                response = client.post(
                    reverse("login"), {"username": "thu", "password": "Mat-khau-dai-2026"}
                )
                if response.status_code == 302 and "_auth_user_id" in client.session:
                    succeeded += 1
                else:
                    errors.append(f"HTTP {response.status_code}: login refused")
            except Exception as error:  # the "database is locked" this guards against
                errors.append(f"{type(error).__name__}: {error}")
            slowest = max(slowest, time.perf_counter() - began)
    finally:
        stop.set()
        writer.join()
    return {
        "tried": tried,
        "succeeded": succeeded,
        "errors": errors[:5],
        "slowest_login_s": round(slowest, 3),
        "writer_transactions": writes["transactions"],
        "writer_errors": writes["errors"],
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], "--fragile" in sys.argv[2:])))

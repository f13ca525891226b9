"""Living with SQLite's one writer at a time (the embedded default): background jobs give way.

settings.py opens SQLite in WAL mode (pages read while an action writes) with IMMEDIATE
transactions and a busy timeout (a writer waits for the lock instead of failing with "database is
locked"). One gap remains: SQLite's busy handler polls a waiting connection at most every 100 ms,
so a job that commits and begins its next transaction at once holds the lock almost all the time,
and a login waiting behind it can wait its whole timeout. A background job (the demo's seeding,
recomputations) calls `give_way()` between its transactions, and whoever waits gets in.
"""

from __future__ import annotations

import time

from django.db import DEFAULT_DB_ALIAS, connections

# Longer than the busy handler's longest poll interval (100 ms), so one poll falls in the pause.
PAUSE_SECONDS = 0.12


def give_way(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Pause after a commit on a shared SQLite file, so that a waiting writer takes the lock.

    Does nothing inside a transaction (the lock is still held), on PostgreSQL (row locks, many
    writers) or on an in-memory database (the tests': one connection, nobody waits). Returns
    whether it paused.
    """
    connection = connections[using]
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return False
    if connection.creation.is_in_memory_db(connection.settings_dict["NAME"]):  # type: ignore[attr-defined]
        return False
    time.sleep(PAUSE_SECONDS)
    return True

"""Backup and restore of the whole database, and the comparison of today's chains with a backup's.

- SQLite (the embedded default): the backup is a copy of the database file made with SQLite's
  online backup API, consistent while the site keeps running; the restore copies it back the same
  way.
- PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --single-transaction`, so a
  failed restore leaves the database as it was.

A backup is also evidence: every case row carries the head of its chain (how many events, the last
one's hash). `compare_heads` reads the heads out of a backup file and checks that today's log still
holds, at each of those positions, the event with that hash. Someone who rewrites history and
recomputes every later hash passes `congvu verify` (the chain is consistent again), but not this.
"""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _

from congvu.core.eventlog import EventLog, registered_logs

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"

Kind = Literal["sqlite", "postgresql"]


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, for the operator."""


def _settings(using: str) -> dict[str, Any]:
    return dict(connections[using].settings_dict)


def engine_kind(using: str = DEFAULT_DB_ALIAS) -> Kind:
    vendor = connections[using].vendor
    if vendor == "sqlite":
        return "sqlite"
    if vendor == "postgresql":
        return "postgresql"
    raise BackupError(_("Backups of a %(vendor)s database are not supported.") % {"vendor": vendor})


def file_kind(path: Path) -> Kind:
    """What a backup file holds, from its first bytes."""
    try:
        with path.open("rb") as handle:
            start = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise BackupError(f"{path}: {error.strerror}.") from error
    if start.startswith(SQLITE_MAGIC):
        return "sqlite"
    if start.startswith(PG_CUSTOM_MAGIC):
        return "postgresql"
    raise BackupError(
        _("%(file)s is neither a SQLite database nor a pg_dump archive.") % {"file": path}
    )


def row_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows of every table of every installed model, by "app_label.model"; the round trip check."""
    counts: dict[str, int] = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        counts[model._meta.label_lower] = model._default_manager.using(using).count()
    return dict(sorted(counts.items()))


# Backup -----------------------------------------------------------------------------------------


def _pg_env(conf: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore, the password in the environment."""
    args = ["--dbname", str(conf["NAME"])]
    if conf.get("HOST"):
        args += ["--host", str(conf["HOST"])]
    if conf.get("PORT"):
        args += ["--port", str(conf["PORT"])]
    if conf.get("USER"):
        args += ["--username", str(conf["USER"])]
    env = dict(os.environ)
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            _(
                "%(tool)s is not installed (Debian: apt-get install postgresql-client, the "
                "version of the server or later)."
            )
            % {"tool": name}
        )
    return found


def backup(path: Path, using: str = DEFAULT_DB_ALIAS) -> Kind:
    """Write a backup of the database to `path` (replaced if it exists); return its kind."""
    kind = engine_kind(using)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    if kind == "sqlite":
        connection = connections[using]
        if connection.in_atomic_block:
            # SQLite's backup waits for the connection's own write transaction to end: forever.
            raise BackupError(_("A backup cannot be made inside a transaction."))
        connection.ensure_connection()
        source = connection.connection
        target = sqlite3.connect(partial)
        try:
            source.backup(target)
        finally:
            target.close()
    else:
        args, env = _pg_env(_settings(using))
        command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(partial)]
        done = subprocess.run([*command, *args], env=env, capture_output=True, text=True)
        if done.returncode != 0:
            partial.unlink(missing_ok=True)
            raise BackupError(_("pg_dump failed: %(error)s") % {"error": done.stderr.strip()})
    # Written whole, then renamed: a backup interrupted half-way never looks like a backup.
    partial.replace(path)
    return kind


def restore(path: Path, using: str = DEFAULT_DB_ALIAS) -> Kind:
    """Replace the whole database with the backup at `path`."""
    kind = engine_kind(using)
    found = file_kind(path)
    if found != kind:
        raise BackupError(
            _("%(file)s is a %(found)s backup; this database is %(kind)s.")
            % {"file": path, "found": found, "kind": kind}
        )
    connections[using].close()
    if kind == "sqlite":
        name = str(_settings(using)["NAME"])
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        target = sqlite3.connect(name, timeout=60)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    else:
        args, env = _pg_env(_settings(using))
        command = [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
        ]
        done = subprocess.run([*command, *args, str(path)], env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise BackupError(_("pg_restore failed: %(error)s") % {"error": done.stderr.strip()})
    return kind


# Chain heads ------------------------------------------------------------------------------------

Heads = dict[str, dict[int, tuple[int, str]]]


def _head_columns(log: EventLog) -> tuple[str, str, str, str]:
    meta = log.case_model._meta
    return (
        meta.db_table,
        str(meta.pk.column),
        str(meta.get_field("event_count").column),  # type: ignore[union-attr]
        str(meta.get_field("last_event_hash").column),  # type: ignore[union-attr]
    )


def _sqlite_heads(path: Path) -> Heads:
    heads: Heads = {}
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        for log in registered_logs():
            table, pk, count, last = _head_columns(log)
            try:
                rows = source.execute(f'SELECT "{pk}", "{count}", "{last}" FROM "{table}"')
            except sqlite3.OperationalError:  # a log newer than the backup
                continue
            heads[log.name] = {int(p): (int(c), str(h or "")) for p, c, h in rows}
    finally:
        source.close()
    return heads


def _copy_rows(text: str) -> Iterator[tuple[list[str], list[str]]]:
    """(columns, values) of every row of the COPY blocks in pg_restore's SQL output."""
    columns: list[str] | None = None
    for line in io.StringIO(text):
        line = line.rstrip("\n")
        if columns is None:
            if line.startswith("COPY ") and line.endswith("FROM stdin;"):
                inside = line[line.index("(") + 1 : line.rindex(")")]
                columns = [name.strip().strip('"') for name in inside.split(",")]
            continue
        if line == "\\.":
            columns = None
            continue
        yield columns, line.split("\t")


def _pg_heads(path: Path) -> Heads:
    heads: Heads = {}
    tool = _tool("pg_restore")
    for log in registered_logs():
        table, pk, count, last = _head_columns(log)
        done = subprocess.run(
            [tool, "--data-only", "--table", table, "--file", "-", str(path)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise BackupError(
                _("pg_restore could not read %(file)s: %(error)s")
                % {"file": path, "error": done.stderr.strip()}
            )
        chains: dict[int, tuple[int, str]] = {}
        for columns, values in _copy_rows(done.stdout):
            row = dict(zip(columns, values, strict=True))
            chains[int(row[pk])] = (int(row[count]), "" if row[last] == "\\N" else row[last])
        heads[log.name] = chains
    return heads


def heads_of_backup(path: Path) -> Heads:
    """The head of every chain in a backup file, by log name and case id."""
    return _sqlite_heads(path) if file_kind(path) == "sqlite" else _pg_heads(path)


@dataclass(frozen=True)
class Rewrite:
    """A chain whose history up to the backup's head is not what the backup recorded.

    `problem`: "changed" (today's event at that position has another hash: it or an event before
    it was rewritten), "missing" (today's log has no event at that position, or the case is gone).
    """

    log: str
    case_id: int
    seq: int
    problem: Literal["changed", "missing"]
    expected: str
    found: str


def compare_heads(backup_heads: Heads, using: str = DEFAULT_DB_ALIAS) -> tuple[int, list[Rewrite]]:
    """Check every chain of a backup against today's log: (chains compared, rewrites found).

    Each log is streamed once in (case, seq) order; only the event at the backup's head position
    is compared, since its hash seals everything before it.
    """
    compared = 0
    found: list[Rewrite] = []
    for log in registered_logs():
        chains = {
            case: head for case, head in backup_heads.get(log.name, {}).items() if head[0] > 0
        }
        if not chains:
            continue
        compared += len(chains)
        seen: set[int] = set()
        events = (
            log.model._default_manager.using(using)
            .order_by(log.case_attname, "seq")
            .values_list(log.case_attname, "seq", "hash")
        )
        for case_id, seq, hash_ in events.iterator(5000):
            head = chains.get(case_id)
            if head is None or seq != head[0]:
                continue
            seen.add(case_id)
            if hash_ != head[1]:
                found.append(Rewrite(log.name, case_id, seq, "changed", head[1], hash_))
        for case_id in sorted(set(chains) - seen):
            count, hash_ = chains[case_id]
            found.append(Rewrite(log.name, case_id, count, "missing", hash_, ""))
    return compared, found

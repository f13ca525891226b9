"""Copy a congvu SQLite database into an empty, migrated PostgreSQL database, for benchmarks.

Building a million-event province through the actions takes about an hour on two cores; the page
benchmarks only need the same rows on PostgreSQL. Rows are streamed with COPY, table by table;
`session_replication_role = replica` defers foreign keys (and the append-only trigger, which only
refuses updates and deletes anyway) until the copy is whole, then the sequences are reset.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/congvu_bench .venv/bin/congvu migrate
    .venv/bin/python bench/clone_to_postgres.py var/congvu.sqlite3 \
        postgres://postgres@127.0.0.1:5432/congvu_bench
"""

from __future__ import annotations

import argparse
import sqlite3
import time

import psycopg

SKIP = {"django_migrations", "sqlite_sequence"}


def clone(sqlite_path: str, postgres_url: str) -> None:
    source = sqlite3.connect(sqlite_path)
    tables = [
        name
        for (name,) in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if name not in SKIP
    ]
    with psycopg.connect(postgres_url) as target:
        target.execute("SET session_replication_role = replica")
        # Empty everything first, in one statement: a TRUNCATE ... CASCADE of one table after
        # another was copied would empty the copied tables that reference it.
        target.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")
        with_id = []
        for table in tables:
            started = time.perf_counter()
            columns = [row[1] for row in source.execute(f'PRAGMA table_info("{table}")')]
            if "id" in columns:
                with_id.append(table)
            types = dict(
                target.execute(
                    "SELECT column_name, data_type FROM information_schema.columns "
                    "WHERE table_name = %s",
                    [table],
                ).fetchall()
            )
            booleans = [i for i, c in enumerate(columns) if types.get(c) == "boolean"]
            quoted = ", ".join(f'"{c}"' for c in columns)
            count = 0
            with target.cursor().copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                for row in source.execute(f'SELECT {quoted} FROM "{table}"'):
                    values = list(row)
                    for i in booleans:  # SQLite stores booleans as 0/1
                        values[i] = None if values[i] is None else bool(values[i])
                    copy.write_row(values)
                    count += 1
            print(f"{table:45} {count:>10,} rows  {time.perf_counter() - started:6.1f} s")
        target.execute("SET session_replication_role = origin")
        for table in with_id:
            target.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE(MAX(id), 1)) "
                f'FROM "{table}"',
                [table],
            )
        target.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sqlite_path")
    parser.add_argument("postgres_url")
    args = parser.parse_args()
    clone(args.sqlite_path, args.postgres_url)


if __name__ == "__main__":
    main()

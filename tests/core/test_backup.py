"""Backup and restore (issue 13, item 6): a round trip keeps every row and every chain (`congvu
verify` after the restore, row counts), on SQLite and, when DATABASE_URL names one, on PostgreSQL;
`congvu verify --against BACKUP` catches a history rewritten after the backup even when the
rewriter recomputed every hash (which `verify` alone cannot)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from congvu.core.backup import BackupError, file_kind

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-c", "from congvu.cli import main; main()"]


# The round trip, through the commands, on a database of its own -------------------------------


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _server() -> str:
    return _postgres_url().rpartition("/")[0]  # type: ignore[union-attr]


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{_server()}/postgres", autocommit=True) as admin:
        admin.execute(sql)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A migrated database per engine, made once: each test starts from a copy."""
    folder = tmp_path_factory.mktemp("backup")
    env = {**os.environ, "CONGVU_VAR_DIR": str(folder)}
    made = {"sqlite": str(folder / "template.sqlite3")}
    subprocess.run(
        [*CLI, "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env={**env, "DATABASE_URL": f"sqlite:///{made['sqlite']}"},
        check=True,
    )
    if _postgres_url() is not None:
        made["postgresql"] = f"congvu_backup_{uuid.uuid4().hex[:8]}"
        _admin(f'CREATE DATABASE "{made["postgresql"]}"')
        subprocess.run(
            [*CLI, "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env={**env, "DATABASE_URL": f"{_server()}/{made['postgresql']}"},
            check=True,
        )
    yield made
    if "postgresql" in made:
        _admin(f'DROP DATABASE IF EXISTS "{made["postgresql"]}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def database(
    request: pytest.FixtureRequest, template: dict[str, str], tmp_path: Path
) -> Iterator[dict[str, str]]:
    """The environment of a subprocess whose database is a fresh copy of the migrated one."""
    env = {**os.environ, "CONGVU_VAR_DIR": str(tmp_path)}
    if request.param not in template:
        pytest.skip("PostgreSQL: set DATABASE_URL=postgres://… to run")
    if request.param == "sqlite":
        shutil.copy(template["sqlite"], tmp_path / "congvu.sqlite3")
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'congvu.sqlite3'}"
        yield env
        return
    name = f"congvu_backup_{uuid.uuid4().hex[:8]}"
    _admin(f'CREATE DATABASE "{name}" TEMPLATE "{template["postgresql"]}"')
    env["DATABASE_URL"] = f"{_server()}/{name}"
    yield env
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args), cwd=ROOT, env=env, capture_output=True, text=True, check=check, timeout=600
    )


def world(env: dict[str, str], step: str) -> dict[str, int]:
    done = run(env, sys.executable, "-m", "tests.core.backup_world", step)
    counts: dict[str, int] = json.loads(done.stdout.strip().splitlines()[-1])
    return counts


def test_backup_and_restore_round_trip(database: dict[str, str], tmp_path: Path) -> None:
    built = world(database, "build")
    assert built["tasks.taskevent"] == 9  # three tasks: assigned, accepted, progress
    archive = tmp_path / "congvu.backup"

    made = run(database, *CLI, "backup", str(archive))
    assert "tasks.taskevent: 9" in made.stdout
    after = world(database, "more")  # work goes on after the backup
    assert after["tasks.taskevent"] == 11
    # Today's chains still hold what the backup recorded: new events extend them.
    checked = run(database, *CLI, "verify", "--against", str(archive))
    assert "đã đối chiếu 3 chuỗi, 0 chuỗi bị viết lại" in checked.stdout

    restored = run(database, *CLI, "restore", "--yes", str(archive))

    assert world(database, "counts") == built  # every table as it was at the backup
    assert "tasks.taskevent: 9" in restored.stdout
    assert "nguyên vẹn" in restored.stdout  # the restore ran `congvu verify`: intact
    again = run(database, *CLI, "verify", "--against", str(archive))
    assert ", 0 chuỗi bị viết lại" in again.stdout


def test_restore_refuses_a_file_that_is_no_backup(database: dict[str, str], tmp_path: Path) -> None:
    before = world(database, "build")
    bogus = tmp_path / "bao-cao.xlsx"
    bogus.write_text("không phải bản sao lưu")

    refused = run(database, *CLI, "restore", "--yes", str(bogus), check=False)

    assert refused.returncode != 0
    assert "không phải cơ sở dữ liệu SQLite" in refused.stderr
    assert world(database, "counts") == before


def test_restore_without_a_terminal_asks_for_yes(database: dict[str, str], tmp_path: Path) -> None:
    before = world(database, "build")
    archive = tmp_path / "congvu.backup"
    run(database, *CLI, "backup", str(archive))
    after = world(database, "more")

    refused = subprocess.run(
        [*CLI, "restore", str(archive)],
        env=database,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )

    assert refused.returncode != 0
    assert "--yes" in refused.stderr and "Traceback" not in refused.stderr
    assert world(database, "counts") == after != before  # nothing restored


def test_verify_against_a_backup_catches_a_consistent_rewrite(
    database: dict[str, str], tmp_path: Path
) -> None:
    world(database, "build")
    archive = tmp_path / "congvu.backup"
    run(database, *CLI, "backup", str(archive))
    done = run(database, sys.executable, "-m", "tests.core.backup_world", "tamper")
    hit = json.loads(done.stdout.strip().splitlines()[0])

    # Task 2's chain was recomputed and task 3's emptied: each is consistent on its own.
    alone = run(database, *CLI, "verify", check=False)
    assert alone.returncode == 0, alone.stdout + alone.stderr
    against = run(database, *CLI, "verify", "--against", str(archive), check=False)

    assert against.returncode != 0
    assert "đã đối chiếu 3 chuỗi, 2 chuỗi bị viết lại" in against.stdout
    assert f"task {hit['changed']}: sự kiện 1, " not in against.stdout
    assert f"task {hit['changed']}: sự kiện 3, " in against.stdout  # the backup's head of task 2
    assert "đã bị viết lại sau khi sao lưu" in against.stdout
    assert f"task {hit['removed']}: sự kiện 3, " in against.stdout
    assert "nay không còn" in against.stdout


def test_a_file_that_is_no_backup_is_named(tmp_path: Path) -> None:
    bogus = tmp_path / "x.sqlite3"
    bogus.write_bytes(b"PK\x03\x04 not a database")
    with pytest.raises(BackupError, match="SQLite"):
        file_kind(bogus)

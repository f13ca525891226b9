"""A login while the demo seeds in the background (issue 13, item 4): on a file SQLite database
(WAL, busy timeout, IMMEDIATE transactions from settings), logging in waits for the seeding's short
transactions instead of failing with "database is locked". The same probe under SQLite's old
defaults fails, which shows it tests the settings."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def probe(db_file: Path, *extra: str) -> dict[str, Any]:
    env = {**os.environ, "CONGVU_VAR_DIR": str(db_file.parent)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "tests.core.sqlite_login_probe", str(db_file), *extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated file database, made once (a migration run takes a while)."""
    folder = tmp_path_factory.mktemp("sqlite")
    db_file = folder / "congvu.sqlite3"
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from congvu.cli import main; main()",
            "migrate",
            "--noinput",
            "-v",
            "0",
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{db_file}", "CONGVU_VAR_DIR": str(folder)},
        check=True,
        timeout=600,
    )
    return db_file


def copy_of(db_file: Path, tmp_path: Path) -> Path:
    target = tmp_path / "congvu.sqlite3"
    shutil.copy(db_file, target)
    return target


def test_login_succeeds_while_seeding_writes(migrated: Path, tmp_path: Path) -> None:
    result = probe(copy_of(migrated, tmp_path))

    assert result["errors"] == []
    assert result["tried"] >= 3
    assert result["succeeded"] == result["tried"]
    # The seeding went on too (the logins did not starve it), including its 2-second transaction,
    # which the logins around it waited for.
    assert result["writer_errors"] == 0
    assert result["writer_transactions"] >= 5


def test_without_busy_timeout_the_same_login_fails(migrated: Path, tmp_path: Path) -> None:
    result = probe(copy_of(migrated, tmp_path), "--fragile")

    assert result["succeeded"] < result["tried"]
    assert any("locked" in error for error in result["errors"])

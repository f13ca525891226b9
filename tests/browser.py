"""Shared by the browser tests: a small world served from its own SQLite file, and Chromium.

Each test runs its own server (`congvu runserver`) on a free port against its own database, so it
does not share the test database and runs the same whatever database the suite uses.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[1]
CONGVU = Path(sys.executable).parent / "congvu"
ARTIFACTS = REPO / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def served_world(tmp_path: Path, world_module: str, port: int | None = None) -> Iterator[str]:
    """Migrate a fresh SQLite file, fill it with `python -m world_module`, serve it (on `port`, or
    a free one); yields the base URL and stops the server afterwards."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "congvu.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'e2e.sqlite3'}",
        "CONGVU_VAR_DIR": str(tmp_path / "var"),
        "CONGVU_STATIC_ROOT": str(tmp_path / "static"),
        "CONGVU_DEBUG": "0",
        "PYTHONPATH": str(REPO),
    }

    def run(*args: str | Path, cwd: Path = REPO) -> None:
        subprocess.run([str(a) for a in args], env=env, cwd=cwd, check=True, timeout=300)

    run(CONGVU, "compilemessages", "-v", "0", cwd=REPO / "congvu")
    run(CONGVU, "migrate", "--noinput", "-v", "0")
    run(CONGVU, "collectstatic", "--noinput", "-v", "0")
    run(sys.executable, "-m", world_module)
    port = port or _free_port()
    process = subprocess.Popen(
        [str(CONGVU), "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/login/", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the test server did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def launch_chromium(playwright: Any) -> Any:
    """Debian's Chromium, headless, never a downloaded browser; skips when it is missing."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed (make browser installs it)")
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
    )


def login(page: Any, server: str, username: str) -> None:
    """Log in through the login page of `server` with the test password."""
    from tests.factories import PASSWORD

    page.goto(f"{server}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()

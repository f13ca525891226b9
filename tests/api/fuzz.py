"""`make fuzz`: schemathesis over the API's OpenAPI, against gunicorn on loopback, on a small demo
province (issue 13, item 3). A fixed seed and example budget make two runs try the same inputs;
the run fails on any 5xx, any response outside its schema or with the wrong content type.

    python -m tests.api.fuzz [--examples N] [--seed S] [--keep DIR]

Builds the demo's tasks (a few hundred over three months) and its signals into a SQLite file in a
temporary folder, issues a token to the office of the People's Committee (who may create tasks and
act on them) and to an official, serves the site with gunicorn, and runs schemathesis once per
token. Prints each run's time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CHECKS = "not_a_server_error,response_schema_conformance,content_type_conformance"
LOGINS = ("vanphong", "chuyenvien.xd")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _congvu(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "congvu"), *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(f"congvu {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


SEED_SCRIPT = """
import datetime as dt
import django
django.setup()
from django.utils import timezone
from congvu.demo.generator import build_demo
from congvu.findings.jobs import run_scheduled
build_demo(seed={seed}, tasks=300, months=3, today=timezone.localdate())
run_scheduled()
"""


def prepare(folder: Path, seed: int) -> dict[str, str]:
    """The environment of a site over a small demo in `folder` (built unless already there)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "congvu.settings",
        "CONGVU_VAR_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{folder / 'congvu.sqlite3'}",
        "CONGVU_DEBUG": "0",
    }
    if (folder / "congvu.sqlite3").exists():
        return env
    started = time.perf_counter()
    _congvu(env, "migrate", "--noinput", "-v", "0")
    _congvu(env, "collectstatic", "--noinput", "-v", "0")
    subprocess.run(
        [sys.executable, "-c", SEED_SCRIPT.format(seed=seed)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    print(f"fuzz: demo data ready in {time.perf_counter() - started:.1f} s", flush=True)
    return env


def serve(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    """gunicorn as `make run` starts it; its log (every refused request) goes to `log`."""
    output = log.open("ab")
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "-c",
            "python:congvu.gunicorn",
            "congvu.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=output,
    )
    # The first request loads the URLs and builds the OpenAPI schema: seconds, and tens of seconds
    # on a busy machine. A short timeout would only pile up abandoned requests behind it.
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=120)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("fuzz: the server did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=25, help="examples per operation")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument(
        "--keep", type=Path, help="build the data here and keep it (a second run reuses it)"
    )
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="congvu-fuzz-"))
    folder.mkdir(parents=True, exist_ok=True)
    total = time.perf_counter()
    env = prepare(folder, args.seed)
    port = _free_port()
    log = folder / "server.log"
    server = serve(env, port, log)
    failed = False
    try:
        for login in LOGINS:
            key = _congvu(env, "create_api_token", login, "--name", "fuzz").strip()
            started = time.perf_counter()
            done = subprocess.run(
                [
                    str(BIN / "schemathesis"),
                    "run",
                    f"http://127.0.0.1:{port}/api/v1/openapi.json",
                    "--header",
                    f"Authorization: Bearer {key}",
                    "--checks",
                    CHECKS,
                    "--seed",
                    str(args.seed),
                    "--max-examples",
                    str(args.examples),
                    "--generation-deterministic",
                    "--generation-allow-x00",
                    "false",
                    "--phases",
                    "examples,coverage,fuzzing",
                    # One worker: with two threads, Hypothesis describing its strategies calls
                    # ast.parse concurrently, which CPython 3.11 can fail with "AST constructor
                    # recursion depth mismatch" (a crash of the tool, not a finding).
                    "--workers",
                    "1",
                    "--suppress-health-check",
                    "all",
                    "--request-timeout",
                    "30",
                    "--no-color",
                ],
                cwd=ROOT,
                env=env,
            )
            seconds = time.perf_counter() - started
            print(f"fuzz: schemathesis as {login}: exit {done.returncode} in {seconds:.1f} s")
            failed = failed or done.returncode != 0
    finally:
        server.terminate()
        server.wait(timeout=30)
        if failed:
            errors = [line for line in log.read_text().splitlines() if "Traceback" in line]
            print(f"fuzz: the server logged {len(errors)} tracebacks; the log: {log}")
            args.keep = args.keep or folder  # keep it to read
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"fuzz: {'FAILED' if failed else 'passed'}; {time.perf_counter() - total:.1f} s in all")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

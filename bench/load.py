"""Load on loopback (issue 13, item 5): N officials at once for S seconds doing their daily round
against gunicorn as `make run` starts it, then the latency percentiles, the errors, and whether
any concurrent edit was lost.

    python bench/load.py [--users 50] [--seconds 60] [--data DIR] [--think 5]
    python bench/load.py --postgres postgres://postgres@127.0.0.1:5432/congvu_load
    python bench/load.py --think 5 2 1 0.5      # the same officials ever faster: the capacity

The officials first log in through the login page, spread over RAMP_UP seconds (people do not all
log in the same second; each login checks a password hash that costs a good part of a second of
CPU on purpose, so a burst of them is a load of its own): the logins are timed and printed on
their own line. Then the measured window of S seconds starts with all N at work: each loops over
my work, the task list, their task's page, the task through the API (its version), and a progress
report on it through the API with that version, pausing `--think` seconds on average between
requests (uniformly 0 to twice that).

The pause: 5 s by default, an official who reads a page only as long as it takes to find the next
click and reports progress every 25 s — busier than anyone reading a task, writing a report or
receiving a citizen. The 50 officials then ask about 10 requests a second. Several pauses
(`--think 5 2 1 0.5`) run one window each with the same officials, each shorter pause asking as
much as more officials would at the first (50 at 0.5 s ask what 500 would at 5 s): the last table
gives the load the machine holds within a latency.

Officials come in pairs on one task (its assignee and a colleague of the lead unit), so their
reports collide: the loser of a race gets 409 (stale, told to reload), never a silently
overwritten task.

Lost updates: every accepted report (200) must be one event in the task's log and one step of its
version; the script counts both in the database after the run.

The database is a small demo (a few hundred tasks) in DIR, built on first use (about 2 minutes),
SQLite by default. With `--postgres URL` (the production database) the same demo is copied into
that PostgreSQL database when it holds no task yet (migrated first, `bench/clone_to_postgres.py`),
and the site is served from it. A DATABASE_URL of PostgreSQL in the environment is used as it is
(see docs/deploy.md).

The client runs on the same machine as the server (2 cores here): it takes part of the CPU.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.clone_to_postgres import clone  # noqa: E402
from tests.api.fuzz import BIN, _free_port, prepare, serve  # noqa: E402

RAMP_UP = 10.0  # seconds over which the officials log in
THINK = 5.0  # mean pause of an official between two requests, seconds (see the module's text)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Official:
    username: str
    task_id: int


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    accepted: Counter[int] = field(default_factory=Counter)  # task id -> accepted reports
    conflicts: int = 0


def pick_officials(users: int) -> tuple[list[Official], dict[int, tuple[int, int]]]:
    """Pairs of officials on in-progress tasks; the tasks' (version, events) before the run."""
    from django.utils import timezone

    from congvu.org.models import Post
    from congvu.tasks.models import Task

    today = timezone.localdate()
    chosen: list[Official] = []
    before: dict[int, tuple[int, int]] = {}
    seen: set[int] = set()
    tasks = (
        Task.objects.filter(status=Task.Status.IN_PROGRESS, assignee__isnull=False)
        .select_related("assignee__user")
        .order_by("pk")
    )
    for task in tasks:
        assignee = task.assignee
        assert assignee is not None
        if assignee.pk in seen:
            continue
        colleague = (
            Post.objects.in_force(today)
            .filter(unit_id=task.lead_unit_id, role=Post.Role.MEMBER)
            .exclude(official_id__in=seen | {assignee.pk})
            .select_related("official__user")
            .order_by("pk")
            .first()
        )
        if colleague is None:
            continue
        seen |= {assignee.pk, colleague.official_id}
        chosen += [
            Official(assignee.user.username, task.pk),
            Official(colleague.official.user.username, task.pk),
        ]
        before[task.pk] = (task.version, task.events.count())
        if len(chosen) >= users:
            break
    return chosen[:users], before


async def timed(
    client: httpx.AsyncClient, results: Results, label: str, method: str, url: str, **kw: object
) -> httpx.Response | None:
    started = time.perf_counter()
    try:
        response = await client.request(method, url, **kw)  # type: ignore[arg-type]
    except httpx.HTTPError as error:
        results.errors.append(f"{label}: {type(error).__name__}: {error}")
        return None
    results.latencies[label].append(time.perf_counter() - started)
    results.statuses[(label, response.status_code)] += 1
    return response


async def log_in(client: httpx.AsyncClient, official: Official, password: str) -> bool:
    page = await client.get("/login/")
    token = CSRF.search(page.text)
    if token is None:
        return False
    response = await client.post(
        "/login/",
        data={
            "username": official.username,
            "password": password,
            "csrfmiddlewaretoken": token.group(1),
        },
        headers={"Referer": str(client.base_url) + "/login/"},
    )
    return response.status_code == 302


async def official_round(
    client: httpx.AsyncClient, official: Official, until: float, think: float, results: Results
) -> None:
    """The official's daily round, over and over until `until`."""
    rng = random.Random(official.username)
    base = str(client.base_url)
    csrf = client.cookies.get("csrftoken", "")
    pages = [
        ("my work", "/viec-cua-toi/"),
        ("task list", "/nhiem-vu/"),
        ("task page", f"/nhiem-vu/{official.task_id}/"),
    ]
    # Not all in step: each starts somewhere within a first pause.
    await asyncio.sleep(rng.uniform(0, 2 * think))
    while time.perf_counter() < until:
        for label, url in pages:
            response = await timed(client, results, label, "GET", url)
            if response is not None and response.status_code != 200:
                results.errors.append(f"{label}: HTTP {response.status_code}")
            await asyncio.sleep(rng.uniform(0, 2 * think))
        read = await timed(client, results, "api task", "GET", f"/api/v1/tasks/{official.task_id}")
        if read is None or read.status_code != 200:
            results.errors.append(f"api task: HTTP {read.status_code if read else '-'}")
            continue
        report = await timed(
            client,
            results,
            "api progress",
            "POST",
            f"/api/v1/tasks/{official.task_id}/progress",
            json={
                "percent": rng.randint(1, 99),
                "note": "Đã làm thêm một phần việc",
                "version": read.json()["version"],
            },
            headers={"X-CSRFToken": csrf, "Referer": base + "/"},
        )
        if report is not None:
            if report.status_code == 200:
                results.accepted[official.task_id] += 1
            elif report.status_code == 409:
                results.conflicts += 1  # a concurrent edit refused, to be reloaded
            else:
                results.errors.append(f"api progress: HTTP {report.status_code}")
        await asyncio.sleep(rng.uniform(0, 2 * think))


async def arrive(
    client: httpx.AsyncClient, official: Official, password: str, logins: Results
) -> bool:
    """Log in at some moment of the ramp-up (timed into `logins`); whether it succeeded."""
    rng = random.Random(official.username)
    await asyncio.sleep(rng.uniform(0, RAMP_UP))
    started = time.perf_counter()
    try:
        logged_in = await log_in(client, official, password)
    except httpx.HTTPError as error:
        logins.errors.append(f"login: {type(error).__name__}: {error}")
        return False
    logins.latencies["login"].append(time.perf_counter() - started)
    if not logged_in:
        logins.errors.append(f"login refused for {official.username}")
    return logged_in


async def run_all(
    base: str, officials: list[Official], password: str, args: argparse.Namespace
) -> tuple[Results, list[tuple[float, Results, float]]]:
    """Everyone logs in, then one measured window per pause of `--think`, the same officials
    throughout: the logins, and per window its pause, its results and its length."""
    logins = Results()
    # Idle connections are dropped before gunicorn's keep-alive (5 s, congvu/gunicorn.py) runs out:
    # a request sent on a connection the server is closing fails, and a POST cannot be retried.
    limits = httpx.Limits(keepalive_expiry=2)
    clients = [httpx.AsyncClient(base_url=base, timeout=60, limits=limits) for _ in officials]
    windows: list[tuple[float, Results, float]] = []
    try:
        arrived = await asyncio.gather(
            *(arrive(c, o, password, logins) for c, o in zip(clients, officials, strict=True))
        )
        at_work = [(c, o) for c, o, ok in zip(clients, officials, arrived, strict=True) if ok]
        for think in args.think:
            results = Results()
            started = time.perf_counter()
            until = started + args.seconds
            await asyncio.gather(*(official_round(c, o, until, think, results) for c, o in at_work))
            windows.append((think, results, time.perf_counter() - started))
        return logins, windows
    finally:
        for client in clients:
            await client.aclose()


def percentile(values: list[float], share: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(share) - 1]


def print_table(rows: list[tuple[str, list[float]]]) -> None:
    print(f"{'request':<14}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for label, values in rows:
        if values:
            print(
                f"{label:<14}{len(values):>7}{percentile(values, 50) * 1000:>9.0f}"
                f"{percentile(values, 95) * 1000:>9.0f}{percentile(values, 99) * 1000:>9.0f}"
            )


def postgres_env(url: str, folder: Path, seed: int) -> dict[str, str]:
    """The site's environment on PostgreSQL at `url`, filled with the SQLite demo of `folder`
    (built there first) unless it already holds tasks."""
    sqlite_env = prepare(folder, seed)
    env = {**sqlite_env, "DATABASE_URL": url}
    with psycopg.connect(url) as connection:
        exists = connection.execute("SELECT to_regclass('tasks_task') IS NOT NULL").fetchone()
        filled = exists is not None and exists[0]
        if filled:
            row = connection.execute("SELECT EXISTS (SELECT 1 FROM tasks_task)").fetchone()
            filled = row is not None and row[0]
    if not filled:
        started = time.perf_counter()
        subprocess.run(
            [str(BIN / "congvu"), "migrate", "--noinput", "-v", "0"], env=env, check=True
        )
        clone(str(folder / "congvu.sqlite3"), url)
        print(f"load: demo copied to PostgreSQL in {time.perf_counter() - started:.1f} s")
    return env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--think",
        type=float,
        nargs="+",
        default=[THINK],
        help="mean pause between requests, seconds; several values: one window each, in order",
    )
    parser.add_argument("--data", type=Path, help="folder of the demo database (kept)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--postgres", metavar="URL", help="serve from this PostgreSQL database")
    args = parser.parse_args()

    folder = args.data or Path(tempfile.mkdtemp(prefix="congvu-load-"))
    folder.mkdir(parents=True, exist_ok=True)
    if args.postgres:
        env = postgres_env(args.postgres, folder, args.seed)
    elif os.environ.get("DATABASE_URL", "").startswith("postgres"):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "congvu.settings"}
        env.setdefault("CONGVU_VAR_DIR", str(folder))
    else:
        env = prepare(folder, args.seed)
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection

    from congvu.demo.units import DEMO_PASSWORD
    from congvu.tasks.models import Task

    officials, before = pick_officials(args.users)
    print(
        f"load: {len(officials)} officials on {len(before)} tasks, {args.seconds:.0f} s "
        f"on {connection.vendor}"
    )
    connection.close()
    port = _free_port()
    server = serve(env, port, folder / "load-server.log")
    try:
        base = f"http://127.0.0.1:{port}"
        logins, windows = asyncio.run(run_all(base, officials, DEMO_PASSWORD, args))
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(f"load: {len(logins.latencies['login'])} logins over the first {RAMP_UP:.0f} s")
    print_table([("login", logins.latencies["login"])])
    errors = list(logins.errors)
    summary = []
    for think, results, elapsed in windows:
        everything = [v for values in results.latencies.values() for v in values]
        print(
            f"load: pauses of {think:g} s on average: {len(everything)} requests in "
            f"{elapsed:.1f} s ({len(everything) / elapsed:.1f}/s)"
        )
        print_table([*sorted(results.latencies.items()), ("all", everything)])
        print(f"load: statuses {dict(sorted(results.statuses.items()))}")
        errors += results.errors
        summary.append((think, len(everything) / elapsed, everything, len(results.errors)))
    print(f"load: errors {len(errors)}", *sorted(set(errors))[:10], sep="\n  ")
    if len(summary) > 1:
        # The same officials pausing 1/k as long ask as much as k times as many at the first pause.
        first = summary[0][0]
        print(
            f"{'pause s':>8}{'as officials':>14}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}"
        )
        for think, rate, values, failed in summary:
            print(
                f"{think:>8g}{len(officials) * first / think:>14.0f}{rate:>8.1f}"
                f"{percentile(values, 50) * 1000:>9.0f}{percentile(values, 95) * 1000:>9.0f}"
                f"{failed:>8}"
            )

    accepted: Counter[int] = Counter()
    conflicts = 0
    for _think, results, _elapsed in windows:
        accepted += results.accepted
        conflicts += results.conflicts
    lost = 0
    for task in Task.objects.filter(pk__in=before):
        version, events = before[task.pk]
        now = task.events.count()
        if task.version - version != accepted[task.pk] or now - events != accepted[task.pk]:
            lost += 1
            print(
                f"  task {task.pk}: {accepted[task.pk]} reports accepted, "
                f"version +{task.version - version}, events +{now - events}"
            )
    print(
        f"load: concurrent edits: {sum(accepted.values())} accepted, "
        f"{conflicts} refused as stale (409), {lost} tasks with lost updates"
    )
    return 1 if errors or lost else 0


if __name__ == "__main__":
    sys.exit(main())

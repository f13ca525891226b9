"""Median server time of the dossier dashboard at 1,000,000 dossiers (target ≤ 200 ms).

    .venv/bin/python bench/dossiers.py                     # SQLite, in a temporary directory
    CONGVU_VAR_DIR=/tmp/congvu-bench-x .venv/bin/python bench/dossiers.py   # reuse a filled one
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/congvu_bench .venv/bin/python bench/dossiers.py

The dossier rows are written in bulk, not through the actions (a million replays would take hours
and the dashboard reads only the dossier table): their columns follow the same rules (receipt
day, appointment date, end of processing, timeliness, Decision 766 lateness) with a late share of
about 12 %. The page is requested through Django's test client, as an inspector (who sees every
dossier, so the page reads the monthly rollup) and as a member of the provincial centre (who sees
the dossiers of the centre, here all of them, through the visibility filter); the medians of
`--runs` requests are printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
if "DATABASE_URL" not in os.environ:
    os.environ.setdefault("CONGVU_VAR_DIR", tempfile.mkdtemp(prefix="congvu-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.dossiers.e2e_settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from congvu.core.calendar import add_working_days, working_days_between  # noqa: E402
from congvu.dossiers.models import Dossier, DossierMonthStat, Procedure  # noqa: E402
from congvu.dossiers.queries import rebuild_month_stats  # noqa: E402
from congvu.org.models import Unit  # noqa: E402
from congvu.org.text import fold  # noqa: E402


def fill(count: int, rng: random.Random) -> None:
    """Write `count` dossiers received over the last 12 months, in batches."""
    from tests.dossiers.conftest import build_desk

    desk = build_desk()
    units = [desk.province.construction, desk.province.finance, desk.province.ward]
    extra = [
        Procedure.objects.create(
            code=f"9.{n:06d}",
            name=f"Thủ tục thử nghiệm số {n}",
            name_folded=fold(f"Thủ tục thử nghiệm số {n}"),
            field=desk.province.field,
            level=Procedure.Level.PROVINCE,
            processing_days=rng.choice((1, 3, 5, 10, 15, 20)),
        )
        for n in range(40)
    ]
    procedures = [desk.procedure, desk.quick, *extra]
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    days = [today - dt.timedelta(days=n) for n in range(365)]
    batch: list[Dossier] = []
    started = time.perf_counter()
    for n in range(count):
        procedure = rng.choice(procedures)
        day = rng.choice(days)
        received_on = add_working_days(day, 0 if day.weekday() < 5 else 1)
        due = add_working_days(received_on, procedure.processing_days)
        late = rng.random() < 0.12
        span = procedure.processing_days + (rng.randint(1, 8) if late else 0)
        finish = add_working_days(received_on, rng.randint(0, span)) if not late else None
        if late:
            finish = add_working_days(due, rng.randint(1, 8))
        if finish is not None and (finish > today or rng.random() < 0.01):
            finish = None
        supplements = 2 if rng.random() < 0.02 else (1 if rng.random() < 0.1 else 0)
        row = Dossier(
            code=f"B-{n:08d}",
            procedure=procedure,
            applicant="Nguyễn Văn An",
            applicant_folded="nguyen van an",
            channel=rng.choice(("online", "in_person", "in_person", "post")),
            centre=desk.centre,
            holder=rng.choice(units) if finish is None else desk.centre,
            unit=rng.choice(units),
            status="processing" if finish is None else "returned",
            received_at=dt.datetime.combine(day, dt.time(9, 0), tzinfo=tz),
            received_on=received_on,
            received_month=received_on.replace(day=1),
            due=due,
            original_due=due,
            supplement_count=supplements,
        )
        if finish is not None:
            row.finished_at = dt.datetime.combine(finish, dt.time(15, 0), tzinfo=tz)
            row.finished_on = finish
            row.finished_month = finish.replace(day=1)
            row.elapsed_days = working_days_between(received_on, finish)
            row.timeliness = "early" if finish < due else "on_time" if finish == due else "late"
            row.late_766 = finish > due or supplements > 1
        batch.append(row)
        if len(batch) == 20_000:
            Dossier.objects.bulk_create(batch, batch_size=2_000)
            batch.clear()
            print(f"  {n + 1:,} dossiers, {time.perf_counter() - started:.0f} s", flush=True)
    Dossier.objects.bulk_create(batch, batch_size=2_000)
    print(f"  monthly rollup: {rebuild_month_stats()} rows", flush=True)


def settle() -> None:
    """What the database does by itself after a bulk load: statistics, and on PostgreSQL the
    visibility map that lets index-only scans skip the table (autovacuum)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def measure(client: Client, runs: int) -> float:
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        response = client.get("/ho-so/")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not Dossier.objects.exists():
        print(f"writing {args.count:,} dossiers on {connection.vendor} …", flush=True)
        fill(args.count, random.Random(args.seed))
    elif not DossierMonthStat.objects.exists():
        print(f"  monthly rollup: {rebuild_month_stats()} rows", flush=True)
    settle()
    from congvu.org.models import Official

    total = Dossier.objects.count()
    # Plain static storage: the manifest storage would need `collectstatic` first.
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    inspector = Official.objects.get(user__username="thanhtra")
    staff = Official.objects.get(user__username="motcua")
    client.force_login(inspector.user)
    client.get("/ho-so/")  # warm the caches (calendar, templates)
    as_inspector = measure(client, args.runs)
    client.force_login(staff.user)
    client.get("/ho-so/")
    as_staff = measure(client, args.runs)
    units = Unit.objects.count()
    print(
        f"{connection.vendor}: {total:,} dossiers, {units} units; dossier dashboard median "
        f"{as_inspector:.0f} ms (inspector), {as_staff:.0f} ms (centre staff); "
        f"target ≤ 200 ms"
    )


if __name__ == "__main__":
    main()

"""Server time of the investment pages at scale: the disbursement dashboard and the project list.

Builds its own data once (`--build N`): a province if the database has none, ≈ 150 projects of
the investment demo through the actions, then copies of them (rows copied in bulk, with new codes)
up to N projects, so that the pages see N projects with their stages, plans, payments and events.
Prints medians over --runs requests, with the login page's median as a baseline.

    export DATABASE_URL=sqlite:///$PWD/var/bench-investment.sqlite3
    .venv/bin/python bench/investment.py --build 5000     # once
    .venv/bin/python bench/investment.py --runs 30
    createdb -h 127.0.0.1 -U postgres congvu_bench_investment
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/congvu_bench_investment \\
        .venv/bin/python bench/investment.py --build 5000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from collections.abc import Callable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvu.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import include, path  # noqa: E402
from timing import timed  # noqa: E402

from congvu.investment.demo import build_investment_demo  # noqa: E402
from congvu.investment.models import (  # noqa: E402
    CapitalPlan,
    Disbursement,
    PlanAdjustment,
    Project,
    ProjectEvent,
    Stage,
)
from congvu.org.actions import create_official, create_unit, give_post  # noqa: E402
from congvu.org.models import Official, Position, Post, Unit  # noqa: E402
from congvu.urls import urlpatterns as site  # noqa: E402

TODAY = dt.date(2026, 11, 27)
# The pages are mounted here as the lead mounts them in congvu/urls.py.
urlpatterns = [path("dau-tu/", include("congvu.web.urls.investment")), *site]


def build_province() -> Official:
    """A small province: its committee and chair, two project boards, twelve communes."""
    pc = create_unit(code="BQN", name="Ủy ban nhân dân tỉnh Quảng Ninh", kind=Unit.Kind.PROVINCE_PC)
    leader = Position.objects.get_or_create(name="Chủ tịch", defaults={"is_manager": True})[0]
    head = Position.objects.get_or_create(name="Giám đốc", defaults={"is_manager": True})[0]
    chair = create_official(code="B0", full_name="Cao Tường Huy", username="bench-chutich",
                            password="bench-123456", category="cadre")  # fmt: skip
    give_post(chair, unit=pc, position=leader, role=Post.Role.LEADER)
    units = [
        create_unit(
            code=f"BQLDA{i}",
            name=f"Ban Quản lý dự án đầu tư xây dựng số {i}",
            kind=Unit.Kind.PUBLIC_SERVICE,
            parent=pc,
        )  # fmt: skip
        for i in (1, 2)
    ] + [
        create_unit(
            code=f"XA{i:02d}",
            name=f"Ủy ban nhân dân xã Số {i}",
            kind=Unit.Kind.COMMUNE_PC,
            parent=pc,
        )  # fmt: skip
        for i in range(1, 13)
    ]
    units.append(create_unit(code="SXD", name="Sở Xây dựng", kind=Unit.Kind.DEPARTMENT, parent=pc))
    for n, unit in enumerate(units, start=1):
        boss = create_official(code=f"B{n}", full_name=f"Giám đốc {n}", username=f"bench-{n}",
                               password=None, category="civil_servant")  # fmt: skip
        give_post(boss, unit=unit, position=head, role=Post.Role.HEAD)
    return chair


def copy_projects(target: int) -> None:
    """Copy the existing projects (and everything under them) until there are `target`."""
    originals = list(Project.objects.order_by("pk"))
    copies = 0
    with transaction.atomic():
        while Project.objects.count() < target:
            copies += 1
            for source in originals:
                if Project.objects.count() >= target:
                    break
                _copy(source, f"{source.code}-K{copies}")


def _copy(source: Project, code: str) -> None:
    stages = list(Stage.objects.filter(project=source))
    plans = list(CapitalPlan.objects.filter(project=source))
    adjustments = list(PlanAdjustment.objects.filter(plan__project=source))
    payments = list(Disbursement.objects.filter(project=source))
    events = list(ProjectEvent.objects.filter(project=source))
    units = list(source.responsible_units.all())
    project = Project.objects.get(pk=source.pk)  # a fresh instance: `source` stays the original
    project.pk = None
    project.code = code
    project.save(force_insert=True)
    project.responsible_units.set(units)
    for stage in stages:
        stage.pk, stage.project = None, project
    Stage.objects.bulk_create(stages)
    new_plans = {}
    for plan in plans:
        old = plan.pk
        plan.pk, plan.project = None, project
        plan.save(force_insert=True)
        new_plans[old] = plan
    for adjustment in adjustments:
        adjustment.pk, adjustment.plan = None, new_plans[adjustment.plan_id]
    PlanAdjustment.objects.bulk_create(adjustments)
    for payment in payments:
        payment.pk, payment.project, payment.plan = None, project, new_plans[payment.plan_id]
    Disbursement.objects.bulk_create(payments)
    for event in events:
        event.pk, event.project = None, project
        event._state.adding = True
    ProjectEvent.objects.bulk_create(events)


def build(target: int) -> None:
    call_command("migrate", verbosity=0)
    if not Unit.objects.exists():
        build_province()
    if not Project.objects.exists():
        started = time.perf_counter()
        truth = build_investment_demo(rng=random.Random(2025), today=TODAY, count=150)
        seconds = time.perf_counter() - started
        print(f"demo: {truth.projects} projects through the actions in {seconds:.1f} s")
    started = time.perf_counter()
    copy_projects(target)
    seconds = time.perf_counter() - started
    print(f"copies up to {Project.objects.count():,} projects in {seconds:.1f} s")


def _counter(queries: list[str]) -> Callable[..., object]:
    def count(execute: Callable[..., object], sql: str, *args: object) -> object:
        queries.append(sql)
        return execute(sql, *args)

    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=int, default=0, help="first fill up to N projects")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    if args.build:
        build(args.build)

    from django.conf import settings

    settings.ROOT_URLCONF = __name__
    # Pages link the site's stylesheet; no collectstatic is needed to time them.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    leader = Post.objects.filter(role=Post.Role.LEADER, unit__parent__isnull=True).first()
    if leader is None:
        sys.exit("No leader of a root People's Committee: run with --build N first.")
    client = Client()
    client.force_login(leader.official.user)
    anonymous = Client()
    print(
        f"database: {connection.vendor}, {Project.objects.count():,} projects, "
        f"{Disbursement.objects.count():,} disbursements, {ProjectEvent.objects.count():,} events"
    )
    year = "2026"
    pages: dict[str, Callable[[], int]] = {
        "baseline: login page": lambda: anonymous.get("/login/").status_code,
        "investment dashboard": lambda: (
            client.get(f"/dau-tu/?year={year}&as_of=27/11/2026").status_code
        ),
        "project list, page 1": lambda: client.get(f"/dau-tu/du-an/?year={year}").status_code,
        "project list, search 'ha long'": lambda: (
            client.get(f"/dau-tu/du-an/?year={year}&q=so+1").status_code
        ),
    }
    baseline = None
    print(f"{'page':34} {'median ms':>10} {'p90 ms':>8} {'queries':>8} {'× login':>8}")
    for name, get in pages.items():
        # Counted with a wrapper: a request resets the connection's own query log.
        queries: list[str] = []
        with connection.execute_wrapper(_counter(queries)):
            get()
        median, p90, status = timed(get, args.runs)
        if status != 200:
            print(f"{name}: HTTP {status}", file=sys.stderr)
            sys.exit(1)
        baseline = baseline or median
        print(f"{name:34} {median:10.1f} {p90:8.1f} {len(queries):8d} {median / baseline:8.1f}")


if __name__ == "__main__":
    main()

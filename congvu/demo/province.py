"""The whole demo province: tasks, then citizens' dossiers, investment projects and the signals.

Each domain has its own generator, replayed through its own actions; this module runs them in
order on the province the task demo builds, and computes the findings at the end so that the
planted behaviour shows on the signals pages from the first login.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass, field

from congvu.core.db import give_way
from congvu.demo.generator import DemoSummary, Progress, build_demo
from congvu.dossiers.demo import DossierDemo, build_dossier_demo
from congvu.findings.jobs import run_scheduled
from congvu.investment.demo import InvestmentTruth, build_investment_demo
from congvu.people.demo import build_people_demo, personnel_officer


@dataclass(frozen=True)
class ProvinceDemo:
    """What the whole demo built, with the seconds each stage took."""

    tasks: DemoSummary | None  # None when only the rest of the demo was built
    dossiers: DossierDemo | None
    investment: InvestmentTruth | None
    findings: int
    timings: dict[str, float] = field(default_factory=dict)


def build_province_demo(
    *,
    seed: int,
    today: dt.date,
    tasks: int = 20000,
    events: int | None = None,
    months: int = 12,
    dossiers: int = 50_000,
    projects: int = 150,
    findings: bool = True,
    progress: Progress | None = None,
) -> ProvinceDemo:
    """Build the demo province into an empty database; `dossiers=0` or `projects=0` skip those."""
    started = time.perf_counter()
    summary = build_demo(
        seed=seed, tasks=tasks, events=events, months=months, today=today, progress=progress
    )
    rest = build_rest_of_demo(
        seed=seed,
        today=today,
        dossiers=dossiers,
        projects=projects,
        findings=findings,
        progress=progress,
    )
    return ProvinceDemo(
        summary,
        rest.dossiers,
        rest.investment,
        rest.findings,
        {"tasks": time.perf_counter() - started - sum(rest.timings.values()), **rest.timings},
    )


def build_rest_of_demo(
    *,
    seed: int,
    today: dt.date,
    dossiers: int = 50_000,
    projects: int = 150,
    findings: bool = True,
    progress: Progress | None = None,
) -> ProvinceDemo:
    """The investment projects, dossiers, discipline cases and proposals, signals, nominations
    for rewards and ratings, on a province whose tasks are built.

    `make run` serves the pages as soon as the tasks exist and runs this in the background, so a
    new user logs in after the task demo rather than after the whole province. Each generator
    gets its own random stream derived from `seed`, so the number of dossiers does not change the
    tasks; each part is skipped when its data already exists, so an interrupted run resumes.
    """
    from congvu.discipline.demo import build_discipline_demo
    from congvu.discipline.models import DisciplineCase
    from congvu.dossiers.models import Dossier
    from congvu.findings.models import ComputationRun
    from congvu.innovation.models import Proposal
    from congvu.investment.models import Project
    from congvu.people.models import Rating
    from congvu.rewards.demo import build_rewards_demo
    from congvu.rewards.models import Nomination

    timings: dict[str, float] = {}

    # This runs in the background while people use the site: every generator reports its progress
    # after each of its transactions, and there the build gives way to the pages' writes (logins
    # among them) on SQLite.
    def report(stage: str, done: int, total: int) -> None:
        give_way()
        if progress is not None:
            progress(stage, done, total)

    built_projects = None
    if projects and not Project.objects.exists():
        started = time.perf_counter()
        done = 0

        def report_projects(count: int) -> None:
            nonlocal done
            done += count
            report("projects", done, projects)

        built_projects = build_investment_demo(
            rng=random.Random(seed + 2), today=today, count=projects, progress=report_projects
        )
        timings["projects"] = time.perf_counter() - started

    built_dossiers = None
    if dossiers and not Dossier.objects.exists():
        started = time.perf_counter()
        built_dossiers = build_dossier_demo(
            rng=random.Random(seed + 1), today=today, count=dossiers, progress=report
        )
        timings["dossiers"] = time.perf_counter() - started

    if not DisciplineCase.objects.exists() and not Proposal.objects.exists():
        started = time.perf_counter()
        build_discipline_demo(
            rng=random.Random(seed + 3), today=today, personnel=personnel_officer()
        )
        timings["discipline"] = time.perf_counter() - started

    raised = 0
    if findings and not ComputationRun.objects.exists():
        started = time.perf_counter()
        report("findings", 0, 1)
        raised = run_scheduled().raised
        report("findings", 1, 1)
        timings["findings"] = time.perf_counter() - started

    # Nominations after the signals: one cites a signal explained and accepted as justified.
    if not Nomination.objects.exists():
        started = time.perf_counter()
        build_rewards_demo(rng=random.Random(seed + 4), today=today, personnel=personnel_officer())
        timings["rewards"] = time.perf_counter() - started

    # Ratings last: the signals pages should not wait for them.
    if not Rating.objects.exists():
        started = time.perf_counter()
        build_people_demo(rng=random.Random(seed + 3), today=today, progress=report)
        timings["ratings"] = time.perf_counter() - started
    return ProvinceDemo(None, built_dossiers, built_projects, raised, timings)

"""What the demo commands print: progress bars on stderr, the summary, and the demo logins."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from tqdm import tqdm

from congvu.demo.generator import DemoSummary, Progress
from congvu.demo.province import ProvinceDemo
from congvu.demo.units import DEMO_PASSWORD, INVESTMENT_LOGIN, RECEPTION_LOGIN
from congvu.org.models import Post


def progress_bars(stream: TextIO = sys.stderr) -> tuple[Progress, Callable[[], None]]:
    """A progress callback that shows one bar per stage, and a function that closes them."""
    bars: dict[str, Any] = {}
    labels = {
        "org": _("Organisation"),
        "tasks": _("Tasks"),
        "truth": _("Ground truth"),
        "projects": _("Investment projects"),
        "dossiers": _("Dossiers"),
        "findings": _("Signals"),
    }

    def report(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(
                total=total, desc=labels.get(stage, stage), file=stream, unit_scale=True
            )
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    def close() -> None:
        for bar in bars.values():
            bar.close()

    return report, close


def summary_lines(summary: DemoSummary) -> list[str]:
    """The summary of a build, in the user's language."""
    lines = [
        _(
            "Demo province built in %(seconds).0f s (seed %(seed)s, up to %(today)s): "
            "%(units)s units, %(officials)s officials, %(tasks)s tasks, %(events)s events."
        )
        % {
            "seconds": summary.seconds,
            "seed": summary.seed,
            "today": summary.today.strftime("%d/%m/%Y"),
            "units": summary.units,
            "officials": summary.officials,
            "tasks": summary.tasks,
            "events": summary.events,
        },
        _("Planted patterns (tasks showing each kind, of which planted on purpose):"),
    ]
    for kind, count in summary.patterns.items():
        lines.append(f"  {kind}: {count} ({summary.planted.get(kind, 0)})")
    timings = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in summary.timings.items())
    lines.append(_("Timings: %(timings)s.") % {"timings": timings})
    return lines


def province_lines(demo: ProvinceDemo) -> list[str]:
    """The summary of the whole province: tasks, then dossiers, projects and signals."""
    lines = summary_lines(demo.tasks) if demo.tasks is not None else []
    if demo.dossiers is not None:
        lines.append(
            _("Dossiers: %(dossiers)s dossiers of %(procedures)s procedures, %(events)s events.")
            % {
                "dossiers": demo.dossiers.dossiers,
                "procedures": demo.dossiers.procedures,
                "events": demo.dossiers.events,
            }
        )
    if demo.investment is not None:
        lines.append(
            _("Public investment: %(projects)s projects.") % {"projects": demo.investment.projects}
        )
    lines.append(_("Signals raised: %(count)s.") % {"count": demo.findings})
    timings = ", ".join(f"{stage} {seconds:.0f} s" for stage, seconds in demo.timings.items())
    lines.append(_("Timings: %(timings)s.") % {"timings": timings})
    return lines


# Role label (English msgid), login: every role of the demo that has work of its own.
ROLES = (
    ("administrator", "admin"),
    ("leader", "chutich"),
    ("office", "vanphong"),
    ("unit head", "giamdoc.xd"),
    ("official", "chuyenvien.xd"),
    ("reception", RECEPTION_LOGIN),
    ("investment", INVESTMENT_LOGIN),
    ("inspector", "thanhtra"),
    ("ward chair", "chutich.halong"),
    ("personnel", "noivu"),
)


def role_labels() -> dict[str, str]:
    return {
        "administrator": _("Administrator"),
        "leader": _("Leader"),
        "office": _("Office of the People's Committee"),
        "unit head": _("Unit head"),
        "official": pgettext("role", "Official"),
        "reception": _("Public service centre (reception)"),
        "investment": _("Project management board (investment)"),
        "inspector": _("Inspector"),
        "ward chair": _("Ward chair"),
        "personnel": _("Department of Home Affairs (ratings)"),
    }


def first_steps() -> dict[str, str]:
    """What each role should try first, one line each, with the page's address."""
    return {
        "administrator": _("manage accounts, units and posts at /admin/"),
        "leader": _("read the overview (/tong-quan/), then the signals (/dau-hieu/)"),
        "office": _("assign a task to a department (/nhiem-vu/giao-moi/) and follow it"),
        "unit head": _("accept new tasks in My work (/viec-cua-toi/) and hand them out"),
        "official": _("report progress on one of your tasks in My work (/viec-cua-toi/)"),
        "reception": _("receive a dossier at the counter (/ho-so/tiep-nhan/)"),
        "investment": _("open the board's projects (/dau-tu/du-an/) and record a disbursement"),
        "inspector": _("read every unit's tasks, dossiers and signals, read-only (/nhiem-vu/)"),
        "ward chair": _("see the ward's overview (/tong-quan/) and its dossiers (/ho-so/)"),
        "personnel": _("follow the ratings (/danh-gia/toan-tinh/) and streamlining review"),
    }


def login_lines() -> list[str]:
    """One login per role of the demo, with the shared demo password, the address to open and
    what to try first."""
    labels = role_labels()
    hints = first_steps()
    port = os.environ.get("PORT", "8000")
    lines = [
        _("Open http://127.0.0.1:%(port)s and log in as one of:") % {"port": port},
    ]
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=dict(ROLES).values())
    }
    for role, username in ROLES:
        user = users.get(username)
        if user is None:
            continue
        who = _("Django superuser")
        official = getattr(user, "official", None)
        if official is not None:
            post = (
                Post.objects.filter(official=official, is_primary=True)
                .select_related("position", "unit")
                .first()
            )
            who = official.full_name
            if post is not None:
                who = f"{official.full_name}, {post.position.name}, {post.unit}"
        lines.append(f"  {labels[role]:<34} {username:<16} ({who})")
        lines.append(f"  {'':<34} → {hints[role]}")
    lines.append(_("Password for every account: %(password)s") % {"password": DEMO_PASSWORD})
    return lines

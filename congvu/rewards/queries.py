"""The evidence panel: what the logs say an official did in a year that a nomination may cite.

Four kinds of evidence, each read from its own log (docs/rewards.md gives the reading):

- task: a task the official reported complete, before the deadline first set (an extension does
  not make a task early), approved in the year, never sent back for rework nor reopened (accepted
  the first time);
- finding: a signal about the official's work, or one they explained, whose explanation a leader
  accepted as justified, the last acceptance in the year (a signal reopened and not accepted again
  does not count);
- dossier: a dossier of a hard procedure whose result the official issued, ended in the year and
  on time under Decision 766 (not late, not asked for supplements twice); a procedure is hard in a
  year when at least `HARD_LATE_SHARE` of its dossiers that ended in the year ended late, of at
  least `HARD_MIN_ENDED` (the procedures the province itself struggles with);
- proposal: an innovation proposal of the official, approved and implemented, its
  implementation started in the year, and not found wanting (`innovation.queries`).

Each is a few indexed queries whatever the size of the logs; a page shows one panel.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from congvu.dossiers.models import Activity as DossierActivity
from congvu.dossiers.models import Dossier, DossierEvent
from congvu.dossiers.queries import COUNTED
from congvu.findings.models import Explanation, Finding, FindingEvent
from congvu.innovation.models import Proposal
from congvu.innovation.queries import exemption_grounds
from congvu.org.models import Official, Unit
from congvu.rewards.access import can, visible
from congvu.rewards.models import Nomination
from congvu.tasks.models import Activity as TaskActivity
from congvu.tasks.models import Task, TaskEvent

Kind = Literal["task", "finding", "dossier", "proposal"]
EVIDENCE_KINDS: tuple[Kind, ...] = ("task", "finding", "dossier", "proposal")

HARD_LATE_SHARE = Fraction(1, 5)
HARD_MIN_ENDED = 5


@dataclass(frozen=True)
class Item:
    """One piece of evidence: its kind, the case's id, a label, the day it counts from, and, for
    a task, how many days before the first deadline it was reported complete."""

    kind: Kind
    id: int
    label: str
    day: dt.date
    days_early: int | None = None

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.id)


@dataclass(frozen=True)
class Panel:
    official: Official
    year: int
    tasks: list[Item] = field(default_factory=list)
    findings: list[Item] = field(default_factory=list)
    dossiers: list[Item] = field(default_factory=list)
    proposals: list[Item] = field(default_factory=list)

    def of(self, kind: str) -> list[Item]:
        return {
            "task": self.tasks,
            "finding": self.findings,
            "dossier": self.dossiers,
            "proposal": self.proposals,
        }[kind]

    @property
    def counts(self) -> dict[str, int]:
        return {kind: len(self.of(kind)) for kind in EVIDENCE_KINDS}

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def keys(self) -> set[tuple[str, int]]:
        return {item.key for kind in EVIDENCE_KINDS for item in self.of(kind)}

    def sections(self) -> list[tuple[str, list[Item]]]:
        return [(kind, self.of(kind)) for kind in EVIDENCE_KINDS]

    def chosen(self, keys: Iterable[tuple[str, int]]) -> list[Item]:
        wanted = set(keys)
        return [item for kind in EVIDENCE_KINDS for item in self.of(kind) if item.key in wanted]


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The year as aware datetimes in local time: [1 January, next 1 January)."""
    zone = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=zone), dt.datetime(year + 1, 1, 1, tzinfo=zone)


def early_tasks(official: Official, year: int) -> QuerySet[Task]:
    start, end = year_bounds(year)
    completed = TaskEvent.objects.filter(actor=official, activity=TaskActivity.COMPLETE)
    redone = TaskEvent.objects.filter(
        task=OuterRef("pk"), activity__in=(TaskActivity.SEND_BACK, TaskActivity.REOPEN)
    )
    return (
        Task.objects.filter(
            pk__in=completed.values("task_id"),
            status=Task.Status.DONE,
            approved_at__gte=start,
            approved_at__lt=end,
            completed_on__lt=F("original_due"),
        )
        .exclude(Exists(redone))
        .order_by("approved_at", "pk")
    )


def justified_findings(official: Official, year: int) -> QuerySet[Finding]:
    start, end = year_bounds(year)
    explained = Explanation.objects.filter(by=official).values("finding_id")
    return (
        Finding.objects.filter(status=Finding.Status.JUSTIFIED)
        .filter(Q(official=official) | Q(pk__in=explained))
        .annotate(
            justified_at=Max(
                "events__ts", filter=Q(events__activity=FindingEvent.Activity.JUSTIFIED)
            )
        )
        .filter(justified_at__gte=start, justified_at__lt=end)
        .order_by("justified_at", "pk")
    )


def hard_procedures(year: int) -> set[int]:
    """The procedures at least a fifth of whose dossiers ended in the year ended late under
    Decision 766, of at least five (one GROUP BY on the dossiers' covering index)."""
    rows = (
        Dossier.objects.filter(
            COUNTED,
            finished_month__gte=dt.date(year, 1, 1),
            finished_month__lte=dt.date(year, 12, 1),
        )
        .values("procedure_id")
        .annotate(ended=Count("pk"), late=Count("pk", filter=Q(late_766=True)))
    )
    return {
        row["procedure_id"]
        for row in rows
        if row["ended"] >= HARD_MIN_ENDED and Fraction(row["late"], row["ended"]) >= HARD_LATE_SHARE
    }


def hard_dossiers(official: Official, year: int) -> QuerySet[Dossier]:
    issued = DossierEvent.objects.filter(actor=official, activity=DossierActivity.COMPLETE)
    return (
        Dossier.objects.filter(
            COUNTED,
            pk__in=issued.values("dossier_id"),
            procedure_id__in=hard_procedures(year),
            finished_on__gte=dt.date(year, 1, 1),
            finished_on__lte=dt.date(year, 12, 31),
            late_766=False,
        )
        .select_related("procedure")
        .order_by("finished_on", "pk")
    )


def implemented_proposals(official: Official, year: int) -> QuerySet[Proposal]:
    return exemption_grounds(official.pk).filter(implementing_since__year=year)


def evidence_panel(official: Official, year: int) -> Panel:
    local = timezone.localdate
    tasks = [
        Item(
            "task",
            task.pk,
            task.title,
            local(task.approved_at) if task.approved_at else task.due,
            (task.original_due - task.completed_on).days if task.completed_on else None,
        )
        for task in early_tasks(official, year)
    ]
    findings = [
        Item(
            "finding",
            finding.pk,
            f"{finding.get_kind_display()} — {finding.get_case_type_display()} {finding.case_id}",
            local(finding.justified_at),  # type: ignore[attr-defined]
        )
        for finding in justified_findings(official, year)
    ]
    dossiers = [
        Item(
            "dossier", dossier.pk, f"{dossier.code} · {dossier.procedure.name}", dossier.finished_on
        )
        for dossier in hard_dossiers(official, year)
        if dossier.finished_on is not None
    ]
    proposals = [
        Item("proposal", proposal.pk, proposal.title, proposal.implementing_since)
        for proposal in implemented_proposals(official, year).order_by("implementing_since")
        if proposal.implementing_since is not None
    ]
    return Panel(official, year, tasks, findings, dossiers, proposals)


def parse_keys(values: Iterable[object]) -> list[tuple[str, int]]:
    """Evidence keys from their stored or posted form ("task:12" or ["task", 12]); anything
    else raises ValueError naming it."""
    keys: list[tuple[str, int]] = []
    for value in values:
        if isinstance(value, str):
            kind, _sep, number = value.partition(":")
        elif isinstance(value, list | tuple) and len(value) == 2:
            kind, number = str(value[0]), str(value[1])
        else:
            raise ValueError(repr(value))
        if kind not in EVIDENCE_KINDS or not number.isdigit():
            raise ValueError(repr(value))
        keys.append((kind, int(number)))
    return keys


def unit_year_list(unit: Unit, year: int) -> QuerySet[Nomination]:
    """The year's nominations of a unit, submitted or further, by status then nominee."""
    return (
        Nomination.objects.filter(unit=unit, year=year)
        .exclude(status=Nomination.Status.DRAFT)
        .select_related("nominee", "nominator", "unit")
        .order_by("status", "nominee__full_name", "pk")
    )


def due_steps(official: Official) -> list[Nomination]:
    """The nominations waiting for the official: to review (submitted, as a head over the unit)
    or to decide (reviewed, as the head or Sở Nội vụ) — the work list and the list page."""
    waiting = (
        visible(official)
        .filter(status__in=(Nomination.Status.SUBMITTED, Nomination.Status.REVIEWED))
        .select_related("nominee", "unit")
        .order_by("submitted_on", "pk")
    )
    return [
        n
        for n in waiting
        if can(official, "review" if n.status == Nomination.Status.SUBMITTED else "decide", n)
    ]

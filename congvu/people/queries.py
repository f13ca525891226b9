"""Reads of the people records: periods, the work items of officials from the task log, and the
engine's figures for a unit's ratings (the same `run_rating` as `congvu rating`, fed in memory)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congvu.core.calendar import add_working_days
from congvu.org.access import posts_of
from congvu.org.models import Official, Post, Unit
from congvu.people import files
from congvu.people.attribution import (
    APPROVAL,
    COORDINATION_COEFFICIENT,
    DIRECTION,
    REVIEW_WORKING_DAYS,
    AnswerItem,
    InputFacts,
    ReviewFacts,
    answer_item,
    review_item,
)
from congvu.people.items import EventRow, TaskFacts, task_facts
from congvu.people.models import (
    Placement,
    Product,
    Rating,
    RatingActivity,
    RatingEvent,
    RatingPolicy,
)
from congvu.people.overrides import overrides_for
from congvu.people.rating import ITEM_COLUMNS, PEOPLE_COLUMNS, Result, run_rating
from congvu.people.rules import regime_for
from congvu.people.tables import Rows
from congvu.tasks.models import Activity, InputRequest, Task, TaskEvent

_PERIOD = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>0[1-9]|1[0-2])|Q(?P<quarter>[1-4])))?$")
DEFAULT_SPLIT = (10, 10, 10)
YEAR_DEADLINE = (12, 15)  # the year's rating is done before 15 December (Decree 335 Art. 19)


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """First and last day of a month "2026-03", a quarter "2026-Q1" or a year "2026";
    ValueError for anything else."""
    match = _PERIOD.match(period)
    if match is None:
        raise ValueError(period)
    year = int(match["year"])
    if match["month"]:
        month = int(match["month"])
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    if match["quarter"]:
        first = 3 * int(match["quarter"]) - 2
        last = first + 2
        return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def period_label(period: str) -> str:
    """A period as an official writes it: "2026-03" → "tháng 3/2026", "2026-Q4" → "quý IV/2026",
    "2026" → "năm 2026"; anything else unchanged."""
    match = _PERIOD.match(period)
    if match is None:
        return period
    year = int(match["year"])
    if match["month"]:
        return _("month %(month)d/%(year)d") % {"month": int(match["month"]), "year": year}
    if match["quarter"]:
        roman = ("I", "II", "III", "IV")[int(match["quarter"]) - 1]
        return _("quarter %(quarter)s/%(year)d") % {"quarter": roman, "year": year}
    return _("year %(year)d") % {"year": year}


def period_of(day: dt.date, frequency: str) -> str:
    """The month or quarter `day` falls in."""
    if frequency == RatingPolicy.Frequency.QUARTER:
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def policy_of(unit: Unit) -> RatingPolicy:
    """The unit's rating policy, or the nearest unit above with one, or the defaults (monthly,
    10/10/10, five working days of petitions)."""
    ids = [int(pk) for pk in unit.path.strip("/").split("/") if pk]
    found = {p.unit_id: p for p in RatingPolicy.objects.filter(unit_id__in=ids)}
    for pk in reversed(ids):
        if pk in found:
            return found[pk]
    return RatingPolicy(unit=unit)


def split_of(policy: RatingPolicy) -> tuple[int, int, int]:
    return (policy.politics_max, policy.service_max, policy.innovation_max)


def general_points(rating: Rating) -> Decimal:
    """The general criteria's points: the manager's scores once reviewed, else the official's."""
    points = rating.manager_points or rating.self_points or []
    return sum((Decimal(str(value)) for value in points), Decimal(0))


# Work items ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkItem:
    """One task as an item of an official's period, with what the rating counts of it."""

    period: str
    official_id: int
    task_id: int
    title: str
    coefficient: Decimal
    product: str  # the catalogue entry; "" when none matched (coefficient 1)
    completed: bool
    quality_failures: int  # counted, after objective causes
    delays: int
    excused: tuple[str, ...]  # "quality" / "delay" removed by an objective cause
    facts: TaskFacts

    def row(self, official_code: str) -> list[object]:
        """The item as a row of ITEMS.csv."""
        return [
            self.period,
            official_code,
            f"{self.task_id} {self.title}",
            self.coefficient,
            "yes" if self.completed else "no",
            self.quality_failures,
            self.delays,
        ]


def _events_by_task(task_ids: Iterable[int]) -> dict[int, list[EventRow]]:
    rows: dict[int, list[EventRow]] = defaultdict(list)
    events = (
        TaskEvent.objects.filter(task_id__in=list(task_ids))
        .order_by("task_id", "seq")
        .values_list("task_id", "id", "ts", "activity", "due", "unit_id", "to_unit_id", "payload")
    )
    for task_id, pk, ts, activity, due, unit_id, to_unit_id, payload in events:
        day = timezone.localtime(ts).date()
        rows[task_id].append(EventRow(pk, day, activity, due, unit_id, to_unit_id, payload))
    return rows


def causes_of(ratings: Iterable[Rating]) -> dict[tuple[int, str], set[tuple[int, str]]]:
    """Objective causes recorded on the ratings: {(official, period): {(task, kind)}}."""
    found: dict[tuple[int, str], set[tuple[int, str]]] = defaultdict(set)
    by_pk = {rating.pk: rating for rating in ratings}
    events = RatingEvent.objects.filter(
        rating_id__in=list(by_pk), activity=RatingActivity.OBJECTIVE_CAUSE
    ).values_list("rating_id", "payload")
    for rating_id, payload in events:
        rating = by_pk[rating_id]
        found[(rating.official_id, rating.period)].add((int(payload["task"]), payload["kind"]))
    return found


def absences_of(ratings: Iterable[Rating]) -> dict[int, list[tuple[dt.date, dt.date]]]:
    """Recorded absences (nghỉ ốm, thai sản, có lý do) per official: days not worked."""
    found: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    by_pk = {rating.pk: rating for rating in ratings}
    events = RatingEvent.objects.filter(
        rating_id__in=list(by_pk), activity=RatingActivity.ABSENCE
    ).values_list("rating_id", "payload")
    for rating_id, payload in events:
        span = (dt.date.fromisoformat(payload["start"]), dt.date.fromisoformat(payload["end"]))
        found[by_pk[rating_id].official_id].append(span)
    return found


def work_items(
    official_ids: Sequence[int],
    start: dt.date,
    end: dt.date,
    *,
    frequency: str = RatingPolicy.Frequency.MONTH,
    as_of: dt.date | None = None,
    causes: dict[tuple[int, str], set[tuple[int, str]]] | None = None,
    absences: dict[int, list[tuple[dt.date, dt.date]]] | None = None,
) -> list[WorkItem]:
    """Every task the officials held, as an item of the month or quarter (between `start` and
    `end`) it belongs to, with the catalogue's coefficient; tasks whose day falls in a recorded
    absence are left out (rated on the time worked). Two queries for the tasks and their
    events, two for the catalogue."""
    as_of = as_of or timezone.localdate()
    causes = causes or {}
    absences = absences or {}
    ids = set(official_ids)
    assigned = TaskEvent.objects.filter(activity=Activity.ASSIGN, payload__assignee__in=list(ids))
    tasks = {
        task.pk: task
        for task in Task.objects.filter(
            Q(assignee_id__in=ids) | Q(pk__in=assigned.values("task_id"))
        ).only("pk", "title", "field_id", "assignee_id")
    }
    events = _events_by_task(tasks)
    placements = list(
        Placement.objects.filter(official_id__in=ids, start__lte=end)
        .filter(Q(end__isnull=True) | Q(end__gte=start))
        .order_by("start")
        .values_list("official_id", "job_position_id", "start", "end")
    )
    products = {
        (position, field_id): (name, coefficient)
        for position, field_id, name, coefficient in Product.objects.filter(
            job_position_id__in={p[1] for p in placements}, field__isnull=False
        ).values_list("job_position_id", "field_id", "name", "coefficient")
    }
    items: list[WorkItem] = []
    for task_id, task in tasks.items():
        facts = task_facts(events.get(task_id, []), as_of=as_of)
        day = facts.item_day
        if facts.cancelled or day is None or not start <= day <= end:
            continue
        holder = facts.holder_on(day, task.assignee_id)
        if holder not in ids:
            continue
        if any(low <= day <= high for low, high in absences.get(holder, [])):
            continue
        period = period_of(day, frequency)
        position = next(
            (
                p[1]
                for p in reversed(placements)
                if p[0] == holder and p[2] <= day and (p[3] is None or day <= p[3])
            ),
            None,
        )
        match = products.get((position, task.field_id)) if position is not None else None
        product, coefficient = match or ("", Decimal(1))
        excused = tuple(
            kind
            for kind in ("quality", "delay")
            if (task_id, kind) in causes.get((holder, period), ())
        )
        items.append(
            WorkItem(
                period=period,
                official_id=holder,
                task_id=task_id,
                title=task.title,
                coefficient=coefficient,
                product=product,
                completed=facts.completed,
                quality_failures=0 if "quality" in excused else facts.quality_failures,
                delays=0 if "delay" in excused else facts.delays,
                excused=excused,
                facts=facts,
            )
        )
    items += coordination_items(ids, start, end, frequency, as_of, causes, absences)
    items.sort(key=lambda item: (item.period, item.official_id, item.task_id))
    return items


def coordination_items(
    ids: set[int],
    start: dt.date,
    end: dt.date,
    frequency: str,
    as_of: dt.date,
    causes: dict[tuple[int, str], set[tuple[int, str]]],
    absences: dict[int, list[tuple[dt.date, dt.date]]],
) -> list[WorkItem]:
    """The items charged to coordinating units and approvers (`people.attribution`): input
    requests the officials answered, and those of units they head still unanswered past their
    deadline; results they accepted or sent back and requests for direction they answered, and
    those still undecided past the norm that they answer for."""
    heads = list(
        Post.objects.filter(official_id__in=ids, role=Post.Role.HEAD).values_list(
            "official_id", "unit_id", "start", "end"
        )
    )
    found = _answer_items(ids, start, end, as_of, heads) + _review_items(
        ids, start, end, as_of, heads
    )
    items = []
    for item, title in found:
        for official in item.officials:
            if official not in ids or any(
                low <= item.day <= high for low, high in absences.get(official, [])
            ):
                continue
            period = period_of(item.day, frequency)
            excused = (
                ("delay",) if (item.task_id, "delay") in causes.get((official, period), ()) else ()
            )
            facts_of = TaskFacts(
                completed=item.completed,
                completed_on=item.answered_on,
                due=item.day,
                waited_days=0,
                fair_due=item.day,
                quality_failures=0,
                delays=item.delays,
                cancelled=False,
                item_day=item.day,
                holders=(),
                evidence=item.evidence,
                ignored_grants=(),
            )
            items.append(
                WorkItem(
                    period=period,
                    official_id=official,
                    task_id=item.task_id,
                    title=title,
                    coefficient=COORDINATION_COEFFICIENT,
                    product="",
                    completed=item.completed,
                    quality_failures=0,
                    delays=0 if excused else item.delays,
                    excused=excused,
                    facts=facts_of,
                )
            )
    return items


Heads = list[tuple[int, int, dt.date, dt.date | None]]  # official, unit, first day, last day


def _heading(heads: Heads, unit: int | None, day: dt.date) -> tuple[int, ...]:
    """Those of `heads` who headed `unit` on `day`."""
    return tuple(
        official
        for official, headed, first, last in heads
        if headed == unit and first <= day and (last is None or day <= last)
    )


def _answer_items(
    ids: set[int], start: dt.date, end: dt.date, as_of: dt.date, heads: Heads
) -> list[tuple[AnswerItem, str]]:
    # An answer's day is its answer day (on time) or its deadline (late): either lies in range.
    zone = timezone.get_current_timezone()
    early = dt.datetime.combine(start - dt.timedelta(days=1), dt.time(), zone)
    late = dt.datetime.combine(end + dt.timedelta(days=2), dt.time(), zone)
    requests = InputRequest.objects.filter(
        Q(answered_by_id__in=ids, status=InputRequest.Status.ANSWERED)
        & (Q(answered_at__range=(early, late)) | Q(answer_due__range=(start, end)))
        | Q(
            status=InputRequest.Status.OPEN,
            to_unit_id__in={unit for _o, unit, _s, _e in heads},
            answer_due__range=(start, end),
        )
    ).select_related("task")
    found: list[tuple[AnswerItem, str]] = []
    for request in requests:
        answered = request.answered_at
        facts = InputFacts(
            request.pk,
            request.task_id,
            request.to_unit_id,
            request.answer_due,
            request.status,
            timezone.localtime(answered).date() if answered else None,
            request.answered_by_id,
        )
        heading = _heading(heads, request.to_unit_id, request.answer_due)
        item = answer_item(facts, as_of=as_of, heads=heading)
        if item is not None and start <= item.day <= end:
            found.append(
                (item, str(_("Coordination answer: %(title)s") % {"title": request.task.title}))
            )
    if not found:
        return []
    evidence = dict(
        TaskEvent.objects.filter(
            activity=Activity.RESPOND_INPUT,
            payload__request__in=[item.request_id for item, _title in found],
        ).values_list("payload__request", "pk")
    )
    return [
        (replace(item, evidence=(evidence[item.request_id],)), title)
        if item.request_id in evidence
        else (item, title)
        for item, title in found
    ]


_REVIEW_ACTIVITIES = (
    Activity.COMPLETE,
    Activity.APPROVE,
    Activity.SEND_BACK,
    Activity.REOPEN,
    Activity.CANCEL,
    Activity.ESCALATE,
    Activity.ANSWER_ESCALATION,
)
# A wait whose norm ends in the period began at most this many days before it (five working
# days, with the longest run of days off of the year, Tết, in between).
_REVIEW_REACH = dt.timedelta(days=30)


def _review_items(
    ids: set[int], start: dt.date, end: dt.date, as_of: dt.date, heads: Heads
) -> list[tuple[AnswerItem, str]]:
    """The approvers' items: every wait for a decision on a task that the officials decided, or
    that they answer for and left undecided past the norm (`attribution.review_item`)."""
    zone = timezone.get_current_timezone()
    early = dt.datetime.combine(start - _REVIEW_REACH, dt.time(), zone)
    late = dt.datetime.combine(end + dt.timedelta(days=2), dt.time(), zone)
    decided = TaskEvent.objects.filter(
        activity__in=(Activity.APPROVE, Activity.SEND_BACK, Activity.ANSWER_ESCALATION),
        actor_id__in=ids,
        ts__gte=early,
    ).values("task_id")
    headed = {unit for _o, unit, _s, _e in heads}
    answerable = TaskEvent.objects.filter(
        Q(task__supervisor_id__in=ids)
        | Q(task__supervisor__isnull=True, task__assigner_unit_id__in=headed),
        activity=Activity.COMPLETE,
        ts__range=(early, late),
    ).values("task_id")
    asked = TaskEvent.objects.filter(
        activity=Activity.ESCALATE, payload__to__in=list(ids), ts__range=(early, late)
    ).values("task_id")
    tasks = {
        task.pk: task
        for task in Task.objects.filter(
            Q(pk__in=decided) | Q(pk__in=answerable) | Q(pk__in=asked)
        ).only("pk", "title", "supervisor_id", "assigner_unit_id")
    }
    if not tasks:
        return []
    events = (
        TaskEvent.objects.filter(task_id__in=list(tasks), activity__in=_REVIEW_ACTIVITIES)
        .order_by("task_id", "seq")
        .values_list("task_id", "id", "ts", "activity", "actor_id", "payload")
    )
    waits: list[tuple[ReviewFacts, tuple[int, ...]]] = []
    pending: dict[int, tuple[int, dt.date]] = {}  # task → its report awaiting a decision
    asking: dict[tuple[int, object], tuple[int, dt.date, int]] = {}  # (task, escalation) → ...

    def wait(kind: str, task_id: int, event: int, day: dt.date, **outcome: Any) -> ReviewFacts:
        due = add_working_days(day, REVIEW_WORKING_DAYS)
        return ReviewFacts(kind, task_id, event, day, due, **outcome)

    for task_id, pk, ts, activity, actor, payload in events:
        day = timezone.localtime(ts).date()
        payload = payload or {}
        decision = {"decided_on": day, "decided_by": actor, "decision_event": pk}
        if activity == Activity.COMPLETE:
            pending[task_id] = (pk, day)
        elif activity in (Activity.APPROVE, Activity.SEND_BACK):
            report = pending.pop(task_id, None)
            if report is not None:
                waits.append((wait(APPROVAL, task_id, *report, outcome="decided", **decision), ()))
        elif activity in (Activity.REOPEN, Activity.CANCEL):
            pending.pop(task_id, None)  # ended otherwise: no item
        elif activity == Activity.ESCALATE:
            # A request for direction waits on its own; the result's wait, if any, goes on.
            asking[(task_id, payload.get("escalation"))] = (pk, day, int(payload.get("to") or 0))
        elif activity == Activity.ANSWER_ESCALATION:
            question = asking.pop((task_id, payload.get("escalation")), None)
            if question is not None:
                facts = wait(DIRECTION, task_id, *question[:2], outcome="decided", **decision)
                waits.append((facts, ()))
    for task_id, (pk, day) in pending.items():
        facts = wait(APPROVAL, task_id, pk, day, outcome="open")
        task = tasks[task_id]
        who = (
            (task.supervisor_id,)
            if task.supervisor_id
            else _heading(heads, task.assigner_unit_id, facts.due)
        )
        waits.append((facts, who))
    for (task_id, _escalation), (pk, day, to) in asking.items():
        waits.append((wait(DIRECTION, task_id, pk, day, outcome="open"), (to,) if to else ()))
    found: list[tuple[AnswerItem, str]] = []
    for facts, who in waits:
        item = review_item(facts, as_of=as_of, answerable=who)
        if item is None or not start <= item.day <= end:
            continue
        title = tasks[facts.task_id].title
        label = (
            _("Result review: %(title)s")
            if facts.kind == APPROVAL
            else _("Answer to a request for direction: %(title)s")
        )
        found.append((item, str(label % {"title": title})))
    return found


# The engine's figures --------------------------------------------------------------------------


@dataclass
class Batch:
    """The ratings of one unit and period with the engine's input rows and results."""

    unit: Unit
    period: str
    ratings: list[Rating]
    items: list[WorkItem] = field(default_factory=list)
    people_rows: list[list[object]] = field(default_factory=list)
    item_rows: list[list[object]] = field(default_factory=list)
    results: dict[int, Result] = field(default_factory=dict)  # by official id (the period rows)
    reasons_text: dict[int, str] = field(default_factory=dict)

    def people(self) -> Rows:
        return Rows("PEOPLE", PEOPLE_COLUMNS, list(enumerate(self.people_rows, start=2)))

    def item_table(self) -> Rows:
        return Rows("ITEMS", ITEM_COLUMNS, list(enumerate(self.item_rows, start=2)))


def _people_row(rating: Rating, period: str, manager_code: str) -> list[object]:
    over = overrides_for(rating.official_id, int(period[:4]))
    return [
        period,
        rating.official.code,
        rating.unit.code,
        rating.task_group,
        "leader" if rating.is_leader else "staff",
        manager_code,
        general_points(rating),
        rating.organise_pct if rating.is_leader else "",
        rating.unite_pct if rating.is_leader else "",
        over.discipline,
        "yes" if over.discipline_related else "no",
        "yes" if over.suspended else "no",
    ]


def unit_ratings(unit: Unit, period: str) -> QuerySet[Rating]:
    return Rating.objects.filter(unit=unit, period=period).select_related(
        "official", "unit", "manager"
    )


def compute_batch(unit: Unit, period: str, *, as_of: dt.date | None = None) -> Batch:
    """The engine's figures for every rating of `unit` and `period` (a month, a quarter, or a year:
    the year's rows come from the official's monthly or quarterly ratings of that year, whatever
    unit rated them — a transferred official's old months are carried)."""
    ratings = [r for r in unit_ratings(unit, period) if r.status != Rating.Status.OPEN]
    batch = Batch(unit, period, ratings)
    if not ratings:
        return batch
    policy = policy_of(unit)
    start, end = period_bounds(period)
    if len(period) == 4:
        periods = list(
            Rating.objects.filter(
                official_id__in=[r.official_id for r in ratings], period__startswith=f"{period}-"
            )
            .exclude(status=Rating.Status.OPEN)
            .select_related("official", "unit", "manager")
        )
    else:
        periods = ratings
    members = {(r.official_id, r.period) for r in periods}
    codes = {r.official_id: r.official.code for r in periods}
    for rating in periods:
        manager = rating.manager_id if (rating.manager_id, rating.period) in members else None
        batch.people_rows.append(
            _people_row(rating, rating.period, codes[manager] if manager else "")
        )
        over = overrides_for(rating.official_id, int(period[:4]))
        if over.reason:
            batch.reasons_text[rating.official_id] = over.reason
    batch.items = work_items(
        sorted(codes),
        start,
        end,
        frequency=policy.frequency,
        as_of=as_of,
        causes=causes_of(periods),
        absences=absences_of(periods),
    )
    # Items of a period without a rating of the official are left out: the engine rates periods
    # that have a PEOPLE row, as the command does.
    batch.items = [i for i in batch.items if (i.official_id, i.period) in members]
    batch.item_rows = [item.row(codes[item.official_id]) for item in batch.items]
    year = int(period) if len(period) == 4 else None
    results = run_rating(batch.item_table(), batch.people(), year=year)
    by_code = {code: pk for pk, code in codes.items()}
    batch.results = {
        by_code[result.official]: result for result in results if result.period == period
    }
    return batch


def team_of(manager: Official) -> QuerySet[Rating]:
    return Rating.objects.filter(manager=manager).select_related("official", "unit")


def not_self_assessed(unit: Unit, period: str) -> list[Official]:
    """Officials with a post in the unit on the period's last day who have not self-assessed."""
    _start, end = period_bounds(period)
    done = Rating.objects.filter(period=period).exclude(status=Rating.Status.OPEN)
    return list(
        Official.objects.filter(
            pk__in=Post.objects.in_force(min(end, timezone.localdate()))
            .filter(unit=unit)
            .values("official_id")
        )
        .exclude(pk__in=done.values("official_id"))
        .order_by("full_name")
    )


def distribution(ratings: Iterable[Rating]) -> dict[str, int]:
    """How many ratings at each level (approved or later), "" for those without a level."""
    counts: dict[str, int] = {"HTXS": 0, "HTT": 0, "HTNV": 0, "KHTNV": 0, "": 0}
    for rating in ratings:
        counts[rating.level] = counts.get(rating.level, 0) + 1
    return counts


def export_inputs(batch: Batch, items: Path, people: Path) -> None:
    """Write the batch's engine input as ITEMS.csv and PEOPLE.csv (the contract of `congvu
    rating`), through the one export helper: the app's figures can be checked by the command."""
    files.write(items, ITEM_COLUMNS, batch.item_rows)
    files.write(people, PEOPLE_COLUMNS, batch.people_rows)


# --- Steps waiting for an official ("Việc của tôi" and the reminders) -------------------------


@dataclass(frozen=True)
class RatingStep:
    """One rating step waiting for the official: `rating` for a step on one person's rating, or
    `unit` and `period` (with how many ratings wait) for the head's step on a unit's batch."""

    step: str  # self_assess | review | answer | approve
    rating: Rating | None = None
    unit: Unit | None = None
    period: str = ""
    count: int = 0

    @property
    def label(self) -> str:
        return str(RATING_STEP_LABELS[self.step])


RATING_STEP_LABELS = {
    "self_assess": _("Assess yourself (Form 01)"),
    "review": _("Review the self-assessment"),
    "answer": _("Answer the petition"),
    "approve": _("Approve the unit's ratings"),
}


def last_ended_period(official: Official, today: dt.date) -> str | None:
    """The official's last rating period that has ended by `today` (month or quarter, by the
    policy of the unit of their primary post), or None without a post or rules for its year."""
    posts = posts_of(official, today)
    if not posts:
        return None
    post = posts[0]
    frequency = policy_of(post.unit).frequency
    start, _end = period_bounds(period_of(today, frequency))
    previous = period_of(start - dt.timedelta(days=1), frequency)
    return previous if regime_for(period_bounds(previous)[1].year) is not None else None


def rating_steps(official: Official, managed_units: Iterable[int]) -> list[RatingStep]:
    """What waits for the official in the rating procedure: their own self-assessment, the
    reviews of their team, and, for the units they head, the petitions to answer and the reviewed
    batches to approve. Nothing of their own rating is ever theirs to review or approve."""
    units = list(managed_units)
    last = last_ended_period(official, timezone.localdate())
    # Their open ratings and, in the same query, whether the last ended period has one yet.
    wanted = Q(status=Rating.Status.OPEN)
    if last is not None:
        wanted |= Q(period=last)
    own = list(
        Rating.objects.filter(wanted, official=official).select_related("unit").order_by("period")
    )
    steps = [RatingStep("self_assess", rating=r) for r in own if r.status == Rating.Status.OPEN]
    if last is not None and not any(r.period == last for r in own):
        steps.insert(0, RatingStep("self_assess", period=last))
    steps += [
        RatingStep("review", rating=r)
        for r in team_of(official)
        .filter(status=Rating.Status.SELF_ASSESSED)
        .exclude(official=official)
        .order_by("period", "official__full_name")
    ]
    if units:
        heads = Rating.objects.filter(unit_id__in=units).exclude(official=official)
        steps += [
            RatingStep("answer", rating=r)
            for r in heads.filter(status=Rating.Status.PETITIONED)
            .select_related("official", "unit")
            .order_by("period")
        ]
        batches = (
            heads.filter(status=Rating.Status.REVIEWED)
            .values("unit_id", "period")
            .annotate(n=Count("pk"))
            .order_by("period", "unit_id")
        )
        named = Unit.objects.in_bulk([b["unit_id"] for b in batches])
        steps += [
            RatingStep("approve", unit=named[b["unit_id"]], period=b["period"], count=b["n"])
            for b in batches
        ]
    return steps

"""The demo province generator: a seeded, realistic Quảng Ninh-like province with a year of tasks.

`build_demo(seed=…, today=…)` creates the organisation (`congvu.demo.units`), then replays up to a
year of tasks (never before the two-level structure took effect on 1/7/2025, `IN_FORCE_SINCE`: the
demo models only the new units, so earlier tasks would sit in wards that did not exist yet)
through the task actions in time order (`congvu.demo.plans` plans each task's life), then
records the ground truth of the patterns in the written events (`congvu.demo.truth`) as
`PlantedPattern` rows. The same seed and `today` give the same province, tasks and truth; nothing
reads the clock or the global random generator.

Planted behaviour, each on a few per cent of the tasks and on a few named units or officials
(`plans.choose_roster`), with the definitions of `congvu.demo.truth`:

- ping_pong: Sở Xây dựng ↔ Sở Nông nghiệp và Môi trường, UBND phường Hạ Long ↔ UBND phường Hồng
  Gai (A → B → A), and Sở Tài chính → Sở Xây dựng → Sở NN&MT → Sở Tài chính (a cycle).
- transfer_chain: Sở Công Thương → Sở Tài chính → Sở KH&CN → Sở Nội vụ, and Sở Y tế → Sở Nội vụ →
  UBND phường Uông Bí → UBND phường Đông Triều.
- refusal: Sở Công Thương returns trade tasks and UBND phường Bãi Cháy land and construction tasks
  as "not in our mandate" although the field is in their mandate.
- escalation: the directors of Sở Tài chính and Sở NN&MT and the chair of UBND phường Cẩm Phả ask
  the province's vice-chair to decide what is delegated to their own position.
- stall: two officials of Sở NN&MT, one of Sở Xây dựng, a vice-chair of xã Quảng La.
- last_minute: two officials of Sở GD&ĐT, one of Sở VHTTDL, one of phường Cao Xanh.
- extension_chain: Sở Xây dựng and the project management boards.
- slow_coordination: Sở Tài chính and Sở NN&MT as coordinating units.
- overdue: Sở NN&MT, UBND phường Hà Tu and the project management boards.
- rework: two officials of Sở Y tế and one of phường Cao Xanh.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from congvu.demo import content
from congvu.demo.models import PlantedPattern
from congvu.demo.plans import DEADLINES, SCENARIOS, Planner, Roster, Spec, Step, choose_roster
from congvu.demo.truth import Event, find_patterns
from congvu.demo.units import IN_FORCE_SINCE, Org, apply_merger, build_org
from congvu.org.models import Delegation, Mandate, Official, Post, Unit
from congvu.people.demo import personnel_officer
from congvu.tasks import actions
from congvu.tasks.models import (
    DirectiveDocument,
    Escalation,
    ExtensionRequest,
    InputRequest,
    Task,
    TaskEvent,
    folded_document,
)

Progress = Callable[[str, int, int], None]
OFFICE_DAY_START = dt.time(7, 30)
OFFICE_DAY_HOURS = 10.0


@dataclass(frozen=True)
class DemoSummary:
    """What a demo build created, how long it took, and the truth it recorded per kind."""

    seed: int
    today: dt.date
    units: int
    officials: int
    tasks: int
    events: int
    patterns: dict[str, int]  # tasks showing each kind
    planted: dict[str, int]  # of which the generator meant it
    missed: dict[str, int]  # meant but not (yet) shown, e.g. cut off by `today`
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)


class Calendar:
    """Working days (Monday to Friday) from the start of the demo year, as integer indices."""

    def __init__(self, start: dt.date, today: dt.date, tz: ZoneInfo) -> None:
        self.tz = tz
        self.days: list[dt.date] = []
        day = start
        # Far enough past today for the longest deadlines and extensions of open tasks.
        while day <= today + dt.timedelta(days=400):
            if day.weekday() < 5:
                self.days.append(day)
            day += dt.timedelta(days=1)
        self.today_index = max(i for i, d in enumerate(self.days) if d <= today)
        self._index = {d: i for i, d in enumerate(self.days)}

    def day(self, index: int) -> dt.date:
        return self.days[index]

    def index(self, day: dt.date) -> int:
        """The index of `day`, or of the first working day after it."""
        while day not in self._index:
            day += dt.timedelta(days=1)
        return self._index[day]

    def ts(self, x: float) -> dt.datetime:
        whole = math.floor(x)
        start = dt.datetime.combine(self.days[whole], OFFICE_DAY_START, tzinfo=self.tz)
        return start + dt.timedelta(hours=OFFICE_DAY_HOURS * (x - whole))


@dataclass
class TaskState:
    """A task being replayed: its spec, its row once created, and the requests it has open."""

    spec: Spec
    steps: list[Step]
    task: Task | None = None
    inputs: dict[str, InputRequest] = field(default_factory=dict)
    extension: ExtensionRequest | None = None
    escalations: dict[str, Escalation] = field(default_factory=dict)


def build_demo(
    *,
    seed: int,
    tasks: int = 20000,
    months: int = 12,
    today: dt.date,
    progress: Progress | None = None,
    events: int | None = None,
) -> DemoSummary:
    """Build the demo province into an empty database and return what was made.

    The period is the `months` before `today`, cut to start on `IN_FORCE_SINCE`: every unit, post
    and delegation of the demo is in force from then on, so every event happens in units that
    exist, by officials who hold their posts, under delegations in force. With `events`, tasks
    are created until about that many events are written over the period (for benchmarks),
    instead of `tasks` tasks.
    """
    started = time.perf_counter()
    cpu_started = time.process_time()
    rng = random.Random(seed)
    report = progress or (lambda stage, done, total: None)
    tz = ZoneInfo(settings.TIME_ZONE)
    start = max(_months_before(today, months), IN_FORCE_SINCE)
    if start >= today:
        raise ValueError(f"The demo province's history starts on {IN_FORCE_SINCE:%d/%m/%Y}.")
    middle = start + (today - start) / 2
    merge_on = dt.date(middle.year, middle.month, 1)
    timings: dict[str, float] = {}

    report("org", 0, 1)
    with transaction.atomic():
        org = build_org(rng, today=today, board_merge_on=merge_on)
        personnel_officer()  # Sở Nội vụ's login (noivu) is printed with the others
    report("org", 1, 1)
    timings["org"] = time.perf_counter() - started

    cal = Calendar(start, today, tz)
    replay = Replay(org, choose_roster(org), rng, cal, merge_on)
    replay.run(tasks=tasks, events=events, report=report)
    timings["tasks"] = time.perf_counter() - started - timings["org"]

    report("truth", 0, 1)
    found, planted, missed = record_truth(replay.scenarios, today)
    report("truth", 1, 1)
    timings["truth"] = time.perf_counter() - started - timings["org"] - timings["tasks"]
    return DemoSummary(
        seed=seed,
        today=today,
        units=Unit.objects.count(),
        officials=Official.objects.count(),
        tasks=Task.objects.count(),
        events=TaskEvent.objects.count(),
        patterns=dict(sorted(found.items())),
        planted=dict(sorted(planted.items())),
        missed=dict(sorted(missed.items())),
        seconds=time.perf_counter() - started,
        timings={**timings, "cpu": time.process_time() - cpu_started},
    )


@contextmanager
def _without_savepoints() -> Iterator[None]:
    """Inside the replay's transaction, the actions' own `atomic` blocks take no savepoints.

    A day of the replay is one transaction, and any failing step aborts the whole build, so the
    savepoint every action would set and release (two statements each, over a third of all the
    statements of the replay) protects nothing. An inner `atomic` without a savepoint marks the
    whole transaction for rollback on an error, which is what the build wants anyway. Django asks
    the connection's `_savepoint_allowed()` (the one switch on every backend); this answers no,
    for the day only.
    """
    overrides = vars(transaction.get_connection())
    overrides["_savepoint_allowed"] = lambda: False
    try:
        yield
    finally:
        overrides.pop("_savepoint_allowed")  # back to the backend's own answer


def _months_before(day: dt.date, months: int) -> dt.date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return dt.date(year, month, min(day.day, 28)) + dt.timedelta(days=1)


class Replay:
    """Creates the tasks day by day and plays every step of every plan in time order."""

    def __init__(
        self, org: Org, roster: Roster, rng: random.Random, cal: Calendar, merge_on: dt.date
    ) -> None:
        self.org = org
        self.roster = roster
        self.rng = rng
        self.cal = cal
        self.planner = Planner(org, roster, rng)
        self.merge_index = cal.index(merge_on)
        self.closing_units = {code for merger in org.pending_mergers for code in merger.old}
        self.heap: list[tuple[float, int, int, TaskState]] = []
        self.scenarios: dict[int, str] = {}  # task id → planted scenario
        self.documents: dict[tuple[str, str], tuple[DirectiveDocument, int, int]] = {}
        self.numbers: dict[tuple[str, str, int], int] = {}
        self.used_numbers: set[tuple[str, dt.date]] = set()
        self.created = 0
        self.planned_events = 0
        self.field_units = self._units_by_field()

    # -- which tasks, when -------------------------------------------------------------------

    def run(self, *, tasks: int, events: int | None, report: Progress) -> None:
        last = self.cal.today_index
        weights = [self._day_weight(self.cal.day(i)) for i in range(last + 1)]
        total_weight = sum(weights)
        cumulative = 0.0
        target = events if events is not None else tasks
        # One transaction per day: `make run` serves the pages while this runs, and a login or
        # an action waits at most for one day's writes (well under the database's busy timeout).
        for i in range(last + 1):
            with transaction.atomic(), _without_savepoints():
                cumulative += weights[i]
                goal = target * cumulative / total_weight
                self._create_day(i, goal, by_events=events is not None)
                if i == self.merge_index:
                    for merger in self.org.pending_mergers:
                        apply_merger(self.org, merger, self.rng)
                self._play_until(i + 1)
            done = self.planned_events if events is not None else self.created
            report("tasks", min(done, target), target)

    @staticmethod
    def _day_weight(day: dt.date) -> float:
        # Fewer tasks around Tết (late January, February), more before the year's end.
        return {1: 0.9, 2: 0.6, 11: 1.15, 12: 1.25}.get(day.month, 1.0)

    def _create_day(self, index: int, goal: float, *, by_events: bool) -> None:
        moments: list[float] = []
        if by_events:
            # Plan tasks until the events planned so far reach the goal for this day.
            while self.planned_events < goal:
                x0 = index + self.rng.uniform(0.02, 0.85)
                self._plan_task(x0)
                moments.append(x0)
            return
        count = round(goal) - self.created
        for x0 in sorted(index + self.rng.uniform(0.02, 0.85) for _ in range(max(count, 0))):
            self._plan_task(x0)

    def _plan_task(self, x0: float) -> None:
        self.created += 1
        scenario = self._scenario()
        # A board merged away during the period only gets tasks whose whole life fits before the
        # merger: the events name the lead unit, which must still exist on their day, and no
        # action hands a task to a successor. Otherwise the task is drawn again.
        for _attempt in range(100):
            spec, who = self._spec(self.created, x0, scenario)
            steps = self.planner.plan(spec, who)
            units = {spec.lead, *spec.route, *spec.coordinators}
            if not units & self.closing_units or steps[-1].x < self.merge_index:
                break
        else:
            raise RuntimeError(f"demo task {spec.no}: no plan fits before the merger")
        state = TaskState(spec=spec, steps=steps)
        cutoff = self.cal.today_index + 1
        self.planned_events += sum(1 for s in steps if s.x < cutoff)
        for n, step in enumerate(steps):
            heapq.heappush(self.heap, (step.x, spec.no, n, state))

    def _scenario(self) -> str:
        roll = self.rng.random()
        for name, share in SCENARIOS.items():
            if roll < share:
                return name
            roll -= share
        return "normal"

    def _units_by_field(self) -> dict[str, list[str]]:
        """Departments and communes whose mandates include each field (coordinator candidates)."""
        found: dict[str, list[str]] = defaultdict(list)
        for code in [*self.org.departments, *self.org.communes]:
            for field_code in sorted(self.org.mandates[code]):
                found[field_code].append(code)
        return found

    # -- what each task is -------------------------------------------------------------------

    def _spec(self, no: int, x0: float, scenario: str) -> tuple[Spec, Official]:
        rng, org, roster = self.rng, self.org, self.roster
        minimum = {
            "ping_pong": 15,
            "transfer_chain": 15,
            "last_minute": 22,
            "slow_coordination": 20,
        }.get(scenario, 10 if scenario != "normal" else 5)
        lengths = [(d, w) for d, w in DEADLINES if d >= minimum]
        days = rng.choices([d for d, _w in lengths], [w for _d, w in lengths])[0]
        route: list[str] = []
        coordinators: list[str] | None = None
        who: Official | None = None
        commune_internal = False
        decision_kind = slow_unit = ""
        if scenario == "ping_pong":
            cycle = list(rng.choice(roster.ping_pong_pairs))
            if len(cycle) == 2 and rng.random() < 0.5:
                cycle.reverse()
            lead, route = cycle[0], cycle[1:]
            field_code = rng.choice(sorted(set().union(*(org.mandates[c] for c in cycle))))
            coordinators = []
        elif scenario == "transfer_chain":
            chain = rng.choice(roster.chains)
            lead, route = chain[0], list(chain[1:])
            field_code = rng.choice(sorted(org.mandates[chain[-1]]))
            coordinators = []
        elif scenario == "refusal":
            lead = rng.choice(sorted(roster.refusers))
            field_code = rng.choice(roster.refusers[lead])
            if lead.startswith("S"):
                route = [rng.choice(org.communes)]
            else:
                route = ["SNNMT" if field_code == "DD" else "SXD"]
            coordinators = []
        elif scenario == "escalation":
            lead, head, fields, kinds = rng.choice(roster.escalators)
            field_code = rng.choice(fields)
            decision_kind = rng.choice(kinds)
        elif scenario in ("stall", "last_minute", "rework"):
            people = {
                "stall": roster.stallers,
                "last_minute": roster.last_minuters,
                "rework": roster.reworkers,
            }[scenario]
            lead, who = rng.choice(people)
            field_code = rng.choice(sorted(org.mandates[lead]))
            commune_internal = org.units[lead].kind != Unit.Kind.COMMUNE_PC and lead.startswith(
                ("P-", "X-", "DK-")
            )
        elif scenario in ("extension_chain", "overdue"):
            pool = roster.extension_units if scenario == "extension_chain" else roster.overdue_units
            lead = self._board(rng.choice(pool), x0)
            field_code = rng.choice(sorted(org.mandates[lead]))
        elif scenario == "slow_coordination":
            slow_unit = rng.choice(roster.slow_coordinators)
            lead = rng.choice([c for c in org.departments if c != slow_unit])
            field_code = rng.choice(sorted(org.mandates[lead]))
            coordinators = [slow_unit]
        else:
            lead, field_code, commune_internal = self._normal_lead(x0)

        if commune_internal:
            commune = lead.rsplit("-", 1)[0]
            office = org.commune_children[commune]["office"]
            crew = org.staff[commune]
            supervisor = rng.choice([crew.head, *crew.deputies])
            place = org.units[commune].name.removeprefix("Ủy ban nhân dân ")
            if coordinators is None:
                others = [
                    c
                    for k, c in org.commune_children[commune].items()
                    if k in ("economy", "culture") and c != lead
                ]
                coordinators = others if rng.random() < 0.5 or scenario != "normal" else []
        else:
            office = org.province_office.code
            supervisor = org.vice_chairs.get(field_code, org.chair)
            if org.units[lead].kind == Unit.Kind.COMMUNE_PC:
                place = org.units[lead].name.removeprefix("Ủy ban nhân dân ")
            elif route and org.units[route[-1]].kind == Unit.Kind.COMMUNE_PC:
                place = org.units[route[-1]].name.removeprefix("Ủy ban nhân dân ")
            else:
                place = rng.choice(content.PLACES)
            if coordinators is None:
                coordinators = self._coordinators(lead, field_code, scenario)
        due_index = int(x0) + days
        if scenario == "last_minute" and self.cal.day(due_index).weekday() == 0:
            due_index += 1  # the working day before the deadline must be the day before it
        spec = Spec(
            no=no,
            x0=x0,
            due_index=due_index,
            field_code=field_code,
            office=office,
            clerk=rng.choice(org.clerks[office]),
            supervisor=supervisor,
            lead=lead,
            coordinators=coordinators,
            title=content.task_title(rng, field_code, place),
            scenario=scenario,
            route=route,
            decision_kind=decision_kind,
            slow_unit=slow_unit,
        )
        return spec, who or self.planner.holder(lead)

    def _board(self, code: str, x0: float) -> str:
        """The project management board in force at `x0`: one of the two old ones before the
        merger, the merged one after."""
        if code != "BQLDA":
            return code
        if x0 < self.merge_index:
            return self.rng.choice(self.org.pending_mergers[0].old)
        return code

    def _normal_lead(self, x0: float) -> tuple[str, str, bool]:
        rng, org = self.rng, self.org
        if rng.random() < 0.3:
            commune = rng.choice(org.communes)
            part = rng.choices(("economy", "culture", "centre"), (5, 4, 1))[0]
            lead = org.commune_children[commune][part]
            return lead, rng.choice(sorted(org.mandates[lead])), True
        kind = rng.choices(("department", "division", "commune", "board"), (68, 8, 19, 5))[0]
        if kind == "department":
            lead = rng.choice(org.departments)
        elif kind == "division":
            lead = rng.choice(org.divisions)
        elif kind == "commune":
            lead = rng.choice(org.communes)
        else:
            lead = self._board("BQLDA", x0)
        return lead, rng.choice(sorted(org.mandates[lead])), False

    def _coordinators(self, lead: str, field_code: str, scenario: str) -> list[str]:
        rng = self.rng
        wanted = rng.choices((0, 1, 2), (40, 42, 18))[0]
        if scenario == "last_minute":
            wanted = max(wanted, 1)
        candidates = [
            c
            for c in self.field_units.get(field_code, [])
            if c != lead and c not in self.roster.slow_coordinators
        ]
        others = [c for c in self.org.departments if c != lead and c not in candidates]
        pool = candidates if len(candidates) >= wanted else candidates + others
        pool = [c for c in pool if c not in self.roster.slow_coordinators]
        return rng.sample(pool, min(wanted, len(pool)))

    # -- playing the steps -------------------------------------------------------------------

    def _play_until(self, limit: float) -> None:
        while self.heap and self.heap[0][0] < limit:
            x, _no, n, state = heapq.heappop(self.heap)
            step = state.steps[n]
            try:
                self._do(state, step, self.cal.ts(x))
            except Exception as error:
                raise RuntimeError(
                    f"demo step {step.action} of task {state.spec.no} ({state.spec.scenario}) "
                    f"failed: {error}"
                ) from error

    def _do(self, state: TaskState, step: Step, ts: dt.datetime) -> None:
        org, kw, by = self.org, step.kw, step.by
        if step.action == "create":
            spec = state.spec
            state.task = actions.create_task(
                by=by,
                title=spec.title,
                lead_unit=org.units[spec.lead],
                field=org.fields[spec.field_code],
                due=self.cal.day(spec.due_index),
                coordinating_units=[org.units[c] for c in spec.coordinators],
                document=self._document(spec, ts),
                supervisor=spec.supervisor,
                ts=ts,
            )
            if spec.scenario != "normal":
                self.scenarios[state.task.pk] = spec.scenario
            else:
                self.scenarios.setdefault(state.task.pk, "normal")
            return
        task = state.task
        assert task is not None
        match step.action:
            case "accept":
                actions.accept_task(task, by=by, ts=ts)
            case "assign":
                actions.assign_task(task, to=_official(kw["to"]), by=by, ts=ts)
            case "progress":
                actions.report_progress(
                    task, by=by, percent=int(str(kw["percent"])), note=str(kw["note"]), ts=ts
                )
            case "request_input":
                state.inputs[str(kw["key"])] = actions.request_input(
                    task,
                    to_unit=org.units[str(kw["to_unit"])],
                    question=str(kw["question"]),
                    answer_due=self.cal.day(int(str(kw["answer_due_index"]))),
                    by=by,
                    ts=ts,
                )
            case "respond_input":
                actions.respond_input(
                    state.inputs[str(kw["key"])], by=by, answer=str(kw["answer"]), ts=ts
                )
            case "request_extension":
                state.extension = actions.request_extension(
                    task,
                    by=by,
                    new_due=self.cal.day(int(str(kw["due_index"]))),
                    reason=str(kw["reason"]),
                    ts=ts,
                )
            case "grant_extension":
                assert state.extension is not None
                actions.grant_extension(state.extension, by=by, note=str(kw["note"]), ts=ts)
            case "refuse_extension":
                assert state.extension is not None
                actions.refuse_extension(state.extension, by=by, note=str(kw["note"]), ts=ts)
            case "transfer":
                actions.transfer_task(
                    task,
                    to_unit=org.units[str(kw["to_unit"])],
                    by=by,
                    reason=str(kw["reason"]),
                    ts=ts,
                )
            case "return":
                actions.return_task(
                    task, by=by, reason=str(kw["reason"]), note=str(kw["note"]), ts=ts
                )
            case "escalate":
                state.escalations[str(kw["key"])] = actions.escalate_task(
                    task,
                    by=by,
                    to=_official(kw["to"]),
                    question=str(kw["question"]),
                    decision_kind=str(kw["decision_kind"]),
                    ts=ts,
                )
            case "answer_escalation":
                actions.answer_escalation(
                    state.escalations[str(kw["key"])], by=by, answer=str(kw["answer"]), ts=ts
                )
            case "complete":
                actions.complete_task(task, by=by, result=str(kw["result"]), ts=ts)
            case "approve":
                actions.approve_task(task, by=by, note=str(kw.get("note", "")), ts=ts)
            case "send_back":
                actions.send_back_task(task, by=by, note=str(kw["note"]), ts=ts)
            case "cancel":
                actions.cancel_task(task, by=by, note=str(kw["note"]), ts=ts)
            case "remind":
                actions.remind_task(task, by=by, note=str(kw["note"]), ts=ts)
            case _:
                raise ValueError(step.action)

    def _document(self, spec: Spec, ts: dt.datetime) -> DirectiveDocument:
        """The directive document the task comes from: often one document gives several tasks."""
        rng, org = self.rng, self.org
        day = ts.astimezone(self.cal.tz).date()
        desk = content.OFFICE_DESK[spec.field_code]
        key = (spec.office, desk)
        current = self.documents.get(key)
        if current is not None:
            document, index, uses = current
            if self.cal.index(day) - index <= 2 and uses < 5 and rng.random() < 0.5:
                self.documents[key] = (document, index, uses + 1)
                return document
        issuer = org.units[spec.office].parent or org.province_pc
        patterns = content.DOCUMENT_KINDS
        pattern, _weight, summary = rng.choices(patterns, [w for _p, w, _s in patterns])[0]
        if issuer.kind == Unit.Kind.COMMUNE_PC:
            pattern = pattern.replace("UBND-{desk}", "UBND-VP")
        series = (issuer.code, pattern.split("/")[1], day.year)
        number = self.numbers.get(series, rng.randint(20, 300)) + rng.randint(1, 9)
        # A number and date are unique across issuers in the model, though each commune numbers its
        # own documents: skip numbers another issuer already used that day.
        while (pattern.format(n=number, desk=desk), day) in self.used_numbers:
            number += 1
        self.numbers[series] = number
        self.used_numbers.add((pattern.format(n=number, desk=desk), day))
        signer = spec.supervisor
        title = _post_title(org, signer)
        text = summary.format(topic=spec.title[0].lower() + spec.title[1:])[:500]
        document = DirectiveDocument.objects.create(
            number=pattern.format(n=number, desk=desk),
            issued_on=day,
            signer=f"{title} {signer.full_name}",
            issuer=issuer,
            summary=text,
            folded=folded_document(pattern.format(n=number, desk=desk), text),
        )
        self.documents[key] = (document, self.cal.index(day), 1)
        return document


def _official(value: object) -> Official:
    assert isinstance(value, Official)
    return value


def _post_title(org: Org, official: Official) -> str:
    if official.pk == org.chair.pk:
        return "Chủ tịch UBND tỉnh"
    if official in org.vice_chairs.values():
        return "Phó Chủ tịch UBND tỉnh"
    for code in org.communes:
        crew = org.staff[code]
        if official.pk == crew.head.pk:
            return "Chủ tịch UBND"
        if official in crew.deputies:
            return "Phó Chủ tịch UBND"
    return ""


def record_truth(
    scenarios: dict[int, str], today: dt.date
) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """Compute the patterns in the written events and store them as `PlantedPattern` rows.

    Returns, per kind, the tasks that show it, those of them the generator meant, and the tasks
    meant for a kind that do not (yet) show it.
    """
    fields = dict(Task.objects.values_list("pk", "field_id"))
    mandates: dict[int, set[int]] = defaultdict(set)
    for unit_id, field_id in Mandate.objects.values_list("unit_id", "field_id"):
        mandates[unit_id].add(field_id)
    frozen = {unit: frozenset(ids) for unit, ids in mandates.items()}
    delegations: dict[tuple[int, int, str], list[tuple[dt.date, dt.date | None]]] = defaultdict(
        list
    )
    for unit_id, position_id, kind, start, end in Delegation.objects.values_list(
        "unit_id", "position_id", "decision_kind", "valid_from", "valid_to"
    ):
        delegations[(unit_id, position_id, kind)].append((start, end))
    posts: dict[int, list[tuple[int, int, dt.date, dt.date | None]]] = defaultdict(list)
    for official_id, unit_id, position_id, start, end in Post.objects.values_list(
        "official_id", "unit_id", "position_id", "start", "end"
    ):
        posts[official_id].append((unit_id, position_id, start, end))

    def delegated(actor: int | None, unit: int | None, kind: str, day: dt.date) -> bool:
        for post_unit, position, start, end in posts.get(actor or 0, []):
            if post_unit != unit or day < start or (end is not None and day > end):
                continue
            for valid_from, valid_to in delegations.get((post_unit, position, kind), []):
                if valid_from <= day and (valid_to is None or day <= valid_to):
                    return True
        return False

    found: Counter[str] = Counter()
    planted: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    rows: list[PlantedPattern] = []
    columns = ("pk", "task_id", "seq", "ts", "activity", "actor_id", "unit_id", "to_unit_id")
    query = TaskEvent.objects.order_by("task_id", "seq").values_list(
        *columns, "due", "reason", "payload"
    )

    def finish(task_id: int, log: list[Event]) -> None:
        meant = scenarios.get(task_id, "normal")
        kinds = set()
        for finding in find_patterns(
            log, field_id=fields[task_id], mandates=frozen, delegated=delegated, as_of=today
        ):
            kinds.add(finding.kind)
            found[finding.kind] += 1
            is_meant = finding.kind == meant
            planted[finding.kind] += is_meant
            detail: dict[str, Any] = {
                "planted": is_meant,
                "scenario": meant,
                "evidence": list(finding.evidence),
                **finding.detail,
            }
            rows.append(
                PlantedPattern(
                    kind=finding.kind,
                    task_id=task_id,
                    unit_id=finding.unit,
                    official_id=finding.official,
                    detail=detail,
                )
            )
        if meant != "normal" and meant not in kinds:
            missed[meant] += 1
        if len(rows) >= 2000:
            PlantedPattern.objects.bulk_create(rows)
            rows.clear()

    with transaction.atomic():
        current: int | None = None
        log: list[Event] = []
        for (
            pk,
            task_id,
            seq,
            ts,
            activity,
            actor,
            unit,
            to_unit,
            due,
            reason,
            payload,
        ) in query.iterator(chunk_size=5000):
            if task_id != current:
                if current is not None:
                    finish(current, log)
                current, log = task_id, []
            log.append(Event(pk, seq, ts, activity, actor, unit, to_unit, due, reason, payload))
        if current is not None:
            finish(current, log)
        PlantedPattern.objects.bulk_create(rows)
    return found, planted, missed

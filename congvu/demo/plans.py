"""The life of each demo task, planned ahead as a list of steps on a working-day clock.

A plan is pure data: which action, by whom, at which moment. `generator` replays the plans of all
tasks through `congvu.tasks.actions` in time order. Moments are "working-day offsets": the integer
part counts working days (Monday to Friday) from the start of the demo year and the fraction is the
part of the office day (07:30 to 17:30), so no event falls on a weekend or at night.

Normal tasks are kept clean of every pattern in `congvu.demo.truth` with margins, so that a
detector's boundary conventions (end or start of the due day; calendar or working days) do not
matter: a normal task is completed at least a day before its deadline, is accepted within a day
and never silent for more than about a quarter of its allotted time, reports its first progress in
the first half of it, is transferred at most once and never returned or sent back, has at most one
extension granted, and every input request to it is answered at least a day before its answer
deadline. The planted scenarios break exactly one of these rules each, by a wide margin.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from congvu.demo import content
from congvu.demo.units import COMMUNE_DELEGATIONS, DELEGATIONS, Org, Staff
from congvu.org.models import Official, Unit

# Planted scenarios; each is documented in `plan_task` and recorded through `congvu.demo.truth`.
SCENARIOS: dict[str, float] = {
    "ping_pong": 0.025,
    "transfer_chain": 0.015,
    "refusal": 0.02,
    "escalation": 0.02,
    "stall": 0.03,
    "last_minute": 0.025,
    "extension_chain": 0.025,
    "slow_coordination": 0.025,
    "overdue": 0.03,
    "rework": 0.02,
}
# Deadlines in working days (about 7 to 90 calendar days) and how often each is given.
DEADLINES = ((5, 6), (7, 10), (10, 14), (15, 16), (20, 14), (22, 14), (30, 12), (45, 8), (64, 6))


@dataclass
class Step:
    """One action of a plan: `action` names a function of `congvu.tasks.actions`."""

    x: float
    action: str
    by: Official
    kw: dict[str, object] = field(default_factory=dict)


@dataclass
class Spec:
    """A task to be created: who assigns it, to whom, about what, by when."""

    no: int
    x0: float
    due_index: int  # working-day index of the deadline
    field_code: str
    office: str
    clerk: Official
    supervisor: Official
    lead: str
    coordinators: list[str]
    title: str
    scenario: str
    route: list[str] = field(default_factory=list)  # units a bounced task passes through
    decision_kind: str = ""  # for a planted escalation
    slow_unit: str = ""  # for planted slow coordination


@dataclass
class Roster:
    """The named units and officials that carry the planted behaviour, chosen once per demo."""

    ping_pong_pairs: list[tuple[str, ...]]
    chains: list[tuple[str, ...]]
    refusers: dict[str, tuple[str, ...]]  # unit → fields it wrongly refuses
    escalators: list[tuple[str, Official, tuple[str, ...], tuple[str, ...]]]
    stallers: list[tuple[str, Official]]
    last_minuters: list[tuple[str, Official]]
    extension_units: list[str]
    slow_coordinators: list[str]
    overdue_units: list[str]
    reworkers: list[tuple[str, Official]]

    def problem_officials(self) -> set[int]:
        people = [*self.stallers, *self.last_minuters, *self.reworkers]
        return {official.pk for _unit, official in people}


def choose_roster(org: Org) -> Roster:
    """The few units and officials that bounce, stall, refuse, escalate or are late."""
    s = org.staff
    commune_office_member = s[org.commune_children["P-CAOXANH"]["culture"]].members[0]
    return Roster(
        ping_pong_pairs=[("SXD", "SNNMT"), ("P-HALONG", "P-HONGGAI"), ("STC", "SXD", "SNNMT")],
        chains=[("SCT", "STC", "SKHCN", "SNV"), ("SYT", "SNV", "P-UONGBI", "P-DONGTRIEU")],
        refusers={"SCT": ("CT",), "P-BAICHAY": ("DD", "XD")},
        escalators=[
            ("STC", s["STC"].head, ("DT", "TC"), ("procurement_under_limit",)),
            ("SNNMT", s["SNNMT"].head, ("DD",), ("land_allocation_small",)),
            ("P-CAMPHA", s["P-CAMPHA"].head, ("DD",), ("land_allocation_small",)),
        ],
        stallers=[
            ("SNNMT", s["SNNMT"].members[1]),
            ("SNNMT", s["SNNMT"].members[2]),
            ("SXD", s["SXD"].members[1]),
            ("X-QUANGLA", s["X-QUANGLA"].members[0]),
        ],
        last_minuters=[
            ("SGDDT", s["SGDDT"].members[0]),
            ("SGDDT", s["SGDDT"].members[1]),
            ("SVHTTDL", s["SVHTTDL"].members[0]),
            (org.commune_children["P-CAOXANH"]["culture"], commune_office_member),
        ],
        extension_units=["SXD", "BQLDA"],
        slow_coordinators=["STC", "SNNMT"],
        overdue_units=["SNNMT", "P-HATU", "BQLDA"],
        reworkers=[
            ("SYT", s["SYT"].members[0]),
            ("SYT", s["SYT"].members[1]),
            (
                org.commune_children["P-CAOXANH"]["economy"],
                s[org.commune_children["P-CAOXANH"]["economy"]].members[0],
            ),
        ],
    )


class Planner:
    """Turns a `Spec` into steps; `rng` is the demo's only source of randomness."""

    def __init__(self, org: Org, roster: Roster, rng: random.Random) -> None:
        self.org = org
        self.roster = roster
        self.rng = rng
        self.avoid = roster.problem_officials()

    # -- helpers -------------------------------------------------------------------------------

    def u(self, low: float, high: float) -> float:
        return self.rng.uniform(low, high)

    def staff(self, code: str) -> Staff:
        return self.org.staff[code]

    def holder(self, code: str, prefer: Official | None = None) -> Official:
        """The official who will hold a task led by `code`."""
        if prefer is not None:
            return prefer
        crew = self.staff(code)
        pool = [m for m in crew.members if m.pk not in self.avoid] or crew.members
        return self.rng.choice(pool)

    def responder(self, code: str) -> Official:
        crew = self.staff(code)
        return self.rng.choice(crew.members or [crew.head])

    def unit_name(self, code: str) -> str:
        unit = self.org.units[code]
        return unit.short_name or unit.name

    def progress_steps(
        self,
        steps: list[Step],
        by: Official,
        start: float,
        end: float,
        max_gap: float,
        *,
        percent_from: int = 10,
        percent_to: int = 90,
        minimum: int = 1,
    ) -> None:
        """Progress reports spread between `start` and `end`, gaps no longer than `max_gap`."""
        span = end - start
        count = max(minimum, math.ceil(span / max_gap) - 1, self.rng.choice((1, 1, 1, 2)))
        for k in range(count):
            # Evenly spaced with a little jitter, so gaps stay below span / count.
            x = start + span * (k + 1) / (count + 1) + self.u(-0.1, 0.1) * span / (count + 1)
            percent = percent_from + (percent_to - percent_from) * (k + 1) // (count + 1)
            steps.append(
                Step(
                    x,
                    "progress",
                    by,
                    {"percent": percent, "note": self.rng.choice(content.PROGRESS_NOTES)},
                )
            )

    def opening(
        self, spec: Spec, steps: list[Step], lead: str, at: float, allotted: float, who: Official
    ) -> float:
        """The head of `lead` accepts and hands the task to `who`; returns the moment after."""
        head = self.staff(lead).head
        accept = at + self.u(0.02, min(0.9, 0.06 * allotted))
        assign = accept + self.u(0.01, min(0.3, 0.02 * allotted))
        steps.append(Step(accept, "accept", head))
        steps.append(Step(assign, "assign", head, {"to": who}))
        return assign

    def closing(
        self, spec: Spec, steps: list[Step], who: Official, at: float, allotted: float
    ) -> None:
        result = self.rng.choice(content.RESULTS).format(
            n=self.rng.randint(100, 3999), unit=self.org.units[spec.lead].code.split("-")[0]
        )
        steps.append(Step(at, "complete", who, {"result": result}))
        approve = at + self.u(0.05, min(1.5, 0.08 * allotted))
        steps.append(
            Step(approve, "approve", spec.clerk, {"note": self.rng.choice(content.APPROVE_NOTES)})
        )

    def input_round(
        self,
        steps: list[Step],
        who: Official,
        unit: str,
        at: float,
        *,
        days: int,
        answer_at: float | None,
        key: str,
    ) -> None:
        """Ask `unit` for input at `at`, due `days` working days later; answer at `answer_at`."""
        steps.append(
            Step(
                at,
                "request_input",
                who,
                {
                    "to_unit": unit,
                    "question": self.rng.choice(content.QUESTIONS),
                    "answer_due_index": int(at) + days,
                    "key": key,
                },
            )
        )
        if answer_at is not None:
            late = answer_at >= int(at) + days + 1
            answers = content.LATE_ANSWERS if late else content.ANSWERS
            steps.append(
                Step(
                    answer_at,
                    "respond_input",
                    self.responder(unit),
                    {"key": key, "answer": self.rng.choice(answers)},
                )
            )

    # -- the plans -----------------------------------------------------------------------------

    def plan(self, spec: Spec, who: Official) -> list[Step]:
        """All steps of the task's life, in time order, starting with its creation."""
        create = Step(spec.x0, "create", spec.clerk, {})
        steps = [create]
        method = getattr(self, f"plan_{spec.scenario}")
        method(spec, steps, who)
        steps.sort(key=lambda step: step.x)
        # Keep the order strict even where jitter made two moments meet.
        for previous, step in zip(steps, steps[1:], strict=False):
            if step.x <= previous.x:
                step.x = previous.x + 0.002
        return steps

    def plan_normal(self, spec: Spec, steps: list[Step], who: Official) -> None:
        """create → accept → assign → progress (1-3) → [input] → [extension] → complete → approve.

        Completed between 35 % and 85 % of the time to the due day (30 % to 60 % for deadlines
        under ten working days), so always a day early; gaps between the holder's events stay
        under 28 % of the allotted working time (14 % for the short deadlines).
        """
        allotted = spec.due_index + 1 - spec.x0
        span = spec.due_index - spec.x0
        # A weekend is two silent calendar days: in a task of a week or two that is a large share
        # of the allotted time, so short tasks report more often and finish earlier.
        short = span < 10
        gap = (0.14 if short else 0.28) * allotted
        start = self.opening(spec, steps, spec.lead, spec.x0, allotted, who)
        done = spec.x0 + (self.u(0.3, 0.6) if short else self.u(0.35, 0.85)) * span
        done = max(done, start + 0.2)
        roll = self.rng.random()
        if roll < 0.005:
            # Cancelled by the assigner before any deadline problem (dừng thực hiện).
            cancel = start + self.u(0.1, 0.4) * span
            self.progress_steps(steps, who, start, cancel, gap, minimum=0)
            steps.append(Step(cancel, "cancel", spec.clerk, {"note": content.CANCEL_NOTES[0]}))
            return
        if roll < 0.085 and span >= 8:
            # One extension, granted: the deadline moves once, and the work ends early again.
            ask = spec.x0 + self.u(0.45, 0.7) * span
            extra = self.rng.randint(5, 15)
            new_due = spec.due_index + extra
            steps.append(
                Step(
                    ask,
                    "request_extension",
                    who,
                    {"due_index": new_due, "reason": self.rng.choice(content.EXTENSION_REASONS)},
                )
            )
            steps.append(
                Step(
                    ask + self.u(0.1, 0.8),
                    "grant_extension",
                    spec.clerk,
                    {"note": self.rng.choice(content.EXTENSION_GRANTED)},
                )
            )
            done = ask + 1.0 + self.u(0.2, 0.7) * (new_due - ask - 1.0)
            self.progress_steps(steps, who, start, ask, gap)
            self.progress_steps(steps, who, ask, done, gap, minimum=0)
        elif roll < 0.115 and span >= 8:
            # An extension asked for and refused: the task is still done a day early.
            ask = spec.x0 + self.u(0.3, 0.5) * span
            steps.append(
                Step(
                    ask,
                    "request_extension",
                    who,
                    {
                        "due_index": spec.due_index + self.rng.randint(5, 10),
                        "reason": self.rng.choice(content.EXTENSION_REASONS),
                    },
                )
            )
            steps.append(
                Step(
                    ask + self.u(0.1, 0.6),
                    "refuse_extension",
                    spec.clerk,
                    {"note": content.EXTENSION_REFUSED[0]},
                )
            )
            done = max(done, ask + 1.0)
            self.progress_steps(steps, who, start, done, gap)
        else:
            self.progress_steps(steps, who, start, done, gap)
        self._normal_extras(spec, steps, who, start, done)
        self.closing(spec, steps, who, done, allotted)

    def _normal_extras(
        self, spec: Spec, steps: list[Step], who: Official, start: float, done: float
    ) -> None:
        """Input requests answered on time and opinion requests on decisions above the asker."""
        if spec.coordinators and self.rng.random() < 0.3 and done - start >= 3.0:
            unit = self.rng.choice(spec.coordinators)
            ask = start + self.u(0.05, 0.4) * (done - start)
            days = max(2, min(7, int(done - ask) - 1))
            due = int(ask) + days
            answer = min(ask + self.u(0.2, days - 1.0), due - 0.05)
            if ask < answer < done - 0.05:
                self.input_round(steps, who, unit, ask, days=days, answer_at=answer, key="n1")
        if self.rng.random() < 0.04 and done - start >= 2.0:
            # The holder asks their head about a decision delegated to the head, not to the holder:
            # a legitimate question, which the escalation detector must not flag.
            head = self.staff(spec.lead).head
            kinds = [k for code, _pos, k, _limit, _basis in DELEGATIONS if code == spec.lead]
            if self.org.units[spec.lead].kind == Unit.Kind.COMMUNE_PC:
                kinds = [k for _pos, k, _limit in COMMUNE_DELEGATIONS]
            kind = self.rng.choice(kinds) if kinds and self.rng.random() < 0.7 else ""
            if who.pk != head.pk:
                ask = start + self.u(0.1, 0.5) * (done - start)
                answer = ask + self.u(0.1, min(1.0, (done - ask) * 0.5))
                self._escalation(steps, who, head, ask, answer, kind)

    def _escalation(
        self, steps: list[Step], who: Official, to: Official, ask: float, answer: float, kind: str
    ) -> None:
        steps.append(
            Step(
                ask,
                "escalate",
                who,
                {
                    "to": to,
                    "question": content.ESCALATION_QUESTIONS.get(
                        kind, content.ESCALATION_QUESTIONS[""]
                    ),
                    "decision_kind": kind,
                    "key": "e1",
                },
            )
        )
        steps.append(
            Step(
                answer,
                "answer_escalation",
                to,
                {"key": "e1", "answer": self.rng.choice(content.ESCALATION_ANSWERS)},
            )
        )

    def _after_handovers(
        self, spec: Spec, steps: list[Step], lead: str, at: float, who: Official
    ) -> None:
        """The unit that finally keeps the task does it, on time if there is time left."""
        allotted = spec.due_index + 1 - spec.x0
        start = self.opening(spec, steps, lead, at, allotted, who)
        remaining = spec.due_index - start
        # With no time left the work simply takes a few days, and the task ends late.
        done = start + (self.u(0.4, 0.8) * remaining if remaining > 2.0 else self.u(1.0, 3.0))
        self.progress_steps(steps, who, start, done, 0.2 * allotted)
        self.closing(spec, steps, who, done, allotted)

    def plan_ping_pong(self, spec: Spec, steps: list[Step], who: Official) -> None:
        """A → B → A (or A → B → C → A): each head transfers the task on within a few days, then
        the first unit accepts it and does the work. Truth: ping_pong (and transfer_chain for the
        three-unit cycle)."""
        cycle = [spec.lead, *spec.route]
        at = spec.x0
        holders = [*cycle, cycle[0]]
        for here, there in zip(holders, holders[1:], strict=False):
            at += self.u(0.3, 1.8)
            reason = self.rng.choice(content.TRANSFER_REASONS).format(unit=self.unit_name(there))
            steps.append(
                Step(at, "transfer", self.staff(here).head, {"to_unit": there, "reason": reason})
            )
        self._after_handovers(spec, steps, cycle[0], at, who)

    def plan_transfer_chain(self, spec: Spec, steps: list[Step], who: Official) -> None:
        """A → B → C → D: three transfers to units that never held the task; the last one does it.
        Truth: transfer_chain."""
        chain = [spec.lead, *spec.route]
        at = spec.x0
        for here, there in zip(chain, chain[1:], strict=False):
            at += self.u(0.3, 1.5)
            reason = self.rng.choice(content.TRANSFER_REASONS).format(unit=self.unit_name(there))
            steps.append(
                Step(at, "transfer", self.staff(here).head, {"to_unit": there, "reason": reason})
            )
        self._after_handovers(spec, steps, chain[-1], at, self.holder(chain[-1]))

    def plan_refusal(self, spec: Spec, steps: list[Step], who: Official) -> None:
        """The lead returns the task as "not in our mandate" although its field is in the unit's
        mandate; the office gives it to another unit, which does it. Truth: refusal."""
        target = spec.route[0]
        back = spec.x0 + self.u(0.2, 1.5)
        steps.append(
            Step(
                back,
                "return",
                self.staff(spec.lead).head,
                {"reason": "not_in_mandate", "note": self.rng.choice(content.RETURN_NOTES)},
            )
        )
        again = back + self.u(0.2, 1.2)
        note = content.REROUTE_NOTES[0].format(unit=self.unit_name(target))
        steps.append(Step(again, "transfer", spec.clerk, {"to_unit": target, "reason": note}))
        self._after_handovers(spec, steps, target, again, self.holder(target))

    def plan_escalation(self, spec: Spec, steps: list[Step], who: Official) -> None:
        """The head asks the supervising leader to decide a kind of decision delegated to the head's
        own position; the leader answers that it is theirs to take. Truth: escalation."""
        allotted = spec.due_index + 1 - spec.x0
        span = spec.due_index - spec.x0
        head = self.staff(spec.lead).head
        start = self.opening(spec, steps, spec.lead, spec.x0, allotted, who)
        done = spec.x0 + self.u(0.55, 0.85) * span
        kind = spec.decision_kind
        ask = start + self.u(0.1, 0.35) * (done - start)
        answer = ask + self.u(0.3, min(2.5, 0.3 * (done - ask)))
        self._escalation(steps, head, spec.supervisor, ask, answer, kind)
        self.progress_steps(steps, who, start, done, 0.2 * allotted)
        self.closing(spec, steps, who, done, allotted)

    def plan_stall(self, spec: Spec, steps: list[Step], who: Official) -> None:
        """Accepted and assigned at once, then silence until 72-82 % of the allotted time (the
        office's reminder in between is not the holder's activity), then progress and completion
        around the deadline, sometimes after it. Truth: stall (and overdue when late)."""
        allotted = spec.due_index + 1 - spec.x0
        start = self.opening(spec, steps, spec.lead, spec.x0, allotted, who)
        remind = spec.x0 + self.u(0.45, 0.6) * allotted
        steps.append(Step(remind, "remind", spec.clerk, {"note": content.REMINDERS[1]}))
        wake = spec.x0 + self.u(0.72, 0.82) * allotted
        done = spec.x0 + self.u(0.9, 1.12) * allotted
        steps.append(
            Step(
                wake,
                "progress",
                who,
                {"percent": 40, "note": self.rng.choice(content.PROGRESS_NOTES)},
            )
        )
        if done - wake > 1.0:
            steps.append(
                Step(
                    (wake + done) / 2,
                    "progress",
                    who,
                    {"percent": 80, "note": self.rng.choice(content.PROGRESS_NOTES)},
                )
            )
        self.closing(spec, steps, who, max(done, start + 0.5), allotted)

    def plan_last_minute(self, spec: Spec, steps: list[Step], who: Official) -> None:
        """All progress on the working day before the deadline (within its last tenth: deadlines
        are at least 22 working days and never fall on a Monday), completion on that day or the
        due day. Half of them ask coordinating units for input at about 30 % and 62 % of the time
        (answered on time), which keeps them from looking silent. Truth: last_minute (and stall
        when there was no input round)."""
        allotted = spec.due_index + 1 - spec.x0
        start = self.opening(spec, steps, spec.lead, spec.x0, allotted, who)
        if spec.coordinators and self.rng.random() < 0.5:
            for n, share in enumerate((0.3, 0.62)):
                ask = spec.x0 + share * allotted + self.u(-0.5, 0.5)
                self.input_round(
                    steps,
                    who,
                    self.rng.choice(spec.coordinators),
                    ask,
                    days=5,
                    answer_at=ask + self.u(0.5, 3.5),
                    key=f"l{n}",
                )
        day = spec.due_index - 1
        steps.append(
            Step(
                day + self.u(0.1, 0.4),
                "progress",
                who,
                {"percent": 50, "note": content.PROGRESS_NOTES[2]},
            )
        )
        steps.append(
            Step(
                day + self.u(0.45, 0.7),
                "progress",
                who,
                {"percent": 90, "note": content.PROGRESS_NOTES[5]},
            )
        )
        done = day + self.u(0.75, 1.5)
        self.closing(spec, steps, who, max(done, start + 0.5), allotted)

    def plan_extension_chain(self, spec: Spec, steps: list[Step], who: Official) -> None:
        """Two or three extensions asked near each deadline in force and granted; regular progress
        throughout; done before the last deadline. Truth: extension_chain."""
        allotted = spec.due_index + 1 - spec.x0
        start = self.opening(spec, steps, spec.lead, spec.x0, allotted, who)
        due = spec.due_index
        at = start
        rounds = 2 if self.rng.random() < 0.7 else 3
        for _ in range(rounds):
            ask = at + self.u(0.7, 0.85) * (due - at)
            self.progress_steps(steps, who, at, ask, 0.2 * allotted)
            new_due = due + self.rng.randint(8, 20)
            steps.append(
                Step(
                    ask,
                    "request_extension",
                    who,
                    {"due_index": new_due, "reason": self.rng.choice(content.EXTENSION_REASONS)},
                )
            )
            grant = ask + self.u(0.1, 0.6)
            steps.append(
                Step(grant, "grant_extension", spec.clerk, {"note": content.EXTENSION_GRANTED[1]})
            )
            at, due = grant, new_due
        done = at + self.u(0.4, 0.8) * (due - at)
        self.progress_steps(steps, who, at, done, 0.2 * allotted, minimum=0)
        self.closing(spec, steps, who, done, allotted)

    def plan_slow_coordination(self, spec: Spec, steps: list[Step], who: Official) -> None:
        """Input is asked of a slow coordinating unit with 5 working days to answer; it answers 3
        to 10 working days after its deadline, or never. The lead keeps reporting progress and
        completes after the answer (or without it). Truth: slow_coordination (and overdue when
        the wait made the task late)."""
        allotted = spec.due_index + 1 - spec.x0
        span = spec.due_index - spec.x0
        start = self.opening(spec, steps, spec.lead, spec.x0, allotted, who)
        slow = spec.slow_unit
        ask = start + self.u(0.1, 0.25) * span
        days = 5
        never = self.rng.random() < 0.4
        answer = None if never else int(ask) + days + 1 + self.u(2.0, 9.0)
        self.input_round(steps, who, slow, ask, days=days, answer_at=answer, key="s1")
        done = spec.x0 + self.u(0.6, 0.9) * span
        if answer is not None:
            done = max(done, answer + self.u(0.3, 2.0))
        self.progress_steps(steps, who, start, done, 0.2 * allotted)
        self.closing(spec, steps, who, done, allotted)

    def plan_overdue(self, spec: Spec, steps: list[Step], who: Official) -> None:
        """Regular progress, but completed 2 to 25 working days after the deadline, with the
        office's reminder once it has passed; tasks whose completion lies beyond today stay open
        and overdue. Truth: overdue."""
        allotted = spec.due_index + 1 - spec.x0
        start = self.opening(spec, steps, spec.lead, spec.x0, allotted, who)
        late = self.u(2.0, min(25.0, max(3.0, 0.8 * allotted)))
        done = spec.due_index + 1 + late
        steps.append(
            Step(
                spec.due_index + 1 + self.u(0.1, 1.5),
                "remind",
                spec.clerk,
                {"note": content.REMINDERS[2]},
            )
        )
        self.progress_steps(steps, who, start, done, 0.18 * allotted, percent_to=95)
        self.closing(spec, steps, who, done, allotted)

    def plan_rework(self, spec: Spec, steps: list[Step], who: Official) -> None:
        """Completed early, sent back by the office as not good enough, reworked and completed
        again before the deadline. Truth: rework."""
        allotted = spec.due_index + 1 - spec.x0
        span = spec.due_index - spec.x0
        start = self.opening(spec, steps, spec.lead, spec.x0, allotted, who)
        first = spec.x0 + self.u(0.35, 0.5) * span
        self.progress_steps(steps, who, start, first, 0.2 * allotted)
        steps.append(Step(first, "complete", who, {"result": content.RESULTS[1]}))
        back = first + self.u(0.1, min(1.0, 0.1 * span))
        steps.append(
            Step(back, "send_back", spec.clerk, {"note": self.rng.choice(content.SEND_BACK_NOTES)})
        )
        done = spec.x0 + self.u(0.7, 0.85) * span
        done = max(done, back + 0.5)
        self.progress_steps(steps, who, back, done, 0.2 * allotted, minimum=1)
        self.closing(spec, steps, who, done, allotted)

"""A generated task log whose truth depends on working days and on when extensions were granted.

Each case follows one planted scenario, and its truth (stall, overdue, late_extension) is the
scenario's, decided by construction with margins (a stall's silence is more than 0.55 of the
allotted working time, a quiet case's at most 0.35), not by re-running a detector:

- ``tet_quiet``: assigned a few working days before Tết (2026: 14–22 February; 2027: 4–10
  February) with a short allotment; the holder works every working day, so its only long quiet
  spell is Tết: more than half the allotted time in calendar days, a day or so in working days.
  Not a stall. Done on time.
- ``stall``: the holder is silent for 0.6–0.8 of the allotted working days (sometimes across Tết,
  counted in working days). A stall; done on time.
- ``tet_allotted_stall``: the allotment spans Tết and the silence (after it) is 0.6 of the working
  days but less than half the calendar days. A stall only in working days.
- ``steady``: work every one or two working days, done on time.
- ``late_grant``: an extension asked before the deadline, granted one to three working days after
  it had passed; done before the new deadline. Overdue and late_extension.
- ``late_ask``: asked and granted after the deadline passed. Overdue and late_extension.
- ``timely_grant``: asked and granted before the deadline (the last one on the deadline's own
  afternoon); done after the first deadline, before the new one. Neither.
- ``after_completion``: done on time, an extension granted after completion. late_extension only.
- ``late_done``: done two to five working days late, no extension. Overdue.
- ``open_overdue``: still open at ``AS_OF``, its deadline passed; worked on daily. Overdue.
- ``open_in_time``: still open at ``AS_OF``, its deadline ahead. Neither.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections import defaultdict
from pathlib import Path
from zoneinfo import ZoneInfo

from congvu.analytics.workdays import Calendar

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = Calendar.vn()
# The evening of the last day of January 2028, Vietnam time: every case is judged then.
AS_OF = dt.datetime(2028, 1, 31, 20, 0, tzinfo=TZ)
TETS = (dt.date(2026, 2, 14), dt.date(2027, 2, 4))
SCENARIOS = {
    "tet_quiet": 6,
    "stall": 4,
    "tet_allotted_stall": 2,
    "steady": 4,
    "late_grant": 3,
    "late_ask": 2,
    "timely_grant": 3,
    "after_completion": 2,
    "late_done": 2,
    "open_overdue": 1,
    "open_in_time": 1,
}
TRUTH = {
    "stall": {"stall", "tet_allotted_stall"},
    "overdue": {"late_grant", "late_ask", "late_done", "open_overdue"},
    "late_extension": {"late_grant", "late_ask", "after_completion"},
}
FIELDS = ("case_id", "event_id", "ts", "activity", "actor", "unit", "to_unit", "due")


def wd(day: dt.date, n: int) -> dt.date:
    return CAL.add_working_days(day, n)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


def working_day_near(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """A random working day in [start, end]."""
    day = start + dt.timedelta(days=rng.randrange((end - start).days + 1))
    return day if CAL.is_working_day(day) else wd(day, 1)


class Case:
    """The events of one case; :meth:`rows` writes them in time order, each with the deadline in
    force at it (the one set by the latest grant before it)."""

    def __init__(self, case_id: str, unit: str, actor: str, created: dt.date, due: dt.date):
        self.case_id, self.unit, self.actor, self.first_due = case_id, unit, actor, due
        self.events: list[tuple[dt.datetime, int, dict[str, str], dt.date | None]] = []
        self.add(at(created, 8), "create", actor="vp.clerk", unit="VP", to_unit=unit)

    def add(
        self,
        when: dt.datetime,
        activity: str,
        *,
        actor: str = "",
        unit: str = "",
        to_unit: str = "",
        due: dt.date | None = None,
    ) -> None:
        row = {
            "activity": activity,
            "actor": actor or self.actor,
            "unit": unit or self.unit,
            "to_unit": to_unit,
        }
        self.events.append((when, len(self.events), row, due))

    def work(self, days: list[dt.date], activity: str = "progress") -> None:
        for number, day in enumerate(days):
            self.add(at(day, 9 + number % 6, 15), activity)

    def rows(self) -> list[dict[str, str]]:
        in_force = self.first_due
        written = []
        for number, (when, _order, row, due) in enumerate(sorted(self.events), start=1):
            in_force = due or in_force
            written.append(
                {
                    "case_id": self.case_id,
                    "event_id": f"{self.case_id}-{number}",
                    "ts": when.isoformat(),
                    **row,
                    "due": in_force.isoformat(),
                }
            )
        return written


def _every_day(first: dt.date, last: dt.date) -> list[dt.date]:
    days, day = [], first
    while day <= last:
        days.append(day)
        day = wd(day, 1)
    return days


def _scenario(rng: random.Random, kind: str, case_id: str) -> Case:  # noqa: C901, PLR0915
    unit = f"U{rng.randrange(12):02d}"
    actor = f"{unit.lower()}.cb{rng.randrange(4)}"
    year_start = rng.choice((dt.date(2026, 3, 2), dt.date(2026, 9, 7), dt.date(2027, 3, 1)))
    created = working_day_near(rng, year_start, year_start + dt.timedelta(days=150))
    if kind == "tet_quiet":
        tet = rng.choice(TETS)
        last_before = wd(tet, -1)
        created = wd(last_before, -rng.randrange(0, 3))
        allotted = rng.randrange(5, 8)
        due = wd(created, allotted)
        case = Case(case_id, unit, actor, created, due)
        case.add(at(created, 9), "accept")
        case.work([d for d in _every_day(wd(created, 0), wd(due, -1)) if d != created])
        case.add(at(wd(due, -1), 16), "complete")
        return case
    if kind in ("stall", "tet_allotted_stall"):
        if kind == "tet_allotted_stall":
            created = wd(rng.choice(TETS), -2)
            allotted = 10
            silence = 6
            start_quiet = wd(created, 3)  # after Tết
        else:
            allotted = rng.randrange(10, 16)
            silence = round(allotted * rng.uniform(0.62, 0.8)) + 1
            start_quiet = wd(created, 1)
        due = wd(created, allotted)
        case = Case(case_id, unit, actor, created, due)
        case.add(at(created, 9), "accept")
        case.work(_every_day(wd(created, 1), start_quiet))
        resume = wd(start_quiet, silence)
        case.work(_every_day(resume, wd(due, -1)))
        case.add(at(wd(due, -1), 16), "complete")
        return case
    allotted = rng.randrange(10, 16)
    due = wd(created, allotted)
    case = Case(case_id, unit, actor, created, due)
    case.add(at(created, 9), "accept")
    if kind == "steady":
        case.work(_every_day(wd(created, 1), wd(due, -2))[:: rng.choice((1, 2))])
        case.add(at(wd(due, -1), 15), "complete")
    elif kind in ("late_grant", "late_ask"):
        late = rng.randrange(1, 4)
        new_due = wd(due, late + 8)
        case.work(_every_day(wd(created, 1), due))
        ask = at(due, 10) if kind == "late_grant" else at(wd(due, late), 9)
        case.add(ask, "request_extension")
        case.work(_every_day(wd(due, 1), wd(due, late + 3)))
        case.add(at(wd(due, late), 14), "grant_extension", actor="vp.head", unit="VP", due=new_due)
        case.add(at(wd(due, late + 4), 11), "complete")
    elif kind == "timely_grant":
        new_due = wd(due, 8)
        case.work(_every_day(wd(created, 1), wd(due, 3)))
        case.add(at(wd(due, -2), 10), "request_extension")
        granted = at(due, rng.choice((11, 16))) if rng.random() < 0.6 else at(wd(due, -1), 15)
        case.add(granted, "grant_extension", actor="vp.head", unit="VP", due=new_due)
        case.add(at(wd(due, 4), 11), "complete")
    elif kind == "after_completion":
        case.work(_every_day(wd(created, 1), wd(due, -2)))
        case.add(at(wd(due, -1), 15), "complete")
        case.add(at(wd(due, -1), 16, 30), "request_extension")
        case.add(
            at(due, rng.choice((9, 15))), "grant_extension", actor="vp.head", unit="VP",
            due=wd(due, 5),
        )  # fmt: skip
    elif kind == "late_done":
        late = rng.randrange(2, 6)
        case.work(_every_day(wd(created, 1), wd(due, late - 1)))
        case.add(at(wd(due, late), 11), "complete")
    elif kind in ("open_overdue", "open_in_time"):
        end = AS_OF.date()
        created = wd(end, -rng.randrange(14, 20) if kind == "open_overdue" else -4)
        due = wd(created, 10)
        case = Case(case_id, unit, actor, created, due)
        case.add(at(created, 9), "accept")
        case.work(_every_day(wd(created, 1), end))
    return case


def generate(path: Path, *, cases: int = 2000, seed: int = 10) -> dict[str, set[str]]:
    """Write the log to ``path`` (canonical CSV) and return the truth: kind -> case ids."""
    rng = random.Random(seed)
    kinds = list(SCENARIOS)
    weights = [SCENARIOS[kind] for kind in kinds]
    truth: dict[str, set[str]] = defaultdict(set)
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=FIELDS)
        writer.writeheader()
        for number in range(cases):
            kind = rng.choices(kinds, weights)[0]
            case_id = f"{kind}-{number}"
            case = _scenario(rng, kind, case_id)
            writer.writerows(case.rows())
            for judged, scenarios in TRUTH.items():
                if kind in scenarios:
                    truth[judged].add(case_id)
    return truth

"""Benchmark: the detector suite (``analyze_events``) counting working days vs calendar days.

    .venv/bin/python bench/workdays.py              # 10 M generated events, 3 runs each
    .venv/bin/python bench/workdays.py --cases 100000 --runs 3   # 1 M events

The log has deadlines (every event carries the deadline in force, some cases get an extension,
some of them late), so every duration the detectors judge goes through the calendar. Each run is
a fresh process; the two calendars alternate, and the medians and their ratio are printed (target:
working days within 1.3x of calendar days).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"

GENERATE = """
import duckdb
duckdb.sql('''
COPY (
  WITH cases AS (SELECT range AS c FROM range({cases})),
  ev AS (SELECT c, range AS k FROM cases, range(10)),
  timed AS (
    SELECT c, k,
           TIMESTAMPTZ '2025-06-01 01:00:00+00' + to_seconds((c % 50000) * 600)
             + to_seconds(k * (3600 * (6 + hash(c) % 60)))
             + to_seconds(CASE WHEN c % 10 = 1 AND k >= 4 THEN 86400 * 12 ELSE 0 END) AS ts,
           (TIMESTAMPTZ '2025-06-01 01:00:00+00' + to_seconds((c % 50000) * 600))::DATE
             + (CASE WHEN c % 8 = 0 THEN 5 ELSE 20 + hash(c, 7) % 20 END)::INTEGER AS first_due
    FROM ev)
  SELECT 'c' || c AS case_id, (c * 10 + k)::VARCHAR AS event_id, ts,
         CASE WHEN k = 0 THEN 'create' WHEN k = 9 THEN 'complete'
              WHEN k = 6 AND c % 4 = 0 THEN 'grant_extension'
              WHEN k = 5 AND c % 4 = 0 THEN 'request_extension'
              WHEN k = 3 THEN 'remind' ELSE 'progress' END AS activity,
         'actor' || (hash(c, 1) % 5000)::VARCHAR AS actor,
         CASE WHEN k = 0 OR k = 3 THEN 'office' ELSE 'unit' || (hash(c, 2) % 200)::VARCHAR END
           AS unit,
         CASE WHEN k = 0 THEN 'unit' || (hash(c, 2) % 200)::VARCHAR END AS to_unit,
         CASE WHEN k >= 6 AND c % 4 = 0 THEN first_due + 15 ELSE first_due END AS due,
         c * 10 + k + 1 AS position
  FROM timed
) TO '{path}' (FORMAT parquet)''')
"""

SUITE = """
import ibis, pathlib
from congvu.analytics.cli import analyze_events
from congvu.analytics.workdays import load_calendar
calendar = load_calendar('{calendar}')
calendar.bounds
---
con = ibis.duckdb.connect(memory_limit='3GB', temp_directory='{out}.tmp')
summary = analyze_events(con.read_parquet('{path}'), pathlib.Path('{out}'), calendar=calendar)
"""

WRAPPER = """
import json, resource, sys, time
started = time.perf_counter()
exec(sys.argv[1])
imported = time.perf_counter()
exec(sys.argv[2])
print(json.dumps({"seconds": time.perf_counter() - imported, "import": imported - started,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "findings": summary.findings_by_kind}))
"""


def run_once(path: Path, calendar: str) -> dict[str, object]:
    out = OUT / f"workdays_{calendar}"
    setup, work = SUITE.format(calendar=calendar, path=path, out=out).split("---\n", 1)
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, setup, work],
        check=True,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1_000_000, help="10 events per case")
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"workdays_{options.cases * 10}.parquet"
    if not path.exists():
        subprocess.run(
            [sys.executable, "-c", GENERATE.format(cases=options.cases, path=path)],
            check=True,
            cwd=REPO,
        )
    seconds: dict[str, list[float]] = {"vn": [], "none": []}
    findings: dict[str, object] = {}
    for _run in range(options.runs):
        for calendar in ("none", "vn"):
            result = run_once(path, calendar)
            seconds[calendar].append(float(str(result["seconds"])))
            findings[calendar] = result["findings"]
            print(f"  {calendar:5} {result['seconds']:7.2f} s  peak {result['peak_mb']:.0f} MiB")
    events = options.cases * 10
    working = statistics.median(seconds["vn"])
    plain = statistics.median(seconds["none"])
    print(f"log: {events / 1e6:g} M events ({path.name}), medians of {options.runs} runs")
    print(f"suite, calendar days (--calendar none): {plain:7.2f} s")
    print(f"suite, working days  (--calendar vn):   {working:7.2f} s")
    print(f"ratio working / calendar: {working / plain:.2f}x (target <= 1.3x)")
    for calendar, found in findings.items():
        print(f"findings ({calendar}): {found}")


if __name__ == "__main__":
    main()

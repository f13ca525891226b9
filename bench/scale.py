"""National scale (issue 16): the detector suite on generated national stores of 10^6, 10^7 and
10^8 events, DuckDB out of core and Spark local mode. Prints time and peak memory (never a test).

    .venv/bin/python bench/scale.py --events 1e6 1e7            # DuckDB
    .venv/bin/python bench/scale.py --events 1e6 --engine spark  # Spark local mode
    .venv/bin/python bench/scale.py --events 1e8 --memory-limit 12GB --spill /var/tmp/congvu
    .venv/bin/python bench/scale.py --events 1e6 --steps    # and each step's time

The store is generated once per size by DuckDB into bench/out/national_<N>/ in Hive layout
(province=PP/month=YYYY-MM): 34 provinces, 120 units and 2,000 officials each, cases of ten
events of the three case types (tasks 60 %, dossiers 35 %, projects 5 %) moving between the
province's units. The suite is ``analyze_events`` end to end over the whole tree (a national run:
ids keyed by province, every detector, metrics, hand-overs, the report, the four files). Each run
is a fresh process; its peak memory is the largest resident size of the process and of its
children (Spark's JVM is a child of the Python process).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"

GENERATE = """
import duckdb
con = duckdb.connect(config={{'memory_limit': '{memory}', 'temp_directory': '{spill}'}})
con.sql('''
COPY (
  WITH cases AS (SELECT range AS c FROM range({cases})),
  ev AS (SELECT c, range AS k FROM cases, range(10)),
  rows AS (SELECT lpad(((c % 34) + 1)::VARCHAR, 2, '0') AS province,
         'c' || c AS case_id, (c * 10 + k)::VARCHAR AS event_id,
         TIMESTAMPTZ '2025-01-01 00:00:00+00'
           + to_seconds((c * 31536000 // {cases}) + k * 3600 + (hash(c, k) % 600)) AS ts,
         'step' || (k % 5)::VARCHAR AS activity,
         'actor' || (hash(c, k, 1) % 2000)::VARCHAR AS actor,
         'unit' || (hash(c, k, 2) % 120)::VARCHAR AS unit, NULL::VARCHAR AS to_unit,
         NULL::DATE AS due,
         CASE WHEN hash(c) % 20 = 0 THEN 'project' WHEN hash(c) % 20 < 8 THEN 'dossier'
              ELSE 'task' END AS case_type,
         k + 1 AS position
  FROM ev)
  SELECT *, strftime(ts, '%Y-%m') AS month FROM rows
) TO '{path}' (FORMAT parquet, PARTITION_BY (province, month))''')
"""

SUITE = """
import json, logging, resource, sys, time
from pathlib import Path
started = time.perf_counter()
# Each step's time (``analyze_events`` logs them at DEBUG level) goes to stderr.
logging.basicConfig(level=logging.WARNING, format='%(message)s')
logging.getLogger('congvu').setLevel('DEBUG' if {steps} else 'WARNING')
import ibis
from congvu.analytics.cli import analyze_events
from congvu.analytics.engines import read_parquet
if '{engine}' == 'spark':
    from congvu.analytics.engines import spark_backend, spark_session
    con = spark_backend(spark_session(driver_memory='{driver_memory}', local_dir='{spill}'))
else:
    # DuckDB out of core: a memory budget, and a folder to spill to beyond it.
    con = ibis.duckdb.connect(memory_limit='{memory}', temp_directory='{spill}', threads={threads})
events = read_parquet(Path('{path}'), con)
events.limit(1).to_pyarrow()
imported = time.perf_counter()
summary = analyze_events(events, Path('{out}'), engine='{engine}')
seconds = time.perf_counter() - imported
peak = max(resource.getrusage(who).ru_maxrss for who in
           (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
print(json.dumps({{'seconds': seconds, 'setup': imported - started, 'peak_mb': peak,
                  'events': summary.events, 'findings': sum(summary.findings_by_kind.values()),
                  'handovers': summary.handovers}}))
"""


def generate(events: int, memory: str, spill: Path) -> Path:
    path = OUT / f"national_{events}"
    if not path.exists():
        started = time.perf_counter()
        code = GENERATE.format(cases=events // 10, path=path, memory=memory, spill=spill)
        subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)
        print(f"generated {events:,} events in {time.perf_counter() - started:.0f} s: {path}")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", nargs="+", type=float, default=[1e6, 1e7])
    parser.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
    parser.add_argument("--memory-limit", default="12GB", help="DuckDB's memory budget")
    parser.add_argument("--driver-memory", default="8g", help="Spark's driver (local mode)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--spill", type=Path, default=OUT / "spill", help="spill folder")
    parser.add_argument("--steps", action="store_true", help="print each step's time too")
    options = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    options.spill.mkdir(parents=True, exist_ok=True)
    print(
        f"{'events':>12} {'engine':<7} {'suite s':>9} {'µs/event':>9} {'peak MiB':>9} "
        f"{'findings':>10} {'hand-overs':>11}"
    )
    for size in options.events:
        events = int(size)
        path = generate(events, options.memory_limit, options.spill)
        code = SUITE.format(
            engine=options.engine,
            path=path,
            out=OUT / f"analyze_{options.engine}_{events}",
            memory=options.memory_limit,
            driver_memory=options.driver_memory,
            threads=options.threads,
            spill=options.spill,
            steps=options.steps,
        )
        before = os.getloadavg()
        done = subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=REPO
        )
        after = os.getloadavg()
        result = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"{result['events']:>12,} {options.engine:<7} {result['seconds']:>9.1f} "
            f"{result['seconds'] / result['events'] * 1e6:>9.2f} {result['peak_mb']:>9.0f} "
            f"{result['findings']:>10,} {result['handovers']:>11,}",
            flush=True,
        )
        print(
            f"    load average before {before[0]:.1f}, after {after[0]:.1f} "
            f"(1 min; {os.cpu_count()} cores)",
            flush=True,
        )
        if options.steps:
            steps = [
                line for line in done.stderr.splitlines() if ": " in line and line.endswith(" s")
            ]
            print("    steps: " + ", ".join(steps), flush=True)
    print(
        f"(one run each, fresh process, seconds after reading the first row; "
        f"{time.strftime('%Y-%m-%d %H:%M')})"
    )


if __name__ == "__main__":
    main()

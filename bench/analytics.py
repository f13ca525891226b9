"""Benchmark of the analytics core: prints medians, ratios and peak memory (never a test).

    .venv/bin/python bench/analytics.py --quick      # 1 M generated events, BPIC 2013 x10
    .venv/bin/python bench/analytics.py              # 1 M and 10 M generated, BPIC 2013 x100
    .venv/bin/python bench/analytics.py --bpic-only --copies 1   # BPIC 2013 itself (65,533 events)

Each measurement runs in a fresh subprocess so that its peak memory (ru_maxrss) is its own.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATASETS = REPO.parent / "shared" / "datasets" / "event-logs"
OUT = REPO / "bench" / "out"

GENERATE = """
import duckdb
duckdb.sql('''
COPY (
  WITH cases AS (SELECT range AS c FROM range({cases})),
  ev AS (SELECT c, range AS k FROM cases, range(10))
  SELECT 'c' || c AS case_id, (c * 10 + k)::VARCHAR AS event_id,
         TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(c * 60 + k * 3600 + (hash(c, k) % 600))
           AS ts,
         'step' || (k % 5)::VARCHAR AS activity,
         'actor' || (hash(c, k, 1) % 5000)::VARCHAR AS actor,
         'unit' || (hash(c, k, 2) % 200)::VARCHAR AS unit, NULL::VARCHAR AS to_unit,
         NULL::DATE AS due, c * 10 + k + 1 AS position
  FROM ev
) TO '{path}' (FORMAT parquet)''')
"""

REPLICATE = """
import ibis, pyarrow as pa, pyarrow.parquet as pq
from congvu.interchange.xes import read_xes
base = read_xes('{source}').to_pyarrow()
parts = []
for copy in range({copies}):
    part = base.set_column(0, 'case_id', pa.compute.binary_join_element_wise(
        base.column('case_id'), pa.array(['#' + str(copy)] * base.num_rows), ''))
    parts.append(part)
pq.write_table(pa.concat_tables(parts), '{path}')
"""

CASES = {
    "suite": """
from congvu.analytics.cli import analyze_events
import ibis
---
# DuckDB is given a memory budget (it spills to disk beyond it) and reads the file in place.
con = ibis.duckdb.connect(memory_limit='3GB', temp_directory='{out}.tmp')
analyze_events(con.read_parquet('{path}'), __import__('pathlib').Path('{out}'), mode='runs')
""",
    "handovers_ibis": """
import ibis
from congvu.analytics.handovers import handover_network
from congvu.analytics.schema import check_events
con = ibis.duckdb.connect()
con.read_parquet('{path}').limit(1).to_pyarrow()
---
n = handover_network(check_events(con.read_parquet('{path}')), mode='runs').to_pyarrow().num_rows
""",
    "pingpong_ibis": """
import ibis
from congvu.analytics.ping_pong import ping_pong_pairs, ping_pong
from congvu.analytics.schema import check_events
con = ibis.duckdb.connect()
con.read_parquet('{path}').limit(1).to_pyarrow()
---
n = ping_pong_pairs(ping_pong(check_events(con.read_parquet('{path}')), mode='runs')).to_pyarrow()
""",
    "handovers_duckdb_sql": """
import duckdb
duckdb.sql("SELECT * FROM read_parquet('{path}') LIMIT 1").arrow()
---
duckdb.sql('''
WITH e AS (SELECT case_id, unit, lag(unit) OVER (PARTITION BY case_id ORDER BY ts, position) AS p
           FROM read_parquet('{path}') WHERE unit IS NOT NULL)
SELECT p AS from_unit, unit AS to_unit, count(*) FROM e WHERE p <> unit GROUP BY 1, 2''').arrow()
""",
    "pingpong_duckdb_sql": """
import duckdb
duckdb.sql("SELECT * FROM read_parquet('{path}') LIMIT 1").arrow()
---
duckdb.sql('''
WITH e AS (SELECT case_id, unit, position, ts,
                  lag(unit) OVER (PARTITION BY case_id ORDER BY ts, position) AS p
           FROM read_parquet('{path}') WHERE unit IS NOT NULL),
s AS (SELECT *, row_number() OVER (PARTITION BY case_id ORDER BY ts, position) AS n
      FROM e WHERE p IS NULL OR p <> unit),
r AS (SELECT *, lag(n) OVER (PARTITION BY case_id, unit ORDER BY n) AS prev FROM s)
SELECT p, unit, count(*) FROM r WHERE prev IS NOT NULL AND p IS NOT NULL GROUP BY 1, 2''').arrow()
""",
    "handovers_polars": """
import polars as pl
pl.scan_parquet('{path}').head(1).collect()
---
e = pl.scan_parquet('{path}').filter(pl.col('unit').is_not_null())
e = e.sort(['case_id', 'ts', 'position'])
e = e.with_columns(p=pl.col('unit').shift(1).over('case_id'))
e.filter(pl.col('p') != pl.col('unit')).group_by(['p', 'unit']).len().collect()
""",
    "pingpong_polars": """
import polars as pl
pl.scan_parquet('{path}').head(1).collect()
---
e = pl.scan_parquet('{path}').filter(pl.col('unit').is_not_null())
e = e.sort(['case_id', 'ts', 'position'])
e = e.with_columns(p=pl.col('unit').shift(1).over('case_id'))
s = e.filter(pl.col('p').is_null() | (pl.col('p') != pl.col('unit')))
s = s.with_columns(n=pl.int_range(pl.len()).over('case_id'))
s = s.with_columns(prev=pl.col('n').shift(1).over(['case_id', 'unit']))
s = s.filter(pl.col('prev').is_not_null() & pl.col('p').is_not_null())
s.group_by(['p', 'unit']).len().collect()
""",
    "handovers_pm4py": """
import warnings; warnings.simplefilter('ignore')
import pandas as pd, pm4py
pd.read_parquet('{path}', columns=['case_id']).head(1)
---
f = pd.read_parquet('{path}', columns=['case_id', 'ts', 'unit', 'position'])
f = f[f.unit.notna()].sort_values(['case_id', 'ts', 'position'], kind='stable')
pm4py.discover_handover_of_work_network(f, beta=0, resource_key='unit', timestamp_key='ts',
                                        case_id_key='case_id')
""",
    "xes_ours": """
from congvu.interchange.xes import read_xes
---
read_xes('{xes}').to_pyarrow()
""",
    "xes_pm4py": """
import warnings; warnings.simplefilter('ignore')
import pm4py
---
pm4py.read_xes('{xes}', show_progress_bar=False)
""",
}

# The imports (the part of a case before its "---" line) run first and are timed apart: a
# measure is the work itself, the same for every engine; the import time is printed beside it.
# Each engine's setup also reads one row of the log, so that its one-time initialisation (lazy
# imports, the Parquet reader, the first allocations) is not counted as work for any of them.
WRAPPER = """
import json, resource, sys, time
started = time.perf_counter()
exec(sys.argv[1])
imported = time.perf_counter()
exec(sys.argv[2])
print(json.dumps({{"seconds": time.perf_counter() - imported, "import": imported - started,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def measure(code: str, runs: int) -> tuple[float, float, float]:
    """Median seconds (after the imports), median import seconds and the largest peak memory
    (MiB) over ``runs`` fresh processes."""
    seconds, imports, peaks = [], [], []
    setup, work = code.split("---\n", 1)
    for _run in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", WRAPPER.format(), setup, work],
            check=True,
            capture_output=True,
            text=True,
            cwd=REPO,
        )
        result = json.loads(done.stdout.strip().splitlines()[-1])
        seconds.append(result["seconds"])
        imports.append(result["import"])
        peaks.append(result["peak_mb"])
    return statistics.median(seconds), statistics.median(imports), max(peaks)


def run_code(code: str) -> None:
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1 M events and BPIC 2013 x10 only")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-pm4py-above", type=int, default=20_000_000)
    parser.add_argument(
        "--copies", type=int, help="copies of BPIC 2013 (default 10 with --quick, else 100)"
    )
    parser.add_argument(
        "--bpic-only", action="store_true", help="BPIC 2013 only (no generated log)"
    )
    options = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)

    logs: list[tuple[str, Path, int]] = []
    sizes = [] if options.bpic_only else [100_000] if options.quick else [100_000, 1_000_000]
    for cases in sizes:
        path = OUT / f"generated_{cases * 10}.parquet"
        if not path.exists():
            run_code(GENERATE.format(cases=cases, path=path))
        logs.append((f"generated {cases * 10 / 1e6:g} M", path, cases * 10))
    copies = options.copies or (10 if options.quick else 100)
    bpic = DATASETS / "bpic2013_incidents.xes.gz"
    if bpic.exists():
        path = OUT / f"bpic2013_x{copies}.parquet"
        if not path.exists():
            run_code(REPLICATE.format(source=bpic, copies=copies, path=path))
        logs.append((f"BPIC 2013 x{copies}", path, 65_533 * copies))

    print(
        f"{'log':<18} {'measure':<22} {'median s':>9} {'import s':>9} {'peak MiB':>9} {'ratio':>18}"
    )
    for label, path, events in logs:
        results = {}
        for name, code in CASES.items():
            if name.startswith("xes"):
                continue
            if name == "handovers_pm4py" and events > options.skip_pm4py_above:
                continue
            results[name] = measure(code.format(path=path, out=OUT / "analyze"), options.runs)
        floor_h = min(results["handovers_duckdb_sql"][0], results["handovers_polars"][0])
        floor_p = min(results["pingpong_duckdb_sql"][0], results["pingpong_polars"][0])
        for name, (seconds, imported, peak) in results.items():
            ratio = ""
            if name == "handovers_ibis":
                ratio = f"{seconds / floor_h:.2f}x floor"
            elif name == "pingpong_ibis":
                ratio = f"{seconds / floor_p:.2f}x floor"
            elif name == "handovers_pm4py":
                ratio = f"{seconds / results['handovers_ibis'][0]:.1f}x ours"
            print(
                f"{label:<18} {name:<22} {seconds:>9.2f} {imported:>9.2f} {peak:>9.0f} {ratio:>18}"
            )
    if bpic.exists() and not options.bpic_only:
        ours = measure(CASES["xes_ours"].format(xes=bpic), options.runs)
        theirs = measure(CASES["xes_pm4py"].format(xes=bpic), options.runs)
        print(
            f"{'BPIC 2013 XES':<18} {'xes_ours':<22} {ours[0]:>9.2f} {ours[1]:>9.2f} "
            f"{ours[2]:>9.0f}"
        )
        print(
            f"{'BPIC 2013 XES':<18} {'xes_pm4py':<22} {theirs[0]:>9.2f} {theirs[1]:>9.2f} "
            f"{theirs[2]:>9.0f} {theirs[0] / ours[0]:>13.1f}x ours"
        )
    load = os.getloadavg()
    print(
        f"(medians of {options.runs} runs, each in a fresh process; seconds after the imports; "
        f"{time.strftime('%Y-%m-%d %H:%M')}; load average at the end {load[0]:.1f} {load[1]:.1f} "
        f"{load[2]:.1f})"
    )


if __name__ == "__main__":
    main()

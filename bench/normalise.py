"""What normalising text and mapping activities costs `congvu analyze` (issue 15): prints both
times, medians of the runs, and their ratio, measured in the same run (never a test).

    nice .venv/bin/python bench/normalise.py                 # 10 M events, 3 pairs of runs
    nice .venv/bin/python bench/normalise.py --events 1000000 --runs 1
    .venv/bin/python bench/normalise.py --generate-only      # write the two logs, measure nothing

Two Parquet logs of the same events are generated: the clean one (canonical activities, unit names
in NFC) and a provincial export of it (activities in Vietnamese through docs/activity-map-vi.csv;
unit names 30 % NFD, 10 % upper case, 20 % with doubled or stray spaces). Measured, each in a fresh
process on a DuckDB database with a 3 GB budget reading the file in place:

- clean: ``analyze_events`` on the clean log (what a clean log costs today);
- export: ``normalise_log`` then ``analyze_events`` on the export (what `congvu analyze LOG
  --activity-map MAP` does).

The cost of normalisation is (export - clean) / clean. On a shared machine the load changes
during a 10 M run by more than the effect measured, so the two measures are taken in pairs: both
files are read into the page cache first, then ``--runs`` pairs run whose order alternates (clean
first, then export first, ...), so that a load rising or falling over the run weighs on both
alike. Printed: the median of each measure, the median of the pairs' own ratios
(each pair ran under the same load), every pair, and the load average before and after. The
findings of both logs are counted to show they are the same.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
ACTIVITY_MAP = REPO / "docs" / "activity-map-vi.csv"
UNITS = 200
# Canonical activity -> how the export writes it (sources of the shipped map).
ACTIVITIES = {
    "create": "Giao nhiệm vụ",
    "accept": "Nhận nhiệm vụ",
    "progress": "Báo cáo tiến độ",
    "remind": "Đôn đốc",
    "complete": "Báo cáo hoàn thành",
}
PLACES = ("Hạ Long", "Cẩm Phả", "Uông Bí", "Móng Cái", "Quảng Yên", "Đông Triều", "Vân Đồn")
KINDS = ("Sở Tài chính", "Phòng Kinh tế", "Văn phòng HĐND và UBND", "Trung tâm Phục vụ hành chính")


def unit_name(number: int) -> str:
    return f"{KINDS[number % len(KINDS)]} {PLACES[number % len(PLACES)]} {number}"


def variants(name: str) -> list[str]:
    """Ten spellings of a name in the proportions of the export: 3 NFD, 1 upper, 2 spaced."""
    nfd = unicodedata.normalize("NFD", name)
    spaced = f" {name.replace(' ', '  ', 1)}\u00a0"
    return [nfd, nfd, nfd, name.upper(), spaced, spaced, name, name, name, name]


GENERATE = """
import duckdb, pyarrow as pa, json, sys
names, activities, path, cases, messy = json.loads(open(sys.argv[1], encoding='utf-8').read())
con = duckdb.connect()
spelt = pa.table({{
    'u': [u for u, _forms in enumerate(names) for _v in range(10)],
    'v': [v for _u, forms in enumerate(names) for v in range(10)],
    'name': [form for forms in names for form in forms],
}})
acts = pa.table({{'a': list(range(len(activities))), 'activity': activities}})
con.register('spelt', spelt)
con.register('acts', acts)
con.sql(f'''
COPY (
  WITH cases AS (SELECT range AS c FROM range({{cases}})),
  ev AS (SELECT c, range AS k FROM cases, range(10))
  SELECT 'c' || c AS case_id, (c * 10 + ev.k)::VARCHAR AS event_id,
         TIMESTAMPTZ '2024-01-01 00:00:00+00'
           + to_seconds(c * 60 + ev.k * 3600 + (hash(c, ev.k) % 600)) AS ts,
         acts.activity AS activity,
         'actor' || (hash(c, ev.k, 1) % 5000)::VARCHAR AS actor,
         spelt.name AS unit, NULL::VARCHAR AS to_unit,
         NULL::DATE AS due, c * 10 + ev.k + 1 AS position
  FROM ev
  JOIN acts ON acts.a = (CASE WHEN ev.k = 0 THEN 0 WHEN ev.k = 9 THEN 4 ELSE 1 + ev.k % 3 END)
  JOIN spelt ON spelt.u = hash(c, ev.k, 2) % {units}
    AND spelt.v = (CASE WHEN {{messy}} THEN hash(c, ev.k, 3) % 10 ELSE 6 END)
) TO '{{path}}' (FORMAT parquet)''')
"""

WRAPPER = """
import json, resource, sys, time
started = time.perf_counter()
exec(sys.argv[1])
imported = time.perf_counter()
exec(sys.argv[2])
done = time.perf_counter()
print(json.dumps({"seconds": done - imported, "import": imported - started,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

SETUP = """
import ibis, pathlib
from congvu.analytics.cli import analyze_events
from congvu.analytics.vocabulary import normalise_log, read_activity_map
con = ibis.duckdb.connect(memory_limit='3GB', temp_directory='{out}.tmp')
con.read_parquet('{path}').limit(1).to_pyarrow()
"""

CLEAN = "summary = analyze_events(con.read_parquet('{path}'), pathlib.Path('{out}'), mode='runs')"
EXPORT = """
events = normalise_log(con.read_parquet('{path}'), activity_map=read_activity_map('{map}'))
summary = analyze_events(events, pathlib.Path('{out}'), mode='runs')
"""
COUNTS = "\nprint(json.dumps(summary.findings_by_kind))"


def measure(setup: str, work: str, runs: int) -> tuple[float, float, dict[str, int]]:
    """Median seconds after the imports, largest peak MiB, and the findings of the last run."""
    seconds, peaks = [], []
    findings: dict[str, int] = {}
    for _run in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", WRAPPER, setup, work + COUNTS],
            check=True,
            capture_output=True,
            text=True,
            cwd=REPO,
        )
        lines = done.stdout.strip().splitlines()
        findings = json.loads(lines[-2])
        result = json.loads(lines[-1])
        seconds.append(result["seconds"])
        peaks.append(result["peak_mb"])
    return statistics.median(seconds), max(peaks), findings


def generate(events: int) -> dict[str, Path]:
    """The two logs of ``events`` events (written once, then reused)."""
    OUT.mkdir(parents=True, exist_ok=True)
    cases = events // 10
    names = [variants(unit_name(number)) for number in range(UNITS)]
    logs = {}
    for label, messy in (("clean", False), ("export", True)):
        path = OUT / f"normalise_{label}_{events}.parquet"
        logs[label] = path
        if not path.exists():
            activities = list(ACTIVITIES.values()) if messy else list(ACTIVITIES)
            payload = OUT / f"normalise_{label}.json"
            payload.write_text(
                json.dumps([names, activities, str(path), cases, str(messy).lower()]),
                encoding="utf-8",
            )
            subprocess.run(
                [sys.executable, "-c", GENERATE.format(units=UNITS), str(payload)],
                check=True,
                cwd=REPO,
            )
    return logs


def one_run(label: str, logs: dict[str, Path]) -> tuple[float, float, dict[str, int]]:
    out = OUT / f"normalise_{label}_out"
    values = {"path": logs[label], "out": out, "map": ACTIVITY_MAP}
    work = CLEAN if label == "clean" else EXPORT
    return measure(SETUP.format(**values), work.format(**values), 1)


def load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=3, help="measured pairs (clean, export)")
    parser.add_argument("--generate-only", action="store_true")
    args = parser.parse_args()
    logs = generate(args.events)
    if args.generate_only:
        return
    for path in logs.values():  # both files into the page cache before the first measure
        with path.open("rb") as stream:
            while stream.read(1 << 24):
                pass
    before = load()
    pairs: list[dict[str, tuple[float, float, dict[str, int]]]] = []
    for number in range(args.runs):
        order = ("clean", "export") if number % 2 == 0 else ("export", "clean")
        pair = {label: one_run(label, logs) for label in order}
        pairs.append(pair)
        print(
            f"pair {number + 1} ({order[0]} first, load {load()}): clean "
            f"{pair['clean'][0]:.2f} s, export {pair['export'][0]:.2f} s, "
            f"ratio {pair['export'][0] / pair['clean'][0]:.3f}",
            flush=True,
        )
    clean = statistics.median(pair["clean"][0] for pair in pairs)
    export = statistics.median(pair["export"][0] for pair in pairs)
    ratio = statistics.median(pair["export"][0] / pair["clean"][0] for pair in pairs)
    print(f"{'log':16} {'measure':28} {'median s':>9} {'peak MiB':>9}")
    for label, seconds in (("clean", clean), ("export", export)):
        what = "analyze_events" if label == "clean" else "normalise_log + analyze_events"
        peak = max(pair[label][1] for pair in pairs)
        print(f"{args.events:>10,} ev  {what:28} {seconds:9.2f} {peak:9.0f}  ({label} log)")
    print(
        f"normalisation cost: {export - clean:+.2f} s = {(export - clean) / clean:+.1%} of clean "
        f"(medians); median of the pairs' ratios {ratio:.3f} = {ratio - 1:+.1%}"
    )
    print(f"load average before {before}, after {load()}")
    print(f"findings clean:  {pairs[-1]['clean'][2]}")
    print(f"findings export: {pairs[-1]['export'][2]}")


if __name__ == "__main__":
    main()

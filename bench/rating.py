"""Rating the demo province for a year: `congvu rating` over ~820 officials × 12 months.

    .venv/bin/python bench/rating.py [--officials 820] [--runs 3] [--seed 7]

The input is generated with the demo's shape: units of about twenty officials (a head, two deputies
who report to the head, staff who report to a deputy), 5–30 work items per official and month
(about 17 on average) with realistic coefficients, failures and delays, a few periods without items,
a few suspended or disciplined officials. Printed: the sizes, then the median (and the spread) of
`runs` timings of the command in-process (read through congvu.core.imports, rate, write through
congvu.core.exports) and of the command as a user runs it
(a fresh `.venv/bin/congvu rating ... --year 2026`, Django start-up included), each as wall-clock
and CPU seconds. Target (issue 11): ≤ 10 s, median of 3.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvu.settings")

import django  # noqa: E402  # after the settings module is named

django.setup()

from django.core.management import call_command  # noqa: E402

from congvu.people.rating import ITEM_COLUMNS, PEOPLE_COLUMNS  # noqa: E402

YEAR = 2026
UNIT_SIZE = 20


def generate(folder: Path, officials: int, seed: int) -> tuple[Path, Path, int]:
    """PEOPLE.csv and ITEMS.csv for `officials` × 12 months: the two paths and the item count."""
    rng = random.Random(seed)
    people_rows: list[list[object]] = []
    item_rows: list[list[object]] = []
    for index in range(officials):
        unit, position = divmod(index, UNIT_SIZE)
        head = f"CB{unit * UNIT_SIZE:04d}"
        deputies = [f"CB{unit * UNIT_SIZE + 1:04d}", f"CB{unit * UNIT_SIZE + 2:04d}"]
        official = f"CB{index:04d}"
        if position == 0:
            role, manager, group = "leader", "", "Lãnh đạo"
        elif position <= 2:
            role, manager, group = "leader", head, "Lãnh đạo"
        else:
            role, manager = "staff", deputies[position % 2]
            group = f"Nhóm {position % 3 + 1}"
        skill = rng.uniform(0.75, 1.0)
        for month in range(1, 13):
            period = f"{YEAR}-{month:02d}"
            suspended = "yes" if rng.random() < 0.001 else "no"
            discipline, related = ("", "no")
            if rng.random() < 0.002:
                discipline, related = ("khien_trach", rng.choice(("yes", "no")))
            leader = role == "leader"
            people_rows.append(
                [
                    period,
                    official,
                    f"Đơn vị {unit + 1:02d}",
                    group,
                    role,
                    manager,
                    rng.choice((24, 25, 26, 27, 28, 29)),
                    100 if leader else "",
                    (100 if rng.random() < 0.9 else 50) if leader else "",
                    discipline,
                    related,
                    suspended,
                ]
            )
            if rng.random() < 0.02:  # leave, training: a month without items
                continue
            for number in range(rng.randint(5, 30)):
                done = rng.random() < skill
                item_rows.append(
                    [
                        period,
                        official,
                        f"SP-{month:02d}-{number:03d}",
                        rng.choice(("0.5", "1", "1", "1", "1.5", "2", "3")),
                        "yes" if done else "no",
                        1 if done and rng.random() > skill else 0,
                        rng.choice((1, 2)) if done and rng.random() > skill + 0.05 else 0,
                    ]
                )
    people = folder / "PEOPLE.csv"
    items = folder / "ITEMS.csv"
    for path, header, rows in (
        (people, PEOPLE_COLUMNS, people_rows),
        (items, ITEM_COLUMNS, item_rows),
    ):
        with path.open("w", newline="", encoding="utf-8") as stream:
            writer = csv.writer(stream)
            writer.writerow(header)
            writer.writerows(rows)
    return people, items, len(item_rows)


def seconds(action: Callable[[], object], who: int) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of `action`; `who` is RUSAGE_SELF for work in
    this process, RUSAGE_CHILDREN for a command it runs. The CPU figure is what the rating costs
    whatever else the shared machine is doing; the wall clock is what a user waits."""

    def cpu() -> float:
        usage = resource.getrusage(who)
        return usage.ru_utime + usage.ru_stime

    start, start_cpu = time.perf_counter(), cpu()
    action()
    return time.perf_counter() - start, cpu() - start_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officials", type=int, default=820)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    congvu = Path(sys.executable).parent / "congvu"
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        people, items, count = generate(folder, options.officials, options.seed)
        out = folder / "RESULTS.csv"
        print(
            f"{options.officials} officials × 12 months = {options.officials * 12} people rows, "
            f"{count} items"
        )
        sink = io.StringIO()
        print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
        engine = [
            seconds(
                lambda: call_command(
                    "rating", str(items), people=str(people), year=YEAR, out=str(out), stdout=sink
                ),
                resource.RUSAGE_SELF,
            )
            for _ in range(options.runs)
        ]
        command = [
            str(congvu),
            "rating",
            str(items),
            "--people",
            str(people),
            "--year",
            str(YEAR),
            "--out",
            str(out),
        ]
        whole = [
            seconds(
                lambda: subprocess.run(command, check=True, capture_output=True),
                resource.RUSAGE_CHILDREN,
            )
            for _ in range(options.runs)
        ]
        with out.open(encoding="utf-8") as stream:
            rows = sum(1 for _ in stream) - 1
        print(f"{rows} result rows")
        for label, samples in (
            ("in-process (read, rate, write)", engine),
            ("congvu rating", whole),
        ):
            walls = [wall for wall, _ in samples]
            cpus = [used for _, used in samples]
            print(
                f"{label:32} median {statistics.median(walls):6.2f} s wall "
                f"(min {min(walls):.2f}, max {max(walls):.2f}), "
                f"{statistics.median(cpus):6.2f} s CPU, runs {len(samples)}"
            )


if __name__ == "__main__":
    main()

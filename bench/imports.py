"""What the one import path (congvu/core/imports.py) costs on the files of issue 9.

Prints medians over --runs (time in ms, peak traced memory in MiB) for:

- a 20 MB CSV posted to the investment import page (/dau-tu/nhap/): refused from its Content-Length
  (issue 9 asks for "within 2 s"; it took ≈ 49 s and rendered a 24 MB page before);
- a CSV just under the 10 MB limit whose every row is bad, through the same page: read, checked,
  refused, with the size of the page (the first 200 problems listed, the rest counted);
- reading that 10 MB CSV alone (`read_tables`);
- the dimension-bomb workbook (a few cells, `<dimension ref="A1:XFD1048576"/>`): ≈ 370 MB before.

It builds its own test database in memory (migrations run once, ≈ 20 s), so it needs nothing else:

    .venv/bin/python bench/imports.py --runs 5
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvu.settings")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from congvu.core.imports import read_tables  # noqa: E402
from congvu.org.actions import create_official, create_unit, give_post  # noqa: E402
from congvu.org.models import Position, Post, Unit  # noqa: E402
from tests.core.test_imports import dimension_bomb  # noqa: E402

MB = 1024 * 1024
HEADER = b"ma_du_an,nam_ke_hoach,ngay,so_tien,chung_tu\n"
BAD_ROW = b"DA-KHONG-CO,2026,01/05/2026,1.000.000.000,KB-0001-2026-QN\n"


def measure(work: Callable[[], object], runs: int) -> tuple[float, float, object]:
    """Median milliseconds of `work` over `runs` (untraced), the peak MiB of one more traced run
    (tracemalloc slows Python down, so it is not timed), and the last result."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()
    result = work()
    peak = tracemalloc.get_traced_memory()[1] / MB
    tracemalloc.stop()
    return statistics.median(times), peak, result


def engineer_client() -> Client:
    """A logged-in official of a project board, in a fresh in-memory database."""
    # Pages link their static files by name, as in the tests (no collectstatic manifest needed).
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    settings.STORAGES = {**settings.STORAGES, "staticfiles": plain}
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    board = create_unit(code="BQLDA", name="Ban QLDA tỉnh", kind=Unit.Kind.PUBLIC_SERVICE)
    official = create_official(code="CB1", full_name="Lương Thị Ngọc", username="ngoc",
                               password=None, category="civil_servant")  # fmt: skip
    position = Position.objects.get_or_create(name="Chuyên viên")[0]
    give_post(official, unit=board, position=position, role=Post.Role.MEMBER,
              is_primary=True, start=board.valid_from)  # fmt: skip
    client = Client()
    client.force_login(official.user)
    return client


def upload(client: Client, data: bytes) -> tuple[int, int]:
    file = io.BytesIO(data)
    file.name = "giai_ngan.csv"
    response = client.post(reverse("investment_import"), {"file": file, "table": "giai_ngan"})
    return response.status_code, len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    twenty = HEADER + BAD_ROW * (20 * MB // len(BAD_ROW))
    # 100,000 rows (the row limit) padded to just under 10 MB (the size limit).
    width = (10 * MB - 2048) // 100_000
    ten = HEADER + (BAD_ROW[:-1] + b"X" * (width - len(BAD_ROW)) + b"\n") * 100_000
    rows = ten.count(b"\n") - 1
    bomb = dimension_bomb()
    client = engineer_client()

    print(f"{'measure':<46} {'median ms':>10} {'peak MiB':>9}  result")
    for label, work in [
        (f"20 MB CSV to /dau-tu/nhap/ ({len(twenty) / MB:.1f} MB)", lambda: upload(client, twenty)),
        (f"10 MB CSV, every row bad ({rows} rows)", lambda: upload(client, ten)),
        ("read_tables on that 10 MB CSV", lambda: len(read_tables(ten, name="x.csv")[0].rows)),
        (f"dimension bomb ({len(bomb)} bytes, A1:XFD1048576)",
         lambda: len(read_tables(bomb, name="bom.xlsx")[0].rows)),
    ]:  # fmt: skip
        median, peak, result = measure(work, runs)
        print(f"{label:<46} {median:>10.0f} {peak:>9.1f}  {result}", flush=True)
    print("(the 20 MB and 10 MB page results are: HTTP status, page bytes; read results: rows)")


if __name__ == "__main__":
    main()

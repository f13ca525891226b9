"""Server-side cost of the pages in bench/load.py's round: queries and CPU time per request, through
Django's test client on the load demo, for a few of the officials the load test picks.

CPU time (not wall time) of the one process, median over --repeat requests after one to warm up:
on a machine shared with other work it moves less than the load test's latencies, which queue
behind everything else. Compare two versions in the same minutes, alternately.

    python bench/load_pages.py --data var/load [--users 2] [--repeat 15]
    python bench/load_pages.py --postgres postgres://postgres@127.0.0.1:5432/congvu_load
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True, help="bench/load.py's demo folder")
    parser.add_argument("--postgres", metavar="URL", help="read this PostgreSQL database instead")
    parser.add_argument("--users", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="congvu.settings",
        CONGVU_VAR_DIR=str(args.data),
        DATABASE_URL=args.postgres or f"sqlite:///{args.data / 'congvu.sqlite3'}",
    )
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.load import pick_officials

    settings.ALLOWED_HOSTS = ["*"]
    officials, _before = pick_officials(args.users)
    print(f"{'official':<12}{'page':<11}{'queries':>8}{'CPU ms':>8}")
    for official in officials:
        client = Client()
        client.force_login(User.objects.get(username=official.username))
        for label, url in [
            ("my work", "/viec-cua-toi/"),
            ("task list", "/nhiem-vu/"),
            ("task page", f"/nhiem-vu/{official.task_id}/"),
            ("api task", f"/api/v1/tasks/{official.task_id}"),
        ]:
            client.get(url)
            times = []
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as queries:
                    started = time.process_time()
                    response = client.get(url)
                    times.append(time.process_time() - started)
                assert response.status_code == 200, (url, response.status_code)
            median = statistics.median(times) * 1000
            print(f"{official.username:<12}{label:<11}{len(queries):>8}{median:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

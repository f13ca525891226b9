"""gunicorn's settings for congvu, read by `make run`, `make fuzz`, `bench/load.py` and production
alike: `gunicorn -c python:congvu.gunicorn congvu.wsgi --bind ADDRESS` (docs/deploy.md).

A request spends most of its time running Python (the ORM building queries, templates), which holds
the interpreter lock, so one worker process per CPU core runs as many requests at once as the
machine can; a worker's threads overlap the waits on the database and on slow clients, not the
Python. More processes than cores only queue for the same cores and keep one more set of database
connections and memory each.
"""

from __future__ import annotations

import os

wsgi_app = "congvu.wsgi"
# One worker per core this process may run on (CONGVU_WORKERS to choose another number).
workers = int(os.environ.get("CONGVU_WORKERS", "0")) or len(os.sched_getaffinity(0))
worker_class = "gthread"
threads = int(os.environ.get("CONGVU_THREADS", "4"))
# An idle connection is kept this many seconds for the next request of the same browser (or of
# the reverse proxy). A client that reuses a connection just as the server closes it gets an error
# it cannot retry safely for a POST, so clients keep idle connections for less than this
# (bench/load.py: 2 s).
keepalive = 5
# The worker's heartbeat file on a memory file system: a slow disk cannot make the master kill a
# busy worker as hung.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

"""How far the demo's background seeding has got, for the banner the pages show while it runs.

`make run` serves the pages as soon as the organisation and the demo logins exist; the tasks,
then the projects, dossiers, signals and ratings are written in the background. The seeding
process keeps a small JSON file in `VAR_DIR` (stage, done, total, its pid) and removes it when it
ends; a file whose process is gone (a killed seeding) is ignored.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:  # the pages read the status without loading the demo generator
    from congvu.demo.generator import Progress

STAGES = {
    "org": _("the organisation"),
    "tasks": _("the tasks"),
    "truth": _("the tasks"),
    "projects": _("the investment projects"),
    "dossiers": _("the dossiers"),
    "findings": _("the signals"),
    "ratings": _("the ratings"),
}


def status_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-seeding.json"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_status() -> dict[str, Any] | None:
    """The seeding's stage and progress, or None when no seeding runs."""
    try:
        status = json.loads(status_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(status, dict) or not _alive(int(status.get("pid", 0))):
        return None
    return status


@contextlib.contextmanager
def recording(report: Progress, *, interval: float = 1.0) -> Iterator[Progress]:
    """Wrap a progress callback so that it also keeps the status file (at most once per
    `interval` seconds, and at every stage's end); the file goes when the block ends."""
    path = status_file()
    last = 0.0

    def both(stage: str, done: int, total: int) -> None:
        nonlocal last
        report(stage, done, total)
        now = time.monotonic()
        if now - last >= interval or done >= total:
            last = now
            status = {"stage": stage, "done": done, "total": total, "pid": os.getpid()}
            scratch = path.with_suffix(".tmp")
            scratch.write_text(json.dumps(status), encoding="utf-8")
            scratch.replace(path)

    try:
        yield both
    finally:
        path.unlink(missing_ok=True)


def seeding(request: HttpRequest) -> dict[str, Any]:
    """Context processor: `demo_seeding` (what is being written, and the percentage) while the
    demo is being built in the background."""
    status = read_status()
    if status is None:
        return {}
    total = max(int(status.get("total", 1)), 1)
    percent = min(99, int(100 * int(status.get("done", 0)) / total))
    return {"demo_seeding": {"what": STAGES.get(status.get("stage", ""), ""), "percent": percent}}

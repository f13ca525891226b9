"""The hash that seals one event of a log to the one before it (tamper evidence).

Task and dossier events carry the same canonical columns, so they are sealed the same way: only the
name and value of the case they belong to differ.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any


def seal(event: Any, *, case: tuple[str, object]) -> str:
    """SHA-256 over the event's canonical content and its `prev_hash`; `case` names the log it
    belongs to, e.g. ("task", 12) or ("dossier", "000.00.01.H40-251127-0001")."""
    content = {
        case[0]: case[1],
        "seq": event.seq,
        "ts": event.ts.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "activity": event.activity,
        "actor": event.actor_id,
        "unit": event.unit_id,
        "to_unit": event.to_unit_id,
        "due": event.due.isoformat(),
        "reason": event.reason,
        "note": event.note,
        "payload": event.payload,
        "prev": event.prev_hash,
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()

"""The legal rules of dossiers, read from `rules.json`, each with its document and validity.

A change of law is a new version of a rule in that file (with its own `valid_from`), so that a
dossier is judged by the rule in force on the day that matters to it; the old rule stays readable.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

RULES_FILE = Path(__file__).with_name("rules.json")


@dataclass(frozen=True)
class Rule:
    """One version of a rule, with the legal text it comes from and its parameters."""

    code: str
    version: int
    valid_from: dt.date
    valid_to: dt.date | None
    document: str
    article: str
    verification: str  # P text read, S secondary source, U unverified
    summary: str
    params: dict[str, Any]

    def is_in_force(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every version of every rule, in file order."""
    data = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    return tuple(
        Rule(
            code=item["code"],
            version=item["version"],
            valid_from=dt.date.fromisoformat(item["valid_from"]),
            valid_to=dt.date.fromisoformat(item["valid_to"]) if item["valid_to"] else None,
            document=item["document"],
            article=item["article"],
            verification=item["verification"],
            summary=item["summary"],
            params=item["params"],
        )
        for item in data["rules"]
    )


def rule(code: str, on: dt.date) -> Rule:
    """The version of rule `code` in force on `on`; LookupError if none is."""
    for candidate in all_rules():
        if candidate.code == code and candidate.is_in_force(on):
            return candidate
    raise LookupError(f"No rule {code!r} in force on {on.isoformat()}.")


def office_hours_end(on: dt.date) -> dt.time:
    """The end of office hours after which a dossier counts as received the next working day."""
    hours, minutes = rule("clock_start", on).params["office_hours_end"].split(":")
    return dt.time(int(hours), int(minutes))


def status_code(status: str, on: dt.date) -> int:
    """The national portal's code of a dossier status (TrangThaiHoSo)."""
    return int(rule("status_codes", on).params["status"][status])


def channel_code(channel: str, on: dt.date) -> int:
    """The national portal's code of a submission channel (KenhThucHien)."""
    return int(rule("status_codes", on).params["channel"][channel])

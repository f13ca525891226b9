"""The legal rules of dossiers, in `rules.json`, read by the one rules engine (core.rules).

A change of law is a new version of a rule in that file (with its own `valid_from`), so that a
dossier is judged by the rule in force on the day that matters to it; the old rule stays readable.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from congvu.core.rules import Rule, RuleBook

__all__ = ["Rule", "all_rules", "channel_code", "office_hours_end", "rule", "status_code"]

RULES = RuleBook(Path(__file__).with_name("rules.json"))


def all_rules() -> tuple[Rule, ...]:
    """Every version of every rule, in file order."""
    return RULES.rules


def rule(key: str, on: dt.date) -> Rule:
    """The version of rule `key` in force on `on`; LookupError if none is."""
    return RULES.require(key, on)


def office_hours_end(on: dt.date) -> dt.time:
    """The end of office hours after which a dossier counts as received the next working day."""
    hours, minutes = rule("clock_start", on).value["office_hours_end"].split(":")
    return dt.time(int(hours), int(minutes))


def status_code(status: str, on: dt.date) -> int:
    """The national portal's code of a dossier status (TrangThaiHoSo)."""
    return int(rule("status_codes", on).value["status"][status])


def channel_code(channel: str, on: dt.date) -> int:
    """The national portal's code of a submission channel (KenhThucHien)."""
    return int(rule("status_codes", on).value["channel"][channel])

"""The legal rules of dossiers, in `rules.json`, read by the one rules engine (core.rules).

A change of law is a new version of a rule in that file (with its own `valid_from`), so that a
dossier is judged by the rule in force on the day that matters to it; the old rule stays readable.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from congvu.core.rules import Rule, RuleBook

__all__ = ["Rule", "all_rules", "channel_code", "default_receipt_cutoff", "rule", "status_code"]

RULES = RuleBook(Path(__file__).with_name("rules.json"))


def all_rules() -> tuple[Rule, ...]:
    """Every version of every rule, in file order."""
    return RULES.rules


def rule(key: str, on: dt.date) -> Rule:
    """The version of rule `key` in force on `on`; LookupError if none is."""
    return RULES.require(key, on)


def _hour(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


def default_receipt_cutoff(on: dt.date) -> dt.time:
    """The receipt cut-off of rule `clock_start` in force on `on`, when the province set none:
    15:00 from 1/7/2025 (version 2), the end of office hours, 17:00, before (version 1)."""
    value = rule("clock_start", on).value
    return _hour(value.get("default_receipt_cutoff") or value["office_hours_end"])


def status_code(status: str, on: dt.date) -> int:
    """The national portal's code of a dossier status (TrangThaiHoSo)."""
    return int(rule("status_codes", on).value["status"][status])


def channel_code(channel: str, on: dt.date) -> int:
    """The national portal's code of a submission channel (KenhThucHien)."""
    return int(rule("status_codes", on).value["channel"][channel])

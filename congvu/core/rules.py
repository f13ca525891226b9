"""The one rules engine: legal rules kept as data (a `rules.json` per domain), each version with its
document, article, validity and verification mark.

A change of law is a new version of a rule (a new entry with its own `valid_from`, the old one
closed by `valid_to`), never an edit of an old one, so that a case is judged by the rule in force
on the day that matters to it and the old rule stays readable. Every domain's file has the same
shape:

    {"about": "...", "rules": [{"key", "version", "valid_from", "valid_to", "document",
                                "article", "verified", "note", "summary", "value"}, ...]}

`verified` is P (the legal text was read), S (a secondary source) or U (unverified); see
shared/domain/vietnam-rules.md. `note` keeps what the research found about the source (other
provinces restating it, an article not yet checked): for maintainers, never shown on a page or in
a letter, so that `document` and `article` cite only what an official may cite. `summary` is
Vietnamese, as pages show it. `value` is whatever the rule's code needs: a number, a day, a
table of parameters.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

FIELDS = (
    "key",
    "version",
    "valid_from",
    "valid_to",
    "document",
    "article",
    "verified",
    "note",
    "summary",
    "value",
)
VERIFICATION_MARKS = frozenset({"P", "S", "U"})


@dataclass(frozen=True)
class Rule:
    """One version of a rule: what it says (`value`), where the law says it and when it applies."""

    key: str
    version: int
    valid_from: dt.date
    valid_to: dt.date | None
    document: str
    article: str
    verified: str  # P primary text read, S secondary source, U unverified
    note: str  # research notes on the source, for maintainers only
    summary: str
    value: Any

    def applies_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class RuleBook:
    """The rules of one `rules.json` file, read once on first use."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @cached_property
    def rules(self) -> tuple[Rule, ...]:
        """Every version of every rule, in file order; a malformed file fails loudly."""
        data = json.loads(self.path.read_text(encoding="utf-8"))
        rules = []
        for index, item in enumerate(data["rules"]):
            if set(item) != set(FIELDS) or item["verified"] not in VERIFICATION_MARKS:
                raise ValueError(f"{self.path}: rule {index} must have exactly {FIELDS}.")
            rules.append(
                Rule(
                    key=item["key"],
                    version=int(item["version"]),
                    valid_from=dt.date.fromisoformat(item["valid_from"]),
                    valid_to=dt.date.fromisoformat(item["valid_to"]) if item["valid_to"] else None,
                    document=item["document"],
                    article=item["article"],
                    verified=item["verified"],
                    note=item["note"],
                    summary=item["summary"],
                    value=item["value"],
                )
            )
        return tuple(rules)

    def find(self, key: str, on: dt.date) -> Rule | None:
        """The version of `key` in force on `on` (the latest to start, should two overlap), or
        None when no version applies then."""
        versions = [r for r in self.rules if r.key == key and r.applies_on(on)]
        return max(versions, key=lambda r: r.valid_from) if versions else None

    def require(self, key: str, on: dt.date) -> Rule:
        """The version of `key` in force on `on`; LookupError when none is."""
        found = self.find(key, on)
        if found is None:
            raise LookupError(f"No version of rule {key!r} applies on {on.isoformat()}.")
        return found

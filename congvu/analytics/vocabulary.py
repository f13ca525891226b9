"""Other systems' text and vocabularies made congvu's, before any detector reads a log.

A provincial export writes "Sở Tài chính" composed and decomposed, with doubled or stray spaces,
sometimes in capitals, and names its activities in its own words ("Chuyển xử lý", "Trả lại").
:func:`normalise_log` makes one unit of every spelling of a unit (matched on
``text.name_key``; the spelling shown is the one the log writes most often, cleaned by
``text.clean_text``), does the same for officials, and maps the activities through an activity
map (:func:`read_activity_map`, a CSV ``source,activity``). Only the distinct values are
normalised in Python; the log itself is rewritten by a join over the values that change, so a
clean log costs one distinct count per column.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import ibis
from ibis.expr.types import Table

from congvu.analytics.schema import ACTIVITIES
from congvu.analytics.text import clean_text, name_key

# The canonical activities a map may name: the task actions, those of the one-stop dossiers that
# keep their own names in the canonical log (docs/dossiers.md) and those of investment projects
# (docs/investment.md).
MAPPABLE = (
    *ACTIVITIES,
    "request_supplement",
    "receive_supplement",
    "request_fees",
    "receive_fees",
    "stop",
    "apologise",
    "deliver",
    "schedule_stage",
    "assign_plan",
    "adjust_plan",
    "disburse",
)
# Columns naming units, and columns naming officials: each set is one name space.
UNIT_COLUMNS = ("unit", "to_unit")
OFFICIAL_COLUMNS = ("actor", "assignee")


MapProblem = Literal["header", "short", "no_source", "unknown_activity", "mapped_twice"]


class VocabularyError(ValueError):
    """An activity map that cannot be read, or a log with activities the map does not name.

    A map's error also says what is wrong as data, for callers that word it in their own language
    (the app's upload page): the ``line``, the ``column`` (``source`` or ``activity``, "" for
    the whole line), the ``problem`` and the ``value`` concerned (with ``mapped_to``, the activity
    a name mapped twice was first mapped to)."""

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        column: str = "",
        problem: MapProblem | None = None,
        value: str = "",
        mapped_to: str = "",
    ) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.problem = problem
        self.value = value
        self.mapped_to = mapped_to


@dataclass(frozen=True)
class ActivityMap:
    """The log's activity names (by ``name_key``) and the canonical activity each one means."""

    by_key: Mapping[str, str]
    source: str = ""

    def canonical(self, name: str) -> str | None:
        """The canonical activity of ``name`` as the log writes it; None when it is unmapped. A
        canonical name maps to itself, so a log may mix both."""
        key = name_key(name)
        found = self.by_key.get(key)
        if found is None and key in MAPPABLE:
            return key
        return found


def read_activity_map(path: str | Path) -> ActivityMap:
    """The map of a CSV file with the columns ``source,activity`` (UTF-8, a header row). Raises
    VocabularyError naming the line of an unknown activity or of a name mapped twice."""
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise VocabularyError(f"{source}: {error}") from error
    return parse_activity_map(text, source=str(source))


def parse_activity_map(text: str, *, source: str = "activity map") -> ActivityMap:
    """The map of the CSV ``text`` (see :func:`read_activity_map`)."""
    reader = csv.reader(io.StringIO(text))
    header = [clean_text(cell).lower() for cell in next(reader, [])]
    if header[:2] != ["source", "activity"]:
        raise VocabularyError(
            f"{source}: line 1: the header must be source,activity", line=1, problem="header"
        )
    found: dict[str, str] = {}
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 2:
            raise VocabularyError(
                f"{source}: line {line}: expected source,activity", line=line, problem="short"
            )
        name, activity = clean_text(row[0]), clean_text(row[1])
        if not name:
            raise VocabularyError(
                f"{source}: line {line}: no source name",
                line=line,
                column="source",
                problem="no_source",
            )
        if activity not in MAPPABLE:
            raise VocabularyError(
                f"{source}: line {line}, column 'activity': {activity!r} is not a canonical "
                f"activity (expected one of {', '.join(MAPPABLE)})",
                line=line,
                column="activity",
                problem="unknown_activity",
                value=activity,
            )
        key = name_key(name)
        if found.get(key, activity) != activity:
            raise VocabularyError(
                f"{source}: line {line}: {name!r} is already mapped to {found[key]!r}",
                line=line,
                column="source",
                problem="mapped_twice",
                value=name,
                mapped_to=found[key],
            )
        found[key] = activity
    return ActivityMap(found, source)


def display_names(counted: Iterable[tuple[str, int]]) -> dict[str, str]:
    """For each written name, the spelling its key is shown with: the cleaned spelling written
    most often (ties: the first in sort order). Only names that change are returned."""
    spellings: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    written: list[tuple[str, str]] = []
    for name, count in counted:
        clean = clean_text(name)
        spellings[name_key(clean)][clean] += count
        written.append((name, clean))
    shown = {
        key: min(forms.items(), key=lambda item: (-item[1], item[0]))[0]
        for key, forms in spellings.items()
    }
    return {
        name: shown[name_key(clean)] for name, clean in written if shown[name_key(clean)] != name
    }


def activity_names(
    names: Iterable[str], activity_map: ActivityMap | None, *, keep_unmapped: bool = False
) -> dict[str, str]:
    """The activity each written name becomes (only those that change). Without a map, names are
    only cleaned. With one, an unmapped name raises VocabularyError listing every such name, or
    with ``keep_unmapped`` stays (cleaned) as a neutral event that no detector reads as an action.
    """
    changed: dict[str, str] = {}
    unmapped: list[str] = []
    for name in names:
        target = clean_text(name)
        if activity_map is not None:
            canonical = activity_map.canonical(name)
            if canonical is not None:
                target = canonical
            elif not keep_unmapped:
                unmapped.append(target)
        if target != name:
            changed[name] = target
    if unmapped:
        where = f" of {activity_map.source}" if activity_map and activity_map.source else ""
        raise VocabularyError(
            f"activities not in the activity map{where}: "
            + ", ".join(repr(name) for name in sorted(set(unmapped)))
            + " (add them to the map, or pass --keep-unmapped to keep them as neutral events)"
        )
    return changed


def _counts(events: Table, columns: Sequence[str]) -> dict[str, list[tuple[str, int]]]:
    """How often each value is written in each of ``columns`` (nulls left out), in one query over
    the log."""
    present = [column for column in columns if column in events.columns]
    parts = [events.select(column=ibis.literal(column), name=events[column]) for column in present]
    stacked = ibis.union(*parts, distinct=False) if len(parts) > 1 else parts[0]
    stacked = stacked.filter(stacked.name.notnull())
    counted = stacked.group_by(["column", "name"]).aggregate(count=stacked.count())
    found: dict[str, list[tuple[str, int]]] = {column: [] for column in columns}
    for row in counted.to_pyarrow().to_pylist():
        found[row["column"]].append((row["name"], row["count"]))
    return found


def _replaced(events: Table, column: str, changes: Mapping[str, str]) -> Table:
    """``events`` with the values of ``column`` that are keys of ``changes`` replaced."""
    if not changes:
        return events
    table = ibis.memtable(
        {"vocabulary_from": list(changes), "vocabulary_to": list(changes.values())}
    )
    joined = events.left_join(table, events[column] == table.vocabulary_from)
    return joined.mutate(**{column: ibis.coalesce(joined.vocabulary_to, joined[column])}).drop(
        "vocabulary_from", "vocabulary_to"
    )


def normalise_log(
    events: Table,
    *,
    activity_map: ActivityMap | None = None,
    keep_unmapped: bool = False,
) -> Table:
    """``events`` with unit and official names made one per key and activities cleaned or mapped
    (see the module docstring). The columns and their order are kept."""
    columns = events.columns
    written = _counts(events, [*UNIT_COLUMNS, *OFFICIAL_COLUMNS, "activity"])
    result = events
    for group in (UNIT_COLUMNS, OFFICIAL_COLUMNS):
        changes = display_names(pair for column in group for pair in written[column])
        for column in group:
            # Only the values this column writes: a column without any (to_unit of a log without
            # hand-overs) or already clean is not joined at all.
            own = {name: changes[name] for name, _count in written[column] if name in changes}
            result = _replaced(result, column, own)
    activities = [name for name, _count in written["activity"]]
    result = _replaced(
        result, "activity", activity_names(activities, activity_map, keep_unmapped=keep_unmapped)
    )
    return result.select(*columns)

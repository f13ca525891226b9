"""An event log exported by another system, uploaded on a page, previewed and analysed (phân tích
nhật ký sự kiện từ hệ thống khác): what `congvu analyze LOG --activity-map MAP` does, for a user
who has an Excel or CSV export and no command line.

Every step is one that already exists elsewhere, so that the page and the command cannot differ:

- the file is read by the one import path (`core.imports.read_tables`: size and row limits, .xlsx
  or CSV in UTF-8 with "," or ";", every cell cleaned to NFC with spaces trimmed and collapsed);
- its header is matched as `congvu analyze` matches a CSV's (`interchange.eventlog_csv.
  header_columns`: the canonical columns, or XES-style ones), letters in any case;
- times and dates are read by the one parser (`interchange.moments` through `core.imports`): day
  first always, ISO 8601, Excel serials or date cells; a time without an offset is Vietnam's;
- activity names are mapped by an activity map (`analytics.vocabulary`: the uploaded CSV, or the
  shipped `docs/activity-map-vi.csv`), names made one per key by `normalise_log`, and the
  analysis is `analytics.cli.analyze_events`, the command's own.

Every unreadable value is listed by row (as Excel numbers it) and column, in Vietnamese, before
anything is analysed. Nothing is written to the database: another system's cases are not
congvu's tasks, so their findings are shown and offered as files, not stored as signals. The
upload waits for the analysis in a folder of its own (`stage`) under `EVENTLOG_UPLOAD_DIR`,
named by a random token and the official's id, removed a day later.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import ibis
import pyarrow as pa
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ibis.expr.types import Table

from congvu.analytics.cli import analyze_events
from congvu.analytics.kinds import KIND_NAMES, KINDS
from congvu.analytics.schema import NOT_NULL, check_events
from congvu.analytics.text import name_key
from congvu.analytics.vocabulary import (
    MAPPABLE,
    ActivityMap,
    VocabularyError,
    display_names,
    normalise_log,
    parse_activity_map,
)
from congvu.core.imports import (
    Cell,
    ImportRefused,
    Problem,
    Problems,
    Source,
    parse_date,
    parse_local_datetime,
    read_tables,
)
from congvu.dossiers.models import Activity as DossierActivity
from congvu.findings.models import Finding
from congvu.findings.wording import Names, sentence
from congvu.interchange.eventlog_arrow import to_batch
from congvu.interchange.eventlog_csv import header_columns
from congvu.investment.models import Activity as ProjectActivity
from congvu.tasks.models import Activity as TaskActivity

# The map offered by default: the common Vietnamese names of the provinces' systems.
SHIPPED_MAP = Path(settings.BASE_DIR).parent / "docs" / "activity-map-vi.csv"
SHIPPED_MAP_NAME = "docs/activity-map-vi.csv"
DATE_COLUMNS = ("due", "answer_due")
# The columns naming units and officials (``vocabulary.UNIT_COLUMNS``), shown as one name space.
UNIT_COLUMNS = ("unit", "to_unit")
# Findings shown on the page; all of them are in findings.csv.
SHOWN_FINDINGS = 200
OUTPUTS = ("findings.csv", "metrics.csv", "handovers.csv", "report.html")
# An upload that waited this long for its analysis is removed with the next upload.
STAGED_HOURS = 24


# ---------------------------------------------------------------------------------------------
# The activity map


def shipped_map() -> ActivityMap:
    """The shipped Vietnamese map (docs/activity-map-vi.csv)."""
    return parse_activity_map(SHIPPED_MAP.read_text(encoding="utf-8"), source=SHIPPED_MAP_NAME)


def read_map(data: bytes, *, name: str) -> ActivityMap:
    """An uploaded activity map (a CSV ``source,activity`` in UTF-8). Raises ImportRefused with the
    problem worded in Vietnamese, naming its row and column."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        message = _(
            'The activity map %(name)s is not UTF-8 text; in Excel, save it as "CSV UTF-8 '
            '(Comma delimited)".'
        ) % {"name": name}
        raise ImportRefused(Problem(None, "", message)) from error
    try:
        return parse_activity_map(text, source=name)
    except VocabularyError as error:
        raise ImportRefused(Problem(error.line, error.column, _map_message(error, name))) from error


def _map_message(error: VocabularyError, name: str) -> str:
    values = {
        "name": name,
        "value": error.value,
        "activity": error.mapped_to,
        "known": ", ".join(MAPPABLE),
    }
    if error.problem == "header":
        return _('Activity map %(name)s: the first row must be the header "source,activity".') % (
            values
        )
    if error.problem == "short":
        return _("Activity map %(name)s: each row needs two values, source and activity.") % (
            values
        )
    if error.problem == "no_source":
        return _("Activity map %(name)s: the activity of the other system is missing.") % values
    if error.problem == "unknown_activity":
        return (
            _(
                'Activity map %(name)s: "%(value)s" is not an activity of congvu; use one of '
                "%(known)s."
            )
            % values
        )
    if error.problem == "mapped_twice":
        return (
            _(
                'Activity map %(name)s: "%(value)s" is already mapped to %(activity)s on an '
                "earlier row."
            )
            % values
        )
    return str(error)


def activity_label(code: str) -> str:
    """The app's own name of a canonical activity (of tasks, dossiers or projects)."""
    for choices in (TaskActivity, DossierActivity, ProjectActivity):
        if code in choices.values:
            return str(choices(code).label)
    return code


# ---------------------------------------------------------------------------------------------
# Reading and previewing


@dataclass(frozen=True)
class ActivityLine:
    """One activity of the log as the preview shows it: the spelling written most often, how many
    spellings and events, and the canonical activity it maps to (None: unmapped)."""

    name: str
    spellings: int
    events: int
    canonical: str | None
    label: str


@dataclass(frozen=True)
class MergedNames:
    """Spellings of one unit that differ only in capitals (Unicode forms and spaces are made one
    as cells are read), counted as one unit under the name ``shown``."""

    shown: str
    spellings: tuple[str, ...]
    events: int


@dataclass
class LogPreview:
    """What a log holds before it is analysed, and every problem that stops its analysis."""

    name: str
    map_name: str
    rows: int = 0
    cases: int = 0
    units: int = 0
    first: dt.datetime | None = None
    last: dt.datetime | None = None
    columns: dict[str, str] = field(default_factory=dict)  # canonical -> header as written
    activities: list[ActivityLine] = field(default_factory=list)
    merged_units: list[MergedNames] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)

    @property
    def unmapped(self) -> list[str]:
        """The activities the map does not name, by name (as the log writes them most often)."""
        return sorted(line.name for line in self.activities if line.canonical is None)

    @property
    def problem_lines(self) -> list[str]:
        return ImportRefused(self.problems).lines() if self.problems else []


def read_log(
    source: Source, *, name: str, activity_map: ActivityMap
) -> tuple[LogPreview, Table | None]:
    """The preview of an uploaded log and, when no value is unreadable, its canonical event table
    (activities as written: mapping them is the analysis's step). Raises ImportRefused when the
    file cannot be read or its first row does not name the columns."""
    table = read_tables(source, name=name, first_sheet_only=True)[0]
    written = [str(header) for header in table.header]
    lowered = {header.lower(): header for header in written if header}
    mapping = header_columns(list(lowered))
    if mapping is None:
        message = _(
            "The first row must name the columns case_id, ts and activity (and unit, actor, "
            "to_unit, due as the log has them), or case:concept:name, concept:name and "
            "time:timestamp as process-mining tools export them; this file's first row is: "
            "%(header)s."
        ) % {"header": ", ".join(header for header in written if header) or "—"}
        raise ImportRefused(Problem(1, "", message))
    mapping.pop("position", None)  # the order of the file is the position
    columns = {column: lowered[key] for column, key in mapping.items()}
    index = {column: written.index(header) for column, header in columns.items()}
    preview = LogPreview(name=name, map_name=activity_map.source, columns=columns)
    values: dict[str, list[str | None]] = {column: [] for column in columns}
    lines: list[int] = []
    zone = timezone.get_default_timezone()
    for number, cells in table.rows:
        lines.append(number)
        for column, position in index.items():
            cell = cells[position] if position < len(cells) else None
            value, refusal = _value(cell, column, zone)
            if refusal:
                preview.problems.add(number, columns[column], refusal)
            values[column].append(value)
    preview.rows = len(lines)
    if not lines:
        preview.problems.add(None, "", _("The file has a header but no event."))
    _describe(preview, values, activity_map)
    if preview.problems:
        return preview, None
    batch = to_batch(
        values,
        positions=range(1, len(lines) + 1),
        lines=lines,
        source=name,
        naive_timezone=str(zone),
    )
    return preview, check_events(ibis.memtable(pa.Table.from_batches([batch])))


def _value(cell: Cell, column: str, zone: dt.tzinfo) -> tuple[str | None, str]:
    """A cell as the canonical column's text (moments as ISO 8601 with their offset, dates as
    YYYY-MM-DD, whole numbers without ".0") and, for an empty required or unreadable cell, None
    and the sentence that says why."""
    if cell is None:
        if column in NOT_NULL:
            return None, _("Empty: every event needs a value here.")
        return None, ""
    if column == "ts":
        try:
            moment = parse_local_datetime(cell, zone)
        except (ValueError, OverflowError):
            return None, _(
                '"%(value)s" is not a date and time: write dd/mm/yyyy HH:MM:SS (day first), '
                "ISO 8601 or use an Excel date cell."
            ) % {"value": cell}
        return (moment.isoformat() if moment is not None else None), ""
    if column in DATE_COLUMNS:
        try:
            day = parse_date(cell)
        except (ValueError, OverflowError):
            # A full moment keeps the day it names, as `congvu analyze` reads it.
            try:
                moment = parse_local_datetime(cell, zone)
            except (ValueError, OverflowError):
                return None, _('"%(value)s" is not a date: write dd/mm/yyyy (day first).') % {
                    "value": cell
                }
            day = moment.date() if moment is not None else None
        return (day.isoformat() if day is not None else None), ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell)), ""
    if isinstance(cell, dt.datetime | dt.date):
        return cell.isoformat(), ""
    return str(cell), ""


def _describe(
    preview: LogPreview, values: Mapping[str, list[str | None]], activity_map: ActivityMap
) -> None:
    """Fill the preview's counts, activities and merged unit names from the read values."""
    preview.cases = len({value for value in values.get("case_id", []) if value is not None})
    moments = [dt.datetime.fromisoformat(value) for value in values.get("ts", []) if value]
    if moments:
        preview.first, preview.last = min(moments), max(moments)
    activities = Counter(value for value in values.get("activity", []) if value is not None)
    preview.activities = _activity_lines(activities, activity_map)
    names = Counter(
        value for column in UNIT_COLUMNS for value in values.get(column, []) if value is not None
    )
    preview.units = len({name_key(name) for name in names})
    preview.merged_units = _merged(names)


def _activity_lines(counted: Counter[str], activity_map: ActivityMap) -> list[ActivityLine]:
    by_key: dict[str, Counter[str]] = defaultdict(Counter)
    for name, count in counted.items():
        by_key[name_key(name)][name] += count
    lines = []
    for spellings in by_key.values():
        shown = min(spellings.items(), key=lambda item: (-item[1], item[0]))[0]
        canonical = activity_map.canonical(shown)
        lines.append(
            ActivityLine(
                name=shown,
                spellings=len(spellings),
                events=sum(spellings.values()),
                canonical=canonical,
                label=activity_label(canonical) if canonical else "",
            )
        )
    return sorted(lines, key=lambda line: (line.canonical is not None, -line.events, line.name))


def _merged(counted: Counter[str]) -> list[MergedNames]:
    shown = display_names(counted.items())
    groups: dict[str, list[str]] = defaultdict(list)
    for name in counted:
        groups[shown.get(name, name)].append(name)
    return sorted(
        (
            MergedNames(display, tuple(sorted(names)), sum(counted[name] for name in names))
            for display, names in groups.items()
            if len(names) > 1
        ),
        key=lambda merged: (-merged.events, merged.shown),
    )


# ---------------------------------------------------------------------------------------------
# Analysing


@dataclass(frozen=True)
class FoundRow:
    """One finding of the analysis as findings.csv holds it, for the page."""

    kind: str
    kind_name: str
    case_type: str
    case_id: str
    unit: str
    actor: str
    severity: str
    ts: dt.datetime | None
    evidence: str
    sentence: str  # what was found, worded as the signals' list words it (`findings.wording`)


@dataclass(frozen=True)
class Analysis:
    """What the analysis found: the totals, the findings by kind (every kind, in the registry's
    order) and the first findings themselves."""

    events: int
    cases: int
    units: int
    handovers: int
    by_kind: list[tuple[str, str, int]]  # code, name, count
    findings: list[FoundRow]
    total: int
    placeholder_units: list[str]


def analyse(
    events: Table,
    out_dir: Path,
    *,
    activity_map: ActivityMap,
    keep_unmapped: bool,
    source: str,
    as_of: dt.datetime | None = None,
) -> Analysis:
    """Map and normalise the log (``normalise_log``; an unmapped activity raises VocabularyError
    unless ``keep_unmapped``) and run `congvu analyze`'s analysis, its four files written into
    ``out_dir``. Open cases are judged as of ``as_of``, by default the log's last event (the
    moment of the export, as the command judges them)."""
    normalised = normalise_log(events, activity_map=activity_map, keep_unmapped=keep_unmapped)
    summary = analyze_events(normalised, out_dir, source=source, as_of=as_of)
    with (out_dir / "findings.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    return Analysis(
        events=summary.events,
        cases=summary.cases,
        units=summary.units,
        handovers=summary.handovers,
        by_kind=[(kind, KIND_NAMES[kind], summary.findings_by_kind.get(kind, 0)) for kind in KINDS],
        findings=[_found(row) for row in rows[:SHOWN_FINDINGS]],
        total=len(rows),
        placeholder_units=summary.placeholder_units,
    )


@dataclass
class _FileNames(Names):
    """The names a finding of a log file is worded with: the file writes units and officials by
    name, so the finding's own unit and official are its row's, not ids to look up."""

    unit_name: str = ""
    official_name: str = ""

    def unit(self, pk: int | str | None, default: str = "") -> str:
        return super().unit(pk, default or self.unit_name)

    def official(self, pk: int | str | None, default: str = "") -> str:
        return super().official(pk, default or self.official_name)


def _found(row: Mapping[str, str]) -> FoundRow:
    detail = json.loads(row.get("detail") or "{}")
    unsaved = Finding(kind=row["kind"], case_type=row.get("case_type") or "task", detail=detail)
    names = _FileNames(unit_name=row.get("unit", ""), official_name=row.get("actor", ""))
    return FoundRow(
        kind=row["kind"],
        kind_name=KIND_NAMES.get(row["kind"], row["kind"]),
        case_type=row.get("case_type", ""),
        case_id=row["case_id"],
        unit=row.get("unit", ""),
        actor=row.get("actor", ""),
        severity=row.get("severity", ""),
        ts=dt.datetime.fromisoformat(row["ts"]) if row.get("ts") else None,
        evidence=row.get("evidence", ""),
        sentence=sentence(unsaved, names),
    )


def unmapped_message(names: Iterable[str]) -> str:
    """The refusal of an analysis with activities the map does not name, listing them."""
    listed = sorted(names)
    return ngettext(
        'The activity map does not name the activity %(names)s: add it to the map, or tick "keep '
        'unmapped activities as neutral events".',
        "The activity map does not name the activities %(names)s: add them to the map, or tick "
        '"keep unmapped activities as neutral events".',
        len(listed),
    ) % {"names": ", ".join(f"“{name}”" for name in listed)}


# ---------------------------------------------------------------------------------------------
# The upload waiting for its analysis


@dataclass(frozen=True)
class Staged:
    """An uploaded log (and its map, when one was uploaded) waiting in its folder."""

    folder: Path
    log_name: str
    map_name: str

    @property
    def log(self) -> Path:
        return self.folder / "log"

    @property
    def map(self) -> Path:
        return self.folder / "map.csv"

    @property
    def out(self) -> Path:
        return self.folder / "out"

    def activity_map(self) -> ActivityMap:
        if self.map.exists():
            return read_map(self.map.read_bytes(), name=self.map_name)
        return shipped_map()


def _root() -> Path:
    return Path(settings.EVENTLOG_UPLOAD_DIR)


def stage(
    official_id: int, *, log: bytes, log_name: str, map_data: bytes | None, map_name: str
) -> str:
    """Keep an upload for its analysis; returns its token. Uploads older than a day go first."""
    root = _root()
    root.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - STAGED_HOURS * 3600
    for old in root.iterdir():
        if old.is_dir() and old.stat().st_mtime < cutoff:
            shutil.rmtree(old, ignore_errors=True)
    token = uuid.uuid4().hex
    folder = root / f"{official_id}-{token}"
    folder.mkdir()
    (folder / "log").write_bytes(log)
    if map_data is not None:
        (folder / "map.csv").write_bytes(map_data)
    names = {"log": log_name, "map": map_name if map_data is not None else SHIPPED_MAP_NAME}
    (folder / "names.json").write_text(json.dumps(names, ensure_ascii=False), encoding="utf-8")
    return token


def staged(official_id: int, token: str) -> Staged | None:
    """The official's upload of that token, if it is still there (a token is 32 hex digits, and
    only its uploader's id opens its folder)."""
    if len(token) != 32 or any(char not in "0123456789abcdef" for char in token):
        return None
    folder = _root() / f"{official_id}-{token}"
    if not (folder / "log").is_file():
        return None
    names = json.loads((folder / "names.json").read_text(encoding="utf-8"))
    return Staged(folder, str(names["log"]), str(names["map"]))

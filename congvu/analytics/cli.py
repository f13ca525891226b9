"""``congvu analyze``: a log file in, findings, metrics, hand-overs and a report out (no Django).

The management command only parses arguments and calls :func:`run_analyze`.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.datatypes as dt
import pyarrow as pa
import pyarrow.csv as pacsv
from ibis.backends.duckdb import Backend as DuckDBBackend
from ibis.expr.types import Table
from tqdm import tqdm

from congvu.analytics.engines import (
    Engine,
    as_instants,
    backend_of,
    is_spark,
    read_parquet,
    spark_backend,
    spark_cache,
    spark_events,
)
from congvu.analytics.findings import (
    Thresholds,
    case_types_of,
    findings_from,
    keyed_by_type,
    unkeyed_findings,
)
from congvu.analytics.handovers import (
    handovers_from,
    held_stints,
    network_from,
    placeholder_units,
)
from congvu.analytics.kinds import CASE_TYPES, DEFAULT_CASE_TYPE, KINDS, STALL_SHARE, applies
from congvu.analytics.metrics import metrics_from
from congvu.analytics.national import is_national, keyed_by_province, shown, unkeyed
from congvu.analytics.ping_pong import ping_pong_from, ping_pong_pairs
from congvu.analytics.report import TOP, ReportData, render_report
from congvu.analytics.schema import COLUMNS, OPTIONAL, between, check_events, drop_units
from congvu.analytics.timeline import HOLDER_SETTING, Mode, annotate, case_spans
from congvu.analytics.vocabulary import normalise_log, read_activity_map
from congvu.analytics.workdays import Calendar, load_calendar
from congvu.interchange.moments import VIETNAM

log = logging.getLogger(__name__)

# Above this size a progress bar is shown while reading (bytes of the file as stored).
PROGRESS_BYTES = 20 * 1024 * 1024
OUTPUTS = ("findings.csv", "metrics.csv", "handovers.csv", "report.html")


@dataclass(frozen=True)
class Summary:
    """What an analysis found, for the printed summary and for callers."""

    out_dir: Path
    events: int
    cases: int
    units: int
    handovers: int
    findings_by_kind: dict[str, int]
    placeholder_units: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        """The short printed summary (English: it is a developer tool's console output)."""
        found = ", ".join(f"{kind} {count}" for kind, count in self.findings_by_kind.items())
        text = [
            f"{self.events} events, {self.cases} cases, {self.units} units, "
            f"{self.handovers} hand-overs between units ({self.seconds:.1f} s)",
            f"findings: {found or 'none'}",
        ]
        if self.placeholder_units:
            text.append(
                "units that look like placeholders (consider --ignore-unit): "
                + ", ".join(self.placeholder_units)
            )
        text.append(f"written: {', '.join(str(self.out_dir / name) for name in OUTPUTS)}")
        return text


def load_log(
    path: Path,
    *,
    unit_attr: str = "org:group",
    actor_attr: str = "org:resource",
    progress: Callable[[int], None] | None = None,
    tz: str = VIETNAM,
    engine: Engine = "duckdb",
) -> Table:
    """The log as a canonical event table, by file name: ``.xes``/``.xes.gz``, ``.csv``/``.csv.gz``,
    ``.json``/``.jsonocel`` (OCEL 2.0), ``.parquet`` (canonical columns), or a folder of Parquet
    files in Hive layout (a national store: ``province=.../month=.../*.parquet``). Parquet is
    read by ``engine``; the other formats are read in Python and handed to the engine later."""
    # Imported here: the readers live in interchange, which may grow heavier dependencies.
    from congvu.interchange.eventlog_csv import read_csv_log
    from congvu.interchange.ocel import read_ocel
    from congvu.interchange.xes import read_xes

    name = path.name.lower()
    if name.endswith((".xes", ".xes.gz")):
        return read_xes(path, unit_attr=unit_attr, actor_attr=actor_attr, progress=progress)
    if name.endswith((".csv", ".csv.gz")):
        return read_csv_log(path, unit_attr=unit_attr, actor_attr=actor_attr, tz=tz)
    if name.endswith((".json", ".jsonocel")):
        return read_ocel(path, unit_attr=unit_attr, actor_attr=actor_attr)
    if name.endswith(".parquet") or path.is_dir():
        # A Parquet file, or a national store's folder (``national``): read where it is.
        con = spark_backend() if engine == "spark" else ibis.duckdb.connect()
        return check_events(read_parquet(path, con))
    raise ValueError(
        f"{path}: unknown log format (expected .xes, .xes.gz, .csv, .json, .parquet or a folder "
        "of Parquet files)"
    )


def _write_csv(table: pa.Table, path: Path) -> None:
    pacsv.write_csv(table, path)


def _rows(table: Table) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = table.to_pyarrow().to_pylist()
    return rows


def _count_by_unit(findings: Table, kind: str) -> Table:
    """The units with most findings of ``kind``: ``unit, count``."""
    chosen = findings.filter(findings.kind == kind)
    counted = chosen.group_by("unit").aggregate(count=chosen.count())
    return counted.order_by([ibis.desc("count"), "unit"]).limit(TOP)


def _duckdb_for(events: Table) -> tuple[DuckDBBackend, Table, bool]:
    """A DuckDB backend, the events as a table of it, and whether the backend is owned (new: the
    caller disconnects it). Events already in DuckDB stay where they are (a Parquet file is read
    in place, no copy); others are copied into a new database once, through Arrow."""
    backend = backend_of(events)
    if isinstance(backend, DuckDBBackend):
        return backend, events, False
    con = ibis.duckdb.connect()
    incoming = events.to_pyarrow()
    con.con.register("incoming", incoming)
    con.raw_sql("CREATE TABLE events AS SELECT * FROM incoming")
    con.con.unregister("incoming")
    return con, con.table("events"), True


def _spark_for(events: Table) -> tuple[Any, Table]:
    """A Spark backend and the events as a table of it: events already on Spark stay there,
    others (a file read by DuckDB, a memtable) are handed to Spark once through Arrow."""
    backend = backend_of(events)
    if backend is not None and is_spark(backend):
        return backend, as_instants(events)
    con = spark_backend()
    return con, spark_events(con, events.to_pyarrow())


def engine_of(events: Table) -> Engine:
    """The engine whose backend holds ``events`` (DuckDB for a memtable)."""
    backend = backend_of(events)
    return "spark" if backend is not None and is_spark(backend) else "duckdb"


@contextmanager
def _timed(step: str) -> Iterator[None]:
    """Log the time of a step at DEBUG level (``logging.getLogger("congvu")``)."""
    begun = time.perf_counter()
    yield
    log.debug("%s: %.2f s", step, time.perf_counter() - begun)


def _store_annotated(
    events: Table, store: Callable[[str, Table], Table], *, mode: Mode
) -> tuple[Table, list[str]]:
    """The annotated events, stored once for every detector, and the case types of the log. What
    the log lacks is not stored: optional columns without a value are added back as nulls over
    the stored table, a log without deadlines is annotated without looking for them, and in
    ``auto`` mode a log without hand-over events is annotated as runs (the same result, without
    a join over every event). A log of several case types is annotated with its ids prefixed by
    their type (``findings.keyed_by_type``)."""
    setting = events.activity.isin(HOLDER_SETTING) & events.to_unit.notnull()
    present = (
        events.aggregate(
            setting=setting.cast(dt.int64).max(),
            **{f"has_{name}": events[name].count() for name in (*OPTIONAL, "due")},
        )
        .to_pyarrow()
        .to_pylist()[0]
    )
    empty = [name for name in (*OPTIONAL, "due") if not present[f"has_{name}"]]
    types: list[str] = [DEFAULT_CASE_TYPE]
    if "case_type" not in empty:
        found = case_types_of(events).to_pyarrow().column("case_type").to_pylist()
        types = sorted(str(name) for name in found)
        unknown = sorted(set(types) - set(CASE_TYPES))
        if unknown:
            raise ValueError(
                f"unknown case_type {', '.join(map(repr, unknown))} "
                f"(expected one of {', '.join(CASE_TYPES)})"
            )
        if len(types) > 1:
            events = keyed_by_type(events)
    if mode == "auto" and not present["setting"]:
        mode = "runs"
    annotated = annotate(events, mode=mode, deadlines="due" not in empty)
    # Columns whose value follows from what was found are not stored either.
    derived: dict[str, ibis.Value] = {name: ibis.null(COLUMNS[name]) for name in empty}
    if "due" in empty:
        derived.update(due_now=ibis.null(dt.date), due_end=ibis.null(dt.float64))
    if mode == "runs":
        derived["explicit"] = ibis.literal(False)
    stored = store("annotated", annotated.drop(*derived, *(["holder"] if mode == "runs" else [])))
    if mode == "runs":
        derived["holder"] = stored.unit
    # The columns in the order of annotate(), whatever was stored.
    return stored.select(
        **{name: derived[name] if name in derived else stored[name] for name in annotated.columns}
    ), types


def analyze_events(
    events: Table,
    out_dir: Path,
    *,
    source: str = "",
    ignore_units: Sequence[str] = (),
    since: datetime | None = None,
    until: datetime | None = None,
    as_of: datetime | None = None,
    mode: Mode = "auto",
    mandates: Table | None = None,
    delegations: Table | None = None,
    thresholds: Thresholds = Thresholds(),  # noqa: B008 - frozen, so a shared default is safe
    calendar: Calendar | str | None = "vn",
    engine: Engine | None = None,
) -> Summary:
    """Run every detector on ``events`` and write the four outputs into ``out_dir`` atomically.
    Durations count working days of ``calendar`` (``vn``, the default: Vietnam's; ``none``:
    calendar days; a CSV file of extra days, or a ``workdays.Calendar``). ``engine``: ``duckdb``
    or ``spark`` (``engines``); None runs where the events are (Spark for a Spark table)."""
    started = time.perf_counter()
    clock = load_calendar(calendar)
    engine = engine or engine_of(events)
    # One backend: the shared steps (annotated events, stints of units and of officials, unit
    # hand-overs, findings) are computed once, stored (DuckDB: temporary tables; Spark: cached
    # tables) and reused by every detector and output. Events already on the engine (a Parquet
    # file, a memtable) are read where they are; others are copied once through Arrow.
    con: Any
    cached: list[Table] = []
    # A national store's events are keyed by province (``national``): one log where no two
    # provinces share an id; the outputs get a province column back.
    national = is_national(events)
    if national:
        events = keyed_by_province(events)
    if engine == "spark":
        con, on_spark = _spark_for(events)
        owned = False
        events_in = between(drop_units(check_events(on_spark), ignore_units), since, until)
    else:
        kept = between(drop_units(check_events(events), ignore_units), since, until)
        con, events_in, owned = _duckdb_for(kept)
    prefix = f"congvu_{uuid.uuid4().hex[:12]}_"
    created: list[str] = []

    def store(name: str, table: Table) -> Table:
        with _timed(name):
            if engine == "spark":
                # Spark has no temporary tables: a cached table is computed once, on first use.
                stored, cache = spark_cache(con, table)
                cached.append(cache)
                return stored
            created.append(prefix + name)
            return con.create_table(prefix + name, table, temp=True)

    try:
        annotated, types = _store_annotated(events_in, store, mode=mode)
        kinds = [kind for kind in KINDS if any(applies(kind, name) for name in types)]
        if owned:
            con.raw_sql("DROP TABLE events")

        # The stints are filters of the annotated events (orderings only for the few cases with
        # gaps): on DuckDB cheaper to recompute for each use than to store, as are the
        # hand-overs. On Spark each use would be a stage of its own: cached.
        def reused(name: str, table: Table) -> Table:
            return store(name, table) if engine == "spark" else table

        held_units = reused(
            "held_units", held_stints(annotated, mode=mode, carry=["actor", "period"])
        )
        held_officials = reused(
            "held_officials", held_stints(annotated, mode=mode, level="official", carry=["period"])
        )
        moves = reused("moves", handovers_from(held_units))
        spans = store("spans", case_spans(annotated, as_of=as_of, calendar=clock))
        bounces = store("bounces", ping_pong_from(held_units))

        found = findings_from(
            annotated,
            held_units=held_units,
            held_officials=held_officials,
            spans=spans,
            moves=moves,
            bounces=bounces,
            mandates=mandates,
            delegations=delegations,
            as_of=as_of,
            thresholds=thresholds
            if types[0] == DEFAULT_CASE_TYPE or len(types) > 1
            else replace(thresholds, stall_share=STALL_SHARE[types[0]]),
            kinds=kinds,
            stall_shares=STALL_SHARE if len(types) > 1 else None,
            calendar=clock,
        )
        if len(types) > 1:
            found = unkeyed_findings(found)
        else:
            found = found.mutate(case_type=ibis.literal(types[0]))
        findings = store("findings", found)
        with _timed("network"):
            network = network_from(moves).to_pyarrow()
        with _timed("metrics"):
            unit_metrics = metrics_from(
                annotated,
                findings,
                held_units=held_units,
                held_officials=held_officials,
                spans=spans,
                moves=moves,
            ).to_pyarrow()
        with _timed("findings out"):
            findings_arrow = findings.order_by(["kind", "case_id", "ts", "evidence"]).to_pyarrow()
        pairs = _rows(ping_pong_pairs(bounces).limit(TOP))
        stall_units = _rows(_count_by_unit(findings, "stall"))
        overdue_units = _rows(_count_by_unit(findings, "overdue"))
        by_kind = {
            str(row["kind"]): int(str(row["count"]))
            for row in _rows(findings.group_by("kind").aggregate(count=findings.count()))
        }
        totals = _rows(
            annotated.aggregate(
                events=annotated.count(),
                cases=spans.count().as_scalar(),
                units=annotated.unit.nunique(),
            )
        )[0]
        placeholders = _rows(placeholder_units(annotated))

        handover_count = int(pa.compute.sum(network.column("count")).as_py() or 0)
        label: Callable[[object], str] = (lambda unit: shown(str(unit))) if national else str
        report = render_report(
            ReportData(
                source=source,
                events=int(str(totals["events"])),
                cases=int(str(totals["cases"])),
                units=int(str(totals["units"])),
                handovers=handover_count,
                findings_by_kind={kind: by_kind.get(kind, 0) for kind in KINDS},
                network=[
                    (label(row["from_unit"]), label(row["to_unit"]), int(str(row["count"])))
                    for row in network.slice(0, 2 * TOP).to_pylist()
                ],
                ping_pong_pairs=[
                    (label(row["from_unit"]), label(row["back_to"]), int(str(row["count"])))
                    for row in pairs
                ],
                stall_by_unit=[(label(row["unit"]), int(str(row["count"]))) for row in stall_units],
                overdue_by_unit=[
                    (label(row["unit"]), int(str(row["count"]))) for row in overdue_units
                ],
                placeholders=[
                    (label(row["unit"]), int(str(row["events"]))) for row in placeholders
                ],
                ignored=sorted(ignore_units),
            )
        )

        if national:
            findings_arrow = unkeyed(findings_arrow, "case_id")
            unit_metrics = unkeyed(unit_metrics, "key")
            network = unkeyed(network, "from_unit")
        # Everything is written into a temporary folder beside the target, then moved in, so that a
        # failure leaves no partial output.
        target = Path(out_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        try:
            with _timed("written"):
                _write_csv(findings_arrow, staging / "findings.csv")
                _write_csv(unit_metrics, staging / "metrics.csv")
                _write_csv(network, staging / "handovers.csv")
                (staging / "report.html").write_text(report, encoding="utf-8")
            if target.exists() and any(target.iterdir()):
                for name in OUTPUTS:
                    os.replace(staging / name, target / name)
                staging.rmdir()
            else:
                if target.exists():
                    target.rmdir()
                os.replace(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    finally:
        for table in reversed(cached):
            table.release()
        for name in reversed(created):
            con.raw_sql(f'DROP TABLE IF EXISTS "{name}"')
        if owned:
            con.disconnect()
    return Summary(
        out_dir=target,
        events=int(str(totals["events"])),
        cases=int(str(totals["cases"])),
        units=int(str(totals["units"])),
        handovers=handover_count,
        findings_by_kind={kind: by_kind[kind] for kind in KINDS if kind in by_kind},
        placeholder_units=[str(row["unit"]) for row in placeholders],
        seconds=time.perf_counter() - started,
    )


def run_analyze(
    log_path: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    unit_attr: str = "org:group",
    actor_attr: str = "org:resource",
    ignore_units: Sequence[str] = (),
    since: datetime | None = None,
    until: datetime | None = None,
    as_of: datetime | None = None,
    show_progress: bool = True,
    calendar: Calendar | str | None = "vn",
    activity_map: str | os.PathLike[str] | None = None,
    keep_unmapped: bool = False,
    tz: str = VIETNAM,
    engine: Engine = "duckdb",
) -> Summary:
    """Read the log at ``log_path`` and write ``findings.csv``, ``metrics.csv``,
    ``handovers.csv`` and ``report.html`` into ``out_dir``. A malformed log raises
    EventLogError (naming the line), a bad calendar file CalendarFileError, before anything is
    written. ``calendar``: see :func:`analyze_events`.

    Names are normalised and activities mapped through ``activity_map`` (a CSV ``source,activity``)
    first (``vocabulary.normalise_log``); times without an offset are read in ``tz``. The
    detectors run on ``engine`` (``duckdb`` in-process or ``spark``: ``engines``)."""
    clock = load_calendar(calendar)
    vocabulary = read_activity_map(Path(activity_map)) if activity_map is not None else None
    path = Path(log_path)
    size = path.stat().st_size
    bar = (
        tqdm(total=size, unit="B", unit_scale=True, desc="reading", leave=False)
        if (show_progress and size >= PROGRESS_BYTES)
        else None
    )

    def advance(done: int) -> None:
        if bar is not None:
            bar.update(done - bar.n)

    try:
        events = load_log(
            path,
            unit_attr=unit_attr,
            actor_attr=actor_attr,
            progress=advance,
            tz=tz,
            engine=engine,
        )
    finally:
        if bar is not None:
            bar.close()
    return analyze_events(
        normalise_log(events, activity_map=vocabulary, keep_unmapped=keep_unmapped),
        Path(out_dir),
        source=path.name,
        ignore_units=ignore_units,
        since=since,
        until=until,
        as_of=as_of,
        calendar=clock,
        engine=engine,
    )

"""The task event log of the app database as the canonical event table (nhật ký sự kiện).

Two engines give the same table: DuckDB in-process (the ORM reads the rows in chunks into Arrow
columns; DuckDB runs the detectors) and PostgreSQL directly (ibis's postgres backend reads the
app's own tables, and the detectors compile to one query that runs inside the database). The
reference tables come with it: mandates ``(unit, field)`` and delegations ``(actor,
decision_kind, valid_from, valid_to)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any, Literal

import ibis
import ibis.expr.datatypes as idt
import pyarrow as pa
import sqlglot as sg
import sqlglot.expressions as sge
from django.db import connection
from django.db.models import CharField, F, QuerySet, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce
from ibis.backends.sql.compilers.postgres import PostgresCompiler
from ibis.expr.types import Table

from congvu.analytics.kinds import CASE_TYPES, CaseType
from congvu.analytics.schema import arrow_schema, check_events
from congvu.dossiers.eventlog import dossier_events_arrow
from congvu.interchange.eventlog_arrow import rows_batch
from congvu.investment.eventlog import project_events_arrow
from congvu.org.models import Delegation, Field, Mandate, Post
from congvu.tasks.models import Task, TaskEvent

Engine = Literal["duckdb", "postgres"]
ENGINES: tuple[Engine, ...] = ("duckdb", "postgres")
CHUNK = 20_000

# The ORM columns read for each event and the canonical columns they become.
_ROW = {
    "case_type": "case_type",
    "task_id": "case_id",
    "id": "event_id",
    "ts": "ts",
    "activity": "activity",
    "actor_id": "actor",
    "unit_id": "unit",
    "to_unit_id": "to_unit",
    "due": "due",
    "reason": "reason",
    "field_code": "field",
    "request_id": "request_id",
    "answer_due": "answer_due",
    "decision_kind": "decision_kind",
    "assignee": "assignee",
    "seq": "position",
}


@dataclass(frozen=True)
class EventLog:
    """The canonical events with the reference tables, all on one ibis backend."""

    events: Table
    mandates: Table
    delegations: Table
    engine: Engine
    con: Any  # the ibis backend that executes expressions over these tables


def _text(key: str) -> Cast:
    # A payload key as text on every database: SQLite's ->> keeps numbers as numbers.
    return Cast(KT(f"payload__{key}"), CharField())


def event_rows(events: QuerySet[TaskEvent]) -> QuerySet[TaskEvent, tuple[Any, ...]]:
    """The events as tuples of the ORM columns of ``_ROW``, payload keys extracted by the
    database."""
    return (
        events.annotate(
            case_type=Value("task", output_field=CharField()),
            field_code=F("task__field__code"),
            request_id=Coalesce(_text("request"), _text("escalation")),
            answer_due=_text("answer_due"),
            decision_kind=_text("decision_kind"),
            assignee=_text("assignee"),
        )
        .order_by()
        .values_list(*_ROW)
    )


def _chunks(rows: Iterator[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    while chunk := list(islice(rows, size)):
        yield chunk


def events_arrow(events: QuerySet[TaskEvent] | None = None, *, chunk: int = CHUNK) -> pa.Table:
    """The events (default: all) as an Arrow table with the canonical schema."""
    source = TaskEvent.objects.all() if events is None else events
    rows = event_rows(source).iterator(chunk_size=chunk)
    batches = [rows_batch(part, list(_ROW.values())) for part in _chunks(rows, chunk)]
    return pa.Table.from_batches(batches, schema=arrow_schema())


def mandate_rows() -> list[tuple[str, str]]:
    """Mandates ``(unit, field)``: the unit id as text and the field code."""
    return [
        (str(unit), code) for unit, code in Mandate.objects.values_list("unit_id", "field__code")
    ]


DelegationRow = tuple[str, str, dt.date, dt.date | None]


def _overlap(
    first: tuple[dt.date, dt.date | None], second: tuple[dt.date, dt.date | None]
) -> tuple[dt.date, dt.date | None] | None:
    """The days two inclusive validity ranges share (None: no day); an open end is None."""
    start = max(first[0], second[0])
    ends = [end for end in (first[1], second[1]) if end is not None]
    end = min(ends) if ends else None
    return None if end is not None and end < start else (start, end)


def delegation_rows() -> list[DelegationRow]:
    """Delegations ``(actor, decision_kind, valid_from, valid_to)``: the officials holding, in the
    delegating unit, the position a delegation names, for the days both the delegation
    (``Delegation.valid_from/valid_to``) and the post (``Post.start/end``) are in force; every date
    is inclusive and ``valid_to`` None is open. An official who held the post twice, or a kind
    delegated twice, gives one row per range; the escalation detector counts an event once."""
    granted: dict[tuple[int, int], list[tuple[str, dt.date, dt.date | None]]] = {}
    for unit, position, kind, valid_from, valid_to in Delegation.objects.values_list(
        "unit_id", "position_id", "decision_kind", "valid_from", "valid_to"
    ):
        granted.setdefault((unit, position), []).append((kind, valid_from, valid_to))
    posts = Post.objects.filter(unit_id__in={unit for unit, _position in granted}).values_list(
        "official_id", "unit_id", "position_id", "start", "end"
    )
    rows = {
        (str(official), kind, *shared)
        for official, unit, position, start, end in posts
        for kind, valid_from, valid_to in granted.get((unit, position), ())
        if (shared := _overlap((start, end), (valid_from, valid_to))) is not None
    }
    # None sorts after every date: an open range comes last.
    return sorted(rows, key=lambda row: (row[0], row[1], row[2], row[3] or dt.date.max))


def _pairs_arrow(rows: list[tuple[str, str]], names: tuple[str, str]) -> pa.Table:
    first, second = zip(*rows, strict=True) if rows else ((), ())
    return pa.table(
        {names[0]: pa.array(first, pa.string()), names[1]: pa.array(second, pa.string())}
    )


def _delegations_arrow(rows: list[DelegationRow]) -> pa.Table:
    actor, kind, valid_from, valid_to = zip(*rows, strict=True) if rows else ((), (), (), ())
    return pa.table(
        {
            "actor": pa.array(actor, pa.string()),
            "decision_kind": pa.array(kind, pa.string()),
            "valid_from": pa.array(valid_from, pa.date32()),
            "valid_to": pa.array(valid_to, pa.date32()),
        }
    )


def load_duckdb(task_ids: Collection[int] | None = None) -> EventLog:
    """The event log of ``task_ids`` (default: every task) in an in-process DuckDB."""
    con = ibis.duckdb.connect()
    source = TaskEvent.objects.all()
    if task_ids is not None:
        source = source.filter(task_id__in=list(task_ids))
    # Memtables over the Arrow tables: DuckDB scans them in place, without a copy.
    events = ibis.memtable(events_arrow(source))
    mandates = ibis.memtable(_pairs_arrow(mandate_rows(), ("unit", "field")))
    delegations = ibis.memtable(_delegations_arrow(delegation_rows()))
    return EventLog(check_events(events), mandates, delegations, "duckdb", con)


class _PostgresCompiler(PostgresCompiler):  # type: ignore[misc]  # ibis is untyped
    """ibis's PostgreSQL compiler with two fixes for SQL that PostgreSQL refuses (ibis 12 with
    sqlglot 30; to be dropped when upstream fixes them):

    - PostgreSQL casts boolean to integer but not to bigint, and the detectors count booleans as
      int64 (``flag.cast("int64").sum()``): the cast goes through integer, same value.
    - A filter on a window function (``t.filter(t.seq == t.seq.max().over(w))``) needs QUALIFY,
      which PostgreSQL lacks; sqlglot's rewrite of it leaves a reference to an alias that is out
      of scope ("missing FROM-clause entry"). Here the window predicate becomes a column of an
      inner query and the outer query filters on it.
    """

    def visit_Select(
        self,
        op: Any,
        *,
        parent: Any,
        selections: Any,
        predicates: Any,
        qualified: Any,
        sort_keys: Any,
        distinct: Any,
    ) -> Any:
        if not qualified or sort_keys:
            return super().visit_Select(
                op,
                parent=parent,
                selections=selections,
                predicates=predicates,
                qualified=qualified,
                sort_keys=sort_keys,
                distinct=distinct,
            )
        fields = list(self._cleanup_names(selections)) if selections else [sge.Star()]
        flags = [
            predicate.as_(f"_qualify_{number}", quoted=self.quoted, copy=False)
            for number, predicate in enumerate(qualified)
        ]
        inner = sg.select(*fields, *flags, copy=False).from_(parent, copy=False)
        if predicates:
            inner = inner.where(*predicates, copy=False)
        names = [sg.column(name, quoted=self.quoted) for name in op.schema.names]
        outer = sg.select(*names, copy=False).from_(inner.subquery("_q", copy=False), copy=False)
        outer = outer.where(
            *(sg.column(f"_qualify_{n}", quoted=self.quoted) for n in range(len(flags))),
            copy=False,
        )
        return outer.distinct() if distinct else outer

    def visit_Cast(self, op: Any, *, arg: Any, to: Any) -> Any:
        if op.arg.dtype.is_boolean() and to.is_integer() and not to.is_int32():
            arg = super().visit_Cast(op, arg=arg, to=idt.int32)
        return super().visit_Cast(op, arg=arg, to=to)


def postgres_connection() -> Any:
    """An ibis backend over Django's own PostgreSQL connection: the detectors see exactly what
    the app sees, inside its transaction when there is one (a test's, a job's)."""
    if connection.vendor != "postgresql":
        raise ValueError("The postgres engine needs DATABASE_URL to point at PostgreSQL.")
    connection.ensure_connection()
    con = ibis.postgres.from_connection(connection.connection)
    # On this backend only: other users of ibis keep the stock compiler.
    con.compiler = _PostgresCompiler()
    return con


def _id_text(column: Any) -> Any:
    return column.cast(idt.string)


def load_postgres(task_ids: Collection[int] | None = None, *, con: Any = None) -> EventLog:
    """The same event log as :func:`load_duckdb`, as ibis expressions over the app's tables in
    PostgreSQL: nothing is copied out, and the detectors compile to SQL run by the database."""
    con = con or postgres_connection()
    raw = con.table(TaskEvent._meta.db_table)
    tasks = con.table(Task._meta.db_table)
    fields = con.table(Field._meta.db_table)
    if task_ids is not None:
        raw = raw.filter(raw.task_id.isin(sorted(task_ids)))
    fielded = tasks.select(t_id=tasks.id, t_field=tasks.field_id).join(
        fields.select(f_id=fields.id, f_code=fields.code),
        [tasks.field_id == fields.id],
    )
    joined = raw.join(fielded, raw.task_id == fielded.t_id)
    payload = joined.payload

    def key(name: str) -> Any:
        # The value as text whether the payload holds it as a JSON number or a string.
        # (ibis's unwrap_as(int64) compiles to a regex PostgreSQL refuses; the JSON text of a
        # number is the number.)
        value = payload[name]
        as_json_text = value.cast(idt.string).nullif("null")
        return ibis.coalesce(value.unwrap_as(idt.string), as_json_text)

    events = joined.select(
        case_type=ibis.literal("task"),
        case_id=_id_text(joined.task_id),
        event_id=_id_text(joined.id),
        ts=joined.ts.cast(idt.Timestamp(timezone="UTC")),
        activity=joined.activity,
        actor=_id_text(joined.actor_id),
        unit=_id_text(joined.unit_id),
        to_unit=_id_text(joined.to_unit_id),
        due=joined.due,
        reason=joined.reason.nullif(""),
        field=joined.f_code,
        request_id=ibis.coalesce(key("request"), key("escalation")),
        answer_due=key("answer_due").cast(idt.date),
        decision_kind=key("decision_kind").nullif(""),
        assignee=key("assignee"),
        position=joined.seq.cast(idt.int64),
        note=ibis.null(idt.string),
    )
    mandate_table = con.table(Mandate._meta.db_table)
    mandates = mandate_table.join(
        fields.select(f_id=fields.id, f_code=fields.code),
        mandate_table.field_id == fields.id,
    ).select(unit=mandate_table.unit_id.cast(idt.string), field=fields.code)
    granted = con.table(Delegation._meta.db_table)
    posts = con.table(Post._meta.db_table)
    held = granted.join(
        posts, [granted.unit_id == posts.unit_id, granted.position_id == posts.position_id]
    )
    # The days both are in force, as delegation_rows computes them: the later start and the
    # earlier end, inclusive; a null end is open, so the result is open only when both are (the
    # nulls are spelled out: LEAST skips them on PostgreSQL, not on every engine).
    valid_from = ibis.greatest(granted.valid_from, posts.start)
    valid_to = ibis.ifelse(
        granted.valid_to.isnull(),
        posts.end,
        ibis.ifelse(posts.end.isnull(), granted.valid_to, ibis.least(granted.valid_to, posts.end)),
    )
    ranges = held.select(
        actor=posts.official_id.cast(idt.string),
        decision_kind=granted.decision_kind,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    delegations = ranges.filter(
        ranges.valid_to.isnull() | (ranges.valid_from <= ranges.valid_to)
    ).distinct()
    return EventLog(check_events(events), mandates, delegations, "postgres", con)


def load(engine: Engine = "duckdb", task_ids: Collection[int] | None = None) -> EventLog:
    """The task event log on the chosen engine (see the module docstring)."""
    if engine == "postgres":
        return load_postgres(task_ids)
    return load_duckdb(task_ids)


def case_events_arrow(case_type: CaseType, ids: Collection[int] | None = None) -> pa.Table:
    """The canonical events of one log (every case, or the cases of ``ids``) as Arrow."""
    if case_type == "dossier":
        return dossier_events_arrow(dossier_ids=ids)
    if case_type == "project":
        return project_events_arrow(project_ids=ids)
    source = TaskEvent.objects.all() if ids is None else TaskEvent.objects.filter(task_id__in=ids)
    return events_arrow(source)


def load_cases(
    case_type: CaseType, engine: Engine = "duckdb", ids: Collection[int] | None = None
) -> EventLog:
    """The event log of one case type (tasks, dossiers, projects) on the chosen engine, for the
    cases of ``ids`` (task, dossier or project ids; default every case). The dossier and project
    logs are small beside the task log: on PostgreSQL they are read through Arrow and handed to
    the database as temporary tables."""
    if case_type == "task":
        return load(engine, ids)
    log = load(engine, [])
    events = ibis.memtable(case_events_arrow(case_type, ids))
    if engine == "postgres":
        # ibis renders the drop of a temporary table (`overwrite=True`, `drop_table`) as a bare
        # "DROP TABLE IF EXISTS" on PostgreSQL, a syntax error: drop the last run's table by name.
        name = f"congvu_{case_type}_events"
        log.con.raw_sql(f'DROP TABLE IF EXISTS "{name}"').close()
        events = log.con.create_table(name, events, temp=True)
    return EventLog(check_events(events), log.mandates, log.delegations, engine, log.con)


def all_events_arrow() -> pa.Table:
    """Every log of the app (tasks, dossiers, projects) as one canonical Arrow table, the export
    that `congvu analyze` reads back (case ids are unique within a case type)."""
    return pa.concat_tables([case_events_arrow(case_type) for case_type in CASE_TYPES])

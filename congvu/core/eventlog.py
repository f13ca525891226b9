"""The case-event kernel: one event model, one writer, one hash chain, one trigger installer.

Tasks, dossiers, investment projects, findings (and the people records to come) are *cases* whose
life is told by an append-only log of events. Each log is a concrete subclass of `CaseEvent` that
adds its case's foreign key, its activity choices and its domain columns, and is registered here
with `register_log`; its case model carries the chain's head (`CaseHead`). Then:

- `record_event` is the only writer: one version-checked UPDATE of the case (its changed fields
  and the chain's head), one INSERT of the sealed event, inside the action's transaction;
- `seal` is the one hash scheme: SHA-256 over the event's content and the previous event's hash;
- `RefuseChanges` is the one migration operation that makes the database refuse UPDATE and DELETE
  (and TRUNCATE on PostgreSQL) of a log's table;
- `verify_log` recomputes a registered log's chains in two streamed queries, whatever its size;
  `congvu verify` walks every registered log.

Adding a log is: subclass `CaseEvent`, `register_log(...)` next to it, and `RefuseChanges(...)` in
the migration that creates its table.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from django.db import connection, migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import ProjectState
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from congvu.core.errors import StaleWrite
from congvu.core.models import AppendOnlyModel, ChoiceLabels
from congvu.core.rows import insert_row, update_if_version


class CaseHead(ChoiceLabels):
    """The head of a case's chain, kept on the case row: how many events it has, the last one's
    hash, and the version every action bumps (optimistic locking: two people acting on the same
    case at once cannot silently overwrite each other)."""

    version = models.PositiveIntegerField(_("version"), default=1)
    event_count = models.PositiveIntegerField(default=0, editable=False)
    last_event_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True


class CaseEvent(ChoiceLabels, AppendOnlyModel):
    """One immutable event of a case's log, chained by hash to the case's previous event.

    The canonical columns of every log: case (the subclass's foreign key), event id, seq (1, 2, …
    within the case), ts, activity, actor, unit (the actor's unit), to_unit, due (the deadline in
    force after the event, if the case has one), reason, note, payload; then the chain. A subclass
    overrides `activity` with its choices, and `due` or `reason` where its meaning is narrower.
    """

    seq = models.PositiveIntegerField(_("sequence"))
    ts = models.DateTimeField(_("time"), db_index=True)
    activity = models.CharField(_("activity"), max_length=20)
    actor = models.ForeignKey(
        "org.Official", models.PROTECT, null=True, related_name="+", verbose_name=_("actor")
    )
    unit = models.ForeignKey(
        "org.Unit", models.PROTECT, null=True, related_name="+", verbose_name=_("unit")
    )
    to_unit = models.ForeignKey(
        "org.Unit", models.PROTECT, null=True, related_name="+", verbose_name=_("target unit")
    )
    due = models.DateField(_("deadline in force"), null=True)
    reason = models.CharField(_("reason"), max_length=24, blank=True)
    note = models.TextField(_("note"), blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    class Meta:
        abstract = True


# The columns every seal covers, by attribute name; the sealed text keys them by the names of the
# first sealed logs (actor, unit, to_unit, prev), so that their hashes stay valid.
SEALED: tuple[str, ...] = (
    "seq",
    "ts",
    "activity",
    "actor_id",
    "unit_id",
    "to_unit_id",
    "due",
    "reason",
    "note",
    "payload",
    "prev_hash",
)
_BASE = {*SEALED, "id", "hash"}


def domain_columns(model: type[models.Model], case_attname: str) -> tuple[str, ...]:
    """The attribute names of a log's own columns (a project event's stage and amount)."""
    return tuple(
        f.attname
        for f in model._meta.concrete_fields
        if f.attname not in _BASE and f.attname != case_attname and not f.primary_key
    )


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def seal(log: str, case: object, row: Mapping[str, Any], domain: Sequence[str] = ()) -> str:
    """SHA-256 over one event's content and its `prev_hash` (the one hash scheme of every log).

    `log` and `case` name the chain, e.g. ("task", 12) or ("dossier", "000.00.01.H40-251127-0001");
    `row` maps the event's attribute names to values. A domain column enters the text only when it
    holds a value (not None, not ""), so a column added to a log later leaves older seals valid,
    while setting or clearing it on a sealed event still breaks that event's seal.
    """
    due = row["due"]
    content = {
        log: case,
        "seq": row["seq"],
        "ts": row["ts"].astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "activity": row["activity"],
        "actor": row["actor_id"],
        "unit": row["unit_id"],
        "to_unit": row["to_unit_id"],
        "due": due.isoformat() if due is not None else None,
        "reason": row["reason"],
        "note": row["note"],
        "payload": row["payload"],
        "prev": row["prev_hash"],
    }
    for name in domain:
        value = row[name]
        if value is not None and value != "":
            content[name] = _plain(value)
    return hashlib.sha256(_ENCODER.encode(content).encode()).hexdigest()


RECORD_CHANGED = _("This record was changed by someone else a moment ago. Reload it and try again.")


@dataclass(frozen=True)
class EventLog:
    """One registered log: its name (the word its seal and `congvu verify` use), its event model,
    the name of the event's foreign key to the case, the case attribute the seal names the case
    by (`pk`, or the dossier's number, which exists before the row does), the case attribute each
    event copies as its `due` unless told otherwise, and the refusal shown when two people act on
    the same case at once."""

    name: str
    model: type[CaseEvent]
    case_field: str
    case_key: str = "pk"
    due_from: str | None = None
    stale_message: str | Promise = RECORD_CHANGED

    @cached_property
    def case_model(self) -> type[models.Model]:
        related = self.model._meta.get_field(self.case_field).related_model
        assert isinstance(related, type) and issubclass(related, models.Model)
        return related

    @cached_property
    def case_attname(self) -> str:
        return str(self.model._meta.get_field(self.case_field).attname)  # type: ignore[union-attr]

    @cached_property
    def domain(self) -> tuple[str, ...]:
        return domain_columns(self.model, self.case_attname)

    def case_value(self, case: models.Model) -> object:
        return case.pk if self.case_key == "pk" else getattr(case, self.case_key)

    def event_hash(self, event: CaseEvent, case_value: object) -> str:
        # A model instance keeps its column values in its __dict__ by attribute name.
        return seal(self.name, case_value, event.__dict__, self.domain)


_LOGS: dict[str, EventLog] = {}
_BY_CASE: dict[type[models.Model], EventLog] = {}
_BY_EVENT: dict[type[models.Model], EventLog] = {}


def register_log(
    name: str,
    model: type[CaseEvent],
    *,
    case_field: str,
    case_key: str = "pk",
    due_from: str | None = None,
    stale_message: str | Promise = RECORD_CHANGED,
) -> EventLog:
    """Register an event model as a log; called once, next to the model's definition."""
    log = EventLog(name, model, case_field, case_key, due_from, stale_message)
    known = _LOGS.get(name)
    if known is not None and known.model is not model:
        raise ValueError(f"Two event logs are named {name!r}.")
    _LOGS[name] = log
    _BY_EVENT[model] = log
    _BY_CASE.clear()  # rebuilt on first use, once the apps are ready
    return log


def registered_logs() -> tuple[EventLog, ...]:
    """Every registered log, in the order the apps registered them."""
    return tuple(_LOGS.values())


def log_named(name: str) -> EventLog:
    """The registered log called `name` ("task", "dossier", …)."""
    return _LOGS[name]


def log_of(case: models.Model) -> EventLog:
    """The log a case's events go to."""
    if not _BY_CASE:
        _BY_CASE.update((log.case_model, log) for log in _LOGS.values())
    return _BY_CASE[type(case)]


def event_hash(event: CaseEvent) -> str:
    """The seal an event should carry (reads the case when the log names it by another key)."""
    log = _BY_EVENT[type(event)]
    case_id = getattr(event, log.case_attname)
    if log.case_key == "pk":
        return log.event_hash(event, case_id)
    key = log.case_model._default_manager.filter(pk=case_id).values_list(log.case_key, flat=True)
    return log.event_hash(event, key.get())


_UNSET: Any = object()


def next_event(
    case: CaseHead,
    activity: str,
    *,
    actor: models.Model | None,
    unit: models.Model | None,
    to_unit: models.Model | None = None,
    due: dt.date | None = _UNSET,
    reason: str = "",
    note: str = "",
    payload: dict[str, Any] | None = None,
    ts: dt.datetime | None = None,
    **columns: Any,
) -> CaseEvent:
    """The case's next event, sealed and not yet saved; the case's head is advanced in memory.

    For the writers that save both rows themselves: a dossier's first event is sealed before the
    dossier row exists, and a recomputation of findings inserts its events in bulk. Everyone else
    calls `record_event`. `columns` are the log's domain columns (a project event's stage).
    """
    log = log_of(case)
    if due is _UNSET:
        due = getattr(case, log.due_from) if log.due_from else None
    values: dict[str, Any] = {
        log.case_field: case,
        "seq": case.event_count + 1,
        "ts": ts or timezone.now(),
        "activity": activity,
        "actor": actor,
        "unit": unit,
        "to_unit": to_unit,
        "due": due,
        "reason": reason,
        "note": note,
        "payload": payload or {},
        "prev_hash": case.last_event_hash,
    }
    event = log.model(**values, **columns)
    event.hash = log.event_hash(event, log.case_value(case))
    case.event_count = event.seq
    case.last_event_hash = event.hash
    return event


def record_event(
    case: CaseHead,
    activity: str,
    *,
    actor: models.Model | None,
    unit: models.Model | None,
    to_unit: models.Model | None = None,
    due: dt.date | None = _UNSET,
    reason: str = "",
    note: str = "",
    payload: dict[str, Any] | None = None,
    ts: dt.datetime | None = None,
    changed: Sequence[str] = (),
    **columns: Any,
) -> CaseEvent:
    """Write the case's `changed` fields and append one event, inside the action's transaction.

    One UPDATE writes the fields, bumps `version` and moves the chain's head, only if nobody else
    wrote the case since it was read (optimistic locking, `StaleWrite` otherwise); it also takes
    the row lock that keeps a concurrent action from appending to the same chain. Then one INSERT
    appends the event. `due` defaults to the case's deadline when its log has one.
    """
    event = next_event(
        case,
        activity,
        actor=actor,
        unit=unit,
        to_unit=to_unit,
        due=due,
        reason=reason,
        note=note,
        payload=payload,
        ts=ts,
        **columns,
    )
    if not update_if_version(case, (*changed, "event_count", "last_event_hash")):
        raise StaleWrite(str(log_of(case).stale_message))
    case.version += 1
    insert_row(event)
    return event


# Verification ---------------------------------------------------------------------------------

Problem = Literal["altered", "gap", "link", "head", "orphan"]


@dataclass(frozen=True)
class ChainBreak:
    """The first place where one case's log does not match its hashes.

    `problem`: "altered" (the event's content no longer matches its hash), "gap" (the event's seq
    is not the next one: events before it are missing), "link" (its `prev_hash` is not the hash of
    the event before it), "head" (the case row counts more events, or another last hash, than its
    log holds: events at the end are missing), "orphan" (an event of no case). `expected` and
    `found` say what differs.
    """

    log: str
    case_id: object
    case: str
    seq: int
    event_id: int | None
    problem: Problem
    expected: str
    found: str


@dataclass
class LogReport:
    """What `verify_log` checked in one log, and the first break of each broken case."""

    log: str
    title: str = ""
    cases: int = 0
    events: int = 0
    breaks: list[ChainBreak] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.breaks


CHUNK = 5000


def verify_log(log: EventLog, *, cases: models.QuerySet[Any] | None = None) -> LogReport:
    """Recompute every chain of one log; report the first break of each broken case.

    Two streamed queries, the cases by id and all their events in chain order, merged as they
    come: memory stays flat whatever the log's size (server-side cursors on PostgreSQL, chunked
    reads on SQLite). A changed event breaks its own hash; a deleted one leaves a gap in `seq` or
    a wrong `prev_hash`; a deleted tail leaves the case's head pointing past the log.
    """
    report = LogReport(log.name, str(log.model._meta.verbose_name_plural))
    case_rows = (cases if cases is not None else log.case_model._default_manager.all()).order_by(
        "pk"
    )
    key = "pk" if log.case_key == "pk" else log.case_key
    heads = case_rows.values_list("pk", key, "event_count", "last_event_hash").iterator(CHUNK)
    names = ["id", log.case_attname, "hash", *(name for name in SEALED), *log.domain]
    events = log.model._default_manager.all()
    if cases is not None:
        events = events.filter(**{f"{log.case_attname}__in": case_rows.values("pk")})
    stream = (
        dict(zip(names, values, strict=True))
        for values in events.order_by(log.case_attname, "seq").values_list(*names).iterator(CHUNK)
    )
    pending = next(stream, None)
    for case_id, case_value, count, head_hash in heads:
        report.cases += 1
        while pending is not None and pending[log.case_attname] < case_id:
            report.breaks.append(_orphan(log, pending))
            report.events += 1
            pending = next(stream, None)
        previous, seq, broken = "", 0, None
        while pending is not None and pending[log.case_attname] == case_id:
            seq += 1
            report.events += 1
            if broken is None:
                broken = _check(log, case_id, case_value, pending, seq, previous)
                previous = pending["hash"]
            pending = next(stream, None)
        if broken is None and (seq != count or previous != head_hash):
            # The head counts more events than the log holds, or names another last hash.
            expected, found = (count, seq) if seq != count else (head_hash[:12], previous[:12])
            where = (log.name, case_id, str(case_value), seq + 1, None)
            broken = ChainBreak(*where, "head", str(expected), str(found))
        if broken is not None:
            report.breaks.append(broken)
    while pending is not None:
        report.breaks.append(_orphan(log, pending))
        report.events += 1
        pending = next(stream, None)
    return report


def _check(
    log: EventLog,
    case_id: object,
    case_value: object,
    row: dict[str, Any],
    seq: int,
    previous: str,
) -> ChainBreak | None:
    def broken(problem: Problem, expected: object, found: object) -> ChainBreak:
        where = (log.name, case_id, str(case_value), row["seq"], row["id"])
        return ChainBreak(*where, problem, str(expected), str(found))

    if row["seq"] != seq:
        return broken("gap", seq, row["seq"])
    if row["prev_hash"] != previous:
        return broken("link", previous[:12], row["prev_hash"][:12])
    computed = seal(log.name, case_value, row, log.domain)
    if computed != row["hash"]:
        return broken("altered", computed[:12], row["hash"][:12])
    return None


def _orphan(log: EventLog, row: dict[str, Any]) -> ChainBreak:
    case_id = row[log.case_attname]
    return ChainBreak(log.name, case_id, str(case_id), row["seq"], row["id"], "orphan", "", "")


def verify_logs() -> Iterator[LogReport]:
    """Every registered log verified in turn (one report at a time, for streaming output)."""
    for log in registered_logs():
        yield verify_log(log)


# Database refusals ----------------------------------------------------------------------------


def trigger_sql(table: str, vendor: str) -> tuple[list[str], list[str]]:
    """The statements that install, and remove, the triggers refusing UPDATE and DELETE (and
    TRUNCATE on PostgreSQL) of `table`; none on other databases."""
    message = f"{table} rows are append-only"
    if vendor == "sqlite":
        return (
            [
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
            ],
            [
                f"DROP TRIGGER IF EXISTS {table}_no_update",
                f"DROP TRIGGER IF EXISTS {table}_no_delete",
            ],
        )
    if vendor == "postgresql":
        return (
            [
                f"CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$ "
                f"BEGIN RAISE EXCEPTION '{message}'; END; $$ LANGUAGE plpgsql",
                f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()",
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()",
            ],
            [
                f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
                f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}",
                f"DROP FUNCTION IF EXISTS {table}_append_only()",
            ],
        )
    return [], []


def allow_changes(model: type[models.Model]) -> None:
    """Drop a log table's refusing triggers on the default connection: what a tamperer with the
    database owner's rights does (tests and benchmarks play one); inside a transaction that rolls
    back, the triggers come back with it."""
    _, down = trigger_sql(model._meta.db_table, connection.vendor)
    with connection.cursor() as cursor:
        for statement in down:
            cursor.execute(statement)


class RefuseChanges(migrations.operations.base.Operation):
    """Migration operation: the database refuses UPDATE and DELETE (and TRUNCATE on PostgreSQL)
    of a model's table, so a log stays append-only even behind the application's back."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, model_name: str) -> None:
        self.model_name = model_name

    def state_forwards(self, app_label: str, state: ProjectState) -> None:
        pass  # triggers are not part of the model state

    def _table(self, app_label: str, state: ProjectState) -> str:
        return str(state.apps.get_model(app_label, self.model_name)._meta.db_table)

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        up, _down = trigger_sql(self._table(app_label, to_state), schema_editor.connection.vendor)
        for statement in up:
            schema_editor.execute(statement)

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        _up, down = trigger_sql(self._table(app_label, from_state), schema_editor.connection.vendor)
        for statement in down:
            schema_editor.execute(statement)

    def describe(self) -> str:
        return f"Refuse UPDATE and DELETE of {self.model_name} rows"


class AllowChanges(RefuseChanges):
    """Migration operation, the reverse of `RefuseChanges`: for a data migration that must seal
    rows written before a log was chained, between this and a `RefuseChanges` again."""

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        super().database_backwards(app_label, schema_editor, to_state, from_state)

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        super().database_forwards(app_label, schema_editor, to_state, from_state)

    def describe(self) -> str:
        return f"Allow UPDATE and DELETE of {self.model_name} rows"


def seal_existing(
    event_model: type[models.Model],
    *,
    log: str,
    case_field: str,
    case_key: str = "pk",
    batch: int = 500,
) -> None:
    """Chain the events a log held before it was chained, in `seq` order, and set each case's
    head (for the data migration of such a log, with the historical models it is given).

    Cases go in batches, their events read whole before any is written, so that no read is open
    on the table while it is updated."""
    case_attname = f"{case_field}_id"
    case_model = event_model._meta.get_field(case_field).related_model
    assert isinstance(case_model, type) and issubclass(case_model, models.Model)
    domain = domain_columns(event_model, case_attname)
    case_ids = list(case_model._default_manager.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(case_ids), batch):
        cases: list[Any] = list(
            case_model._default_manager.filter(pk__in=case_ids[start : start + batch])
        )
        events: list[Any] = list(
            event_model._default_manager.filter(
                **{f"{case_attname}__in": [c.pk for c in cases]}
            ).order_by(case_attname, "seq")
        )
        heads: dict[object, tuple[int, str]] = {}
        key_of = {case.pk: getattr(case, case_key) for case in cases}
        for event in events:
            case_id = getattr(event, case_attname)
            event.prev_hash = heads[case_id][1] if case_id in heads else ""
            event.hash = seal(log, key_of[case_id], event.__dict__, domain)
            heads[case_id] = (event.seq, event.hash)
        # A plain queryset: the live model's append-only one refuses updates, rightly elsewhere.
        models.QuerySet(event_model).bulk_update(events, ["prev_hash", "hash"], batch_size=500)
        for case in cases:
            case.event_count, case.last_event_hash = heads.get(case.pk, (0, ""))
        case_model._default_manager.bulk_update(
            cases, ["event_count", "last_event_hash"], batch_size=500
        )

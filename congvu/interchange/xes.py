"""XES event logs (``.xes``, ``.xes.gz``) read as a stream into the canonical event table.

The file is parsed with expat (the C parser in the standard library) through callbacks, never as a
tree: memory holds one batch of events (``batch_size``) plus the current trace, whatever the size of
the file. Only the attributes that the mapping asks for are kept. ``<global>`` defaults, log-level
attributes and nested (meta-)attributes are skipped, as pm4py does.
"""

from __future__ import annotations

import gzip
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO, cast
from xml.parsers import expat

import ibis
import pyarrow as pa
import pyarrow.parquet as pq
from ibis.expr.types import Table

from congvu.analytics.schema import arrow_schema, check_events
from congvu.interchange.eventlog_arrow import EventLogError, to_batch

ATTRIBUTE_TAGS = frozenset(
    {"string", "date", "int", "float", "boolean", "id", "list", "container", "values"}
)
DEFAULT_BATCH_SIZE = 200_000
CASE_PREFIX = "case:"


def open_log(path: Path) -> BinaryIO:
    """The file as a binary stream, decompressed on the fly when it ends in ``.gz``."""
    if path.suffix == ".gz":
        return cast(BinaryIO, gzip.GzipFile(path, "rb"))  # typeshed: not declared a BinaryIO
    return path.open("rb")


def _mapping(unit_attr: str, actor_attr: str, attrs: Mapping[str, str] | None) -> dict[str, str]:
    """Canonical column -> XES key. A key starting with ``case:`` is read from the trace."""
    mapping = {
        "activity": "concept:name",
        "ts": "time:timestamp",
        "actor": actor_attr,
        "unit": unit_attr,
    }
    mapping.update(attrs or {})
    return mapping


def iter_xes_batches(
    path: str | os.PathLike[str],
    *,
    unit_attr: str = "org:group",
    actor_attr: str = "org:resource",
    attrs: Mapping[str, str] | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> Iterator[pa.RecordBatch]:
    """Arrow record batches of canonical events, in file order, one trace never split in two.

    ``attrs`` maps more canonical columns (``to_unit``, ``due``, ``field``...) to XES keys; a key
    ``case:X`` is the trace attribute ``X``. ``case_id`` is the trace's ``concept:name``,
    ``event_id`` the event's 1-based number in the file (also in ``position``). Raises
    EventLogError naming the line and column of a malformed file or the line of a bad event;
    ``progress`` is called with the number of compressed bytes read so far after every chunk.
    """
    source = Path(path)
    mapping = _mapping(unit_attr, actor_attr, attrs)
    # (column, key) pairs: one XES key may feed several columns (unit and actor alike).
    event_pairs = [
        (column, key) for column, key in mapping.items() if not key.startswith(CASE_PREFIX)
    ]
    trace_pairs = [
        (column, key.removeprefix(CASE_PREFIX))
        for column, key in mapping.items()
        if key.startswith(CASE_PREFIX)
    ]
    trace_pairs.insert(0, ("case_id", "concept:name"))
    event_keys = {key for column, key in event_pairs}
    trace_keys = {key for column, key in trace_pairs}
    event_columns = [column for column, key in event_pairs]
    columns = list(dict.fromkeys(["case_id", *mapping]))

    rows: dict[str, list[Any]] = {column: [] for column in columns}
    lines: list[int] = []
    event: dict[str, str] = {}
    trace: dict[str, str] = {}
    parser = expat.ParserCreate()
    pending: list[pa.RecordBatch] = []
    position = [0]
    # The handlers run once per XML element: plain closure variables keep them cheap.
    depth = 0
    in_event = in_trace = in_global = False

    def start(tag: str, attributes: dict[str, str]) -> None:
        nonlocal depth, in_event, in_trace, in_global
        if tag in ATTRIBUTE_TAGS:
            depth += 1
            if depth > 1 or in_global:
                return
            key = attributes.get("key")
            if in_event:
                if key in event_keys:
                    event[key] = attributes.get("value", "")
            elif in_trace and key in trace_keys:
                trace[key] = attributes.get("value", "")
        elif tag == "event":
            if in_trace:
                in_event = True
                event.clear()
                lines.append(parser.CurrentLineNumber)
        elif tag == "trace":
            in_trace = True
            trace.clear()
        elif tag == "global":
            in_global = True

    def end(tag: str) -> None:
        nonlocal depth, in_event, in_trace, in_global
        if tag in ATTRIBUTE_TAGS:
            depth -= 1
        elif tag == "event":
            if in_event:
                for column, key in event_pairs:
                    rows[column].append(event.get(key))
                in_event = False
        elif tag == "trace":
            in_trace = False
            _close_trace()
        elif tag == "global":
            in_global = False

    def _close_trace() -> None:
        count = len(lines) - len(rows["case_id"])
        for column, key in trace_pairs:
            value = trace.get(key)
            if column in event_columns:
                # An event value wins; the trace value fills the events that lack one.
                values = rows[column]
                values[len(values) - count :] = [
                    value if item is None else item for item in values[len(values) - count :]
                ]
            else:
                rows[column].extend([value] * count)
        if len(lines) >= batch_size:
            pending.append(_flush())

    def _flush() -> pa.RecordBatch:
        count = len(lines)
        first = position[0]
        batch = to_batch(
            {column: values for column, values in rows.items()},
            positions=range(first + 1, first + count + 1),
            lines=lines,
            source=str(source),
            naive_timezone="UTC",
        )
        position[0] = first + count
        for values in rows.values():
            values.clear()
        lines.clear()
        return batch

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    chunk_size = 1 << 20
    with open_log(source) as stream:
        raw = stream.fileobj if isinstance(stream, gzip.GzipFile) else stream
        while True:
            try:
                chunk = stream.read(chunk_size)
                parser.Parse(chunk, not chunk)
            except expat.ExpatError as error:
                raise EventLogError(
                    f"{source}: malformed XES at line {error.lineno}, column {error.offset + 1}: "
                    f"{expat.ErrorString(error.code)}"
                ) from error
            except (OSError, EOFError) as error:
                raise EventLogError(f"{source}: unreadable file: {error}") from error
            yield from pending
            pending.clear()
            if progress is not None and raw is not None:
                progress(raw.tell())
            if not chunk:
                break
    if in_trace or in_event:
        raise EventLogError(f"{source}: the file ends inside a trace")
    if lines:
        yield _flush()


def read_xes(
    path: str | os.PathLike[str],
    *,
    unit_attr: str = "org:group",
    actor_attr: str = "org:resource",
    attrs: Mapping[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Table:
    """The XES log as a checked canonical event table (in memory, Arrow-backed).

    Nothing is returned from a malformed file: the error (EventLogError) names the line.
    """
    batches = list(
        iter_xes_batches(
            path, unit_attr=unit_attr, actor_attr=actor_attr, attrs=attrs, progress=progress
        )
    )
    table = pa.Table.from_batches(batches, schema=arrow_schema())
    return check_events(ibis.memtable(table))


def xes_to_parquet(
    path: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    unit_attr: str = "org:group",
    actor_attr: str = "org:resource",
    attrs: Mapping[str, str] | None = None,
) -> int:
    """Convert an XES log to a Parquet file of canonical events with flat memory; returns the
    number of events. The file appears only when the whole log was read (temp file, then rename).
    """
    target = Path(out)
    handle, temp_name = tempfile.mkstemp(dir=target.parent, suffix=".parquet.part")
    os.close(handle)
    count = 0
    try:
        with pq.ParquetWriter(temp_name, arrow_schema()) as writer:
            for batch in iter_xes_batches(
                path, unit_attr=unit_attr, actor_attr=actor_attr, attrs=attrs
            ):
                writer.write_batch(batch)
                count += batch.num_rows
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return count

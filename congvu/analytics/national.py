"""The national store: the canonical events of every province, partitioned by province and month.

Each province exports its events (``congvu export-events --format parquet``) into a tree in Hive
layout, ``DIR/province=22/month=2026-03/*.parquet``: the partition keys are the folder names,
not columns of the files. DuckDB and Spark both read such a tree, and read only the partitions a
filter names.

Ids are a province's own: unit 15 or case 812 of one province is not those of another. A
national analysis therefore keys every id by its province (``22|15``) before the detectors run,
so that they run once over all provinces as over one log, and takes the keys apart afterwards
into a ``province`` column of each output (:func:`unkeyed`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from pathlib import Path

import ibis
import ibis.expr.datatypes as dt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
from ibis.expr.types import Table

PROVINCE = "province"
MONTH = "month"
PARTITIONS = (PROVINCE, MONTH)
SEPARATOR = "|"
# The columns holding a province's own ids: case and event ids, units and officials.
KEYED = ("case_id", "event_id", "unit", "to_unit", "actor", "assignee")


def month_key(ts: pa.ChunkedArray | pa.Array) -> pa.Array:
    """The month of UTC instants as ``YYYY-MM`` (the metrics' period is the UTC month too)."""
    return pc.strftime(ts, format="%Y-%m")


def write_province(events: pa.Table, root: Path, province: str) -> list[Path]:
    """Write a province's events into ``root/province=P/month=YYYY-MM/`` (Hive layout),
    replacing that province's previous export as a whole (atomically: written beside, then
    moved in), and leaving the other provinces' folders alone. Returns the files written."""
    if not province or SEPARATOR in province or "/" in province or "=" in province:
        raise ValueError(f"province {province!r}: expected a code such as 22")
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{PROVINCE}={province}.", dir=root))
    try:
        months = month_key(events.column("ts"))
        table = events.append_column(MONTH, months)
        ds.write_dataset(
            table,
            staging,
            format="parquet",
            partitioning=ds.partitioning(pa.schema([(MONTH, pa.string())]), flavor="hive"),
            basename_template=f"part-{uuid.uuid4().hex[:8]}-{{i}}.parquet",
            existing_data_behavior="overwrite_or_ignore",
        )
        target = root / f"{PROVINCE}={province}"
        previous = root / f".{PROVINCE}={province}.old-{uuid.uuid4().hex[:8]}"
        if target.exists():
            os.replace(target, previous)
        os.replace(staging, target)
        shutil.rmtree(previous, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(target.rglob("*.parquet"))


def is_national(events: Table) -> bool:
    """Whether ``events`` come from a national store (they have a ``province`` column)."""
    return PROVINCE in events.columns


def keyed_by_province(events: Table) -> Table:
    """The events with every id prefixed by its province (``22|15``), the partition columns
    dropped: the detectors then see one log in which no two provinces share an id."""
    province = events[PROVINCE].cast(dt.string)

    def keyed(value: ibis.Value) -> ibis.Value:
        # Spelled out: a concatenation with a null is null on some engines, not on others.
        return ibis.ifelse(value.isnull(), ibis.null(dt.string), province.concat(SEPARATOR, value))

    changed = {name: keyed(events[name]) for name in KEYED if name in events.columns}
    return events.mutate(**changed).drop(*(name for name in PARTITIONS if name in events.columns))


def split_key(name: str) -> tuple[str, str]:
    """``("22", "15")`` of a keyed ``"22|15"`` (no province: ``("", name)``)."""
    province, found, rest = name.partition(SEPARATOR)
    return (province, rest) if found else ("", name)


def shown(name: str) -> str:
    """A keyed name as a report shows it: ``15 [22]``."""
    province, rest = split_key(name)
    return f"{rest} [{province}]" if province else name


def unkeyed(table: pa.Table, key: str) -> pa.Table:
    """An output of a keyed analysis with its ids taken apart: a first column ``province`` (of
    the ``key`` column's prefix) and every text column without the prefix. A case's evidence
    and detail name only its own province's ids, so each row loses one literal prefix. Rows
    keep their order within a province; provinces come in order."""
    parts = pc.split_pattern(table.column(key), SEPARATOR, max_splits=1)
    has_key = pc.greater(pc.list_value_length(parts), 1)
    province = pc.if_else(has_key, pc.list_element(parts, 0), pa.scalar(None, pa.string()))
    names = sorted(str(name) for name in pc.unique(province).to_pylist() if name is not None)
    pieces = []
    for name in names:
        rows = table.filter(pc.fill_null(pc.equal(province, name), False))
        columns = [
            pc.replace_substring(column, name + SEPARATOR, "")
            if pa.types.is_string(column.type) or pa.types.is_large_string(column.type)
            else column
            for column in rows.columns
        ]
        stripped = pa.table(columns, schema=rows.schema)
        pieces.append(
            stripped.add_column(0, PROVINCE, pa.array([name] * rows.num_rows, pa.string()))
        )
    rest = table.filter(pc.invert(pc.fill_null(has_key, False)))
    pieces.append(rest.add_column(0, PROVINCE, pa.nulls(rest.num_rows, pa.string())))
    return pa.concat_tables(pieces)


# Columns naming officials: replaced by pseudonyms before the events leave the province.
OFFICIALS = ("actor", "assignee")
# Free text an official wrote may name people: it does not leave the province.
PRIVATE_TEXT = ("note",)


def pseudonymised(events: pa.Table, key: bytes) -> pa.Table:
    """The events with each official's id replaced by a pseudonym (HMAC-SHA256 of the id under
    ``key``, 16 hex digits: the same official gets the same pseudonym in every export made with
    the same key, and only the holder of the key can tell who it is) and free text removed."""
    import hashlib
    import hmac

    def pseudonym(value: str) -> str:
        return "p" + hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:16]

    result = events
    for name in OFFICIALS:
        if name not in result.column_names:
            continue
        column = result.column(name)
        distinct = [value for value in pc.unique(column).to_pylist() if value is not None]
        mapping = pa.array(distinct, pa.string())
        replaced = pa.array([pseudonym(value) for value in distinct], pa.string())
        positions = pc.index_in(column, value_set=mapping)
        result = result.set_column(
            result.column_names.index(name), name, pc.take(replaced, positions)
        )
    for name in PRIVATE_TEXT:
        if name in result.column_names:
            index = result.column_names.index(name)
            result = result.set_column(index, name, pa.nulls(result.num_rows, pa.string()))
    return result

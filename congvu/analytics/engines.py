"""The engines the analytics core runs on: DuckDB in-process (the default) and Spark.

The detectors are ibis expressions; an engine is the ibis backend that runs them. On Spark
(PySpark local mode here, a cluster through ``spark://`` or Spark Connect ``sc://`` in production:
``CONGVU_SPARK_MASTER``) the same expressions run unchanged. Where ibis's Spark SQL would differ
from DuckDB's result, the difference is fixed once in :class:`SparkCompiler`, as
``congvu.findings.loaders`` fixes ibis's PostgreSQL SQL; no detector has a Spark version.

Spark is an optional dependency (``pip install -e '.[spark]'``) that needs Java 17.
"""

from __future__ import annotations

import math
import os
import tempfile
import uuid
from pathlib import Path
from typing import Any, Literal

import ibis
import ibis.expr.datatypes as dt
import pyarrow as pa
import sqlglot.expressions as sge
from ibis.expr.types import Table

from congvu.analytics.schema import UTC_TIMESTAMP

Engine = Literal["duckdb", "spark"]
ENGINES: tuple[Engine, ...] = ("duckdb", "spark")

# The Spark master when none is given: local mode on every core of this machine.
DEFAULT_MASTER = "local[*]"
# Shuffle partitions of a local session: Spark's default (200) is for clusters; on one machine a
# few tasks per core do the same work with less scheduling.
LOCAL_SHUFFLE_PARTITIONS = 8


def _spark_compiler() -> Any:
    from ibis.backends.sql.compilers.pyspark import PySparkCompiler

    class SparkCompiler(PySparkCompiler):  # type: ignore[misc]  # ibis is untyped
        """ibis's Spark SQL compiler with two fixes, so that Spark gives DuckDB's results:

        - ``epoch_seconds`` keeps the fraction of a second (``unix_timestamp`` drops it; DuckDB's
          ``epoch`` and PostgreSQL's ``extract(epoch ...)`` keep it): microseconds / 10^6.
        - ``group_concat(order_by=...)``, which ibis refuses on Spark: the values are collected
          with their sort keys as structs, sorted, and joined.
        - A float literal is a double (``10.0D``): written plain, Spark reads it as a decimal,
          and ``findings * 10.0 / received`` would be computed in decimals and rounded apart.
        """

        def visit_NonNullLiteral(self, op: Any, *, value: Any, dtype: Any) -> Any:
            if dtype.is_float64() and math.isfinite(value):
                return sge.Cast(this=sge.convert(value), to=sge.DataType.build("DOUBLE"))
            return super().visit_NonNullLiteral(op, value=value, dtype=dtype)

        def visit_ExtractEpochSeconds(self, op: Any, *, arg: Any) -> Any:
            micros = self.f.unix_micros(self.cast(arg, dt.Timestamp(timezone="UTC")))
            divisor = sge.Cast(this=sge.Literal.number(1_000_000), to=sge.DataType.build("DOUBLE"))
            return sge.Div(this=micros, expression=divisor)

        def visit_GroupConcat(
            self, op: Any, *, arg: Any, sep: Any, where: Any, order_by: Any
        ) -> Any:
            if not order_by:
                return super().visit_GroupConcat(op, arg=arg, sep=sep, where=where, order_by=None)
            if any(key.args.get("desc") for key in order_by):
                raise NotImplementedError("group_concat: only ascending order on Spark")
            # named_struct('k0', key0, ..., 'v', value): structs sort field by field.
            parts: list[Any] = []
            for number, key in enumerate(order_by):
                parts += [sge.Literal.string(f"k{number}"), key.this]
            item = self.f.named_struct(*parts, sge.Literal.string("v"), arg)
            keep = arg.is_(sge.Null()).not_()
            if where is not None:
                keep = sge.And(this=keep, expression=where)
            collected = self.f.array_sort(self.f.collect_list(self.if_(keep, item, sge.Null())))
            element = sg_identifier("x")
            values = self.f.transform(
                collected,
                sge.Lambda(
                    this=sge.Dot(this=element, expression=sg_identifier("v")),
                    expressions=[element],
                ),
            )
            return self.if_(self.f.size(values).eq(0), sge.Null(), self.f.array_join(values, sep))

    return SparkCompiler()


def sg_identifier(name: str) -> sge.Identifier:
    return sge.Identifier(this=name, quoted=False)


def spark_session(
    master: str | None = None,
    *,
    shuffle_partitions: int | None = None,
    driver_memory: str | None = None,
    local_dir: str | None = None,
) -> Any:
    """The process's Spark session (created once: later calls return the same one). ``master``
    defaults to ``CONGVU_SPARK_MASTER`` or local mode; a ``sc://`` URL connects to Spark Connect."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:  # pragma: no cover - depends on the installation
        raise RuntimeError(
            "the spark engine needs PySpark: pip install -e '.[spark]' (and Java 17)"
        ) from error
    url = master or os.environ.get("CONGVU_SPARK_MASTER") or DEFAULT_MASTER
    builder = SparkSession.builder.appName("congvu")
    if url.startswith("sc://"):
        builder = builder.remote(url)
    else:
        builder = (
            builder.master(url)
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
        )
        if driver_memory:
            builder = builder.config("spark.driver.memory", driver_memory)
        # Spark makes its (unused) table warehouse in the working folder unless told otherwise.
        warehouse = Path(tempfile.gettempdir()) / "congvu-spark-warehouse"
        builder = builder.config("spark.sql.warehouse.dir", str(warehouse))
        if local_dir:
            builder = builder.config("spark.local.dir", local_dir)
    partitions = shuffle_partitions or (
        LOCAL_SHUFFLE_PARTITIONS if url.startswith("local") else None
    )
    if partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(partitions))
    # Parquet timestamps are instants: read and written as such, never in a local zone. The
    # partition keys of a national store are text (province "01" is not the number 1).
    builder = builder.config("spark.sql.session.timeZone", "UTC").config(
        "spark.sql.sources.partitionColumnTypeInference.enabled", "false"
    )
    session = builder.getOrCreate()
    if not url.startswith("sc://"):
        session.sparkContext.setLogLevel("ERROR")
    return session


def spark_backend(session: Any = None) -> Any:
    """An ibis backend over ``session`` (default :func:`spark_session`), with the compiler
    fixes of ``SparkCompiler``."""
    con = ibis.pyspark.connect(session or spark_session())
    # On this backend only: other users of ibis keep the stock compiler.
    con.compiler = _spark_compiler()
    return con


def is_spark(con: Any) -> bool:
    """Whether ``con`` is an ibis Spark backend."""
    return type(con).__module__.startswith("ibis.backends.pyspark")


def backend_of(events: Table) -> Any:
    """The one ibis backend of ``events``, or None (a memtable, or several backends)."""
    try:
        return ibis.get_backend(events)
    except Exception:  # noqa: BLE001 - several backends or none
        return None


def as_instants(events: Table) -> Table:
    """Spark has one timestamp type, an instant shown in the session's zone (UTC here), which
    ibis reads as zone-less: said to be UTC, as the canonical schema wants (no value changes)."""
    kind = events.ts.type() if "ts" in events.columns else None
    if kind is not None and kind.is_timestamp() and kind.timezone is None:
        return events.mutate(ts=events.ts.cast(UTC_TIMESTAMP))
    return events


def spark_cache(con: Any, table: Table) -> tuple[Table, Table]:
    """``table`` cached on Spark (computed once, on first use), with the time zones of its
    timestamps kept (a Spark table's timestamps read back zone-less), and the cached table
    itself, whose ``release()`` frees it."""
    # ibis's Spark backend caches without registering the memtables the table reads (such as
    # the calendar's): registered first.
    con._register_in_memory_tables(table)
    stored = table.cache()
    zoned = {
        name: dtype
        for name, dtype in table.schema().items()
        if dtype.is_timestamp() and dtype.timezone is not None
    }
    return (stored.cast(zoned) if zoned else stored), stored


def spark_events(con: Any, events: pa.Table) -> Table:
    """An Arrow table of events as a Spark table (a temporary view) of ``con``."""
    session = con._session
    name = f"congvu_events_{uuid.uuid4().hex[:12]}"
    session.createDataFrame(events).createOrReplaceTempView(name)
    return as_instants(con.table(name))


def read_parquet(path: Path, con: Any) -> Table:
    """A Parquet file, or a folder of Parquet files in Hive layout (``province=.../month=...``),
    as a table of ``con``: the partition keys become columns. Spark reads either natively;
    DuckDB reads a folder through a glob with ``hive_partitioning``."""
    if is_spark(con):
        frame = con._session.read.parquet(str(path))
        name = f"congvu_read_{uuid.uuid4().hex[:12]}"
        frame.createOrReplaceTempView(name)
        return as_instants(con.table(name))
    if path.is_dir():
        # The partition keys are text (province "01" is not the number 1).
        return con.read_parquet(
            str(path / "**" / "*.parquet"), hive_partitioning=True, hive_types_autocast=False
        )
    return con.read_parquet(str(path))

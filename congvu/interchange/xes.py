"""XES event logs (``.xes``, ``.xes.gz``) read as a stream into the canonical event table.

Memory holds one batch of events (``batch_size``), the current trace and a few MiB of text,
whatever the size of the file. Only the attributes that the mapping asks for are kept.
``<global>`` defaults, log-level attributes and nested (meta-)attributes are skipped, as pm4py
does.

The text (gunzipped with zlib) is cut into buffers of whole traces, about 2 MiB each, each read
in one of two ways that give the same rows:

* a buffer in the plain shape that XES writers produce (``<trace>``, ``<event>`` and attribute
  elements ``<string key="..." value="..."/>`` with white space between them, nothing else) is
  read with vectorised Arrow string kernels: split at the quotes, keys and values alternate. The
  XML rules such a buffer could break (UTF-8, characters, ``<`` and ``&`` in values, the nesting
  of traces and events) are checked at the same time;
* any other buffer (the header, ``<global>``, nested attributes, comments, a malformed
  buffer...) is read by expat, the C XML parser of the standard library, through callbacks in
  Python, one call per element. This is the reference reading, and the one that names the line
  and column of the first error in a malformed file.

One expat parser reads the whole file in order; in place of a plain buffer, which is balanced,
it reads as many line breaks, so that it still numbers lines and columns as in the file.
"""

from __future__ import annotations

import os
import re
import tempfile
import zlib
from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast, overload
from xml.parsers import expat

import ibis
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from ibis.expr.types import Table

from congvu.analytics.schema import arrow_schema, check_events
from congvu.interchange.eventlog_arrow import EventLogError, to_batch

ATTRIBUTE_TAGS = frozenset(
    {"string", "date", "int", "float", "boolean", "id", "list", "container", "values"}
)
DEFAULT_BATCH_SIZE = 200_000
CASE_PREFIX = "case:"

# Bytes read from the file at a time: less when gzipped, so that the text decompressed from one
# read stays a few MiB whatever the compression ratio (about 30 for XES).
READ_SIZE = 1 << 20
GZIP_READ_SIZE = 64 << 10
# Text read at a time (whole traces: more when one trace is longer).
BUFFER_SIZE = 2 << 20
# Past this much text without a </trace>, the text goes to the callbacks as it is.
LONGEST_BUFFER = 8 * BUFFER_SIZE
# The first buffer holds the header, always read through the callbacks: keep it small.
FIRST_BUFFER_SIZE = 64 << 10
TRACE_END = b"</trace>"

_WS = "[ \t\r\n]"
_SIMPLE_TAG = "(?:string|date|int|float|boolean|id)"
# The text between the closing quote of one attribute value and the opening quote of the next
# key: the end of that attribute element, trace and event tags, the start of the next attribute.
_GLUE = re.compile(
    rf"{_WS}*(?P<close>/>{_WS}*)?(?P<ev_end></event>{_WS}*)?(?P<tr_end></trace>{_WS}*)?"
    rf"(?P<tr_start><trace>{_WS}*)?(?P<ev_start><event>{_WS}*)?<{_SIMPLE_TAG}{_WS}+key{_WS}*={_WS}*"
)
_MID = re.compile(rf"{_WS}+value{_WS}*={_WS}*")
_TAIL = re.compile(rf"{_WS}*/>{_WS}*(?P<ev_end></event>{_WS}*)?</trace>")
_ENCODING = re.compile(rb"^(?:\xef\xbb\xbf)?<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")
_PLAIN_ENCODINGS = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})
_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|[^;]*);")
_PREDEFINED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_SPACES = str.maketrans("\t\n\r", "   ")
_NEEDS_DECODING = "[&\t\n\r]"
# Bytes that XML forbids anywhere (C0 controls other than tab, line feed, carriage return).
_CONTROLS = bytes(range(0x20)).translate(None, b"\t\n\r")
_BAD_REFERENCE = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)")
_CHARACTER_REFERENCE = re.compile(rb"&#(x[0-9a-fA-F]+|[0-9]+);")


class _NotPlain(Exception):
    """The buffer is not in the plain shape: read it through the callbacks."""


@dataclass(frozen=True)
class _Spec:
    """Which XES keys feed which canonical columns (``case:`` keys are read from the trace)."""

    columns: tuple[str, ...]
    event_pairs: tuple[tuple[str, str], ...]
    trace_pairs: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, unit_attr: str, actor_attr: str, attrs: Mapping[str, str] | None) -> _Spec:
        mapping = {
            "case_id": CASE_PREFIX + "concept:name",
            "activity": "concept:name",
            "ts": "time:timestamp",
            "actor": actor_attr,
            "unit": unit_attr,
        }
        # A mapping of case_id replaces the trace's concept:name.
        mapping.update(attrs or {})
        return cls(
            columns=tuple(mapping),
            event_pairs=tuple(
                (column, key) for column, key in mapping.items() if not key.startswith(CASE_PREFIX)
            ),
            trace_pairs=tuple(
                (column, key.removeprefix(CASE_PREFIX))
                for column, key in mapping.items()
                if key.startswith(CASE_PREFIX)
            ),
        )


@dataclass(frozen=True)
class _Part:
    """Events of whole traces, in file order: text columns, the line of each event, and the
    number of events read at the end of each trace (where a batch may end)."""

    columns: dict[str, pa.Array]
    lines: pa.Array
    trace_ends: list[int]

    @property
    def size(self) -> int:
        return len(self.lines)

    def slice(self, start: int, stop: int) -> _Part:
        return _Part(
            {name: array.slice(start, stop - start) for name, array in self.columns.items()},
            self.lines.slice(start, stop - start),
            [],
        )


class _Lines(Sequence[int]):
    """Line numbers kept as an Arrow array, read one by one only to name a bad event."""

    def __init__(self, array: pa.Array) -> None:
        self._array = array

    def __len__(self) -> int:
        return len(self._array)

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[int]: ...

    def __getitem__(self, index: int | slice) -> int | Sequence[int]:
        if isinstance(index, slice):
            return cast(list[int], self._array[index].to_pylist())
        return int(self._array[index].as_py())


def _line_breaks(text: bytes | str) -> int:
    """Line breaks as expat counts them: ``\\n``, ``\\r\\n`` and a lone ``\\r``."""
    if isinstance(text, bytes):
        breaks = text.count(b"\n")
        return breaks + text.count(b"\r") - text.count(b"\r\n") if b"\r" in text else breaks
    breaks = text.count("\n")
    return breaks + text.count("\r") - text.count("\r\n") if "\r" in text else breaks


def _attribute_value(raw: str) -> str:
    """An attribute value as written -> as XML reads it: white space normalised to spaces,
    character and predefined entity references replaced."""
    text = raw.replace("\r\n", " ").translate(_SPACES)
    if "&" not in text:
        return text

    def entity(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("#x"):
            return chr(int(name[2:], 16))
        if name.startswith("#"):
            return chr(int(name[1:]))
        if name in _PREDEFINED:
            return _PREDEFINED[name]
        raise _NotPlain(name)  # an entity of a DTD: only expat knows it

    return _ENTITY.sub(entity, text)


def _decoded(values: pa.Array) -> pa.Array:
    """``values`` with the few that hold references or white space read as XML reads them."""
    marked = pc.match_substring_regex(values, _NEEDS_DECODING)
    if not pc.any(marked).as_py():
        return values
    fixed = [_attribute_value(value) for value in pc.filter(values, marked).to_pylist()]
    return pc.replace_with_mask(values, marked, pa.array(fixed, type=pa.string()))


def _text_array(buffer: bytes) -> pa.Array:
    """The buffer as a one-value Arrow string array, without a copy."""
    offsets = (0).to_bytes(4, "little") + len(buffer).to_bytes(4, "little")
    return pa.Array.from_buffers(
        pa.string(), 1, [None, pa.py_buffer(offsets), pa.py_buffer(buffer)]
    )


def _breaks_each(texts: pa.Array, crlf: bool) -> pa.Array:
    """Line breaks in each value (see _line_breaks)."""
    counted = pc.count_substring(texts, "\n")
    if crlf:
        counted = pc.subtract(
            pc.add(counted, pc.count_substring(texts, "\r")), pc.count_substring(texts, "\r\n")
        )
    return counted


def _check_characters(buffer: bytes, markup_lt: int) -> None:
    """Raise _NotPlain unless every character of the buffer may stand in an XML document and
    the values hold no ``<`` (``markup_lt``: the ``<`` of the tags) and only sound references.
    The UTF-8 encoding itself is checked by Arrow."""
    if len(buffer.translate(None, _CONTROLS)) != len(buffer):
        raise _NotPlain("control character")
    if b"\xef" in buffer and (b"\xef\xbf\xbe" in buffer or b"\xef\xbf\xbf" in buffer):
        raise _NotPlain("non-character")
    if buffer.count(b"<") != markup_lt:
        raise _NotPlain("< in a value")
    if b"&" in buffer:
        if _BAD_REFERENCE.search(buffer):
            raise _NotPlain("& not starting a reference")
        for match in _CHARACTER_REFERENCE.finditer(buffer):
            digits = match.group(1)
            code = int(digits[1:], 16) if digits.startswith(b"x") else int(digits)
            if not _legal_character(code):
                raise _NotPlain("reference to an illegal character")


def _legal_character(code: int) -> bool:
    """XML 1.0 ``Char``."""
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def _scan(buffer: bytes, spec: _Spec, first_line: int, breaks: int) -> _Part:
    """The events of a buffer in the plain shape, read with Arrow kernels; raises _NotPlain
    for any other buffer, well-formed or not. ``buffer`` starts between two traces and ends with
    ``</trace>``, its first byte is on line ``first_line`` and it holds ``breaks`` line breaks.

    Besides the shape, the rules of XML that such a buffer could break are checked here (UTF-8,
    characters, ``<`` and ``&`` in values, the nesting of traces and events), so that expat
    need not read it: a buffer that breaks one goes to expat, which names the line and column.
    """
    if len(buffer) >= 1 << 31:
        raise _NotPlain("too large for 32-bit offsets")
    text = _text_array(buffer)
    try:
        text.validate(full=True)
    except pa.ArrowInvalid:
        raise _NotPlain("not UTF-8") from None
    pieces = pc.split_pattern(text, '"').flatten()
    count = len(pieces)
    if count < 5 or count % 4 != 1:
        raise _NotPlain("quotes")
    # Per attribute element: the text before its key, the key, the text before its value, the
    # value. The last piece closes the last attribute element and the trace.
    quads = pa.FixedSizeListArray.from_arrays(pieces.slice(0, count - 1), 4)
    glue = pc.dictionary_encode(pc.list_element(quads, 0))
    keys = pc.dictionary_encode(pc.list_element(quads, 1))
    tail = _TAIL.fullmatch(pieces[count - 1].as_py())
    if tail is None:
        raise _NotPlain("tail")
    is_mid = pc.equal(pieces.slice(0, count - 1), " value=")
    if not pc.all(pc.list_element(pa.FixedSizeListArray.from_arrays(is_mid, 4), 2)).as_py():
        mids = pc.list_element(quads, 2)
        if not all(_MID.fullmatch(form) for form in pc.unique(mids).to_pylist()):
            raise _NotPlain("value")

    # Each distinct text between attributes (a handful per file) is matched once.
    names = ("close", "ev_end", "tr_end", "tr_start", "ev_start")
    flags: dict[str, list[int]] = {name: [] for name in names}
    form_breaks: list[int] = []
    breaks_to_event: list[int] = []
    form_lt: list[int] = []
    for form in glue.dictionary.to_pylist():
        match = _GLUE.fullmatch(form)
        if match is None:
            raise _NotPlain("glue")
        for name in names:
            flags[name].append(0 if match.group(name) is None else 1)
        form_breaks.append(_line_breaks(form))
        at = match.start("ev_start")
        breaks_to_event.append(_line_breaks(form[:at]) if at >= 0 else 0)
        form_lt.append(form.count("<"))
    head = _GLUE.fullmatch(glue.dictionary[glue.indices[0].as_py()].as_py())
    if (
        head is None
        or not head.group("tr_start")
        or any(head.group(name) for name in ("close", "ev_end", "tr_end"))
    ):
        raise _NotPlain("head")  # a buffer starts with a trace

    def per_attribute(per_form: list[int]) -> pa.Array:
        return pc.take(pa.array(per_form, type=pa.int32()), glue.indices)

    def true_somewhere(*conditions: pa.Array) -> bool:
        both = conditions[0]
        for condition in conditions[1:]:
            both = pc.and_(both, condition)
        return bool(pc.any(both).as_py())

    close = per_attribute(flags["close"])
    if pc.sum(close).as_py() != len(close) - 1:
        raise _NotPlain("unclosed attribute")
    _check_characters(buffer, pc.sum(per_attribute(form_lt)).as_py() + tail.group(0).count("<"))
    ev_start = per_attribute(flags["ev_start"])
    tr_start = per_attribute(flags["tr_start"])
    ev_end = per_attribute(flags["ev_end"])
    tr_end = per_attribute(flags["tr_end"])
    # Within a piece the tags come in this order: </event> </trace> <trace> <event>.
    # Open events and traces after each piece, and in the middle of it (after its end tags):
    ev_num = pc.cumulative_sum(ev_start)
    tr_num = pc.cumulative_sum(tr_start)
    in_event = pc.subtract(ev_num, pc.cumulative_sum(ev_end))
    in_trace = pc.subtract(tr_num, pc.cumulative_sum(tr_end))
    event_between = pc.subtract(in_event, ev_start)
    trace_between = pc.subtract(in_trace, tr_start)
    for depth in (in_event, in_trace, event_between, trace_between):
        bounds = pc.min_max(depth).as_py()
        if bounds["min"] < 0 or bounds["max"] > 1:
            raise _NotPlain("nesting")
    ends, starts = pc.cast(tr_end, pa.bool_()), pc.cast(ev_start, pa.bool_())
    opens = pc.cast(tr_start, pa.bool_())
    # With those bounds, what is left of the nesting rules (an event opened in another event, a
    # trace in a trace, closing what is not open are out already; a trace opened in an event
    # implies a trace closed in an event before it):
    if true_somewhere(ends, pc.not_equal(event_between, 0)):
        raise _NotPlain("</trace> inside an event")
    if true_somewhere(starts, pc.equal(in_trace, 0)):
        raise _NotPlain("<event> outside a trace")  # well-formed, but not read as an event
    last = len(in_event) - 1
    if in_event[last].as_py() != (1 if tail.group("ev_end") else 0) or in_trace[last].as_py() != 1:
        raise _NotPlain("unbalanced")

    events = pc.filter(ev_num, starts)  # 1..E
    traces = pc.filter(tr_num, opens)  # 1..T
    event_trace = pc.subtract(pc.filter(tr_num, starts), 1)
    attr_in_event = pc.equal(in_event, 1)
    attr_in_trace = pc.and_(pc.equal(in_trace, 1), pc.equal(in_event, 0))
    key_forms = [_attribute_value(form) for form in keys.dictionary.to_pylist()]

    def column(key: str, where: pa.Array, owner: pa.Array, owners: pa.Array) -> pa.Array:
        """The last value of ``key`` in each owner (event or trace), null where it has none."""
        codes = [code for code, form in enumerate(key_forms) if form == key]
        if not codes:
            return pa.nulls(len(owners), pa.string())
        if len(codes) == 1:
            chosen = pc.and_(where, pc.equal(keys.indices, codes[0]))
        else:
            chosen = pc.and_(where, pc.is_in(keys.indices, pa.array(codes, keys.indices.type)))
        at = pc.indices_nonzero(chosen)
        numbers = pc.take(owner, at)
        found = _decoded(pc.take(pieces, pc.add(pc.multiply(at, 4), 3)))
        size = len(numbers)
        increasing = (
            size < 2 or pc.all(pc.greater(numbers.slice(1), numbers.slice(0, size - 1))).as_py()
        )
        if not increasing:  # a key given twice: the last one counts, as in a dict
            last = pc.not_equal(numbers.slice(0, size - 1), numbers.slice(1))
            last = pa.concat_arrays([last, pa.array([True])])
            numbers, found = pc.filter(numbers, last), pc.filter(found, last)
        if increasing and len(numbers) == len(owners):
            return found  # every owner has the key once: the values are the column
        return pc.take(found, pc.index_in(owners, value_set=numbers))

    columns: dict[str, pa.Array] = {}
    by_key: dict[tuple[str, str], pa.Array] = {}
    for name, key in spec.event_pairs:
        if ("event", key) not in by_key:
            by_key["event", key] = column(key, attr_in_event, ev_num, events)
        columns[name] = by_key["event", key]
    for name, key in spec.trace_pairs:
        if ("trace", key) not in by_key:
            by_key["trace", key] = column(key, attr_in_trace, tr_num, traces)
        columns[name] = pc.take(by_key["trace", key], event_trace)

    # The line of each event: breaks before its attribute piece, then within it up to <event>.
    spread = per_attribute(form_breaks)
    in_quotes = breaks - pc.sum(spread).as_py() - _line_breaks(tail.group(0))
    if in_quotes:  # line breaks inside keys or values (rare): count them too
        crlf = b"\r" in buffer
        spread = pc.add(spread, pc.take(_breaks_each(keys.dictionary, crlf), keys.indices))
        spread = pc.add(spread, _breaks_each(pc.list_element(quads, 2), crlf))
        spread = pc.add(spread, _breaks_each(pc.list_element(quads, 3), crlf))
    before = pc.subtract(pc.cumulative_sum(spread), spread)
    lines = pc.add(
        pc.filter(pc.add(before, per_attribute(breaks_to_event)), starts), first_line
    ).cast(pa.int64())

    trace_ends = pc.filter(pc.subtract(ev_num, ev_start), ends).to_pylist()
    trace_ends.append(len(events))
    return _Part(columns, lines, trace_ends)


class _Callbacks:
    """The reference reading: expat callbacks in Python, for buffers not in the plain shape.

    Rows of whole traces are handed out with ``take``; the events of a trace still open stay.
    """

    def __init__(self, parser: Any, spec: _Spec) -> None:
        event_pairs, trace_pairs = spec.event_pairs, spec.trace_pairs
        event_keys = {key for column, key in event_pairs}
        trace_keys = {key for column, key in trace_pairs}
        event_columns = [column for column, key in event_pairs]
        trace_columns = [column for column, key in trace_pairs]
        rows: dict[str, list[Any]] = {column: [] for column in spec.columns}
        lines: list[int] = []
        trace_ends: list[int] = []
        event: dict[str, str] = {}
        trace: dict[str, str] = {}
        # The handlers run once per XML element: plain closure variables keep them cheap.
        depth = 0  # attribute elements open
        level = 0  # elements open
        in_event = in_trace = in_global = False
        event_line = 0
        closed = 0  # events given their trace's values
        last_trace_end = -1  # byte offset of the last </trace>

        def start(tag: str, attributes: dict[str, str]) -> None:
            nonlocal depth, level, in_event, in_trace, in_global, event_line
            level += 1
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
                    event_line = parser.CurrentLineNumber
            elif tag == "trace":
                in_trace = True
                trace.clear()
            elif tag == "global":
                in_global = True

        def end(tag: str) -> None:
            nonlocal depth, level, in_event, in_trace, in_global, closed, last_trace_end
            level -= 1
            if tag in ATTRIBUTE_TAGS:
                depth -= 1
            elif tag == "event":
                if in_event:
                    for column, key in event_pairs:
                        rows[column].append(event.get(key))
                    lines.append(event_line)
                    in_event = False
            elif tag == "trace":
                in_trace = False
                count = len(lines) - closed
                for column, key in trace_pairs:
                    rows[column].extend([trace.get(key)] * count)
                closed = len(lines)
                trace_ends.append(closed)
                last_trace_end = parser.CurrentByteIndex
            elif tag == "global":
                in_global = False

        def between_traces(offset: int) -> bool:
            """Whether the reading stands right after a ``</trace>`` at byte ``offset``,
            inside the root element but outside any trace, event, global or attribute."""
            return (
                last_trace_end == offset
                and level > 0
                and not (in_trace or in_event or in_global)
                and depth == 0
                and closed == len(lines)
            )

        def inside_trace() -> bool:
            return in_trace or in_event

        def take() -> _Part | None:
            nonlocal closed
            if not closed:
                trace_ends.clear()
                return None
            part = _Part(
                {
                    column: pa.array(
                        rows[column][:closed] if column in event_columns else rows[column],
                        type=pa.string(),
                    )
                    for column in spec.columns
                    if column in event_columns or column in trace_columns
                },
                pa.array(lines[:closed], type=pa.int64()),
                list(trace_ends),
            )
            for column in event_columns:
                del rows[column][:closed]
            for column in trace_columns:
                rows[column].clear()
            del lines[:closed]
            trace_ends.clear()
            closed = 0
            return part

        self.start = start
        self.end = end
        self.between_traces = between_traces
        self.inside_trace = inside_trace
        self.take = take


class _Batches:
    """Parts of whole traces -> record batches; a batch ends at the first trace end that brings
    it to ``batch_size`` events, so a trace is never split."""

    def __init__(self, spec: _Spec, batch_size: int, source: str) -> None:
        self.spec = spec
        self.batch_size = max(batch_size, 1)
        self.source = source
        self.pending: list[_Part] = []
        self.count = 0
        self.position = 0

    def add(self, part: _Part | None) -> Iterator[pa.RecordBatch]:
        if part is None or not part.size:
            return
        taken = 0
        while True:
            index = bisect_left(part.trace_ends, taken + self.batch_size - self.count)
            if index == len(part.trace_ends):
                break
            cut = part.trace_ends[index]
            self.pending.append(part.slice(taken, cut))
            self.count += cut - taken
            taken = cut
            yield self.flush()
        if taken < part.size:
            self.pending.append(part.slice(taken, part.size) if taken else part)
            self.count += part.size - taken

    def flush(self) -> pa.RecordBatch:
        parts, self.pending = self.pending, []
        count, self.count = self.count, 0
        first = self.position
        self.position += count

        def joined(arrays: list[pa.Array]) -> pa.Array:
            return arrays[0] if len(arrays) == 1 else pa.concat_arrays(arrays)

        return to_batch(
            {name: joined([part.columns[name] for part in parts]) for name in parts[0].columns},
            positions=range(first + 1, first + count + 1),
            lines=_Lines(joined([part.lines for part in parts])),
            source=self.source,
            naive_timezone="UTC",
        )


def _decompressed(source: Path, progress: Callable[[int], None] | None) -> Iterator[bytes]:
    """The file's bytes, gunzipped when its name ends in ``.gz``, in pieces; ``progress`` gets
    the number of bytes read from the file after every read."""
    gzipped = source.suffix == ".gz"
    size = GZIP_READ_SIZE if gzipped else READ_SIZE
    inflate = zlib.decompressobj(wbits=31)
    with source.open("rb") as raw:
        while chunk := raw.read(size):
            while gzipped and chunk:
                if inflate.eof:  # another gzip member, or zero padding, follows
                    chunk = chunk.lstrip(b"\0")
                    if not chunk:
                        break
                    inflate = zlib.decompressobj(wbits=31)
                data = inflate.decompress(chunk)
                chunk = inflate.unused_data
                if data:
                    yield data
            if chunk:
                yield chunk
            if progress is not None:
                progress(raw.tell())
    if gzipped and not inflate.eof:
        raise EOFError("Compressed file ended before the end-of-stream marker was reached")


def _plain_encoding(head: bytes) -> bool:
    """Whether the XML declaration at the start of the file names UTF-8 (or none, or ASCII)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:2] in (b"<\0", b"\0<"):
        return False  # UTF-16
    declared = _ENCODING.match(head)
    return declared is None or declared.group(1).decode().lower() in _PLAIN_ENCODINGS


class _Reader:
    """One expat parser over the whole file, fed buffer by buffer, with or without callbacks."""

    def __init__(self, source: Path, spec: _Spec) -> None:
        self.source = source
        self.spec = spec
        self.parser = expat.ParserCreate()
        if hasattr(self.parser, "SetReparseDeferralEnabled"):
            # Every token of a buffer must be handled while that buffer's handlers are set.
            self.parser.SetReparseDeferralEnabled(False)
        self.callbacks = _Callbacks(self.parser, spec)
        self.offset = 0  # bytes fed to expat
        self.line = 1  # line of the next byte
        self.plain = True  # whether the plain-shape reading may be used
        self.between = False  # whether the bytes fed so far end with a whole trace

    def _parse(self, buffer: bytes, *, callbacks: bool, breaks: int, final: bool = False) -> None:
        parser = self.parser
        parser.StartElementHandler = self.callbacks.start if callbacks else None
        parser.EndElementHandler = self.callbacks.end if callbacks else None
        try:
            parser.Parse(buffer, final)
        except expat.ExpatError as error:
            raise EventLogError(
                f"{self.source}: malformed XES at line {error.lineno}, column {error.offset + 1}: "
                f"{expat.ErrorString(error.code)}"
            ) from error
        self.offset += len(buffer)
        self.line += breaks

    @staticmethod
    def _stand_in(buffer: bytes, breaks: int) -> bytes:
        """What expat reads in place of a buffer read (and checked) by _scan: as many line
        breaks, then as many spaces as the last line has characters, so that expat goes on
        numbering lines and columns as in the file. The buffer itself when its last line is not
        plain ASCII markup."""
        last_break = max(buffer.rfind(b"\n"), buffer.rfind(b"\r"))
        if last_break < buffer.rfind(b'"'):
            return buffer
        return b"\n" * breaks + b" " * (len(buffer) - last_break - 1)

    def feed(self, buffer: bytes) -> _Part | None:
        """Read the next bytes; the events of the traces they complete. The plain-shape reading
        is tried on a buffer of whole traces (it starts and ends between two traces)."""
        breaks = _line_breaks(buffer)
        if self.plain and self.between:
            try:
                part = _scan(buffer, self.spec, self.line, breaks)
            except (_NotPlain, ValueError, OverflowError, pa.ArrowException):
                pass  # not the plain shape (or not even well-formed: expat will say where)
            else:
                self._parse(self._stand_in(buffer, breaks), callbacks=False, breaks=breaks)
                return part  # self.between stays true: the buffer ends with a whole trace
        if b"<!DOCTYPE" in buffer:
            self.plain = False  # entities and attribute defaults that only expat knows
        self._parse(buffer, callbacks=True, breaks=breaks)
        self.between = self.callbacks.between_traces(self.offset - len(TRACE_END))
        return self.callbacks.take()

    def finish(self, rest: bytes) -> _Part | None:
        """Read the end of the file."""
        self._parse(rest, callbacks=True, breaks=_line_breaks(rest), final=True)
        if self.callbacks.inside_trace():
            raise EventLogError(f"{self.source}: the file ends inside a trace")
        return self.callbacks.take()


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
    ``case:X`` is the trace attribute ``X``. ``case_id`` is the trace's ``concept:name`` unless
    ``attrs`` maps it, ``event_id`` the event's 1-based number in the file (also in
    ``position``). Raises EventLogError naming the line and column of a malformed file or the
    line of a bad event; ``progress`` is called with the number of bytes read from the file
    (compressed bytes for ``.gz``) so far after every read.
    """
    source = Path(path)
    spec = _Spec.of(unit_attr, actor_attr, attrs)
    reader = _Reader(source, spec)
    batches = _Batches(spec, batch_size, str(source))
    data = bytearray()
    wanted = FIRST_BUFFER_SIZE
    try:
        for piece in _decompressed(source, progress):
            if not reader.offset and not data:
                reader.plain = _plain_encoding(piece[:256])
            data += piece
            if not reader.plain or len(data) > LONGEST_BUFFER:
                # Callbacks only (or a trace longer than a buffer): no need to cut at a trace.
                yield from batches.add(reader.feed(bytes(data)))
                data.clear()
                continue
            while len(data) >= wanted:
                # Whole traces, about ``wanted`` bytes (more when one trace is longer).
                cut = data.rfind(TRACE_END, 0, wanted)
                if cut < 0:
                    cut = data.find(TRACE_END, wanted)
                    if cut < 0:
                        break  # read on to the end of this trace
                cut += len(TRACE_END)
                buffer = bytes(data[:cut])
                del data[:cut]
                yield from batches.add(reader.feed(buffer))
                wanted = BUFFER_SIZE
    except (OSError, EOFError, zlib.error) as error:
        raise EventLogError(f"{source}: unreadable file: {error}") from error
    cut = data.rfind(TRACE_END)
    cut = 0 if cut < 0 else cut + len(TRACE_END)
    if cut:
        yield from batches.add(reader.feed(bytes(data[:cut])))
    yield from batches.add(reader.finish(bytes(data[cut:])))
    if batches.count:
        yield batches.flush()


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

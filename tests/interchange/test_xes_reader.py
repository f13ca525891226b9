"""The XES reader: the vectorised reading of plain buffers gives what the expat callbacks give
(values, batches, the line of each event), errors name their line, memory stays flat."""

from __future__ import annotations

import gzip
import random
import re
import tracemalloc
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

import congvu.interchange.xes as xes
from congvu.interchange.eventlog_arrow import EventLogError
from congvu.interchange.xes import iter_xes_batches, read_xes, xes_to_parquet

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<!-- written by hand -->
<log xes.version="1.0" xmlns="http://www.xes-standard.org/">
\t<global scope="event"><string key="org:group" value="UNKNOWN"/></global>
\t<string key="concept:name" value="the log"/>
"""
TAIL = "</log>\n"


def event(activity: str, ts: str, group: str | None = "G1", **extra: str) -> str:
    attributes = [("concept:name", activity), ("time:timestamp", ts)]
    if group is not None:
        attributes.append(("org:group", group))
    attributes += extra.items()
    body = "".join(
        f'\t\t\t<{"date" if key == "time:timestamp" else "string"} key="{key}" value="{value}"/>\n'
        for key, value in attributes
    )
    return f"\t\t<event>\n{body}\t\t</event>\n"


def trace(name: str, *events: str, **attributes: str) -> str:
    head = "".join(
        f'\t\t<string key="{key}" value="{value}"/>\n'
        for key, value in {"concept:name": name, **attributes}.items()
    )
    return f"\t<trace>\n{head}{''.join(events)}\t</trace>\n"


def plain_traces(count: int, start: int = 0) -> str:
    return "".join(
        trace(
            f"case {number}",
            event("Queued", f"2012-05-01T10:{number % 60:02d}:00.000+02:00", "G &amp; 1"),
            event("Accepted", f"2012-05-01T11:{number % 60:02d}:00+02:00", None, impact="High"),
            variant=f"v{number % 3}",
        )
        for number in range(start, start + count)
    )


class Reading:
    """What the reader gives for a file: rows, batch sizes, the line of every event, and how
    many buffers were read in the plain (vectorised) way."""

    def __init__(
        self,
        path: Path,
        monkeypatch: pytest.MonkeyPatch,
        *,
        plain: bool,
        buffer_size: int = 1,
        **kw: Any,
    ):
        lines_seen: list[int] = []
        scanned = [0]
        real_to_batch, real_scan = xes.to_batch, xes._scan

        def to_batch(rows: Any, *, lines: Any, **options: Any) -> pa.RecordBatch:
            lines_seen.extend(lines)
            return real_to_batch(rows, lines=lines, **options)

        def scan(*args: Any) -> Any:
            if not plain:
                raise xes._NotPlain("callbacks asked for")
            part = real_scan(*args)
            scanned[0] += 1
            return part

        with monkeypatch.context() as patch:
            # Small buffers (1: one trace each), so that the reading switches ways often.
            patch.setattr(xes, "FIRST_BUFFER_SIZE", 1)
            patch.setattr(xes, "BUFFER_SIZE", buffer_size)
            patch.setattr(xes, "to_batch", to_batch)
            patch.setattr(xes, "_scan", scan)
            batches = list(iter_xes_batches(path, **kw))
        self.table = pa.Table.from_batches(batches, schema=xes.arrow_schema())
        self.sizes = [batch.num_rows for batch in batches]
        self.lines = lines_seen
        self.scanned = scanned[0]


# Ways to read a file: vectorised with buffers of one trace, of a few, of all but the first;
# callbacks only (the reference, last).
MODES = [
    {"plain": True},
    {"plain": True, "buffer_size": 1500},
    {"plain": True, "buffer_size": 1 << 20},
    {"plain": False},
]


def both(path: Path, monkeypatch: pytest.MonkeyPatch, **kw: Any) -> Reading:
    """Read ``path`` both ways, check that they agree, and return the vectorised reading with
    one trace per buffer."""
    *vectorised, callbacks = (Reading(path, monkeypatch, **mode, **kw) for mode in MODES)
    for reading in vectorised:
        assert reading.table.equals(callbacks.table)
        assert reading.sizes == callbacks.sizes
        assert reading.lines == callbacks.lines
    return vectorised[0]


def event_lines(text: str) -> list[int]:
    """The line of every ``<event`` start tag inside a trace, as an editor numbers them."""
    return [text.count("\n", 0, match.start()) + 1 for match in re.finditer(r"<event[\s/>]", text)]


def write(path: Path, text: str, *, newline: str = "\n") -> Path:
    data = text.replace("\n", newline).encode()
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", ["log.xes", "log.xes.gz"])
def test_plain_traces_are_read_vectorised_with_the_same_rows_and_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
):
    text = HEAD + plain_traces(30) + TAIL
    log = write(tmp_path / name, text)

    reading = both(log, monkeypatch, attrs={"field": "impact", "note": "case:variant"})

    assert reading.scanned >= 25  # all traces but the header's
    rows = reading.table.to_pylist()
    assert len(rows) == 60
    assert reading.lines == event_lines(text)
    assert (rows[0]["case_id"], rows[0]["activity"], rows[0]["unit"]) == (
        "case 0",
        "Queued",
        "G & 1",
    )
    assert (rows[1]["unit"], rows[1]["field"], rows[1]["note"]) == (None, "High", "v0")
    assert [row["position"] for row in rows] == list(range(1, 61))
    assert [row["event_id"] for row in rows] == [str(n) for n in range(1, 61)]


def test_values_are_read_as_xml_reads_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    odd = (
        "A &amp; B &lt;x&gt; &quot;q&quot; &apos;a&apos; &#233;&#x1F600; tab\there"
        " line\nbreak kept&#10;ref"
    )
    text = HEAD + plain_traces(3) + trace("odd", event(odd, "2012-05-01T10:00:00Z")) + TAIL

    rows = both(write(tmp_path / "log.xes", text), monkeypatch).table.to_pylist()

    assert rows[-1]["activity"] == "A & B <x> \"q\" 'a' é😀 tab here line break kept\nref"


def test_crlf_line_ends_count_as_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    text = HEAD + plain_traces(5)
    # A line break inside a value, before another event of the same buffer.
    text += trace(
        "c", event("two\nlines", "2012-05-01T10:00:00Z"), event("b", "2012-05-01T12:00:00Z")
    )
    text += plain_traces(5, start=5) + TAIL

    reading = both(write(tmp_path / "log.xes", text, newline="\r\n"), monkeypatch)

    assert reading.scanned > 5
    assert reading.lines == event_lines(text)
    assert reading.table.column("activity")[10].as_py() == "two lines"


def test_other_shapes_fall_back_to_the_callbacks_and_agree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    others = [
        # nested attributes, skipped as pm4py does
        trace(
            "nested",
            event("Queued", "2012-05-01T10:00:00Z").replace(
                "\t\t</event>",
                '\t\t\t<list key="meta"><string key="org:group" value="no"/></list>\n\t\t</event>',
            ),
        ),
        "\t<!-- a comment between traces -->\n",
        '\t<trace>\n\t\t<string value="value first" key="concept:name"/>\n'
        "\t\t<event>\n\t\t\t<string key='concept:name' value='single'/>\n"
        '\t\t\t<date key="time:timestamp" value="2012-05-01T10:00:00Z" />\n\t\t</event>\n'
        "\t</trace>\n",
        "\t<trace></trace>\n",
        '\t<trace id="x">\n\t\t<string key="concept:name" value="with id"/>\n'
        + event("Accepted", "2012-05-01T10:00:00Z")
        + "\t</trace>\n",
        # a key given twice: the last one counts; a trace attribute after the events
        trace("twice", event("First", "2012-05-01T10:00:00Z", "G1", **{"org:group": "G2"})).replace(
            "\t</trace>", '\t\t<string key="concept:name" value="renamed"/>\n\t</trace>'
        ),
        "\t<?processing instruction?>\n",
        # an event outside any trace: well-formed, not read
        event("Stray", "2012-05-01T10:00:00Z"),
        # a trace in a trace: well-formed, read as the callbacks read it
        '\t<trace>\n\t\t<string key="concept:name" value="outer"/>\n'
        + trace("inner", event("Inside", "2012-05-01T10:00:00Z"))
        + event("After", "2012-05-01T10:00:00Z")
        + "\t</trace>\n",
    ]
    parts = [HEAD]
    for number, other in enumerate(others):
        parts += [plain_traces(2, start=10 * number), other]
    text = "".join(parts) + plain_traces(2, start=99) + TAIL
    log = write(tmp_path / "log.xes", text)

    reading = both(
        log,
        monkeypatch,
        attrs={"case_id": "case:concept:name"},
        batch_size=3,
        unit_attr="org:group",
    )

    rows = reading.table.to_pylist()
    by_case = {row["case_id"]: row for row in rows}
    assert by_case["nested"]["unit"] == "G1"
    assert by_case["value first"]["activity"] == "single"
    assert by_case["renamed"]["unit"] == "G2"
    assert by_case["with id"]["activity"] == "Accepted"
    assert "Stray" not in {row["activity"] for row in rows}
    assert reading.scanned > 0
    # Batches end at trace ends: the first trace end that brings a batch to 3 events or more.
    assert all(size >= 3 for size in reading.sizes[:-1])
    assert sum(reading.sizes) == len(rows)


def test_traces_in_a_comment_are_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    ghost = trace("ghost", event("Boo", "2012-05-01T10:00:00Z"))
    text = HEAD + plain_traces(3) + "\t<!--\n" + ghost + ghost + "\t-->\n"
    text += plain_traces(3, start=3) + TAIL

    rows = both(write(tmp_path / "log.xes", text), monkeypatch).table.to_pylist()

    assert "ghost" not in {row["case_id"] for row in rows}
    assert len(rows) == 12


def test_a_dtd_turns_the_vectorised_reading_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # Entities and attribute types of a DTD change values: only expat knows them.
    dtd = (
        '<!DOCTYPE log [<!ENTITY team "Blue &#38;amp; green">'
        "<!ATTLIST string value NMTOKENS #IMPLIED>]>"
    )
    head = HEAD.replace("<!-- written by hand -->", dtd)
    text = head + plain_traces(3) + trace("e", event("&team;", "2012-05-01T10:00:00Z"))
    text += trace("f", event("  spaced   out ", "2012-05-01T10:00:00Z")) + TAIL

    reading = both(write(tmp_path / "log.xes", text), monkeypatch)

    assert reading.scanned == 0
    assert [row["activity"] for row in reading.table.to_pylist()[-2:]] == [
        "Blue & green",
        "spaced out",
    ]


def test_a_log_in_latin_1_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    text = HEAD.replace("UTF-8", "ISO-8859-1") + plain_traces(3)
    text += trace("é", event("Café", "2012-05-01T10:00:00Z")) + plain_traces(3, start=3) + TAIL
    log = tmp_path / "log.xes"
    log.write_bytes(text.encode("latin-1"))

    reading = both(log, monkeypatch)

    assert reading.scanned == 0  # only UTF-8 text is cut with Arrow kernels
    row = reading.table.to_pylist()[6]
    assert (row["case_id"], row["activity"]) == ("é", "Café")


def test_a_bad_timestamp_names_the_line_of_its_event(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    text = HEAD + plain_traces(20) + trace("bad", event("Queued", "yesterday")) + TAIL
    log = write(tmp_path / "log.xes.gz", text)
    line = event_lines(text)[-1]

    for mode in MODES:
        with pytest.raises(EventLogError, match=rf"line {line}, column 'ts': 'yesterday'"):
            Reading(log, monkeypatch, **mode)


def test_a_missing_case_name_names_the_line_of_the_event(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    nameless = "\t<trace>\n" + event("Queued", "2012-05-01T10:00:00Z") + "\t</trace>\n"
    text = HEAD + plain_traces(4) + nameless + TAIL

    with pytest.raises(EventLogError, match=rf"line {event_lines(text)[-1]}: no value for"):
        Reading(write(tmp_path / "log.xes", text), monkeypatch, plain=True)


@pytest.mark.parametrize(
    ("broken", "where", "error"),
    [
        ('value="G &amp; 1"', 'value="G @& 1"', "not well-formed"),  # an unescaped ampersand
        ("\t\t</event>\n\t</trace>", "\t\t@</evnt>\n\t</trace>", "mismatched tag"),
        ('"/>\n\t\t\t<date', '"\n\t\t\t@<date', "not well-formed"),  # an attribute left open
        # a trace closed inside an event, the event closed after it
        (
            'High"/>\n\t\t</event>\n\t</trace>',
            'High"/>\n\t@</trace>\n<id key="x" value="y"/></event>',
            "mismatched tag",
        ),
        # on the line where the last trace of a buffer ends
        ("\t</trace>\n", "\t</trace> @&\n", "not well-formed"),
    ],
)
def test_malformed_xml_late_in_the_file_names_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: str, where: str, error: str
):
    good = plain_traces(10)
    late = plain_traces(1, start=10)
    assert broken in late
    text = HEAD + good + late.replace(broken, where, 1) + plain_traces(2, start=11) + TAIL
    # The @ marks the line of the error; it is taken out of the file.
    at = text.index("@")
    text = text[:at] + text[at + 1 :]
    line = text.count("\n", 0, at) + 1
    log = write(tmp_path / "log.xes.gz", text)

    messages = set()
    for mode in MODES:
        with pytest.raises(EventLogError, match=f"malformed XES at line {line}, column") as raised:
            Reading(log, monkeypatch, **mode)
        messages.add(str(raised.value))
    assert len(messages) == 1
    assert error in messages.pop()


def test_a_file_cut_inside_a_trace_is_refused(tmp_path: Path):
    text = HEAD + plain_traces(3)
    log = write(tmp_path / "log.xes", text[: text.rindex("</event>")])

    with pytest.raises(EventLogError, match="malformed XES at line"):
        read_xes(log)


def test_a_truncated_gzip_file_is_unreadable_and_leaves_no_parquet(tmp_path: Path):
    data = gzip.compress((HEAD + plain_traces(200) + TAIL).encode())
    log = tmp_path / "log.xes.gz"
    log.write_bytes(data[: len(data) // 2])

    with pytest.raises(EventLogError, match="unreadable file"):
        xes_to_parquet(log, tmp_path / "events.parquet")

    assert sorted(path.name for path in tmp_path.iterdir()) == ["log.xes.gz"]


def test_gzip_members_are_read_one_after_the_other(tmp_path: Path):
    text = (HEAD + plain_traces(50) + TAIL).encode()
    log = tmp_path / "log.xes.gz"
    log.write_bytes(gzip.compress(text[:1000]) + gzip.compress(text[1000:]) + b"\0" * 16)
    seen: list[int] = []

    assert sum(batch.num_rows for batch in iter_xes_batches(log, progress=seen.append)) == 100
    assert seen[-1] == log.stat().st_size


def _generated(path: Path, traces: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        for start in range(0, traces, 1000):
            out.write(plain_traces(min(1000, traces - start), start=start))
        out.write(TAIL)
    return path


def _peaks(path: Path) -> tuple[int, int, int]:
    """Events read, peak Python memory (tracemalloc) and peak Arrow memory seen between batches,
    reading the file batch by batch and dropping each batch."""
    events = arrow_peak = 0
    tracemalloc.start()
    try:
        for batch in iter_xes_batches(path, batch_size=2_000):
            events += batch.num_rows
            arrow_peak = max(arrow_peak, pa.total_allocated_bytes())
            del batch
        python_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return events, python_peak, arrow_peak


def test_memory_stays_flat_when_the_file_is_ten_times_larger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # Smaller pieces than by default, so that both files span many of them.
    monkeypatch.setattr(xes, "READ_SIZE", 128 << 10)
    monkeypatch.setattr(xes, "BUFFER_SIZE", 128 << 10)
    small = _generated(tmp_path / "small.xes", 2_000)
    large = _generated(tmp_path / "large.xes", 20_000)
    assert large.stat().st_size > 9 * small.stat().st_size

    _peaks(small)  # imports and first-call caches out of the way
    events_small, python_small, arrow_small = _peaks(small)
    events_large, python_large, arrow_large = _peaks(large)

    assert (events_small, events_large) == (4_000, 40_000)
    # Not proportional to the file: one buffer of text and one batch of events at a time.
    assert python_large < 2 * python_small + (1 << 20)
    assert arrow_large < 2 * arrow_small + (1 << 20)


def test_traces_after_the_root_element_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # Well-formed up to the end of the root element (here a trace): the rest is junk.
    text = '<?xml version="1.0"?>\n' + plain_traces(1) + plain_traces(3, start=1)
    line = text.count("\n", 0, text.index("<trace>", text.index("</trace>"))) + 1

    for mode in MODES:
        with pytest.raises(EventLogError, match=f"line {line}, column 2: junk after document"):
            Reading(write(tmp_path / "log.xes", text), monkeypatch, **mode)


SPLICES = [
    *"<&\"'>/= \n\r\t\x01\x00\ufffe\uffffé",
    "&#0;", "&#xFFFE;", "&#x1F600;", "&#65;", "&foo;", "&amp", "&#x;", "-->", "<!--", "]]>",
    "</event>", "<event>", "</trace>", "<trace>", "/>", "<event/>", "<list key=\"l\">", "</list>",
    'key="a"', ' value="b"', '<string key="x" value="y"/>', "<![CDATA[x]]>", "<?pi?>", '"/>',
]  # fmt: skip
BYTE_SPLICES = [b"\xed\xa0\x80", b"\xff", b"\xc3", b"\xef\xbb\xbf"]


def test_damaged_logs_give_what_expat_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Random damage to a plain log: the vectorised reading never accepts what expat refuses,
    and reads what expat reads to the same rows and lines."""
    rng = random.Random(20260527)
    base = (HEAD + plain_traces(5) + TAIL).encode()
    splices = [text.encode() for text in SPLICES] + BYTE_SPLICES
    for case in range(150):
        data = bytearray(base)
        for _ in range(rng.choice([1, 1, 2])):
            at = rng.randrange(base.index(b"<trace>"), len(data))
            if rng.random() < 0.2:
                del data[at]
            else:
                data[at : at + rng.choice([0, 1])] = rng.choice(splices)
        log = tmp_path / f"damaged{case}.xes"
        log.write_bytes(bytes(data))
        outcomes = []
        for mode in MODES:
            try:
                reading = Reading(log, monkeypatch, **mode)
            except EventLogError as error:
                outcomes.append(("error", str(error)))
            else:
                outcomes.append(("rows", reading.table.to_pylist(), reading.lines))
        assert all(outcome == outcomes[-1] for outcome in outcomes), bytes(data)

"""The CSV, XES and OCEL readers: canonical tables out, malformed files named by line."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from congvu.interchange.eventlog_arrow import EventLogError
from congvu.interchange.eventlog_csv import header_columns, read_csv_log
from congvu.interchange.ocel import read_ocel
from congvu.interchange.xes import read_xes, xes_to_parquet

HEADER = "case_id,event_id,ts,activity,actor,unit,to_unit,due"


def test_csv_reads_offsets_to_utc_and_keeps_file_order_as_position(tmp_path: Path):
    log = tmp_path / "log.csv"
    log.write_text(
        f"{HEADER}\n"
        "b,9,2025-03-04T08:00:00+07:00,transfer,x,Sở Xây dựng,Sở Tài chính,\n"
        "a,1,2025-03-03T08:00:00+07:00,create,vp,Văn phòng,Sở Xây dựng,2025-03-10\n",
        encoding="utf-8",
    )

    rows = read_csv_log(log).to_pyarrow().to_pylist()

    assert [(r["event_id"], r["position"], r["unit"]) for r in rows] == [
        ("9", 1, "Sở Xây dựng"),
        ("1", 2, "Văn phòng"),
    ]
    assert rows[1]["ts"] == datetime(2025, 3, 3, 1, 0, tzinfo=UTC)
    assert str(rows[1]["due"]) == "2025-03-10"


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ("a,2,2025-03-04T25:00:00,create,vp,VP,A,", r"line 3, column 'ts'"),
        ("a,2,2025-03-04T08:00:00+07:00,create,vp,VP,A,31/02/2025", r"line 3, column 'due'"),
        (",2,2025-03-04T08:00:00+07:00,create,vp,VP,A,", r"line 3: no value for 'case_id'"),
    ],
)
def test_csv_names_the_line_and_column_of_a_bad_value(tmp_path: Path, bad_row, message):
    log = tmp_path / "log.csv"
    log.write_text(f"{HEADER}\na,1,2025-03-03T08:00:00+07:00,create,vp,VP,A,\n{bad_row}\n")

    with pytest.raises(EventLogError, match=message):
        read_csv_log(log)


def test_csv_in_xes_style_maps_the_unit_attribute(tmp_path: Path):
    log = tmp_path / "log.csv"
    log.write_text(
        "case:concept:name,concept:name,time:timestamp,org:group\n"
        "IM1,Assign,2013-02-13T12:03:35,TEAM1\n"
    )

    rows = read_csv_log(log, unit_attr="org:group").to_pyarrow().to_pylist()

    assert (rows[0]["case_id"], rows[0]["unit"], rows[0]["event_id"]) == ("IM1", "TEAM1", "1")


XES = """<?xml version="1.0" encoding="UTF-8" ?>
<log xes.version="1.0" xmlns="http://www.xes-standard.org/">
  <global scope="event"><string key="org:group" value="UNKNOWN"/></global>
  <string key="concept:name" value="the log"/>
  <trace>
    <string key="concept:name" value="case 1"/>
    <event>
      <string key="concept:name" value="Queued"/>
      <date key="time:timestamp" value="2012-05-01T10:00:00.000+02:00"/>
      <string key="org:group" value="G &amp; 1"/>
      <string key="org:resource" value="Anna"/>
      <list key="meta"><string key="org:group" value="nested, ignored"/></list>
    </event>
    <event>
      <string key="concept:name" value="Accepted"/>
      <date key="time:timestamp" value="2012-05-01T11:00:00.000+02:00"/>
    </event>
  </trace>
</log>
"""


def test_xes_reads_events_with_the_mapping_and_skips_globals_and_nested_values(tmp_path: Path):
    log = tmp_path / "log.xes"
    log.write_text(XES, encoding="utf-8")

    rows = read_xes(log).to_pyarrow().to_pylist()

    assert [(r["case_id"], r["activity"], r["unit"], r["actor"]) for r in rows] == [
        ("case 1", "Queued", "G & 1", "Anna"),
        ("case 1", "Accepted", None, None),
    ]
    assert rows[0]["ts"] == datetime(2012, 5, 1, 8, 0, tzinfo=UTC)


def test_malformed_xes_names_the_line_and_leaves_no_parquet(tmp_path: Path):
    log = tmp_path / "log.xes"
    log.write_text(XES.replace("</event>\n    <event>", "</evnt>\n    <event>", 1))
    out = tmp_path / "events.parquet"

    with pytest.raises(EventLogError, match=r"line 13, column 7"):
        xes_to_parquet(log, out)

    assert sorted(path.name for path in tmp_path.iterdir()) == ["log.xes"]


def test_xes_to_parquet_writes_every_event(tmp_path: Path):
    log = tmp_path / "log.xes"
    log.write_text(XES, encoding="utf-8")

    assert xes_to_parquet(log, tmp_path / "events.parquet") == 2
    assert (tmp_path / "events.parquet").exists()


def test_ocel_flattens_events_per_related_case_object(tmp_path: Path):
    log = tmp_path / "log.json"
    log.write_text(
        json.dumps(
            {
                "objects": [
                    {"id": "o1", "type": "order"},
                    {"id": "o2", "type": "order"},
                    {"id": "Sales", "type": "org:group"},
                ],
                "events": [
                    {
                        "id": "e1",
                        "type": "confirm",
                        "time": "2023-01-01T09:00:00Z",
                        "attributes": [{"name": "org:resource", "value": "Lan"}],
                        "relationships": [
                            {"objectId": "o1", "qualifier": "order"},
                            {"objectId": "o2", "qualifier": "order"},
                            {"objectId": "Sales", "qualifier": "done by"},
                        ],
                    }
                ],
            }
        )
    )

    rows = read_ocel(log).to_pyarrow().to_pylist()

    assert [(r["case_id"], r["event_id"], r["unit"], r["actor"]) for r in rows] == [
        ("o1", "e1", "Sales", "Lan"),
        ("o2", "e1", "Sales", "Lan"),
    ]


def test_malformed_ocel_names_line_and_column(tmp_path: Path):
    log = tmp_path / "log.json"
    log.write_text('{"events": [\n  {"id": "e1",,}\n]}')

    with pytest.raises(EventLogError, match=r"line 2, column"):
        read_ocel(log)


def test_the_header_names_the_canonical_columns_or_the_xes_style_ones():
    canonical = ["case_id", "ts", "activity", "unit", "note", "position", "extra"]
    xes_style = ["case:concept:name", "concept:name", "time:timestamp", "org:group", "phòng"]

    assert header_columns(canonical) == {
        "case_id": "case_id",
        "ts": "ts",
        "activity": "activity",
        "unit": "unit",
        "position": "position",
        "note": "note",
    }
    assert header_columns(xes_style, unit_attr="phòng") == {
        "case_id": "case:concept:name",
        "activity": "concept:name",
        "ts": "time:timestamp",
        "unit": "phòng",
    }
    assert header_columns(["case", "time", "activity"]) is None

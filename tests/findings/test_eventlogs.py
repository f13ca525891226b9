"""An uploaded event log read by the import path into the table `congvu analyze` reads: the same
events as the command's CSV reader, any header case, an Excel sheet, every bad value listed."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from congvu.core.imports import ImportRefused
from congvu.findings.eventlogs import read_log, read_map, shipped_map
from congvu.interchange.eventlog_csv import read_csv_log

LOG = [
    "case_id,event_id,ts,activity,actor,unit,to_unit,due",
    "b,9,04/03/2025 08:00:00,Chuyển xử lý,x,Sở Xây dựng,Sở Tài chính,",
    "a,1,2025-03-03T08:00:00+07:00,Giao nhiệm vụ,vp,Văn phòng,Sở Xây dựng,10/03/2025",
    "a,2,45720.5,Trả lại,y,Sở Xây dựng,Văn phòng,2025-03-12",
]


def test_an_upload_gives_the_events_the_command_reads_from_the_same_csv(tmp_path: Path):
    path = tmp_path / "log.csv"
    path.write_text("\n".join(LOG) + "\n", encoding="utf-8")

    _preview, events = read_log(path.read_bytes(), name="log.csv", activity_map=shipped_map())

    assert events is not None
    assert events.to_pyarrow().to_pylist() == read_csv_log(path).to_pyarrow().to_pylist()


def test_an_excel_sheet_with_date_cells_and_upper_case_headers_is_read_like_the_csv():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["CASE_ID", "TS", "Activity", "Unit", "Due"])
    sheet.append(
        # An Excel cell holds wall-clock time, without a zone.
        [17, dt.datetime(2025, 3, 3, 8, 0), "Giao nhiệm vụ", "Văn phòng", dt.date(2025, 3, 10)],  # noqa: DTZ001
    )
    sheet.append([17.0, "04/03/2025 09:30", "Hoàn thành", " VĂN  PHÒNG ", None])
    stream = io.BytesIO()
    book.save(stream)

    preview, events = read_log(stream.getvalue(), name="log.xlsx", activity_map=shipped_map())

    assert events is not None
    rows = events.to_pyarrow().to_pylist()
    assert [(row["case_id"], row["event_id"], row["activity"], row["unit"]) for row in rows] == [
        ("17", "1", "Giao nhiệm vụ", "Văn phòng"),
        ("17", "2", "Hoàn thành", "VĂN PHÒNG"),
    ]
    assert [row["ts"] for row in rows] == [
        dt.datetime(2025, 3, 3, 1, 0, tzinfo=dt.UTC),
        dt.datetime(2025, 3, 4, 2, 30, tzinfo=dt.UTC),
    ]
    assert str(rows[0]["due"]) == "2025-03-10"
    assert (preview.rows, preview.cases, preview.units) == (2, 1, 1)
    assert preview.columns == {
        "case_id": "CASE_ID",
        "ts": "TS",
        "activity": "Activity",
        "unit": "Unit",
        "due": "Due",
    }


def test_every_unreadable_value_is_listed_and_no_table_is_made():
    lines = [
        "case:concept:name,concept:name,time:timestamp,org:group",
        ",Giao nhiệm vụ,03/03/2025 08:00,Văn phòng",
        "a,,hôm qua,Văn phòng",
    ]

    preview, events = read_log(
        "\n".join(lines).encode(), name="log.csv", activity_map=shipped_map()
    )

    assert events is None
    assert [(p.row, p.column) for p in preview.problems.listed] == [
        (2, "case:concept:name"),
        (3, "concept:name"),
        (3, "time:timestamp"),
    ]


def test_a_map_that_is_not_utf8_is_refused_in_vietnamese():
    with pytest.raises(ImportRefused) as refused:
        read_map("source,activity\nTrả lại,return\n".encode("utf-16"), name="map.csv")

    assert refused.value.lines() == [
        "Bảng ánh xạ hoạt động map.csv không phải văn bản UTF-8; trong Excel, hãy lưu thành "
        '"CSV UTF-8 (Comma delimited)".'
    ]

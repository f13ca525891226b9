"""The one export helper: formula-like text is written as text, numbers and dates stay typed."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from congvu.core.exports import Sheet, write_csv, write_xlsx

ATTACKS = ['=HYPERLINK("http://x.example","Xem")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\r=1"]


def sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


def test_an_xlsx_cell_that_looks_like_a_formula_is_written_as_text():
    buffer = io.BytesIO()

    write_xlsx(
        buffer,
        [
            Sheet(
                "Nhiệm vụ",
                ["Tên", "Số tiền", "Hạn"],
                [[a, -5, dt.date(2026, 3, 4)] for a in ATTACKS],
            )
        ],
    )

    xml = sheet_xml(buffer.getvalue())
    assert "<f>" not in xml and "<f " not in xml
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == ATTACKS
    assert {row[1] for row in rows} == {-5}  # a negative number is a number, untouched
    assert sheet.cell(row=2, column=3).number_format == "dd/mm/yyyy"
    assert all(sheet.cell(row=r, column=1).data_type == "s" for r in range(2, 8))


def test_a_csv_cell_that_looks_like_a_formula_gets_an_apostrophe():
    buffer = io.StringIO()

    write_csv(buffer, ["Tên", "=Tiêu đề"], [[a, -5] for a in ATTACKS] + [["Cầu Bãi Cháy", 7]])

    lines = buffer.getvalue().split("\n")
    assert lines[0] == "Tên,'=Tiêu đề"
    assert lines[1] == '"\'=HYPERLINK(""http://x.example"",""Xem"")",-5'
    assert lines[2:5] == ["'+1+1,-5", "'-2+3,-5", "'@SUM(A1),-5"]
    assert re.match(r"^'\tx,-5$", lines[5])
    assert buffer.getvalue().endswith("Cầu Bãi Cháy,7\n")


def test_no_module_but_the_helper_writes_spreadsheets_or_csv():
    package = Path(__file__).resolve().parents[2] / "congvu"
    writers = re.compile(r"\bWorkbook\(|csv\.writer\(|csv\.DictWriter\(|WriteOnlyCell\(")

    found = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if writers.search(path.read_text(encoding="utf-8"))
    ]

    assert sorted(found) == ["core/exports.py"]

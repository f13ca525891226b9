"""The one import path: limits, streaming reads, unreadable files, problems by row and column."""

from __future__ import annotations

import io
import re
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.db import connection

from congvu.core.imports import (
    ImportRefused,
    Problem,
    Problems,
    parse_date,
    parse_whole_number,
    read_tables,
    write_all_or_nothing,
)


def refusal(source: object, name: str = "") -> str:
    with pytest.raises(ImportRefused) as refused:
        read_tables(source, name=name)  # type: ignore[arg-type]
    assert refused.value.total == len(refused.value.problems) == 1
    return "\n".join(refused.value.lines())


def xlsx_bytes(rows: list[list[object]], *, title: str = "Dữ liệu") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def dimension_bomb() -> bytes:
    """A workbook of a few real cells whose sheet declares the whole Excel grid, A1:XFD1048576
    (17 billion cells): openpyxl's read-only reader would pad to that size."""
    plain = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["Mã", "Tên"], ["A", "Sở A"], ["B", "Sở B"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in plain.infolist():
            data = plain.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', data
                )
                assert b'ref="A1:XFD1048576"' in data
            bomb.writestr(info, data)
    return out.getvalue()


def test_a_csv_is_read_with_its_bom_semicolons_row_numbers_and_nfc_text():
    decomposed = "Sở Tài chính".encode().decode()  # NFC as typed here
    nfd = "So\u031b\u0309 Ta\u0300i chi\u0301nh"
    data = ("\ufeffMã;Tên\n" + f"A; {nfd} \n\n" + f"B;{decomposed}\n").encode()

    [table] = read_tables(data, name="don-vi.csv")

    assert table.header == ("Mã", "Tên")
    assert table.rows == [(2, ("A", "Sở Tài chính")), (4, ("B", "Sở Tài chính"))]


def test_utf8_text_split_across_read_chunks_is_decoded_whole():
    rows = [f"{n},Ủy ban nhân dân phường Hạ Long {n}" for n in range(3000)]  # > 64 KB
    data = ("Mã,Tên\n" + "\n".join(rows)).encode()

    [table] = read_tables(data, name="x.csv")

    assert len(table.rows) == 3000
    assert all(values[1] == f"Ủy ban nhân dân phường Hạ Long {n}" for n, (_, values) in
               enumerate(table.rows))  # fmt: skip


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("mau.xlsx", b"Ma,Ten\nA,So A\n", "không phải là bảng tính Excel"),
        ("mau.xlsx", bytes(range(1, 200)) * 3, "không phải là bảng tính Excel"),
        ("mau.xlsx", b"PK\x03\x04" + b"\x01" * 300, "không phải là bảng tính Excel (.xlsx) đọc"),
        ("mau.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 300, "Excel 97-2003 (.xls)"),
        ("mau.csv", "Mã,Tên\nA,Sa Pa\n".encode("latin-1"), "không phải văn bản UTF-8 (dòng 1"),
        ("mau.csv", "Mã,Tên\nA,Sở A\n".encode("utf-16"), "không phải văn bản UTF-8 (dòng 1"),
        ("mau.csv", b"Ma,Ten\nA,So\x00 A\n", "byte NUL"),
        ("anh.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x07" * 100, "byte NUL"),
        ("mau.csv", b"", "Tệp rỗng"),
        ("mau.csv", xlsx_bytes([["Mã"], ["A"]]), "là bảng tính Excel hoặc một tệp nén zip"),
    ],
    ids=[
        "text-xlsx",
        "binary-xlsx",
        "broken-zip",
        "old-xls",
        "latin1",
        "utf16",
        "nul",
        "png",
        "empty",
        "xlsx-as-csv",
    ],  # fmt: skip
)
def test_an_unreadable_file_is_one_clear_problem(name, data, expected):
    assert expected in refusal(data, name)


def test_the_bad_line_of_a_wrongly_encoded_file_is_named():
    data = "Mã,Tên\nA,Sở A\n".encode() + "B,Tên B\n".encode("latin-1")

    assert "(dòng 3 " in refusal(data, "x.csv")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(settings, tmp_path):
    settings.IMPORT_MAX_BYTES = 1000
    path = tmp_path / "lon.csv"
    path.write_bytes(b"Ma\n" + b"A\n" * 600)

    class Unread(io.BytesIO):
        size = 1201  # an upload knows its size

        def read(self, *args: object) -> bytes:
            raise AssertionError("the content was read")

    message = refusal(path)

    assert "Tệp có dung lượng 2 KB, lớn hơn giới hạn 1 KB cho mỗi lần nhập" in message
    assert "lớn hơn giới hạn 1 KB" in refusal(Unread(), "lon.csv")


def test_reading_stops_at_the_row_limit_in_csv_and_workbooks(settings):
    settings.IMPORT_MAX_ROWS = 5
    csv_data = ("Mã\n" + "\n".join(f"A{n}" for n in range(6))).encode()
    workbook = xlsx_bytes([["Mã"], *[[f"A{n}"] for n in range(6)]])

    assert "hơn 5 dòng dữ liệu" in refusal(csv_data, "x.csv")
    assert 'Trang tính "Dữ liệu": Tệp có hơn 5 dòng' in refusal(workbook, "x.xlsx")
    assert len(read_tables(csv_data[: csv_data.rindex(b"\n")], name="x.csv")[0].rows) == 5


def test_a_workbook_declaring_the_whole_grid_costs_only_its_real_cells():
    data = dimension_bomb()
    assert len(data) < 10_000

    tracemalloc.start()
    try:
        [table] = read_tables(data, name="bom.xlsx")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert table.rows == [(2, ("A", "Sở A")), (3, ("B", "Sở B"))]
    assert peak < 50 * 1024 * 1024, f"{peak / 1024 / 1024:.0f} MB"


def test_a_zip_bomb_workbook_is_refused_by_its_unpacked_size(settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 100_000
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b" " * 1_000_000)

    assert "khi giải nén" in refusal(out.getvalue(), "bom.xlsx")


def test_every_sheet_is_a_table_and_an_upload_is_read_from_its_start():
    data = xlsx_bytes([["Mã"], ["A"]], title="du_an")
    stream = io.BytesIO(data)
    stream.seek(10)

    tables = read_tables(stream, name="x.xlsx")

    assert [(t.name, t.header, t.rows) for t in tables] == [("du_an", ("Mã",), [(2, ("A",))])]


def test_problems_keep_the_first_ones_and_count_the_rest():
    problems = Problems(limit=3)
    for row in range(2, 7):
        problems.add(row, "Mã", "Trống.", sheet="du_an")

    with pytest.raises(ImportRefused) as refused:
        problems.raise_any()

    assert refused.value.total == 5
    assert refused.value.lines() == [
        'Trang tính "du_an", dòng 2, cột "Mã": Trống.',
        'Trang tính "du_an", dòng 3, cột "Mã": Trống.',
        'Trang tính "du_an", dòng 4, cột "Mã": Trống.',
        "… và 2 lỗi khác không liệt kê ở đây; hãy sửa các lỗi trên rồi nhập lại.",
    ]
    assert refused.value.message == "Chưa nhập dữ liệu nào: có 5 lỗi."
    assert str(Problem(None, "", "Tệp rỗng.")) == "Tệp rỗng."
    assert str(Problem(7, "", "Trùng.")) == "Dòng 7: Trùng."


def test_cells_read_day_first_and_with_thousands_separators():
    assert parse_date("03/04/2025").isoformat() == "2025-04-03"
    assert parse_date("2025-04-03").isoformat() == "2025-04-03"
    assert parse_date(None) is None
    assert parse_whole_number("1.234.567") == 1_234_567
    assert parse_whole_number("-2 000") == -2000
    assert parse_whole_number(1500.0) == 1500
    for bad in ("31/02/2025", "hôm qua"):
        with pytest.raises(ValueError):
            parse_date(bad)
    for bad in ("hai tỷ", "1,5e3", True):
        with pytest.raises(ValueError):
            parse_whole_number(bad)


def test_a_problem_found_while_writing_rolls_everything_back(db):
    from django.contrib.auth.models import Group

    def write(problems: Problems) -> int:
        Group.objects.create(name="nhập")
        problems.add(2, "Mã", "Bị từ chối.")
        return 1

    with pytest.raises(ImportRefused):
        write_all_or_nothing(write)

    assert not Group.objects.filter(name="nhập").exists()
    assert connection.in_atomic_block  # only the test's own transaction is left open


def test_a_value_far_to_the_right_is_refused_rather_than_widening_every_row():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Mã", "Tên"])
    sheet.append(["A", "Sở A"])
    sheet.cell(row=3, column=16_384, value="x")
    buffer = io.BytesIO()
    book.save(buffer)

    assert "dòng 3 có giá trị ở sau cột 1000" in refusal(buffer.getvalue(), "x.xlsx").lower()

"""The people commands read through the one import path and write through the one export helper."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from congvu.people.rating import ITEM_COLUMNS, PEOPLE_COLUMNS
from tests.people.files import item, person, write


def run(tmp_path: Path, items: Path, people: Path) -> str:
    out = tmp_path / "RESULTS.csv"
    with pytest.raises(CommandError) as caught:
        call_command("rating", str(items), people=str(people), out=str(out))
    assert caught.value.returncode == 2
    assert not out.exists()
    assert list(tmp_path.glob(".*partial")) == []
    return str(caught.value)


def test_a_file_that_is_not_utf8_is_refused_naming_it(tmp_path: Path) -> None:
    people = write(tmp_path / "PEOPLE.csv", PEOPLE_COLUMNS, [person("S")])
    items = tmp_path / "ITEMS.csv"
    items.write_bytes(",".join(ITEM_COLUMNS).encode() + b"\n2026-03,S\xe0,x,1,yes,0,0\n")

    message = run(tmp_path, items, people)

    assert message.startswith("ITEMS.csv: ")
    assert "UTF-8" in message and "dòng 2" in message


def test_an_empty_people_file_is_refused_naming_it(tmp_path: Path) -> None:
    people = tmp_path / "PEOPLE.csv"
    people.write_bytes(b"")
    items = write(tmp_path / "ITEMS.csv", ITEM_COLUMNS, [item("S")])

    assert run(tmp_path, items, people) == "PEOPLE.csv: Tệp rỗng, không có dữ liệu."


def test_a_semicolon_csv_from_a_vietnamese_excel_is_read(tmp_path: Path) -> None:
    people = write(tmp_path / "PEOPLE.csv", PEOPLE_COLUMNS, [person("S", general=10)])
    items = tmp_path / "ITEMS.csv"
    items.write_text(
        "\ufeff" + ";".join(ITEM_COLUMNS) + "\n2026-03;S;Văn bản;1;có;0;0\n", encoding="utf-8"
    )
    out = tmp_path / "RESULTS.csv"

    call_command("rating", str(items), people=str(people), out=str(out))

    assert out.read_text(encoding="utf-8").splitlines()[1] == (
        "2026-03,S,100.00,100.00,100.00,,70.00,10.00,80.00,HTT,"
    )


def test_a_workbook_with_typed_cells_rates_as_the_same_csv_does(tmp_path: Path) -> None:
    people = write(tmp_path / "PEOPLE.csv", PEOPLE_COLUMNS, [person("S", general=10)])
    rows = [
        ["2026-03", "S", "Văn bản", 1.0, "yes", 0, None],
        ["2026-03", "S", "Báo cáo", 2, "có", 1, 0],
        ["2026-03", "S", "Tờ trình", 1.5, "yes", 0, 2],
    ]
    book = Workbook()
    sheet = book.active
    sheet.append(list(ITEM_COLUMNS))
    for values in rows:
        sheet.append(values)
    workbook = tmp_path / "ITEMS.xlsx"
    book.save(workbook)
    text = write(
        tmp_path / "ITEMS.csv",
        ITEM_COLUMNS,
        [dict(zip(ITEM_COLUMNS, values, strict=True)) for values in rows],
    )
    results = []
    for items in (workbook, text):
        out = tmp_path / f"RESULTS-{items.suffix[1:]}.csv"
        call_command("rating", str(items), people=str(people), out=str(out))
        results.append(out.read_text(encoding="utf-8"))

    assert results[0] == results[1]
    assert results[0].splitlines()[1].startswith("2026-03,S,100.00,")
    assert results[0].splitlines()[1] != "2026-03,S,100.00,100.00,100.00,,70.00,10.00,80.00,HTT,"


def test_a_bad_cell_of_a_workbook_names_its_row_and_column(tmp_path: Path) -> None:
    people = write(tmp_path / "PEOPLE.csv", PEOPLE_COLUMNS, [person("S")])
    book = Workbook()
    sheet = book.active
    sheet.append(list(ITEM_COLUMNS))
    sheet.append([])  # a blank row keeps its number
    sheet.append(["2026-03", "S", "Văn bản", -1, "yes", 0, 0])
    items = tmp_path / "ITEMS.xlsx"
    book.save(items)

    assert run(tmp_path, items, people) == "ITEMS.xlsx, dòng 3, cột coefficient: -1 phải lớn hơn 0"


def test_an_official_named_like_a_formula_is_written_as_text(tmp_path: Path) -> None:
    name = '=HYPERLINK("http://x.example","Xem")'
    people = write(tmp_path / "PEOPLE.csv", PEOPLE_COLUMNS, [person(name, general=10)])
    items = write(tmp_path / "ITEMS.csv", ITEM_COLUMNS, [item(name)])
    out = tmp_path / "RESULTS.csv"

    call_command("rating", str(items), people=str(people), out=str(out))

    assert out.read_text(encoding="utf-8").splitlines()[1] == (
        '2026-03,"\'=HYPERLINK(""http://x.example"",""Xem"")",100.00,100.00,100.00,,70.00,'
        "10.00,80.00,HTT,"
    )

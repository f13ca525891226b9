"""`congvu rating` on bad input: a message naming file, row and column; exit code 2; no output."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from congvu.people.rating import ITEM_COLUMNS, PEOPLE_COLUMNS
from tests.people.files import item, person, rating_error, write

PEOPLE = Path(__file__).resolve().parents[2] / "congvu" / "people"
ENGINES = ("rating.py", "streamlining.py", "tables.py", "rules.py")


def test_the_engines_do_not_import_django():
    offenders = []
    for name in ENGINES:
        tree = ast.parse((PEOPLE / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            else:
                continue
            offenders += [f"{name}: {module}" for module in modules if module.startswith("django")]

    assert offenders == []


def test_unknown_official_in_items(tmp_path: Path) -> None:
    message = rating_error(tmp_path, [person("S")], [item("S"), item("Z")])

    # ITEMS.csv: header row 1, S row 2, Z row 3
    assert message == "ITEMS.csv, dòng 3, cột official: công chức “Z” không có trong PEOPLE.csv"


def test_official_without_a_row_for_that_period(tmp_path: Path) -> None:
    message = rating_error(tmp_path, [person("S")], [item("S", period="2026-04")])

    assert message == (
        "ITEMS.csv, dòng 2, cột period: công chức “S” không có dòng nào trong PEOPLE.csv "
        "cho kỳ 2026-04"
    )


@pytest.mark.parametrize(
    ("coefficient", "problem"),
    [
        ("0", "0 phải lớn hơn 0"),
        ("-1.5", "-1.5 phải lớn hơn 0"),
        ("hai", "“hai” không phải là số"),
        ("", "cần có giá trị"),
    ],
)
def test_coefficient_must_be_a_number_over_zero(tmp_path: Path, coefficient, problem) -> None:
    message = rating_error(tmp_path, [person("S")], [item("S"), item("S", coefficient)])

    assert message == f"ITEMS.csv, dòng 3, cột coefficient: {problem}"


@pytest.mark.parametrize("general", ["30.01", "-1", "31"])
def test_general_points_outside_0_to_30(tmp_path: Path, general) -> None:
    message = rating_error(tmp_path, [person("A"), person("S", general=general)], [item("S")])

    assert message == (f"PEOPLE.csv, dòng 3, cột general_points: {general} nằm ngoài khoảng 0–30")


@pytest.mark.parametrize(
    ("cells", "column", "problem"),
    [
        ({"role": "trưởng nhóm"}, "role", "“trưởng nhóm” không thuộc các giá trị: leader, staff"),
        (
            {"discipline": "giang_chuc"},
            "discipline",
            "“giang_chuc” không thuộc các giá trị: buoc_thoi_viec, cach_chuc, canh_cao, "
            "khien_trach",
        ),
        (
            {"role": "leader", "organise": "75"},
            "organise_pct",
            "“75” không thuộc các giá trị: 100, 50",
        ),
        ({"suspended": "maybe"}, "suspended", "“maybe” không phải là có (yes) hoặc không (no)"),
        (
            {"period": "2026-13"},
            "period",
            "“2026-13” không phải là kỳ đánh giá (YYYY-MM hoặc YYYY-Qn)",
        ),
        ({"period": "2019-05"}, "period", "không có quy định xếp loại cho năm 2019"),
        (
            {"manager": "Z"},
            "manager",
            "người quản lý “Z” không có dòng nào trong tệp này cho kỳ 2026-03",
        ),
    ],
)
def test_unknown_words_and_values_in_people(tmp_path: Path, cells, column, problem) -> None:
    message = rating_error(tmp_path, [person("S", **cells)], [])

    assert message == f"PEOPLE.csv, dòng 2, cột {column}: {problem}"


def test_leaders_need_their_organise_and_unite_steps(tmp_path: Path) -> None:
    row = person("L", role="leader")
    row["unite_pct"] = ""

    message = rating_error(tmp_path, [row], [])

    assert message == "PEOPLE.csv, dòng 2, cột unite_pct: cần có giá trị"


def test_completed_must_be_yes_or_no(tmp_path: Path) -> None:
    message = rating_error(tmp_path, [person("S")], [item("S", completed="xong")])

    assert (
        message == "ITEMS.csv, dòng 2, cột completed: “xong” không phải là có (yes) hoặc không (no)"
    )


def test_counts_must_be_whole_numbers(tmp_path: Path) -> None:
    message = rating_error(tmp_path, [person("S")], [item("S", delays="1.5")])

    assert message == ("ITEMS.csv, dòng 2, cột delays: “1.5” không phải là số nguyên từ 0 trở lên")


def test_a_chain_of_managers_may_not_loop(tmp_path: Path) -> None:
    people = [person("A", manager="B"), person("B", manager="A")]

    message = rating_error(tmp_path, people, [])

    assert message == (
        "PEOPLE.csv, dòng 2, cột manager: chuỗi người quản lý từ “A” quay lại chính người đó"
    )


def test_an_official_has_one_row_per_period(tmp_path: Path) -> None:
    message = rating_error(tmp_path, [person("S"), person("S")], [])

    assert message == "PEOPLE.csv, dòng 3, cột official: “S” đã có một dòng (dòng 2)"


@pytest.mark.parametrize("missing", ["general_points", "discipline_related"])
def test_missing_column_in_people(tmp_path: Path, missing) -> None:
    columns = [name for name in PEOPLE_COLUMNS if name != missing]

    message = rating_error(tmp_path, [person("S")], [item("S")], people_columns=columns)

    assert message == f"PEOPLE.csv, dòng 1, cột {missing}: thiếu cột này"


def test_missing_column_in_items(tmp_path: Path) -> None:
    columns = [name for name in ITEM_COLUMNS if name != "delays"]

    message = rating_error(tmp_path, [person("S")], [item("S")], item_columns=columns)

    assert message == "ITEMS.csv, dòng 1, cột delays: thiếu cột này"


def test_a_bad_row_after_good_ones_leaves_an_earlier_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "RESULTS.csv"
    out.write_text("kết quả tháng trước\n", encoding="utf-8")
    people = write(tmp_path / "PEOPLE.csv", PEOPLE_COLUMNS, [person("S")])
    items = write(tmp_path / "ITEMS.csv", ITEM_COLUMNS, [item("S"), item("S", 0)])
    congvu = Path(sys.executable).parent / "congvu"

    done = subprocess.run(
        [str(congvu), "rating", str(items), "--people", str(people), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 2
    assert "ITEMS.csv, dòng 3, cột coefficient: 0 phải lớn hơn 0" in done.stderr
    assert out.read_text(encoding="utf-8") == "kết quả tháng trước\n"
    assert list(tmp_path.glob(".*partial")) == []


def test_the_real_command_writes_results_and_says_so(tmp_path: Path) -> None:
    people = write(tmp_path / "PEOPLE.csv", PEOPLE_COLUMNS, [person("S", general=10)])
    items = write(tmp_path / "ITEMS.csv", ITEM_COLUMNS, [item("S")])
    out = tmp_path / "RESULTS.csv"
    congvu = Path(sys.executable).parent / "congvu"

    done = subprocess.run(
        [str(congvu), "rating", str(items), "--people", str(people), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0
    assert done.stdout.strip() == f"Đã ghi 1 kết quả vào {out}."
    assert out.read_text(encoding="utf-8").splitlines() == [
        "period,official,a,b,c,d,task_points,general_points,total,level,reasons",
        "2026-03,S,100.00,100.00,100.00,,70.00,10.00,80.00,HTT,",
    ]

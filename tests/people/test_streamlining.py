"""`congvu streamlining`: hand-checked candidates of Decree 154/2025 for the review year 2026,
with grounds, deferrals and the rule cited; bad input exits with 2 and writes nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from congvu.people.rules import streamlining_rules
from congvu.people.streamlining import PEOPLE_COLUMNS, RATING_COLUMNS
from tests.people.files import rating_row, streamline, streamlining_error, worker, write

RULES = streamlining_rules().grounds


def listed(row: dict[str, str]) -> tuple[str, str, str]:
    return (row["grounds"], row["deferred"], row["deferral_reasons"])


def test_khtnv_in_the_previous_year_or_this_year_is_a_ground(tmp_path: Path) -> None:
    people = [worker("A"), worker("B"), worker("C"), worker("D")]
    ratings = [
        rating_row("A", 2025, "KHTNV"),
        rating_row("A", 2026, "HTT", provisional="yes"),
        rating_row("B", 2025, "HTNV"),
        rating_row("B", 2026, "KHTNV", provisional="yes"),
        rating_row("C", 2025, "HTNV"),
        rating_row("C", 2026, "HTNV", provisional="yes"),
        rating_row("D", 2024, "KHTNV"),
    ]

    found = streamline(tmp_path, people, ratings)

    # A: KHTNV in 2025 (one year is enough); B: KHTNV in 2026, provisional; C: HTNV twice — no
    # ground (Decree 29/2023's two-year HTNV rule is not in Decree 154); D: 2024 is too far back
    assert sorted(found) == ["A", "B"]
    assert listed(found["A"]) == ("khtnv_previous_year", "no", "")
    assert found["A"]["rule"] == RULES["khtnv_previous_year"]
    assert listed(found["B"]) == ("khtnv_this_year", "no", "")
    assert found["B"]["rule"] == RULES["khtnv_this_year"]


def test_a_final_rating_of_the_year_counts_over_a_provisional_one(tmp_path: Path) -> None:
    people = [worker("A"), worker("B")]
    ratings = [
        rating_row("A", 2026, "KHTNV", provisional="yes"),
        rating_row("A", 2026, "HTNV"),
        rating_row("B", 2026, "HTT", provisional="yes"),
        rating_row("B", 2026, "KHTNV"),
    ]

    found = streamline(tmp_path, people, ratings)

    assert sorted(found) == ["B"]


def test_sick_days_at_the_maximum_are_a_ground_one_day_under_is_not(tmp_path: Path) -> None:
    people = [
        worker("AT", sick_days_previous_year=30, max_sick_days=30),
        worker("UNDER", sick_days_previous_year=29, sick_days_this_year=29, max_sick_days=30),
        worker("THIS", sick_days_this_year="40.5", max_sick_days=40),
        worker("NONE", max_sick_days=""),
    ]

    found = streamline(tmp_path, people, [])

    # "bằng hoặc cao hơn số ngày nghỉ tối đa": 30 of 30 counts, 29 of 30 does not
    assert sorted(found) == ["AT", "THIS"]
    assert listed(found["AT"]) == ("sick_days", "no", "")
    assert found["THIS"]["rule"] == RULES["sick_days"]


def test_every_ground_is_listed_with_its_rule_in_order(tmp_path: Path) -> None:
    people = [worker("A", sick_days_this_year=60, max_sick_days=60)]
    ratings = [rating_row("A", 2025, "KHTNV"), rating_row("A", 2026, "KHTNV", "yes")]

    found = streamline(tmp_path, people, ratings)

    assert found["A"]["grounds"] == "khtnv_previous_year;khtnv_this_year;sick_days"
    assert found["A"]["rule"].split(";") == [
        RULES["khtnv_previous_year"],
        RULES["khtnv_this_year"],
        RULES["sick_days"],
    ]


def test_a_child_is_under_36_months_until_the_day_before_the_third_birthday(
    tmp_path: Path,
) -> None:
    people = [
        worker("TURNS_3_TOMORROW", youngest_child_born="2023-12-01"),
        worker("TURNED_3_TODAY", youngest_child_born="30/11/2023"),
        worker("TURNED_3_YESTERDAY", youngest_child_born="2023-11-29"),
    ]
    ratings = [rating_row(row["official"], 2025, "KHTNV") for row in people]

    found = streamline(tmp_path, people, ratings, on="2026-11-30")

    # On 30/11/2026: born 01/12/2023 → 35 months 29 days → deferred; born 30/11/2023 → exactly
    # 36 months → no longer under 36 months; born 29/11/2023 → over 36 months
    assert listed(found["TURNS_3_TOMORROW"]) == (
        "khtnv_previous_year",
        "yes",
        "child_under_36_months",
    )
    assert listed(found["TURNED_3_TODAY"]) == ("khtnv_previous_year", "no", "")
    assert listed(found["TURNED_3_YESTERDAY"]) == ("khtnv_previous_year", "no", "")


def test_a_child_born_on_29_february_turns_36_months_on_28_february(tmp_path: Path) -> None:
    people = [worker("A", youngest_child_born="2024-02-29")]
    ratings = [rating_row("A", 2026, "KHTNV")]

    day_before = streamline(tmp_path, people, ratings, year=2027, on="2027-02-27")
    on_the_day = streamline(tmp_path, people, ratings, year=2027, on="2027-02-28")

    # 2027 has no 29 February: 36 calendar months end on its last day, 28/02/2027
    assert listed(day_before["A"]) == ("khtnv_previous_year", "yes", "child_under_36_months")
    assert listed(on_the_day["A"]) == ("khtnv_previous_year", "no", "")


def test_pregnancy_maternity_and_a_young_child_defer_unless_the_person_volunteers(
    tmp_path: Path,
) -> None:
    people = [
        worker("P", pregnant="yes"),
        worker("M", maternity_leave="yes", youngest_child_born="2026-08-01"),
        worker("PV", pregnant="yes", volunteers="yes"),
        worker("MV", maternity_leave="có", youngest_child_born="2026-08-01", volunteers="có"),
    ]
    ratings = [rating_row(row["official"], 2025, "KHTNV") for row in people]

    found = streamline(tmp_path, people, ratings)

    assert listed(found["P"]) == ("khtnv_previous_year", "yes", "pregnant")
    assert listed(found["M"]) == (
        "khtnv_previous_year",
        "yes",
        "maternity_leave;child_under_36_months",
    )
    assert listed(found["PV"]) == ("khtnv_previous_year", "no", "")
    assert listed(found["MV"]) == ("khtnv_previous_year", "no", "")


def test_review_prosecution_and_inspection_defer_even_a_volunteer(tmp_path: Path) -> None:
    people = [
        worker("R", under_discipline_review="yes", volunteers="yes"),
        worker("C", under_prosecution="yes"),
        worker(
            "ALL",
            pregnant="yes",
            under_discipline_review="yes",
            under_prosecution="yes",
            under_inspection="yes",
            volunteers="yes",
        ),
    ]
    ratings = [rating_row(row["official"], 2026, "KHTNV", "yes") for row in people]

    found = streamline(tmp_path, people, ratings)

    assert listed(found["R"]) == ("khtnv_this_year", "yes", "discipline_review")
    assert listed(found["C"]) == ("khtnv_this_year", "yes", "prosecution")
    # the volunteer's pregnancy no longer defers; the three reviews still do
    assert listed(found["ALL"]) == (
        "khtnv_this_year",
        "yes",
        "discipline_review;prosecution;inspection",
    )


def test_only_officials_with_a_ground_are_listed_even_when_protected(tmp_path: Path) -> None:
    people = [worker("P", pregnant="yes", under_inspection="yes"), worker("Q")]
    ratings = [rating_row("P", 2025, "HTT"), rating_row("Q", 2026, "HTXS", "yes")]

    found = streamline(tmp_path, people, ratings)

    assert found == {}


def test_the_file_is_sorted_by_official_with_its_columns(tmp_path: Path) -> None:
    people = [worker("B"), worker("A")]
    ratings = [rating_row("B", 2025, "khtnv"), rating_row("A", 2025, "Không hoàn thành nhiệm vụ")]

    streamline(tmp_path, people, ratings)

    lines = (tmp_path / "CANDIDATES.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "official,grounds,deferred,deferral_reasons,rule"
    assert [line.split(",")[0] for line in lines[1:]] == ["A", "B"]


def test_unknown_level_word(tmp_path: Path) -> None:
    message = streamlining_error(
        tmp_path, [worker("A")], [rating_row("A", 2025, "HTT"), rating_row("A", 2026, "Tốt")]
    )

    assert message == (
        "RATINGS.csv, dòng 3, cột level: “Tốt” không thuộc các giá trị: HTNV, HTT, HTXS, KHTNV"
    )


def test_unknown_official_in_ratings(tmp_path: Path) -> None:
    message = streamlining_error(tmp_path, [worker("A")], [rating_row("Z", 2025, "KHTNV")])

    assert message == "RATINGS.csv, dòng 2, cột official: công chức “Z” không có trong PEOPLE.csv"


@pytest.mark.parametrize("born", ["31/02/2024", "2024-13-01", "hôm qua"])
def test_bad_birth_date(tmp_path: Path, born) -> None:
    message = streamlining_error(tmp_path, [worker("A", youngest_child_born=born)], [])

    assert message == (
        f"PEOPLE.csv, dòng 2, cột youngest_child_born: “{born}” không phải là ngày "
        "(YYYY-MM-DD hoặc DD/MM/YYYY)"
    )


def test_birth_after_the_review_date(tmp_path: Path) -> None:
    message = streamlining_error(tmp_path, [worker("A", youngest_child_born="2026-12-01")], [])

    assert message == (
        "PEOPLE.csv, dòng 2, cột youngest_child_born: 2026-12-01 sau ngày xem xét 2026-11-30"
    )


def test_bad_review_date(tmp_path: Path) -> None:
    message = streamlining_error(tmp_path, [worker("A")], [], on="30-11-2026")

    assert message == "--on: “30-11-2026” không phải là ngày (YYYY-MM-DD hoặc DD/MM/YYYY)"


def test_sick_days_need_the_maximum(tmp_path: Path) -> None:
    message = streamlining_error(
        tmp_path, [worker("A", sick_days_this_year=12, max_sick_days="")], []
    )

    assert message == "PEOPLE.csv, dòng 2, cột max_sick_days: cần có giá trị"


def test_missing_column_in_people(tmp_path: Path) -> None:
    columns = [name for name in PEOPLE_COLUMNS if name != "volunteers"]

    message = streamlining_error(tmp_path, [worker("A")], [], people_columns=columns)

    assert message == "PEOPLE.csv, dòng 1, cột volunteers: thiếu cột này"


def test_two_final_ratings_for_one_year(tmp_path: Path) -> None:
    ratings = [rating_row("A", 2025, "HTT"), rating_row("A", 2025, "KHTNV")]

    message = streamlining_error(tmp_path, [worker("A")], ratings)

    assert message == "RATINGS.csv, dòng 3, cột official: “A” đã có một dòng (dòng 2)"


def test_a_provisional_rating_of_the_previous_year_counts_without_a_final_one(
    tmp_path: Path,
) -> None:
    people = [worker("A"), worker("B")]
    ratings = [
        rating_row("A", 2025, "KHTNV", provisional="yes"),
        rating_row("B", 2025, "KHTNV", provisional="yes"),
        rating_row("B", 2025, "HTT"),
    ]

    found = streamline(tmp_path, people, ratings)

    assert sorted(found) == ["A"]
    assert listed(found["A"]) == ("khtnv_previous_year", "no", "")


def test_the_real_command_exits_with_2_and_writes_nothing(tmp_path: Path) -> None:
    people = write(tmp_path / "PEOPLE.csv", PEOPLE_COLUMNS, [worker("A")])
    ratings = write(tmp_path / "RATINGS.csv", RATING_COLUMNS, [rating_row("A", "20x5", "HTT")])
    out = tmp_path / "CANDIDATES.csv"
    congvu = Path(sys.executable).parent / "congvu"

    done = subprocess.run(
        [
            str(congvu),
            "streamlining",
            str(ratings),
            "--people",
            str(people),
            "--year",
            "2026",
            "--on",
            "2026-11-30",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 2
    assert "RATINGS.csv, dòng 2, cột year: “20x5” không phải là năm" in done.stderr
    assert not out.exists()

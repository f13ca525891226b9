"""Text as other systems write it: one unit per spelling, mapped activities, local times."""

from __future__ import annotations

import csv
import random
import unicodedata
from pathlib import Path

import pytest

from congvu.analytics.cli import run_analyze
from congvu.analytics.text import clean_text, name_key
from congvu.analytics.vocabulary import (
    VocabularyError,
    display_names,
    parse_activity_map,
    read_activity_map,
)

DOCS = Path(__file__).resolve().parents[2] / "docs"
NFD = unicodedata.normalize("NFD", "Sở Tài chính")


def test_clean_text_keeps_the_letters_and_key_matches_every_spelling():
    assert NFD != "Sở Tài chính"
    assert clean_text(f"  {NFD}\u00a0 ") == "Sở Tài chính"
    assert clean_text("Sở  Tài\tchính") == "Sở Tài chính"
    keys = {name_key(text) for text in (NFD, "SỞ TÀI CHÍNH", " sở  tài chính", "Sở Tài chính")}
    assert keys == {"sở tài chính"}
    # Diacritics stay in the key: a different name is a different unit.
    assert name_key("Sở Tư pháp") != name_key("Sở Tu phap")


def test_each_key_is_shown_in_its_most_written_spelling():
    changes = display_names([("Sở Tài chính", 5), (NFD, 3), ("SỞ TÀI  CHÍNH", 1), ("Sở Y tế", 2)])

    assert changes == {NFD: "Sở Tài chính", "SỞ TÀI  CHÍNH": "Sở Tài chính"}


def test_the_shipped_map_names_the_common_vietnamese_activities():
    shipped = read_activity_map(DOCS / "activity-map-vi.csv")

    assert shipped.canonical("Chuyển xử lý") == "transfer"
    assert shipped.canonical(unicodedata.normalize("NFD", " TRẢ LẠI ")) == "return"
    assert shipped.canonical("Đồng ý  gia hạn") == "grant_extension"
    assert shipped.canonical("transfer") == "transfer"
    assert shipped.canonical("Ký số") is None


def test_a_map_naming_an_unknown_activity_is_refused_by_line():
    with pytest.raises(VocabularyError, match=r"line 3, column 'activity': 'pass_on'"):
        parse_activity_map("source,activity\nChuyển xử lý,transfer\nChuyển tiếp,pass_on\n")
    with pytest.raises(VocabularyError, match="already mapped"):
        parse_activity_map("source,activity\nChuyển,transfer\nCHUYỂN,return\n")


@pytest.mark.parametrize(
    ("text", "line", "column", "problem", "value"),
    [
        ("nguồn,đích\n", 1, "", "header", ""),
        ("source,activity\nChuyển xử lý\n", 2, "", "short", ""),
        ("source,activity\nChuyển,transfer\n ,return\n", 3, "source", "no_source", ""),
        ("source,activity\nChuyển,pass_on\n", 2, "activity", "unknown_activity", "pass_on"),
        (
            "source,activity\nChuyển,transfer\nCHUYỂN,return\n",
            3,
            "source",
            "mapped_twice",
            "CHUYỂN",
        ),
    ],
)
def test_a_bad_map_says_its_line_column_and_problem_as_data(text, line, column, problem, value):
    with pytest.raises(VocabularyError) as refused:
        parse_activity_map(text)

    assert (refused.value.line, refused.value.column) == (line, column)
    assert (refused.value.problem, refused.value.value) == (problem, value)
    if problem == "mapped_twice":
        assert refused.value.mapped_to == "transfer"


UNITS = ["Văn phòng UBND tỉnh", "Sở Tài chính", "Sở Xây dựng", "Sở Nội vụ", "Sở Tư pháp"]
HEADER = ["case_id", "event_id", "ts", "activity", "actor", "unit", "to_unit", "due"]
TO_VIETNAMESE = {
    "create": "Giao nhiệm vụ",
    "accept": "Nhận nhiệm vụ",
    "transfer": "Chuyển xử lý",
    "progress": "Báo cáo tiến độ",
    "complete": "Báo cáo hoàn thành",
    "grant_extension": "Đồng ý gia hạn",
}


def clean_cases(rng: random.Random, count: int) -> list[list[str]]:
    """Tasks from the office to a department; some bounced between two departments, some left
    silent for weeks, some granted two extensions. Times in days from 3 March 2025 (UTC+7)."""
    rows: list[list[str]] = []
    for case in range(count):
        a, b = rng.sample(UNITS[1:], 2)
        due = f"2025-04-{rng.randint(1, 28):02d}"
        life = [(0.0, "create", UNITS[0], a), (0.2, "accept", a, "")]
        if case % 3 == 0:
            life += [(1.0, "transfer", a, b), (1.5, "transfer", b, a)]
        if case % 4 == 0:
            life += [(2.0, "grant_extension", UNITS[0], a), (2.5, "grant_extension", UNITS[0], a)]
        gap = 25.0 if case % 5 == 0 else 3.0
        life += [(3.0, "progress", a, ""), (3.0 + gap, "complete", a, UNITS[0])]
        for number, (days, activity, unit, to_unit) in enumerate(life, start=1):
            hours = int(days * 24)
            day, hour = 3 + hours // 24, hours % 24
            when = (
                f"2025-03-{day:02d}T{hour:02d}:00:00+07:00"
                if day <= 31
                else (f"2025-04-{day - 31:02d}T{hour:02d}:00:00+07:00")
            )
            actor = f"Nguyễn Văn {unit.split()[-1]}"
            rows.append(
                [
                    f"c{case}",
                    str(number),
                    when,
                    activity,
                    actor,
                    unit,
                    to_unit,
                    due if number == 1 else "",
                ]
            )
    return rows


def messy(value: str, rng: random.Random) -> str:
    """A name as a provincial export may write it: NFD (30 %), upper case, stray spaces."""
    if not value:
        return value
    if rng.random() < 0.3:
        value = unicodedata.normalize("NFD", value)
    if rng.random() < 0.1:
        value = value.upper()
    if rng.random() < 0.3:
        value = f" {value.replace(' ', '  ', 1)}\u00a0"
    return value


def provincial(row: list[str], rng: random.Random) -> list[str]:
    case, number, when, activity, actor, unit, to_unit, due = row
    year, month, rest = when[:4], when[5:7], when[8:]
    local = f"{rest[:2]}/{month}/{year} {rest[3:11]}"
    due_local = f"{due[8:]}/{due[5:7]}/{due[:4]}" if due else ""
    return [
        case,
        number,
        local,
        messy(TO_VIETNAMESE[activity], rng),
        messy(actor, rng),
        messy(unit, rng),
        messy(to_unit, rng),
        due_local,
    ]


def write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def findings(folder: Path) -> set[tuple[str, str, str]]:
    with (folder / "findings.csv").open(encoding="utf-8") as stream:
        return {(row["kind"], row["case_id"], row["unit"]) for row in csv.DictReader(stream)}


def test_a_provincial_export_gives_the_findings_of_the_clean_log(tmp_path: Path):
    rng = random.Random(15)
    rows = clean_cases(rng, 60)
    clean = write(tmp_path / "clean.csv", rows)
    exported = write(tmp_path / "export.csv", [provincial(row, rng) for row in rows])
    as_of = None

    run_analyze(clean, tmp_path / "clean", show_progress=False, as_of=as_of)
    run_analyze(
        exported,
        tmp_path / "export",
        show_progress=False,
        as_of=as_of,
        activity_map=DOCS / "activity-map-vi.csv",
    )

    expected = findings(tmp_path / "clean")
    assert {kind for kind, _case, _unit in expected} >= {"ping_pong", "stall", "extension_chain"}
    assert findings(tmp_path / "export") == expected


def test_the_same_export_without_normalisation_would_differ(tmp_path: Path):
    """The test above can fail: the raw spellings split one unit into several."""
    rng = random.Random(15)
    rows = clean_cases(rng, 60)
    raw = [
        row[:4] + [messy(row[4], rng), messy(row[5], rng), messy(row[6], rng), row[7]]
        for row in rows
    ]
    spellings = {row[5] for row in raw}

    assert len(spellings) > len({name_key(name) for name in spellings}) == len(UNITS)


def test_an_unmapped_activity_is_named_or_kept_as_a_neutral_event(tmp_path: Path):
    log = write(
        tmp_path / "log.csv",
        [
            ["a", "1", "03/03/2025 08:00", "Giao nhiệm vụ", "x", "VP", "Sở A", "10/03/2025"],
            ["a", "2", "04/03/2025 08:00", "Ký số", "y", "Sở A", "", ""],
            ["a", "3", "05/03/2025 08:00", "Lưu  trữ", "y", "Sở A", "", ""],
            ["a", "4", "06/03/2025 08:00", "Hoàn thành", "y", "Sở A", "VP", ""],
        ],
    )
    shipped = DOCS / "activity-map-vi.csv"

    with pytest.raises(VocabularyError, match=r"'Ký số', 'Lưu trữ'.*--keep-unmapped"):
        run_analyze(log, tmp_path / "out", show_progress=False, activity_map=shipped)
    assert not (tmp_path / "out").exists()

    summary = run_analyze(
        log, tmp_path / "out", show_progress=False, activity_map=shipped, keep_unmapped=True
    )
    assert summary.events == 4


def test_an_unreadable_time_names_its_row_and_column(tmp_path: Path):
    log = write(
        tmp_path / "log.csv",
        [
            ["a", "1", "03/03/2025 08:00:00", "create", "x", "VP", "A", "10/03/2025"],
            ["a", "2", "31/02/2025 08:00", "complete", "y", "A", "VP", ""],
        ],
    )

    with pytest.raises(ValueError, match=r"line 3, column 'ts': '31/02/2025 08:00'"):
        run_analyze(log, tmp_path / "out", show_progress=False)

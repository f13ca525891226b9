"""Names as other systems write them: an import of units and officials the system already has,
in decomposed Unicode with stray spaces, matches them instead of creating second copies; a ward
is picked from the real map by its code or its name."""

from __future__ import annotations

import unicodedata

import pytest

from congvu.org.imports import UNIT_COLUMNS, import_officials, import_units
from congvu.org.models import Official, Post, Unit
from tests.org.test_imports import (  # noqa: F401 - land is a fixture
    GOOD_OFFICIALS,
    GOOD_UNITS,
    OFFICIAL_HEADER,
    counts,
    land,
    write_csv,
)

UNIT_HEADER = list(UNIT_COLUMNS)


def messy(text: str) -> str:
    """NFD, doubled and stray (non-breaking) spaces, as older software exports names."""
    return f"  {unicodedata.normalize('NFD', text).replace(' ', '  ')}\u00a0"


def test_units_in_nfd_with_stray_spaces_match_the_units_already_there(tmp_path, db):
    assert import_units(write_csv(tmp_path / "u.csv", [UNIT_HEADER, *GOOD_UNITS])).ok
    before = counts()
    # The same units exported by another system: its own codes, messy names, parents by name.
    exported = [
        ["T1", messy("Ủy ban nhân dân tỉnh Quảng Ninh"), "", "UBND tỉnh", "", "", "", "", ""],
        ["T2", messy("Sở Xây dựng"), "", "Sở", "T1", "", "", "", ""],
        ["T3", messy("Phòng Quy hoạch - Kiến trúc"), "", "Phòng", messy("SỞ XÂY DỰNG")],
        ["T4", "Phòng Cấp phép", "", "Phòng", "T2", "", "", "", ""],
    ]

    report = import_units(write_csv(tmp_path / "export.csv", [UNIT_HEADER, *exported]))

    assert report.ok, report.lines()
    assert (report.rows, report.created, report.matched) == (4, 1, 3)
    assert counts()[0] == before[0] + 1
    # The new division went under the existing department, whose code the file did not know.
    assert Unit.objects.get(name="Phòng Cấp phép").parent == Unit.objects.get(code="SXD")
    # Stored text keeps the source's letters, composed.
    assert Unit.objects.get(code="SXD").name == "Sở Xây dựng"


def test_the_same_code_with_another_name_is_still_refused(tmp_path, db):
    assert import_units(write_csv(tmp_path / "u.csv", [UNIT_HEADER, *GOOD_UNITS])).ok

    report = import_units(
        write_csv(tmp_path / "again.csv", [UNIT_HEADER, ["SXD", "Sở Xây dựng mới", "", "Sở"]])
    )

    assert [error.column for error in report.errors] == ["Mã đơn vị"]


@pytest.mark.usefixtures("land")
def test_officials_in_nfd_match_the_officials_already_there(tmp_path, db):
    assert import_units(write_csv(tmp_path / "u.csv", [UNIT_HEADER, *GOOD_UNITS])).ok
    assert import_officials(write_csv(tmp_path / "cb.csv", [OFFICIAL_HEADER, *GOOD_OFFICIALS])).ok
    before = counts()
    same_code = [*GOOD_OFFICIALS[0]]
    same_code[1] = messy(same_code[1])
    other_code = [*GOOD_OFFICIALS[2]]
    other_code[0], other_code[1] = "NV-0093", messy("PHẠM QUANG HẢI")
    other_code[9] = messy("Phòng Quy hoạch - Kiến trúc")  # the unit by its name
    newcomer = [
        "CB9",
        messy("Đỗ Thị Thu"),
        "",
        "",
        "công chức",
        "",
        "",
        "",
        "",
        "SXD",
        "Chuyên viên",
    ]

    report = import_officials(
        write_csv(tmp_path / "again.csv", [OFFICIAL_HEADER, same_code, other_code, newcomer])
    )

    assert report.ok, report.lines()
    assert (report.rows, report.created, report.matched) == (3, 1, 2)
    assert counts()[1] == before[1] + 1
    assert Official.objects.filter(full_name="Phạm Quang Hải").count() == 1
    assert Official.objects.get(code="CB9").full_name == "Đỗ Thị Thu"
    assert Post.objects.get(official__code="CB9").unit.code == "SXD"


def test_a_ward_is_picked_from_the_map_by_code_or_name(tmp_path, db):
    rows = [
        ["UBT", "Ủy ban nhân dân tỉnh Quảng Ninh", "", "UBND tỉnh"],
        ["PHL", "UBND phường Hạ Long", "", "UBND phường", "UBT", "", "", "", "", "06688"],
        [
            "PBC",
            "UBND phường Bãi Cháy",
            "",
            "UBND phường",
            "UBT",
            "",
            "",
            "",
            "",
            messy("Bãi Cháy"),
        ],
        ["PXX", "UBND phường Không Có", "", "UBND phường", "UBT", "", "", "", "", "Không Có"],
    ]

    refused = import_units(write_csv(tmp_path / "u.csv", [UNIT_HEADER, *rows]))
    report = import_units(write_csv(tmp_path / "ok.csv", [UNIT_HEADER, *rows[:3]]))

    assert [(e.row, e.column) for e in refused.errors] == [(5, "Mã đơn vị hành chính")]
    assert "Không Có" in refused.errors[0].message
    assert report.ok, report.lines()
    assert Unit.objects.get(code="PHL").admin_code == "06688"
    assert Unit.objects.get(code="PBC").admin_code == "06673"

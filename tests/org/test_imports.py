"""Import of units and officials: good files in both formats, one error per problem, nothing half
written, parents after children, cycles, successors, and the templates in docs/templates/."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from congvu.org.actions import create_unit
from congvu.org.imports import OFFICIAL_COLUMNS, UNIT_COLUMNS, import_officials, import_units
from congvu.org.models import Official, Position, Post, Unit
from tests.factories import make_field

TEMPLATES = Path(__file__).resolve().parents[2] / "docs" / "templates"
UNIT_HEADER = list(UNIT_COLUMNS)
OFFICIAL_HEADER = [
    "Mã cán bộ",
    "Họ và tên",
    "Tên đăng nhập",
    "Email",
    "Loại (cán bộ/công chức/viên chức)",
    "Ngạch",
    "Lĩnh vực",
    "Trình độ",
    "Ngày bắt đầu",
    "Mã đơn vị",
    "Chức vụ",
    "Vai trò (chuyên viên/trưởng đơn vị/lãnh đạo)",
    "Kiêm nhiệm (mã đơn vị:chức vụ:vai trò; ...)",
]

# A division listed before its department, a department merged into another on 1/7/2025.
GOOD_UNITS = [
    ["UBT", "Ủy ban nhân dân tỉnh Quảng Ninh", "UBND tỉnh", "UBND tỉnh", "", "", "", "", ""],
    ["VP", "Văn phòng UBND tỉnh", "", "Văn phòng", "UBT", "", "", "", "có"],
    ["SXD-QH", "Phòng Quy hoạch - Kiến trúc", "", "Phòng", "SXD", "", "", "", ""],
    ["SXD", "Sở Xây dựng", "", "Sở", "UBT", "", "", "", "không"],
    ["SGTVT", "Sở Giao thông vận tải", "", "sở", "UBT", "01/01/2008", "30/06/2025", "SXD", ""],
    ["PHL", "UBND phường Hạ Long", "", "UBND xã/phường", "UBT", "2025-07-01", "", "", ""],
]
GOOD_OFFICIALS = [
    [
        "CB1",
        "Cao Tường Huy",
        "chutich",
        "",
        "cán bộ",
        "",
        "",
        "",
        "",
        "UBT",
        "Chủ tịch",
        "lãnh đạo",
        "",
    ],
    [
        "CB2",
        "Lê Minh Đức",
        "giamdoc",
        "duc@qn.gov.vn",
        "Công chức",
        "Chuyên viên chính",
        "XD; Đất đai",
        "Thạc sĩ",
        "01/09/2005",
        "SXD",
        "Giám đốc",
        "trưởng đơn vị",
        "SXD-QH:Trưởng phòng:trưởng đơn vị",
    ],
    ["CB3", "Phạm Quang Hải", "", "", "viên chức", "", "", "", "", "SXD-QH", "Chuyên viên", "", ""],
]


def write_csv(
    path: Path, rows: list[list[str]], *, delimiter: str = ",", bom: bool = False
) -> Path:
    text = "\n".join(delimiter.join(_quote(cell, delimiter) for cell in row) for row in rows)
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode())
    return path


def _quote(cell: str, delimiter: str) -> str:
    return f'"{cell}"' if delimiter in cell or '"' in cell else cell


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def counts() -> tuple[int, int, int, int, int]:
    user_model = get_user_model()
    return (
        Unit.objects.count(),
        Official.objects.count(),
        Post.objects.count(),
        Position.objects.count(),
        user_model.objects.count(),
    )


def errors_of(report: object) -> list[tuple[int | None, str]]:
    return [(error.row, error.column) for error in report.errors]  # type: ignore[attr-defined]


@pytest.fixture
def land(db: None) -> None:
    make_field("XD", "Xây dựng")
    make_field("DD", "Đất đai")


def test_a_good_units_csv_with_bom_and_semicolons_imports_parents_first(tmp_path, db):
    path = write_csv(tmp_path / "don_vi.csv", [UNIT_HEADER, *GOOD_UNITS], delimiter=";", bom=True)

    report = import_units(path)

    assert report.ok, report.lines()
    assert (report.rows, report.created, report.successors) == (6, 6, 1)
    province = Unit.objects.get(code="UBT")
    department = Unit.objects.get(code="SXD")
    division = Unit.objects.get(code="SXD-QH")
    assert division.parent == department
    assert division.path == f"{province.pk}/{department.pk}/{division.pk}/"
    assert (division.kind, department.kind) == (Unit.Kind.DIVISION, Unit.Kind.DEPARTMENT)
    assert Unit.objects.get(code="VP").assigns_tasks is True
    assert Unit.objects.get(code="PHL").kind == Unit.Kind.COMMUNE_PC


def test_a_merged_unit_ends_the_day_before_and_points_to_its_successor(tmp_path, db):
    path = write_csv(tmp_path / "don_vi.csv", [UNIT_HEADER, *GOOD_UNITS])

    import_units(path)

    transport = Unit.objects.get(code="SGTVT")
    assert transport.valid_from == dt.date(2008, 1, 1)
    assert transport.valid_to == dt.date(2025, 6, 30)
    assert transport.successor == Unit.objects.get(code="SXD")
    assert Unit.objects.get(code="SXD").valid_to is None


def test_a_good_units_xlsx_with_date_cells_and_numeric_codes_imports(tmp_path, db):
    rows: list[list[object]] = [
        UNIT_HEADER,
        [101, "UBND tỉnh Quảng Ninh", "", "province_pc", None, None, None, None, None],
        [102, "Sở Nội vụ", "", "Department", 101, dt.date(2025, 7, 1), None, None, "x"],
    ]
    path = write_xlsx(tmp_path / "don_vi.xlsx", rows)

    report = import_units(path)

    assert report.ok, report.lines()
    home_affairs = Unit.objects.get(code="102")
    assert home_affairs.parent == Unit.objects.get(code="101")
    assert home_affairs.assigns_tasks is True


def test_a_successor_may_already_be_in_the_system(tmp_path, db):
    existing = create_unit(code="SXD-OLD", name="Sở Xây dựng", kind=Unit.Kind.DEPARTMENT)
    rows = [
        UNIT_HEADER,
        ["SGT", "Sở Giao thông", "", "Sở", "", "01/01/2000", "30/06/2025", "SXD-OLD", ""],
    ]

    report = import_units(write_csv(tmp_path / "u.csv", rows))

    assert report.ok, report.lines()
    assert Unit.objects.get(code="SGT").successor == existing


def test_a_units_file_with_a_wrong_column_a_bad_date_and_an_unknown_parent_writes_nothing(
    tmp_path, db
):
    create_unit(code="UBT", name="Ủy ban nhân dân tỉnh", kind=Unit.Kind.PROVINCE_PC)
    rows = [
        [*UNIT_HEADER, "Ghi chú"],
        ["SXD", "Sở Xây dựng", "", "Sở", "UBT", "31/02/2025", "", "", "", "", ""],
        ["STC", "Sở Tài chính", "", "Sở", "KHONG-CO", "", "", "", "", "", "mới"],
        ["SNV", "Sở Nội vụ", "", "Sở", "UBT", "", "", "", "", "", ""],
    ]
    before = counts()

    report = import_units(write_csv(tmp_path / "u.csv", rows))

    assert errors_of(report) == [(1, "Ghi chú"), (2, "Hiệu lực từ"), (3, "Mã đơn vị cấp trên")]
    assert "31/02/2025" in report.errors[1].message
    assert "KHONG-CO" in report.errors[2].message
    assert counts() == before


def test_without_its_code_column_a_file_is_not_read_further(tmp_path, db):
    rows = [["Tên đơn vị", "Loại", "Hiệu lực từ"], ["Sở A", "Sở", "hôm qua"]]

    report = import_units(write_csv(tmp_path / "u.csv", rows))

    assert errors_of(report) == [(1, "Mã đơn vị")]


def test_a_misspelt_header_is_one_error_that_names_the_expected_column(tmp_path, db):
    header = ["Mã đơn vị", "Tên đv", "Loại"]

    report = import_units(write_csv(tmp_path / "u.csv", [header, ["A", "Sở A", "Sở"]]))

    assert errors_of(report) == [(1, "Tên đv")]
    assert "Tên đơn vị" in report.errors[0].message


def test_a_missing_required_column_and_an_unknown_kind_are_reported(tmp_path, db):
    missing = import_units(write_csv(tmp_path / "a.csv", [["Mã đơn vị", "Loại"], ["A", "Sở"]]))
    unknown = import_units(
        write_csv(tmp_path / "b.csv", [["Mã đơn vị", "Tên đơn vị", "Loại"], ["A", "Sở A", "Bộ"]])
    )

    assert errors_of(missing) == [(1, "Tên đơn vị")]
    assert errors_of(unknown) == [(2, "Loại")]
    assert Unit.objects.count() == 0


def test_duplicate_codes_in_the_file_and_in_the_system_are_refused(tmp_path, db):
    create_unit(code="SYT", name="Sở Y tế", kind=Unit.Kind.DEPARTMENT)
    rows = [
        UNIT_HEADER,
        ["SYT", "Sở Y tế dự phòng", "", "Sở", "", "", "", "", ""],
        ["A", "Sở A", "", "Sở", "", "", "", "", ""],
        ["A", "Sở A bis", "", "Sở", "", "", "", "", ""],
    ]

    report = import_units(write_csv(tmp_path / "u.csv", rows))

    assert errors_of(report) == [(2, "Mã đơn vị"), (4, "Mã đơn vị")]
    assert "row 3" in report.errors[1].message or "dòng 3" in report.errors[1].message
    assert Unit.objects.count() == 1


def test_a_cycle_of_parents_is_one_error_and_its_descendants_are_not_reported_again(tmp_path, db):
    rows = [
        UNIT_HEADER,
        ["A", "Đơn vị A", "", "Sở", "C", "", "", "", ""],
        ["B", "Đơn vị B", "", "Phòng", "A", "", "", "", ""],
        ["C", "Đơn vị C", "", "Phòng", "B", "", "", "", ""],
        ["D", "Đơn vị D", "", "Phòng", "C", "", "", "", ""],
        ["E", "Đơn vị E", "", "Phòng", "E", "", "", "", ""],
    ]

    report = import_units(write_csv(tmp_path / "u.csv", rows))

    assert errors_of(report) == [(2, "Mã đơn vị cấp trên"), (6, "Mã đơn vị cấp trên")]
    assert "A → C → B → A" in report.errors[0].message
    assert Unit.objects.count() == 0


def test_successors_must_exist_follow_an_end_date_and_be_in_force_after_it(tmp_path, db):
    rows = [
        UNIT_HEADER,
        ["SXD", "Sở Xây dựng", "", "Sở", "", "", "", "", ""],
        ["A", "Sở A", "", "Sở", "", "01/01/2000", "30/06/2025", "KHONG-CO", ""],
        ["B", "Sở B", "", "Sở", "", "", "", "SXD", ""],
        ["C", "Sở C", "", "Sở", "", "01/01/2000", "31/12/2020", "SXD", ""],
        ["D", "Sở D", "", "Sở", "", "01/01/2000", "30/06/2025", "D", ""],
        ["E", "Sở E", "", "Sở", "", "01/01/2000", "30/06/2025", "", ""],
    ]

    report = import_units(write_csv(tmp_path / "u.csv", rows))

    assert errors_of(report) == [
        (3, "Mã đơn vị kế thừa"),  # unknown
        (4, "Hiệu lực đến"),  # a successor without an end date
        (5, "Mã đơn vị kế thừa"),  # SXD starts 1/7/2025, not on 1/1/2021
        (6, "Mã đơn vị kế thừa"),  # its own successor
        (7, "Mã đơn vị kế thừa"),  # ended without a successor
    ]
    assert Unit.objects.count() == 0


def test_units_then_officials_import_with_posts_and_concurrent_posts(tmp_path, land):
    import_units(write_csv(tmp_path / "u.csv", [UNIT_HEADER, *GOOD_UNITS]))
    path = write_csv(tmp_path / "cb.csv", [OFFICIAL_HEADER, *GOOD_OFFICIALS], bom=True)

    report = import_officials(path)

    assert report.ok, report.lines()
    assert (report.created, report.posts) == (3, 4)
    head = Official.objects.get(code="CB2")
    assert head.category == Official.Category.CIVIL_SERVANT
    assert head.start_date == dt.date(2005, 9, 1)
    assert sorted(f.code for f in head.fields.all()) == ["DD", "XD"]
    assert head.name_folded == "le minh duc"
    posts = {(p.unit.code, p.position.name, p.role, p.is_primary) for p in head.posts.all()}
    assert posts == {
        ("SXD", "Giám đốc", Post.Role.HEAD, True),
        ("SXD-QH", "Trưởng phòng", Post.Role.HEAD, False),
    }
    assert Official.objects.get(code="CB3").user.username == "CB3"
    assert Official.objects.get(code="CB1").posts.get().role == Post.Role.LEADER
    assert not head.user.has_usable_password()


def test_a_good_officials_xlsx_imports_and_a_password_column_makes_the_login_usable(tmp_path, land):
    import_units(write_csv(tmp_path / "u.csv", [UNIT_HEADER, *GOOD_UNITS]))
    rows: list[list[object]] = [
        [*OFFICIAL_HEADER, "Mật khẩu"],
        [*GOOD_OFFICIALS[0][:8], dt.date(2025, 7, 1), *GOOD_OFFICIALS[0][9:], "mat-khau-2025"],
    ]

    report = import_officials(write_xlsx(tmp_path / "cb.xlsx", rows))

    assert report.ok, report.lines()
    user = Official.objects.get(code="CB1").user
    assert user.check_password("mat-khau-2025")


def test_an_officials_file_with_a_wrong_column_a_bad_date_and_an_unknown_unit_writes_nothing(
    tmp_path, land
):
    import_units(write_csv(tmp_path / "u.csv", [UNIT_HEADER, *GOOD_UNITS]))
    bad = [[*row, "01/01/1980"] for row in GOOD_OFFICIALS]
    bad[1][8] = "1/13/2005"
    bad[2][9] = "SXX"
    before = counts()

    report = import_officials(
        write_csv(tmp_path / "cb.csv", [[*OFFICIAL_HEADER, "Ngày sinh"], *bad])
    )

    assert errors_of(report) == [(1, "Ngày sinh"), (3, "Ngày bắt đầu"), (4, "Mã đơn vị")]
    assert str(report.errors[2]) in (
        'Row 4, column "Mã đơn vị": There is no unit with code SXX.',
        'Dòng 4, cột "Mã đơn vị": Không có đơn vị mang mã SXX.',
    )
    assert counts() == before


def test_official_rows_report_unknown_category_role_field_and_concurrent_unit(tmp_path, land):
    import_units(write_csv(tmp_path / "u.csv", [UNIT_HEADER, *GOOD_UNITS]))
    rows = [
        OFFICIAL_HEADER,
        ["CB1", "A", "a", "", "nhân viên", "", "", "", "", "SXD", "Chuyên viên", "", ""],
        ["CB2", "B", "b", "x@", "công chức", "", "Y tế", "", "", "SXD", "Chuyên viên", "sếp", ""],
        ["CB3", "C", "c", "", "công chức", "", "", "", "", "SGTVT", "Chuyên viên", "", "X:Y; Z"],
        ["CB1", "D", "a", "", "công chức", "", "", "", "", "SXD", "", "", ""],
    ]

    report = import_officials(write_csv(tmp_path / "cb.csv", rows))

    assert errors_of(report) == [
        (2, "Loại (cán bộ/công chức/viên chức)"),
        (3, "Email"),
        (3, "Lĩnh vực"),
        (3, "Vai trò (chuyên viên/trưởng đơn vị/lãnh đạo)"),
        (4, "Kiêm nhiệm (mã đơn vị:chức vụ:vai trò; ...)"),  # "Z" is not unit:position
        (4, "Kiêm nhiệm (mã đơn vị:chức vụ:vai trò; ...)"),  # unit X does not exist
        (4, "Mã đơn vị"),  # SGTVT ended on 30/06/2025
        (5, "Chức vụ"),
        (5, "Mã cán bộ"),
        (5, "Tên đăng nhập"),
    ]
    assert Official.objects.count() == 0


def test_a_dry_run_checks_everything_and_writes_nothing(tmp_path, db):
    path = write_csv(tmp_path / "u.csv", [UNIT_HEADER, *GOOD_UNITS])

    report = import_units(path, dry_run=True)

    assert report.ok and report.dry_run
    assert report.created == 6
    assert Unit.objects.count() == 0


def test_a_file_that_is_neither_xlsx_nor_utf8_csv_is_one_error(db):
    latin = io.BytesIO("Mã don vi,Tên don vi,Loai\nA,Sở A,Sở\n".encode("cp1252", "replace"))

    report = import_units(latin)

    assert errors_of(report) == [(None, "")]


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_documented_templates_match_the_columns_and_import_on_an_empty_system(suffix, db):
    units_path, officials_path = TEMPLATES / f"don_vi.{suffix}", TEMPLATES / f"can_bo.{suffix}"

    units = import_units(units_path)
    officials = import_officials(officials_path)

    assert units.ok, units.lines()
    assert officials.ok, officials.lines()
    assert units.created >= 5 and officials.created >= 3
    assert _header(units_path) == list(UNIT_COLUMNS)
    assert _header(officials_path) == [c for c in OFFICIAL_COLUMNS if c in OFFICIAL_HEADER]


def _header(path: Path) -> list[str]:
    if path.suffix == ".xlsx":
        sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
        return [str(c) for c in next(sheet.iter_rows(values_only=True)) if c]
    return path.read_text("utf-8-sig").splitlines()[0].split(",")


def test_the_commands_print_the_report_in_vietnamese_and_fail_on_errors(tmp_path, db):
    good = write_csv(tmp_path / "u.csv", [UNIT_HEADER, *GOOD_UNITS])
    bad = write_csv(tmp_path / "b.csv", [UNIT_HEADER, ["X", "Sở X", "", "Sở", "", "1/13/2025"]])
    out, err = io.StringIO(), io.StringIO()

    call_command("import_units", str(good), stdout=out)
    with pytest.raises(CommandError):
        call_command("import_units", str(bad), stdout=out, stderr=err)

    assert "6 đơn vị" in out.getvalue()
    assert 'Dòng 2, cột "Hiệu lực từ"' in err.getvalue()
    assert Unit.objects.count() == 6

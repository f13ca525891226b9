"""Job positions, the product catalogue and placements imported from Excel by Sở Nội vụ: all or
nothing, problems by sheet, row and column; nobody else may import."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook

from congvu.core.imports import ImportRefused
from congvu.people.imports import import_catalogue
from congvu.people.models import JobPosition, Placement, Product
from tests.people.world import build_world


def workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def good_sheets(province) -> dict[str, list[list[object]]]:
    unit = province.construction.code
    return {
        "Vị trí việc làm": [
            [
                "Mã đơn vị",
                "Mã vị trí",
                "Tên vị trí",
                "Nhóm",
                "Trình độ",
                "Chứng chỉ",
                "Số năm kinh nghiệm",
                "Năng lực",
            ],
            [
                unit,
                "XD1",
                "Chuyên viên cấp phép xây dựng",
                "Cấp phép",
                "Đại học xây dựng",
                "",
                3,
                "",
            ],
        ],  # fmt: skip
        "Sản phẩm": [
            ["Mã đơn vị", "Mã vị trí", "Mã sản phẩm", "Tên sản phẩm", "Lĩnh vực", "Hệ số"],
            [unit, "XD1", "GP", "Giấy phép xây dựng", province.field.code, "1,5"],
        ],
        "Bố trí": [
            ["Mã cán bộ", "Mã đơn vị", "Mã vị trí", "Từ ngày", "Đến ngày"],
            [province.official.code, unit, "XD1", "01/02/2026", ""],
        ],
    }


def test_personnel_officer_imports_positions_products_and_placements(province):
    world = build_world(province)

    summary = import_catalogue(
        workbook(good_sheets(province)), by=world.officer, name="danh_muc.xlsx"
    )

    assert (summary.positions, summary.products, summary.placements) == (1, 1, 1)
    position = JobPosition.objects.get(code="XD1")
    assert (position.task_group, position.years_experience) == ("Cấp phép", 3)
    assert str(Product.objects.get(code="GP").coefficient) == "1.50"
    # The earlier open placement (from build_world) ends the day before the new one.
    assert (
        Placement.objects.get(official=province.official, job_position__code="QH").end.isoformat()
        == "2026-01-31"
    )


def test_one_bad_cell_imports_nothing_and_names_sheet_row_and_column(province):
    world = build_world(province)
    sheets = good_sheets(province)
    sheets["Sản phẩm"].append([province.construction.code, "XD1", "GP2", "Khác", "", "0"])
    sheets["Bố trí"].append(["KHONG-CO", province.construction.code, "XD9", "31/02/2026", ""])

    with pytest.raises(ImportRefused) as refused:
        import_catalogue(workbook(sheets), by=world.officer, name="danh_muc.xlsx")

    where = {(p.sheet, p.row, p.column) for p in refused.value.problems}
    assert where == {
        ("san_pham", 3, "he_so"),
        ("bo_tri", 3, "ma_can_bo"),
        ("bo_tri", 3, "ma_vi_tri"),
        ("bo_tri", 3, "tu_ngay"),
    }
    assert not JobPosition.objects.filter(code="XD1").exists()
    assert not Product.objects.filter(code="GP").exists()


@pytest.mark.parametrize("who", ["head", "official", "inspector", "chair"])
def test_only_personnel_may_import_the_catalogue(province, who):
    build_world(province)

    with pytest.raises(PermissionDenied):
        import_catalogue(workbook(good_sheets(province)), by=getattr(province, who), name="a.xlsx")

    assert not JobPosition.objects.filter(code="XD1").exists()

"""Imports of procedures and dossiers: all-or-nothing, errors by row and column."""

import io

import pytest
from openpyxl import Workbook

from congvu.core.imports import ImportRefused
from congvu.dossiers.imports import (
    DOSSIER_COLUMNS,
    PROCEDURE_COLUMNS,
    import_dossiers,
    import_procedures,
)
from congvu.dossiers.models import Dossier, Procedure


def csv_file(header, *rows):
    lines = [",".join(header)] + [",".join(row) for row in rows]
    return io.BytesIO("\n".join(lines).encode("utf-8-sig"))


def test_procedures_import_from_excel_creates_the_catalogue(desk):
    p = desk.province
    book = Workbook()
    sheet = book.active
    sheet.append(PROCEDURE_COLUMNS)
    sheet.append(
        [
            "1.004227",
            "Cấp chứng chỉ hành nghề kiến trúc",
            "XD",
            "tỉnh",
            15,
            f"{p.construction.code}",
            "300.000",
            "toàn trình",
            "Nghị định 85/2020/NĐ-CP",
        ]
    )
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)

    assert import_procedures(stream, "thu-tuc.xlsx") == 1

    procedure = Procedure.objects.get(code="1.004227")
    assert (procedure.processing_days, procedure.fee_vnd, procedure.online) == (15, 300000, "full")
    assert list(procedure.units.all()) == [p.construction]


def test_bad_procedure_rows_import_nothing_and_name_row_and_column(desk):
    before = Procedure.objects.count()
    data = csv_file(
        PROCEDURE_COLUMNS,
        ["1.1", "Thủ tục A", "XD", "tỉnh", "5", desk.province.construction.code, "0", "", ""],
        ["1.2", "Thủ tục B", "ZZ", "huyện", "năm", "U999", "-1", "toàn trình", ""],
    )

    with pytest.raises(ImportRefused) as failed:
        import_procedures(data, "thu-tuc.csv")

    assert {(e.row, e.column) for e in failed.value.problems} == {
        (3, "ma_linh_vuc"),
        (3, "cap"),
        (3, "thoi_han_ngay"),
        (3, "phi_vnd"),
        (3, "ma_don_vi"),
    }
    assert Procedure.objects.count() == before


def test_dossiers_import_replays_the_lifecycle(desk):
    p = desk.province
    data = csv_file(
        DOSSIER_COLUMNS,
        [
            "HS-001",
            "1.009972",
            "Nguyễn Văn Bình",
            "2",
            desk.centre.code,
            "06/10/2025 09:00",
            p.construction.code,
            p.official.code,
            "15/10/2025 10:00",
            "đã xử lý xong",
            "16/10/2025 08:00",
        ],
    )

    assert import_dossiers(data, "ho-so.csv", by=desk.receptionist).count == 1

    dossier = Dossier.objects.get(code="HS-001")
    assert dossier.status == Dossier.Status.RETURNED
    assert dossier.timeliness == Dossier.Timeliness.LATE
    assert dossier.events.count() == 4


def test_a_bad_dossier_row_imports_nothing(desk):
    data = csv_file(
        DOSSIER_COLUMNS,
        ["HS-1", "1.009972", "A", "1", desk.centre.code, "06/10/2025 09:00", "", "", "", "", ""],
        ["HS-2", "9.999", "B", "7", desk.centre.code, "hôm qua", "", "", "", "", ""],
    )

    with pytest.raises(ImportRefused) as failed:
        import_dossiers(data, "ho-so.csv", by=desk.receptionist)

    assert {(e.row, e.column) for e in failed.value.problems} == {
        (3, "ma_thu_tuc"),
        (3, "kenh"),
        (3, "tiep_nhan_luc"),
    }
    assert not Dossier.objects.exists()

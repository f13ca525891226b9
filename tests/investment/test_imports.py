import datetime as dt
import io

import pytest

from congvu.core.exports import write_xlsx
from congvu.core.imports import ImportRefused
from congvu.investment.imports import import_tables, read_upload, template_sheets
from congvu.investment.models import CapitalPlan, Disbursement, Project, ProjectEvent, StageKind


def _workbook(inv, *, payment="2.500.000.000"):
    ban, ward = inv.ban.code, inv.province.ward.code
    sheets = template_sheets(
        [
            ("du_an", ["DA-101", "Nâng cấp đường tỉnh 338", "B", ban, "120.000.000.000", "DP",
                       "transport.road", ward, "Phường Hạ Long", "", ""]),
            ("giai_doan", ["DA-101", "policy", "", "01/02/2025", "30/04/2025", "03/02/2025",
                           "28/04/2025"]),
            ("giai_doan", ["DA-101", "site_clearance", ward, "01/06/2025", "31/12/2025", "", ""]),
            ("giai_ngan", ["DA-101", 2026, "10/03/2026", payment, "KB-0001"]),
        ]
    )  # fmt: skip
    buffer = io.BytesIO()
    write_xlsx(buffer, sheets)
    return buffer.getvalue()


def read_workbook(content):
    return read_upload(content, name="du-an.xlsx")


def read_csv(content, table="ke_hoach_von"):
    return read_upload(content, name=f"{table}.csv", table=table)[table]


def test_a_workbook_imports_projects_stages_and_payments(investment):
    tables = read_workbook(_workbook(investment))
    # The plan comes from the committee above the investor: its chair imports it.
    plan_rows = read_csv("ma_du_an,nam,so_tien,ngay,quyet_dinh\nDA-101,2026,10.000.000.000,"
                         "05/01/2026,15/QĐ-UBND\n".encode())  # fmt: skip
    payments = tables.pop("giai_ngan")

    import_tables(tables, by=investment.director)
    import_tables({"ke_hoach_von": plan_rows}, by=investment.province.chair)
    summary = import_tables({"giai_ngan": payments}, by=investment.engineer)

    project = Project.objects.get(code="DA-101")
    assert project.total_investment_vnd == 120_000_000_000
    policy = project.stages.get(kind=StageKind.POLICY)
    assert (policy.actual_start, policy.actual_end) == (dt.date(2025, 2, 3), dt.date(2025, 4, 28))
    assert project.stages.get(kind=StageKind.SITE_CLEARANCE).unit == investment.province.ward
    assert CapitalPlan.objects.get().assigned_vnd == 10_000_000_000
    assert Disbursement.objects.get().amount_vnd == 2_500_000_000
    assert summary.rows == {"giai_ngan": 1}


def test_a_bad_import_names_every_row_and_column_and_writes_nothing(investment):
    tables = read_workbook(_workbook(investment, payment="hai tỷ"))
    tables["du_an"].append(
        {"_row": 3, "ma_du_an": "DA-102", "ten_du_an": "Trạm y tế", "nhom": "E",
         "chu_dau_tu": "KHONG-CO", "tong_muc_dau_tu": "5.000.000.000", "nguon_von": "DP"}
    )  # fmt: skip

    with pytest.raises(ImportRefused) as failed:
        import_tables(tables, by=investment.director)

    problems = [(p.sheet, p.row, p.column) for p in failed.value.problems]
    assert problems == [
        ("du_an", 3, "chu_dau_tu"),
        ("giai_ngan", 2, "so_tien"),
    ]
    assert str(failed.value.problems[1]).startswith(
        'Trang tính "giai_ngan", dòng 2, cột "so_tien": '
    )
    assert not Project.objects.exists()
    assert not ProjectEvent.objects.exists()


def test_an_action_refusal_is_reported_on_its_row(investment):
    tables = read_workbook(_workbook(investment))
    tables["giai_ngan"][0]["ngay"] = "10/03/2027"  # in the future

    with pytest.raises(ImportRefused) as failed:
        import_tables(tables, by=investment.director)

    assert [(p.sheet, p.row) for p in failed.value.problems] == [("giai_ngan", 2)]
    assert not Project.objects.exists()


def test_missing_columns_are_reported_once(investment):
    rows = read_csv("Mã dự án,Năm\nDA-1,2026\n".encode())

    with pytest.raises(ImportRefused) as failed:
        import_tables({"ke_hoach_von": rows}, by=investment.province.chair)

    assert [(p.row, p.column) for p in failed.value.problems] == [(1, "so_tien"), (1, "ngay")]

"""The import commands on files that cannot be read: a non-zero exit with the problem in
Vietnamese, and nothing written."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from congvu.dossiers.models import Dossier, Procedure
from congvu.org.models import Official, Unit
from tests.core.test_imports import dimension_bomb
from tests.dossiers.conftest import desk  # noqa: F401  # the fixture

UNREADABLE = [
    ("don_vi.xlsx", "Mã đơn vị,Tên đơn vị,Loại\nA,Sở A,Sở\n".encode(), "không phải là bảng tính"),
    ("don_vi.xlsx", b"PK\x03\x04" + b"\x02" * 100, "không phải là bảng tính Excel (.xlsx) đọc"),
    ("don_vi.csv", "Mã đơn vị,Tên đơn vị\nA,Sở A\n".encode("utf-16-le"), "byte NUL"),
    ("don_vi.csv", "Mã,Tên\nA,Sa Pa\n".encode("latin-1"), "không phải văn bản UTF-8"),
    ("don_vi.csv", b"\x7fELF\x02\x01\x01\x00\x00\x00", "byte NUL"),
    ("don_vi.csv", b"", "Tệp rỗng"),
]
IDS = ["text-named-xlsx", "broken-zip", "utf16-without-bom", "wrong-encoding", "binary", "empty"]


def counts() -> tuple[int, int, int, int]:
    return (
        Unit.objects.count(),
        Official.objects.count(),
        Procedure.objects.count(),
        Dossier.objects.count(),
    )


@pytest.mark.parametrize(("name", "data", "expected"), UNREADABLE, ids=IDS)
@pytest.mark.parametrize("command", ["import_units", "import_officials"])
def test_the_org_commands_exit_non_zero_on_an_unreadable_file(
    command, name, data, expected, tmp_path, db
):
    path = tmp_path / name
    path.write_bytes(data)
    err = io.StringIO()

    with pytest.raises(CommandError) as failed:
        call_command(command, str(path), stderr=err)

    assert expected in err.getvalue()
    assert "Chưa nhập dữ liệu nào" in str(failed.value)
    assert counts() == (0, 0, 0, 0)


@pytest.mark.parametrize(("name", "data", "expected"), UNREADABLE, ids=IDS)
def test_the_dossier_command_exits_non_zero_on_an_unreadable_file(
    name,
    data,
    expected,
    tmp_path,
    desk,  # noqa: F811
):
    path = tmp_path / name.replace("don_vi", "ho_so")
    path.write_bytes(data)
    before = counts()

    with pytest.raises(CommandError) as failed:
        call_command("import_dossiers", "dossiers", str(path), "--by", desk.receptionist.code)

    assert expected in str(failed.value)
    assert "Chưa nhập dữ liệu nào" in str(failed.value)
    assert counts() == before


def test_a_file_over_the_limit_is_refused_by_the_commands(tmp_path, settings, desk):  # noqa: F811
    settings.IMPORT_MAX_BYTES = 1024
    path = tmp_path / "thu_tuc.csv"
    path.write_bytes(b"ma_thu_tuc\n" + b"1.0001\n" * 200)
    before = counts()

    with pytest.raises(CommandError) as failed:
        call_command("import_dossiers", "procedures", str(path))

    assert "lớn hơn giới hạn 1 KB" in str(failed.value)
    assert counts() == before


def test_the_dimension_bomb_is_read_by_the_unit_import_as_its_few_cells(tmp_path, db):
    path = tmp_path / "don_vi.xlsx"
    path.write_bytes(dimension_bomb())
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_units", str(path), stderr=err)

    # Its headers "Mã", "Tên" are not the template's: reported on row 1, nothing written.
    assert 'Dòng 1, cột "Mã"' in err.getvalue()
    assert counts() == (0, 0, 0, 0)

"""The import command reports every bad row and imports nothing."""

import pytest
from django.core.management import CommandError, call_command

from congvu.dossiers.imports import PROCEDURE_COLUMNS
from congvu.dossiers.models import Procedure


def test_import_command_reports_row_and_column(desk, tmp_path):
    path = tmp_path / "thu-tuc.csv"
    path.write_text(
        ",".join(PROCEDURE_COLUMNS) + "\n1.9,Thủ tục,ZZ,tỉnh,5,U0,0,,\n", encoding="utf-8"
    )
    before = Procedure.objects.count()

    with pytest.raises(CommandError) as failed:
        call_command("import_dossiers", "procedures", str(path))

    assert 'Dòng 2, cột "ma_linh_vuc": ' in str(failed.value)
    assert Procedure.objects.count() == before

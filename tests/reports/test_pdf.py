"""The report as a Vietnamese A4 PDF: it is produced, and its text keeps every diacritic."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from congvu.reports.monthly import Sources, build_report
from congvu.reports.pdf import date_line, report_html, report_pdf
from tests.reports.conftest import SEPTEMBER, TODAY


@pytest.fixture
def report(world):
    return build_report(
        unit=world.desk.province.province_pc,
        month=SEPTEMBER,
        sources=Sources.everything(),
        today=TODAY,
    )


def test_the_date_line_follows_decree_30(report):
    assert date_line("Quảng Ninh", report) == "Quảng Ninh, ngày 05 tháng 10 năm 2026"


def test_the_html_has_the_header_and_vietnamese_numbers(report):
    html = report_html(report)

    assert (
        '<div class="upper">ỦY BAN NHÂN DÂN</div><div class="upper">TỈNH QUẢNG NINH</div>' in html
    )
    assert (
        "BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ, GIẢI QUYẾT HỒ SƠ VÀ GIẢI NGÂN VỐN ĐẦU TƯ CÔNG "
        "THÁNG 09/2026" in html
    )
    assert "Quảng Ninh, ngày 05 tháng 10 năm 2026" in html
    assert "Số liệu tính đến hết ngày 30/09/2026." in html
    assert "32.000" in html  # the plan, in million đồng
    assert "10.500" in html
    assert "32,8&nbsp;%" in html  # 10.5 of 32 bn; a percentage never breaks from its number
    assert "66,6&nbsp;%" in html  # dossiers on time under Decision 766: 2/3, cut, never rounded up
    assert "31/12/2025" in html  # the deadline of the oldest overdue task


def test_the_pdf_is_produced_with_vietnamese_text(report, tmp_path):
    pdf = report_pdf(report)

    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    text = " ".join(text.split())  # table headers and the issuer wrap over lines
    for phrase in (
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Hoàn thành đúng hạn",
        "Quá hạn chưa hoàn thành",
        "KIẾN NGHỊ",
        "Cầu Bãi Cháy 2",
    ):
        assert phrase in text

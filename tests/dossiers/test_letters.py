"""The apology letter PDF: Vietnamese text, the unit at fault and the new date."""

import datetime as dt
import shutil
import subprocess

import pytest

from congvu.dossiers.actions import issue_apology
from congvu.dossiers.letters import letter_html, letter_pdf
from tests.dossiers.conftest import at, sent
from tests.factories import make_official


def test_apology_letter_renders_in_vietnamese_as_a_pdf(desk):
    dossier = sent(desk, applicant="Bà Lưu Thị Hường")
    letter = issue_apology(
        dossier,
        by=desk.province.official,
        unit_at_fault=desk.province.construction,
        reason="Chờ ý kiến thẩm định của Sở Tài chính",
        new_due=dt.date(2025, 10, 20),
        ts=at(2025, 10, 9),
    )

    html = letter_html(letter)
    pdf = letter_pdf(letter)

    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in html
    assert "Bà Lưu Thị Hường" in html
    assert "20/10/2025" in html and "13/10/2025" in html
    assert "Sở Xây dựng" in html
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000


def _pdf_text(pdf: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    path = tmp_path / "phieu.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True)
    return " ".join(out.stdout.split())


def test_the_letter_is_laid_out_per_decree_30_and_signed_by_the_head_of_the_unit_at_fault(
    desk, tmp_path
):
    dossier = sent(desk, applicant="Bà Lưu Thị Hường")
    letter = issue_apology(
        dossier,
        by=desk.province.official,
        unit_at_fault=desk.province.construction,
        reason="Chờ ý kiến thẩm định của Sở Tài chính",
        new_due=dt.date(2025, 10, 20),
        ts=at(2025, 10, 9),
    )

    text = _pdf_text(letter_pdf(letter), tmp_path)

    # Governing body and issuing unit, number; national name and motto; place and date.
    assert "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH SỞ XÂY DỰNG" in text
    assert f"Số: {letter.number}" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Quảng Ninh, ngày 09 tháng 10 năm 2025" in text, text
    assert "Kính gửi: Bà Lưu Thị Hường" in text
    # Recipients on the left, the head of the unit at fault signs (the official only prepared it).
    assert "Nơi nhận:" in text and "Lưu: VT." in text
    assert "GIÁM ĐỐC" in text and "Lê Minh Đức" in text
    # Only the rule's own documents, no research notes, no English.
    assert "Căn cứ Nghị định 118/2025/NĐ-CP; Thông tư 03/2025/TT-VPCP;" in text
    for word in ("Lai Châu", "Đồng Tháp", "verified", "Legal basis", "Issued on", "restated"):
        assert word not in text


def test_a_deputy_who_issues_the_letter_signs_for_the_head(desk, tmp_path):
    deputy = make_official(
        "Phạm Thu Trang", unit=desk.province.construction, position="Phó Giám đốc"
    )
    deputy_position = deputy.posts.get().position
    deputy_position.is_manager = True
    deputy_position.save(update_fields=["is_manager"])
    dossier = sent(desk, applicant="Ông Trần Văn Bình")

    letter = issue_apology(
        dossier,
        by=deputy,
        unit_at_fault=desk.province.construction,
        reason="Chờ kết quả khảo sát hiện trạng",
        new_due=dt.date(2025, 10, 20),
        ts=at(2025, 10, 9),
    )

    text = _pdf_text(letter_pdf(letter), tmp_path)
    assert "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC" in text
    assert "Phạm Thu Trang" in text

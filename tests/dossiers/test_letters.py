"""The apology letter PDF: Vietnamese text, the unit at fault and the new date."""

import datetime as dt

from congvu.dossiers.actions import issue_apology
from congvu.dossiers.letters import letter_html, letter_pdf
from tests.dossiers.conftest import at, sent


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

"""Mẫu 01 and Mẫu 02 render as PDFs whose text (pdftotext) carries the Vietnamese headings."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine

from congvu.people import actions
from congvu.people.models import Rating
from congvu.people.pdf import form01_html, form02_html, to_pdf
from congvu.people.queries import compute_batch
from tests.people.world import VN, build_world, held_task


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    path = tmp_path / "mau.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return " ".join(text.split())


@pytest.fixture
def approved(province):
    build_world(province)
    p = province
    held_task(
        p, p.official, created=dt.date(2026, 3, 2), due=dt.date(2026, 3, 20),
        completed=dt.date(2026, 3, 15), title="Thẩm định đồ án phường Hồng Gai",
    )  # fmt: skip
    with time_machine.travel(dt.datetime(2026, 4, 6, 10, tzinfo=VN), tick=False):
        actions.self_assess(p.official, "2026-03", points=[Decimal(9)] * 3, note="")
        rating = Rating.objects.get(official=p.official)
        actions.review(rating, by=p.head, points=[Decimal(8)] * 3)
        actions.approve_unit(p.construction, "2026-03", by=p.head)
        rating.refresh_from_db()
        yield rating


def test_form01_renders_in_vietnamese(approved, tmp_path):
    items = compute_batch(approved.unit, approved.period).items

    text = pdf_text(to_pdf(form01_html(approved, items)), tmp_path)

    for phrase in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "PHIẾU THEO DÕI, ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG CÔNG CHỨC",
        "Mẫu 01",
        "Phạm Quang Hải",
        "Thẩm định đồ án phường Hồng Gai",
        "Tiêu chí chung",
    ):
        assert phrase in text


def test_form02_renders_in_vietnamese(approved, tmp_path):
    text = pdf_text(to_pdf(form02_html(approved.unit, "2026-03", [approved])), tmp_path)

    for phrase in (
        "BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG CÔNG CHỨC",
        "Mẫu 02",
        "Phạm Quang Hải",
        "THỦ TRƯỞNG ĐƠN VỊ",
    ):
        assert phrase in text

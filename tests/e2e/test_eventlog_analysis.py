"""End to end in headless Chromium: the office uploads a provincial system's export (Vietnamese
activities, NFD and spaced unit names, day-first local times), sees the preview name the activity
the map lacks, keeps it as a neutral event, and sees the findings; both pages are saved as
screenshots."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import ARTIFACTS, launch_chromium, login, served_world

pytestmark = pytest.mark.browser

FINANCE = unicodedata.normalize("NFD", "Sở Tài chính")
LOG = [
    "case_id,event_id,ts,activity,actor,unit,to_unit,due",
    "NV-01,1,03/03/2025 08:00:00,Giao nhiệm vụ,Trần Thị Bích,Văn phòng UBND tỉnh,Sở Xây dựng,"
    "10/03/2025",
    f"NV-01,2,04/03/2025 08:00:00,Chuyển xử lý,Lê Minh Đức,Sở Xây dựng,{FINANCE},",
    "NV-01,3,05/03/2025 08:00:00,Trả lại,Hoàng Văn Nam,  Sở  Tài chính ,Sở Xây dựng,",
    "NV-01,4,06/03/2025 08:00:00,Ký số,Lê Minh Đức,Sở Xây dựng,,",
    "NV-01,5,20/03/2025 08:00:00,Báo cáo hoàn thành,Lê Minh Đức,Sở Xây dựng,Văn phòng UBND tỉnh,",
]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    with served_world(tmp_path, "tests.e2e.make_world") as url:
        yield url


def test_the_office_previews_and_analyses_a_provincial_export(server: str, tmp_path: Path):
    from playwright.sync_api import sync_playwright

    export = tmp_path / "nhat-ky-mot-cua.csv"
    export.write_text("\n".join(LOG) + "\n", encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(locale="vi-VN", viewport={"width": 1366, "height": 900})
        login(page, server, "vanphong")
        page.goto(f"{server}/dau-hieu/")
        page.click("text=Phân tích nhật ký sự kiện từ hệ thống khác")
        page.set_input_files("#id_log", str(export))
        page.click("text=Tải lên và xem trước")
        page.wait_for_load_state()
        unmapped = page.inner_text("#unmapped")
        activities = page.inner_text("#activities")
        page.screenshot(path=str(ARTIFACTS / "eventlog-preview.png"), full_page=True)
        page.check("#id_keep_unmapped")
        page.click("button:text('Phân tích')")
        page.wait_for_load_state()
        by_kind = page.inner_text("#by-kind")
        findings = page.inner_text("#findings")
        page.screenshot(path=str(ARTIFACTS / "eventlog-findings.png"), full_page=True)
        browser.close()

    assert unmapped.strip() == "Ký số"
    assert "Chuyển xử lý" in activities and "(transfer)" in activities
    assert "Chuyển trở lại nơi đã giữ\t1" in by_kind
    assert "NV-01" in findings and "Sở Tài chính" in findings

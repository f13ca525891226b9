"""End to end in headless Chromium: the head opens the rewards pages, a nomination with its
evidence panel and the year's list; Sở Nội vụ records a decision; the nominee sees their own.
Screenshots go to test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import ARTIFACTS, launch_chromium, login, served_world

pytestmark = pytest.mark.browser


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    with served_world(tmp_path, "tests.rewards.make_world") as url:
        yield url


def test_walk_the_rewards_pages(server: str) -> None:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        login(page, server, "giamdoc")
        page.click("nav summary:has-text('Cán bộ')")  # the menu groups the officials' pages
        page.click("nav >> text=Khen thưởng")
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Khen thưởng “5 thật”, “6 dám”"
        # The head sees the four submitted nominations, not the nominee's draft of a colleague.
        assert page.locator("table.list tbody tr").count() == 4
        page.screenshot(path=str(ARTIFACTS / "rewards-list.png"), full_page=True)
        page.locator("tr", has_text="Được khen thưởng").locator("a").first.click()
        page.wait_for_load_state()
        assert "215/QĐ-SXD" in page.content()
        assert "Nhiệm vụ hoàn thành trước hạn, được duyệt ngay lần đầu" in page.content()
        page.screenshot(path=str(ARTIFACTS / "rewards-nomination.png"), full_page=True)
        page.click("text=Mở bảng bằng chứng trên trang riêng")
        page.wait_for_load_state()
        assert "Hồ sơ thủ tục khó giải quyết đúng hạn (4)" in page.content()
        page.screenshot(path=str(ARTIFACTS / "rewards-panel.png"), full_page=True)
        page.goto(f"{server}/khen-thuong/")
        page.locator("section", has_text="Danh sách trong năm").locator("a").first.click()
        page.wait_for_load_state()
        assert "Danh sách (PDF)" in page.content()
        page.screenshot(path=str(ARTIFACTS / "rewards-unit-list.png"), full_page=True)
        context.close()

        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        login(page, server, "noivu")
        page.goto(f"{server}/khen-thuong/")
        page.locator("tr", has_text="Đã xét, chờ quyết định").locator("a").first.click()
        page.wait_for_load_state()
        page.select_option("select[name=form]", "province_merit")
        page.fill("input[name=number]", "2871/QĐ-UBND")
        page.screenshot(path=str(ARTIFACTS / "rewards-decide.png"), full_page=True)
        page.click("button:has-text('Ghi nhận quyết định khen thưởng')")
        page.wait_for_load_state()
        assert "2871/QĐ-UBND" in page.content()
        assert "Bằng khen của Chủ tịch UBND tỉnh" in page.content()
        context.close()

        context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
        page = context.new_page()
        login(page, server, "chuyenvien")
        page.goto(f"{server}/khen-thuong/")
        # Their two nominations (submitted) and their own draft of a colleague.
        assert page.locator("table.list tbody tr").count() == 3
        page.screenshot(path=str(ARTIFACTS / "rewards-nominee-mobile.png"), full_page=True)
        context.close()
        browser.close()

"""End to end in headless Chromium: Sở Nội vụ opens the discipline cases and a case's steps,
the head records the collective's vote on a proposal, the person concerned sees only their own
case. Screenshots go to test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import ARTIFACTS, launch_chromium, login, served_world

pytestmark = pytest.mark.browser


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    with served_world(tmp_path, "tests.discipline.make_world") as url:
        yield url


def test_walk_the_discipline_and_innovation_pages(server: str) -> None:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        login(page, server, "noivu")
        page.goto(f"{server}/ky-luat/")
        assert page.locator("h1").inner_text() == "Vụ việc kỷ luật"
        assert page.locator("table.list tbody tr").count() == 5
        # The case near its limitation date: the notice is due in ten days or so.
        near = page.locator("tr", has_text="Tạ Văn Bình").inner_text()
        assert "Thông báo xem xét kỷ luật" in near
        page.screenshot(path=str(ARTIFACTS / "discipline-list.png"), full_page=True)
        page.locator("a", has_text="Trịnh Văn Khoa").first.click()
        page.wait_for_load_state()
        assert "Căn cứ miễn kỷ luật có thể áp dụng" in page.content()
        page.screenshot(path=str(ARTIFACTS / "discipline-case-exemption.png"), full_page=True)
        page.goto(f"{server}/ky-luat/")
        page.locator("tr", has_text="Đùn đẩy").locator("a").first.click()
        page.wait_for_load_state()
        assert "Hội đồng kỷ luật" in page.content()
        page.screenshot(path=str(ARTIFACTS / "discipline-case-council.png"), full_page=True)
        context.close()

        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        login(page, server, "giamdoc")
        page.goto(f"{server}/doi-moi/")
        assert page.locator("h1").inner_text() == "Đề xuất đổi mới, sáng tạo"
        page.screenshot(path=str(ARTIFACTS / "innovation-list.png"), full_page=True)
        page.locator("a", has_text="Một cửa liên thông").first.click()
        page.wait_for_load_state()
        page.check("input[name^=member_][value=yes] >> nth=0")
        page.check("input[name^=member_][value=no] >> nth=1")
        page.screenshot(path=str(ARTIFACTS / "innovation-vote.png"), full_page=True)
        page.click("button:has-text('Ghi kết quả biểu quyết của tập thể')")
        page.wait_for_load_state()
        # 1 for (the head), 1 against: a tie, decided by the head → approved.
        assert "theo ý kiến người đứng đầu" in page.content()
        assert "Tập thể lãnh đạo đã thông qua" in page.content()
        page.screenshot(path=str(ARTIFACTS / "innovation-voted.png"), full_page=True)
        context.close()

        context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
        page = context.new_page()
        login(page, server, "chuyenvien")
        page.goto(f"{server}/ky-luat/")
        rows = page.locator("table.list tbody tr")
        assert rows.count() == 1  # their own case, nobody else's
        page.screenshot(path=str(ARTIFACTS / "discipline-own-cases-mobile.png"), full_page=True)
        browser.close()

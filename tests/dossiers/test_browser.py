"""End to end in headless Chromium: centre staff open the dossier dashboard, see the on-time chart
and the late dossiers in Vietnamese, and open a late dossier's timeline.

Like tests/e2e, the test runs its own server on a free port against its own SQLite file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import ARTIFACTS, launch_chromium, served_world
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    with served_world(tmp_path, "tests.dossiers.make_world") as url:
        yield url


def test_centre_staff_see_the_dossier_dashboard_and_a_late_timeline(server: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(f"{server}/login/")
        page.fill("#id_username", "motcua")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()

        page.goto(f"{server}/ho-so/")

        assert page.locator("h1").inner_text() == "Hồ sơ thủ tục hành chính"
        assert page.locator("svg.trend rect.bar").count() == 12
        assert page.locator("svg.trend polyline").count() == 1
        late = int(page.locator("#late-now-count").inner_text().replace(".", ""))
        assert late > 0
        assert page.locator("#late-now tbody tr").count() == min(late, 15)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "dossier-dashboard.png"), full_page=True)

        page.locator("#late-now tbody tr a").first.click()
        page.wait_for_url("**/ho-so/*/")
        assert page.locator(".badge.late").count() >= 1
        assert "Diễn biến" in page.content()
        timeline = page.locator(".timeline").inner_text()
        # Received at the counter, or submitted online and accepted (portal statuses 1 -> 2).
        assert "Đã tiếp nhận" in timeline or "Tiếp nhận hồ sơ trực tuyến" in timeline
        browser.close()

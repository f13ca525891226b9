"""End to end in headless Chromium: the office assigns a task, the lead unit's official is not
offered to hand it out of the unit, its head transfers it, the timeline shows both in
Vietnamese, and the leader's overview is saved as a screenshot.

The test runs its own server (`congvu runserver`) on a free port against its own SQLite file, so
it does not share the test database and runs the same whatever database the suite uses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation

from congvu.tasks.models import Activity
from tests.browser import ARTIFACTS, launch_chromium, served_world
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    with served_world(tmp_path, "tests.e2e.make_world") as url:
        yield url


def test_office_assigns_head_transfers_leader_sees_overview(server: str) -> None:
    from playwright.sync_api import sync_playwright

    with translation.override("vi"):
        created, transferred = str(Activity.CREATE.label), str(Activity.TRANSFER.label)
    with translation.override("en"):
        english = str(Activity.CREATE.label)
    due = (dt.date.today() + dt.timedelta(days=20)).strftime("%d/%m/%Y")  # noqa: DTZ011
    title = "Khảo sát hiện trạng bến cảng Hòn Gai"

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
        page = context.new_page()

        def log_in(username: str) -> None:
            context.clear_cookies()
            page.goto(f"{server}/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state()

        # The office assigns the task from a new directive document.
        log_in("vanphong")
        page.goto(f"{server}/nhiem-vu/giao-moi/")
        page.fill("#id_title", title)
        page.fill("#id_document_number", "88/UBND-TH")
        page.fill("#id_document_date", dt.date.today().strftime("%d/%m/%Y"))  # noqa: DTZ011
        page.fill("#id_document_signer", "Cao Tường Huy")
        page.select_option("#id_field", label="Xây dựng")
        # Units are a tree: the label is indented by its level, so pick by the filter box.
        page.locator("input.tree-filter").first.fill("so xay dung")
        construction = page.locator("#id_lead_unit option:not([hidden])").nth(1)
        assert construction.inner_text().strip() == "Sở Xây dựng"
        page.select_option("#id_lead_unit", construction.get_attribute("value"))
        page.select_option("#id_supervisor", label="Cao Tường Huy")
        page.fill("#id_due", due)
        page.click("button[type=submit].primary")
        page.wait_for_url("**/nhiem-vu/*/")
        task_url = page.url
        assert "Đã giao nhiệm vụ cho Sở Xây dựng." in page.content()

        # A specialist of the lead unit is not offered the transfer: it needs the head.
        log_in("chuyenvien")
        page.goto(task_url)
        assert page.locator("form[action$='/transfer/']").count() == 0

        # The lead unit's head transfers it to the finance department.
        log_in("giamdoc")
        page.goto(task_url)
        page.click("summary:has-text('Chuyển đơn vị khác')")
        form = page.locator("form[action$='/transfer/']")
        form.locator("select[name=to_unit]").select_option(label="Sở Tài chính")
        form.locator("textarea[name=reason]").fill("Nội dung thuộc lĩnh vực tài chính")
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        # The task left the head's unit, so they land on their own work with a message.
        assert "Đã chuyển nhiệm vụ." in page.content()

        # The leader lands on the overview and reads the task's timeline.
        log_in("chutich")
        assert page.url.rstrip("/").endswith("/tong-quan")
        overview = page.url
        page.goto(task_url)
        timeline = page.locator("ol.timeline").inner_text()
        assert created in timeline
        assert transferred in timeline
        assert created != english  # Vietnamese, not the English msgid
        assert "Sở Tài chính" in timeline
        assert "Nội dung thuộc lĩnh vực tài chính" in timeline
        assert "Diễn biến xử lý" in page.content()

        page.goto(overview)
        assert page.locator(".chart svg rect").count() > 0
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)
        browser.close()

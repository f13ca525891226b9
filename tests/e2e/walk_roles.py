"""Walk the demo as each role in headless Chromium (Debian's), do that role's main job and save a
screenshot of the result to docs/screens/<role>.png, plus the chairman's overview
(docs/screens/overview.png, the README's first picture) and 375 px wide screenshots of the
investment and task pages.

Run against the demo province (`make run`, the demo password):

    .venv/bin/python -m tests.e2e.walk_roles --url http://127.0.0.1:8000

Each step asserts what the role must see, so a broken walk stops with the step that failed. It is
not part of the test suite: the demo province takes minutes to build, the suite seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvu.settings")
django.setup()

from congvu.demo.units import DEMO_PASSWORD  # noqa: E402  (needs the app registry)
from congvu.org.models import Official  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SCREENS = REPO / "docs" / "screens"
CHROMIUM = "/usr/bin/chromium"
WIDE, PHONE = 1280, 375
# Full names of the demo logins the walk picks in forms, read before the browser starts (the ORM
# does not run inside Playwright's event loop).
NAMES: dict[str, str] = {}


def log_in(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/login/" not in page.url, f"{username} could not log in"


def shot(page: Any, name: str) -> None:
    # What the screen shows (1280 × 900, or a phone's 375 × 800): small PNGs for the README.
    page.screenshot(path=str(SCREENS / f"{name}.png"))


def quick_action(page: Any, label: str) -> str:
    """Click the first one-click action `label` of Việc của tôi; returns the message shown."""
    button = page.locator(f"ul.queue button:has-text('{label}')").first
    button.click()
    done = page.locator("li.done-row").first
    done.wait_for()
    return str(done.inner_text())


def chairman(page: Any, base: str) -> None:
    log_in(page, base, "chutich")
    page.goto(f"{base}/viec-cua-toi/")
    assert page.locator("#front-directed").count() == 1, "the chairman's directives"
    # He approves the completion the specialist reported, in one click.
    assert "✓" in quick_action(page, "Nghiệm thu")
    shot(page, "chairman")


def overview(page: Any, base: str) -> None:
    """The chairman's overview of the province: the four categories by unit (the README's top)."""
    log_in(page, base, "chutich")
    page.goto(f"{base}/tong-quan/")
    assert page.locator(".kpis .kpi").count() == 5, "the total and the four categories"
    shot(page, "overview")


def office(page: Any, base: str) -> None:
    """The office assigns a task to Sở Xây dựng, directed by the chairman."""
    log_in(page, base, "vanphong")
    chair = NAMES["chutich"]
    today = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    page.goto(f"{base}/nhiem-vu/giao-moi/")
    page.fill("#id_title", "Rà soát hồ sơ cấp phép xây dựng tồn đọng quý IV")
    page.fill("#id_document_number", f"{today:%d%m}/UBND-XD")
    page.fill("#id_document_date", today.strftime("%d/%m/%Y"))
    page.fill("#id_document_signer", f"Chủ tịch UBND tỉnh {chair}")
    page.select_option("#id_field", label="Xây dựng, quy hoạch và đô thị")
    # Units are a tree (labels indented by level): pick through the filter box.
    page.locator("input.tree-filter").first.fill("so xay dung")
    construction = page.locator("#id_lead_unit option:not([hidden])").nth(1)
    page.select_option("#id_lead_unit", construction.get_attribute("value"))
    page.select_option("#id_supervisor", label=chair)
    page.fill("#id_due", (today + dt.timedelta(days=20)).strftime("%d/%m/%Y"))
    page.click("button[type=submit].primary")
    page.wait_for_url("**/nhiem-vu/*/")
    assert "Đã giao nhiệm vụ cho Sở Xây dựng." in page.content()
    shot(page, "office")


def department_head(page: Any, base: str) -> None:
    """The head accepts a new task of the unit and hands it to the specialist."""
    log_in(page, base, "giamdoc.xd")
    page.goto(f"{base}/viec-cua-toi/")
    assert page.locator("#front-unit").count() == 1, "the head's unit"
    if page.locator("ul.queue button:has-text('Tiếp nhận')").count():
        assert "✓" in quick_action(page, "Tiếp nhận")
        shot(page, "department-head")
        page.locator("li.done-row a").first.click()
    else:
        shot(page, "department-head")
        page.locator("#to-hand-out ul.queue a").first.click()
    page.wait_for_load_state()
    name = NAMES["chuyenvien.xd"]
    page.click("summary:has-text('Phân công cán bộ xử lý')")
    form = page.locator("form[action$='/assign/']")
    form.locator("select[name=to]").select_option(label=name)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def specialist(page: Any, base: str) -> None:
    log_in(page, base, "chuyenvien.xd")
    page.goto(f"{base}/viec-cua-toi/")
    assert page.locator("#front-held").count() == 1, "the specialist's own tasks"
    page.locator("ul.queue a:has-text('Rà soát hồ sơ cấp phép xây dựng tồn đọng')").first.click()
    page.wait_for_load_state()
    # A specialist is not offered to hand the task out of the unit: that needs the head.
    assert page.locator("form[action$='/transfer/']").count() == 0
    form = page.locator("form[action$='/complete/']")
    form.locator("xpath=ancestor::details/summary").click()
    form.locator("textarea[name=result]").fill("Đã hoàn thành, báo cáo kèm theo.")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    shot(page, "specialist")


def reception(page: Any, base: str) -> None:
    log_in(page, base, "tiepnhan")
    page.goto(f"{base}/ho-so/tiep-nhan/")
    page.fill("#id_applicant", "Bà Nguyễn Thị Hoa")
    options = page.locator("#id_procedure option")
    page.select_option("#id_procedure", index=1 if options.count() > 1 else 0)
    # A few minutes ago, in the province's time (the form refuses a reception in the future).
    now = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")) - dt.timedelta(minutes=5)
    page.fill("#id_received_at", now.strftime("%d/%m/%Y %H:%M"))
    with page.expect_navigation():
        page.locator("form#reception button[type=submit].primary").click()
    assert re.search(r"/ho-so/\d+/", page.url), "the received dossier opens"
    shot(page, "reception")


def home_affairs(page: Any, base: str) -> None:
    log_in(page, base, "noivu")
    # Unasked, the page opens on the latest period with approved ratings.
    page.goto(f"{base}/danh-gia/toan-tinh/")
    assert page.locator("table.list tbody tr td.num").count() > 0, "the ratings of the province"
    shot(page, "home-affairs")


def investment(page: Any, base: str) -> None:
    log_in(page, base, "dautu")
    page.goto(f"{base}/dau-tu/")
    assert "tỷ đồng" in page.content(), "money in tỷ đồng"
    shot(page, "investment")


def inspector(page: Any, base: str) -> None:
    log_in(page, base, "thanhtra")
    page.goto(f"{base}/dau-hieu/")
    assert page.locator("#signal-summary").count() == 1, "the signals open with a summary"
    shot(page, "inspector")


def phone(browser: Any, base: str) -> None:
    """The investment and task pages at 375 px: nothing wider than the screen."""
    context = browser.new_context(locale="vi-VN", viewport={"width": PHONE, "height": 800})
    page = context.new_page()
    for username, path, name in (
        ("dautu", "/dau-tu/", "investment-375"),
        ("dautu", "/dau-tu/du-an/", "investment-projects-375"),
        ("giamdoc.xd", "/nhiem-vu/", "tasks-375"),
    ):
        log_in(page, base, username)
        page.goto(base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE, f"{path} is {width} px wide at {PHONE} px"
        shot(page, name)
    context.close()


# In the order of a task's life: assigned, accepted and handed out, completed, approved.
ROLES = (
    office,
    department_head,
    specialist,
    chairman,
    overview,
    reception,
    home_affairs,
    investment,
    inspector,
)


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    base = parser.parse_args().url.rstrip("/")
    SCREENS.mkdir(parents=True, exist_ok=True)
    for username in ("chutich", "chuyenvien.xd"):
        NAMES[username] = Official.objects.get(user__username=username).full_name
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(locale="vi-VN", viewport={"width": WIDE, "height": 900})
        page = context.new_page()
        for role in ROLES:
            role(page, base)
            print(f"ok  {role.__name__}")
        phone(browser, base)
        print("ok  375 px")
        browser.close()


if __name__ == "__main__":
    main()

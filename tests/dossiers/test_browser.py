"""End to end in headless Chromium: centre staff open the dossier dashboard, see the on-time chart
and the late dossiers in Vietnamese, and open a late dossier's timeline.

Like tests/e2e, the test runs its own server on a free port against its own SQLite file.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
CONGVU = Path(sys.executable).parent / "congvu"
ARTIFACTS = REPO / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """A migrated SQLite file with a small province and its dossiers, served on localhost."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.dossiers.e2e_settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'e2e.sqlite3'}",
        "CONGVU_VAR_DIR": str(tmp_path / "var"),
        "CONGVU_STATIC_ROOT": str(tmp_path / "static"),
        "CONGVU_DEBUG": "0",
        "PYTHONPATH": str(REPO),
    }

    def run(*args: str | Path, cwd: Path = REPO) -> None:
        subprocess.run([str(a) for a in args], env=env, cwd=cwd, check=True, timeout=300)

    run(CONGVU, "compilemessages", "-v", "0", cwd=REPO / "congvu")
    run(CONGVU, "migrate", "--noinput", "-v", "0")
    run(CONGVU, "collectstatic", "--noinput", "-v", "0")
    run(sys.executable, "-m", "tests.dossiers.make_world")
    port = _free_port()
    process = subprocess.Popen(
        [str(CONGVU), "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/login/", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the test server did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_centre_staff_see_the_dossier_dashboard_and_a_late_timeline(server: str) -> None:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed (make browser installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
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
        assert "Đã tiếp nhận" in page.locator(".timeline").inner_text()
        browser.close()

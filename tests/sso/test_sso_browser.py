"""Single sign-on end to end, in headless Chromium, against a real OpenID Connect provider (the npm
`oidc-provider`, tests/sso/provider.mjs) on loopback: congvu configured from the environment as in
production (CONGVU_OIDC_ISSUER, discovery), its own server on a free port.

An official whose provider login is their congvu login lands on their work; a person congvu does
not know is refused with the reason; logging out ends both sessions; passwords still work.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import REPO, launch_chromium, served_world
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

SSO_DIR = REPO / "tests" / "sso"
CLIENT_ID = "congvu-test"
CLIENT_SECRET = "bi-mat-cua-ung-dung-thu"
PROVIDER_PASSWORD = "mat-khau-cong-mot-cua"
ACCOUNTS = {
    # congvu's login is "chuyenvien": the provider spells it in another case.
    "pq.hai": {
        "password": PROVIDER_PASSWORD,
        "preferred_username": "ChuyenVien",
        "email": "hai.pq@xaydung.example.vn",
        "name": "Phạm Quang Hải",
    },
    "nguoi.la": {
        "password": PROVIDER_PASSWORD,
        "email": "nguoi.la@example.vn",
        "name": "Người Lạ",
    },
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def sso_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The provider on loopback and congvu configured for it; yields congvu's base URL."""
    node = shutil.which("node")
    if node is None or not (SSO_DIR / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("Node.js and tests/sso/node_modules are needed: `make sso-provider`")
    port = _free_port()
    site = f"http://127.0.0.1:{port}"
    config = tmp_path / "provider.json"
    config.write_text(
        json.dumps(
            {
                "port": 0,
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [f"{site}/dang-nhap-mot-cua/callback/"],
                "post_logout_redirect_uris": [f"{site}/login/"],
                "accounts": ACCOUNTS,
            }
        )
    )
    provider = subprocess.Popen(
        [node, str(SSO_DIR / "provider.mjs"), str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert provider.stdout is not None
        issuer = provider.stdout.readline().strip()
        assert issuer.startswith("http://127.0.0.1:"), "the provider did not start"
        monkeypatch.setenv("CONGVU_OIDC_ISSUER", issuer)
        monkeypatch.setenv("CONGVU_OIDC_CLIENT_ID", CLIENT_ID)
        monkeypatch.setenv("CONGVU_OIDC_CLIENT_SECRET", CLIENT_SECRET)
        with served_world(tmp_path, "tests.e2e.make_world", port=port) as url:
            yield url
    finally:
        provider.terminate()
        provider.wait(timeout=10)


def test_sign_on_at_the_provider_matches_officials_refuses_strangers_and_keeps_passwords(
    sso_server: str,
) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(locale="vi-VN")
        page = context.new_page()

        def sign_on(login: str) -> None:
            page.goto(f"{sso_server}/login/")
            button = page.locator("#sso-login")
            assert button.inner_text() == "Đăng nhập bằng tài khoản một cửa của tỉnh"
            button.click()
            page.wait_for_selector("#login")  # the provider's own sign-in page
            assert not page.url.startswith(sso_server)
            page.fill("#login", login)
            page.fill("#password", PROVIDER_PASSWORD)
            with page.expect_navigation(url=f"{sso_server}/**"):
                page.click("#sign-in")
            page.wait_for_load_state()

        # The official, known by their login, lands on their own work as themselves.
        sign_on("pq.hai")
        assert page.url == f"{sso_server}/viec-cua-toi/"
        content = page.content()
        assert "Việc của tôi" in content
        assert "Phạm Quang Hải" in content

        # Logging out ends congvu's session and the provider's.
        page.click("details.account-menu summary")  # logging out is in the account menu
        page.click("form[action='/logout/'] button")
        page.wait_for_selector("#sign-out")
        with page.expect_navigation(url=f"{sso_server}/login/"):
            page.click("#sign-out")
        page.goto(f"{sso_server}/viec-cua-toi/")
        assert page.url.startswith(f"{sso_server}/login/")
        page.locator("#sso-login").click()
        page.wait_for_selector("#login")  # asked to sign in again: no session left there

        # A person the provider knows but congvu does not: refused, told whom to ask.
        context.clear_cookies()
        sign_on("nguoi.la")
        content = page.content()
        assert "Không đăng nhập được bằng tài khoản một cửa" in content
        assert "Đề nghị Sở Nội vụ hoặc người quản trị congvu ghi nhận bạn là cán bộ" in content
        page.goto(f"{sso_server}/viec-cua-toi/")
        assert page.url.startswith(f"{sso_server}/login/")

        # Logins and passwords still work beside it.
        context.clear_cookies()
        page.goto(f"{sso_server}/login/")
        page.fill("#id_username", "chuyenvien")
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.click("button[type=submit].primary")
        assert page.url == f"{sso_server}/viec-cua-toi/"
        assert "Phạm Quang Hải" in page.content()
        browser.close()

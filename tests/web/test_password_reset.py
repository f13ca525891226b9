"""Password reset by e-mail, sent through a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import email
import email.policy
import re
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.test import Client

from tests.factories import PASSWORD


class Inbox:
    """An aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_inbox(settings: Any) -> Iterator[Inbox]:
    """A real SMTP server on a free loopback port, and Django's SMTP backend pointed at it."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "congvu <khong-tra-loi@quangninh.gov.vn>"
    try:
        yield inbox
    finally:
        controller.stop()


def reset_link(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    found = re.search(r"https?://\S+/dat-lai-mat-khau/\S+/", body.get_content())
    assert found, body.get_content()
    return found.group(0)


def test_the_reset_email_goes_through_smtp_and_its_link_sets_a_new_password(
    province, smtp_inbox, settings
):
    settings.CONGVU_SITE_URL = "https://congvu.quangninh.gov.vn"
    user = province.official.user
    user.email = "hai.pq@xaydung.quangninh.gov.vn"
    user.save(update_fields=["email"])
    client = Client()

    asked = client.post("/quen-mat-khau/", {"email": "hai.pq@xaydung.quangninh.gov.vn"})

    assert asked.status_code == 302
    assert asked["Location"] == "/quen-mat-khau/da-gui/"
    assert smtp_inbox.recipients == [["hai.pq@xaydung.quangninh.gov.vn"]]
    message = smtp_inbox.messages[0]
    assert message["Subject"] == "congvu: đặt mật khẩu mới"
    assert "khong-tra-loi@quangninh.gov.vn" in message["From"]
    link = reset_link(message)
    assert link.startswith("https://congvu.quangninh.gov.vn/dat-lai-mat-khau/")

    path = link.removeprefix("https://congvu.quangninh.gov.vn")
    form = client.get(path, follow=True)
    new = "Vinh-Ha-Long-2026!"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    reused = client.get(path, follow=True)

    assert "Đặt mật khẩu mới" in form.content.decode()
    assert done.status_code == 302
    assert done["Location"] == "/dat-lai-mat-khau/xong/"
    assert "không còn hiệu lực" in reused.content.decode()
    user.refresh_from_db()
    assert user.check_password(new)
    assert not user.check_password(PASSWORD)
    assert Client().post("/login/", {"username": "chuyenvien", "password": new}).status_code == 302


def test_without_a_site_address_the_link_uses_the_requests_host(province, smtp_inbox):
    user = province.official.user
    user.email = "hai.pq@xaydung.quangninh.gov.vn"
    user.save(update_fields=["email"])

    Client().post("/quen-mat-khau/", {"email": user.email})

    assert reset_link(smtp_inbox.messages[0]).startswith("http://testserver/dat-lai-mat-khau/")


def test_an_unknown_address_gets_the_same_answer_and_no_email(province, smtp_inbox):
    response = Client().post("/quen-mat-khau/", {"email": "ai-do@example.vn"})

    assert response.status_code == 302
    assert response["Location"] == "/quen-mat-khau/da-gui/"
    assert smtp_inbox.messages == []


def test_the_reset_pages_are_vietnamese(province):
    client = Client()

    form = client.get("/quen-mat-khau/").content.decode()
    sent = client.get("/quen-mat-khau/da-gui/").content.decode()
    login = client.get("/login/").content.decode()

    assert "Quên mật khẩu" in form and "Gửi đường dẫn" in form
    assert "Hãy kiểm tra thư điện tử" in sent
    assert 'href="/quen-mat-khau/"' in login

"""Fixtures of the page tests: plain static storage, and a client logged in as a cast member."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from congvu.org.models import Official

# The SMTP server on loopback, for every test here that sends mail (password reset, reminders).
from tests.web.test_password_reset import smtp_inbox  # noqa: F401


@pytest.fixture(autouse=True)
def _plain_static_storage(settings: object) -> None:
    # Without DEBUG the project uses the manifest storage, which needs `collectstatic` first.
    settings.STORAGES = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def login(client: Client) -> Callable[[Official], Client]:
    """`login(official)` returns the test client logged in as that official (in Vietnamese)."""

    def log_in(official: Official) -> Client:
        client.force_login(official.user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"
        return client

    return log_in

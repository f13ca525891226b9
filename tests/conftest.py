"""Shared fixtures: the `province` cast used by permission tests, and fast password hashing."""

import pytest
from django.conf import settings

from tests.factories import Province, build_province


def pytest_configure() -> None:
    # PBKDF2 at Django's production cost takes ~0.2 s per password; tests create dozens of logins.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The manifest storage needs `collectstatic` first; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture
def province(db: None) -> Province:
    return build_province()

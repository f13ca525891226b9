"""Shared fixtures: the `province` cast used by permission tests, and fast password hashing.

Django is imported lazily, so that the Django-free analytics tests can run with `-p no:django`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.factories import Province


def pytest_configure() -> None:
    try:
        from django.conf import settings
    except ImportError:  # pragma: no cover - Django is always installed; kept for clarity
        return
    if not settings.configured:
        return
    # PBKDF2 at Django's production cost takes ~0.2 s per password; tests create dozens of logins.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The manifest storage needs `collectstatic` first; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the site's language: the test client's requests activate the language
    they asked for (English for some) and Django leaves it active on the thread afterwards."""
    yield
    from django.conf import settings

    if settings.configured:
        from django.utils import translation

        translation.deactivate()


@pytest.fixture
def province(db: None) -> Province:
    from tests.factories import build_province

    return build_province()

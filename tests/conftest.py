"""Shared fixtures: the `province` cast used by permission tests."""

import pytest

from tests.factories import Province, build_province


@pytest.fixture
def province(db: None) -> Province:
    return build_province()

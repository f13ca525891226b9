"""Shared fixtures for the analytics tests: where the public event logs are, the `heavy` marker."""

from __future__ import annotations

from pathlib import Path

import pytest

# CI clones the repository into some folder and puts shared/ beside it: resolve from the repo root.
REPO_ROOT = Path(__file__).resolve().parents[2]
DATASETS = REPO_ROOT.parent / "shared" / "datasets" / "event-logs"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "heavy: a larger real log; runs by default, deselect with -m 'not heavy'"
    )


@pytest.fixture(scope="session")
def datasets() -> Path:
    if not DATASETS.is_dir():
        pytest.skip(f"public event logs not found at {DATASETS} (shared/ beside the repository)")
    return DATASETS

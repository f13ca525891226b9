"""The background seeding of `make run`: the ready file, the status file and the pages' banner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from congvu.demo.status import read_status, recording, seeding, status_file


@pytest.fixture
def var_dir(settings, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path
    return tmp_path


def test_the_status_file_follows_the_stages_and_goes_at_the_end(var_dir: Path) -> None:
    seen: list[tuple[str, int, int]] = []

    with recording(lambda *args: seen.append(args), interval=0) as report:
        report("tasks", 500, 20000)
        assert read_status() == {"stage": "tasks", "done": 500, "total": 20000, "pid": os.getpid()}
        context = seeding(RequestFactory().get("/"))
        assert context["demo_seeding"]["percent"] == 2
        with translation.override("vi"):
            assert str(context["demo_seeding"]["what"]) == "nhiệm vụ"

    assert seen == [("tasks", 500, 20000)]
    assert not status_file().exists()
    assert seeding(RequestFactory().get("/")) == {}


def test_a_status_left_by_a_dead_process_is_ignored(var_dir: Path) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True)  # fmt: skip
    status_file().write_text(json.dumps({"stage": "tasks", "done": 1, "total": 2,
                                         "pid": int(gone.stdout)}))  # fmt: skip

    assert read_status() is None


def test_pages_show_the_banner_while_the_demo_is_written(var_dir: Path, province) -> None:
    client = Client()
    client.force_login(province.official.user)
    with recording(lambda *args: None, interval=0) as report:
        report("dossiers", 10, 40)
        during = client.get(reverse("my_work")).content.decode()
    after = client.get(reverse("my_work")).content.decode()

    assert "Tỉnh mẫu đang được ghi ở chế độ nền: hồ sơ thủ tục hành chính (25 %)" in during
    assert "Tỉnh mẫu đang được ghi" not in after


def test_the_ready_file_is_made_even_when_nothing_is_built(var_dir: Path, province) -> None:
    ready = var_dir / "demo-ready"

    call_command("seed_demo_if_empty", "--part", "tasks", "--ready-file", str(ready))

    assert ready.exists()  # the database had data: `make run` serves at once

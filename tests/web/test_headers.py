"""Security headers on every page, and `check --deploy` clean under the production settings that
the README documents."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.test import Client


def test_every_page_has_a_csp_without_inline_scripts_and_the_usual_headers(province):
    client = Client()
    client.force_login(province.official.user)

    for response in (Client().get("/login/"), client.get("/viec-cua-toi/")):
        csp = response["Content-Security-Policy"]
        directives = {d.split()[0]: d.split()[1:] for d in csp.split("; ")}
        assert directives["script-src"] == ["'self'"]
        assert "'unsafe-inline'" not in directives["script-src"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["object-src"] == ["'none'"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_no_template_has_an_inline_script_or_event_handler():
    templates = Path(__file__).resolve().parents[2] / "congvu"
    offenders = []
    for path in templates.rglob("templates/**/*.html"):
        text = path.read_text()
        for line in text.splitlines():
            inline = "<script" in line and "src=" not in line and "application/json" not in line
            handler = any(f" on{event}=" in line for event in ("click", "change", "submit", "load"))
            if inline or handler:
                offenders.append(f"{path.name}: {line.strip()}")
    assert offenders == []


def test_check_deploy_is_clean_under_the_documented_production_settings(tmp_path):
    env = {
        **os.environ,
        "CONGVU_PRODUCTION": "1",
        "CONGVU_SECRET_KEY": "t9$k-long-random-production-secret-for-the-deploy-check-5f2a8c71e04d",
        "CONGVU_ALLOWED_HOSTS": "congvu.quangninh.gov.vn",
        "CONGVU_VAR_DIR": str(tmp_path),
    }
    env.pop("CONGVU_DEBUG", None)
    congvu = Path(sys.executable).with_name("congvu")

    result = subprocess.run(
        [str(congvu), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout

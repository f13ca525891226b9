"""The demo logins `make run` prints: one per role with work, each existing as soon as the demo's
organisation is built, with what to try first; the reception login receives dossiers."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from congvu.demo.console import ROLES, first_steps, login_lines
from congvu.demo.generator import build_demo
from congvu.demo.units import INVESTMENT_LOGIN, RECEPTION_LOGIN
from congvu.dossiers.demo import build_dossier_demo
from congvu.dossiers.models import Dossier, Procedure
from congvu.investment.demo import build_investment_demo
from congvu.investment.models import Project
from congvu.org.models import Post, Unit

TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def small_demo(db: None, settings: object) -> None:
    settings.STORAGES = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    build_demo(seed=2025, tasks=60, today=TODAY)


def client_for(username: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_every_printed_login_exists_with_a_vietnamese_first_step(small_demo: None) -> None:
    with translation.override("vi"):
        lines = login_lines()

    for _role, username in ROLES:
        assert sum(f" {username} " in line for line in lines) == 1, username
        assert get_user_model().objects.filter(username=username).exists()
    hints = [line.strip() for line in lines if line.strip().startswith("→")]
    assert len(hints) == len(ROLES)
    assert {"tiepnhan", "dautu", "noivu", "thanhtra"} <= {username for _r, username in ROLES}
    assert "→ tiếp nhận một hồ sơ tại quầy (/ho-so/tiep-nhan/)" in hints
    assert any("Trung tâm Phục vụ hành chính công (tiếp nhận)" in line for line in lines)


def test_the_reception_login_sits_at_the_provincial_centre_and_opens_the_reception_page(
    small_demo: None,
) -> None:
    post = Post.objects.select_related("unit").get(official__user__username="tiepnhan")
    page = client_for("tiepnhan").get(reverse("dossiers:receive"))

    assert post.unit.code == "TTPVHCC" and post.unit.kind == Unit.Kind.CENTRE
    assert page.status_code == 200
    assert post.unit.name in page.content.decode()


def test_someone_off_the_counter_is_refused_the_reception_page(small_demo: None) -> None:
    assert client_for("chuyenvien.xd").get(reverse("dossiers:receive")).status_code == 403


def test_the_investment_login_works_in_the_project_board(small_demo: None) -> None:
    build_investment_demo(rng=random.Random(2027), today=TODAY, count=12)
    post = Post.objects.select_related("unit").get(official__user__username="dautu")
    pages = [
        client_for("dautu").get(reverse(name))
        for name in ("investment_dashboard", "investment_projects")
    ]

    assert post.unit.code == "BQLDA"
    assert Project.objects.filter(investor=post.unit).exists()
    assert [page.status_code for page in pages] == [200, 200]


def test_every_first_step_opens_for_its_login(small_demo: None) -> None:
    build_investment_demo(rng=random.Random(2027), today=TODAY, count=12)
    with translation.override("vi"):
        hints = first_steps()

    for role, username in ROLES:
        found = re.findall(r"(/[a-z0-9\-/]+/)", hints[role])
        assert found, role
        client = client_for(username)
        for path in found:
            assert client.get(path).status_code == 200, (username, path)


def test_the_printed_reception_login_receives_a_dossier(small_demo: None) -> None:
    build_dossier_demo(rng=random.Random(2026), today=TODAY, count=0)  # the catalogue only
    client = client_for(RECEPTION_LOGIN)
    page = client.get(reverse("dossiers:receive"))
    procedure = Procedure.objects.filter(level=Procedure.Level.PROVINCE).order_by("code").first()
    assert procedure is not None
    received_at = timezone.localtime() - dt.timedelta(hours=1)

    centre = Post.objects.get(official__user__username=RECEPTION_LOGIN).unit

    response = client.post(
        reverse("dossiers:receive"),
        {
            "centre": centre.pk,
            "procedure": procedure.pk,
            "applicant": "Trần Văn Hùng",
            "channel": Dossier.Channel.IN_PERSON,
            "received_at": received_at.strftime("%d/%m/%Y %H:%M"),
            "code": "",
            "note": "Đơn đề nghị",
        },
    )

    dossier = Dossier.objects.get()
    assert page.status_code == 200
    assert response.status_code == 303
    assert response["Location"] == reverse("dossiers:detail", args=[dossier.pk])
    assert (dossier.procedure, dossier.applicant) == (procedure, "Trần Văn Hùng")
    assert dossier.centre == centre


def _menu_links(page: str) -> list[str]:
    nav = re.search(r'<nav class="nav".*?</nav>', page, re.S)
    assert nav is not None
    return re.findall(r'href="([^"]+)"', nav.group(0))


def test_every_demo_roles_menu_leads_only_to_pages_that_open(small_demo: None) -> None:
    build_investment_demo(rng=random.Random(2027), today=TODAY, count=12)
    refused: dict[str, list[tuple[str, int]]] = {}
    menus: dict[str, list[str]] = {}

    for _role, username in ROLES:
        if username == "admin":
            continue
        client = client_for(username)
        links = _menu_links(client.get(reverse("task_list")).content.decode())
        menus[username] = links
        answers = [(link, client.get(link).status_code) for link in links]
        refused[username] = [(link, status) for link, status in answers if status != 200]

    assert refused == {username: [] for username in menus}
    assert reverse("dossiers:receive") in menus[RECEPTION_LOGIN]
    assert reverse("dossiers:receive") not in menus["chuyenvien.xd"]
    assert reverse("investment_projects") in menus[INVESTMENT_LOGIN]
    assert reverse("people:streamlining") in menus["noivu"]
    assert reverse("task_create") in menus["vanphong"]
    assert reverse("task_create") not in menus["thanhtra"]


def test_the_printed_admin_login_lands_on_the_administration(small_demo: None) -> None:
    client = client_for("admin")

    home = client.get(reverse("home"))

    assert home.status_code == 302
    assert home["Location"] == reverse("admin:index")
    assert client.get(home["Location"]).status_code == 200

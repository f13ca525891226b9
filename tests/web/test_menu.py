"""No dead ends: the menu links only to pages its official may open (one rule per page, shared
with the page's view), a refusal says why in Vietnamese with a way back, the administrator lands
on the administration, and an htmx action's confirmation reaches the page."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from congvu.findings.models import Finding
from tests.factories import CAST, make_task
from tests.findings.world import make_finding


def menu_links(page: str) -> list[str]:
    """The addresses the main menu links to."""
    nav = re.search(r'<nav class="nav".*?</nav>', page, re.S)
    assert nav is not None
    return re.findall(r'href="([^"]+)"', nav.group(0))


@pytest.mark.parametrize("who", CAST)
def test_every_menu_link_opens_for_its_official(province, login, who):
    client = login(getattr(province, who))
    start = client.get(reverse("task_list")).content.decode()

    links = menu_links(start)
    answers = {link: client.get(link).status_code for link in links}

    assert reverse("task_list") in links
    assert {link: status for link, status in answers.items() if status != 200} == {}


def test_the_menu_shows_each_role_only_its_pages(province, login):
    official = menu_links(login(province.official).get(reverse("task_list")).content.decode())
    clerk = menu_links(login(province.clerk).get(reverse("task_list")).content.decode())
    inspector = menu_links(login(province.inspector).get(reverse("task_list")).content.decode())

    # A department's official: no overview, no assigning, no report, no counter, no projects.
    for name in ("overview", "task_create", "reports:page", "dossiers:receive"):
        assert reverse(name) not in official, name
    assert reverse("investment_dashboard") not in official  # no project anywhere yet
    assert {reverse("task_create"), reverse("overview"), reverse("reports:page")} <= set(clerk)
    assert reverse("my_work") not in inspector
    assert reverse("task_create") not in inspector
    assert reverse("investment_dashboard") in inspector  # inspectors read every project


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("overview", "Trang tổng quan so sánh các đơn vị"),
        ("task_create", "Nhiệm vụ do Văn phòng UBND và lãnh đạo UBND giao"),
        ("dossiers:receive", "Hồ sơ do cán bộ Trung tâm Phục vụ hành chính công tiếp nhận"),
        ("investment_dashboard", "đơn vị của bạn không có dự án nào"),
        ("reports:page", "Báo cáo tháng do lãnh đạo, Văn phòng UBND và thanh tra lập"),
        ("people:streamlining", "Danh sách rà soát tinh giản biên chế do Sở Nội vụ lập"),
    ],
)
def test_a_refused_page_says_why_in_vietnamese_with_a_way_back(province, login, name, reason):
    client = login(province.official)

    response = client.get(reverse(name), HTTP_REFERER="http://testserver/nhiem-vu/")

    page = response.content.decode()
    assert response.status_code == 403
    assert "Bạn không được mở trang này" in page
    assert reason in page
    assert 'href="http://testserver/nhiem-vu/">Quay lại trang trước</a>' in page
    assert f'href="{reverse("home")}"' in page


def test_a_way_back_never_leads_off_the_site(province, login):
    client = login(province.official)

    page = client.get(reverse("overview"), HTTP_REFERER="https://example.com/x").content.decode()

    assert "example.com" not in page
    assert "Quay lại trang trước" not in page


def test_the_administrator_lands_on_the_administration_not_a_refusal(db):
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.vn", "x-Mật-khẩu-9")
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(admin)

    home = client.get(reverse("home"))
    tasks = client.get(reverse("task_list"))

    assert home.status_code == 302
    assert home["Location"] == reverse("admin:index")
    assert client.get(home["Location"]).status_code == 200
    assert tasks.status_code == 403
    assert "không giữ chức vụ nào trong đơn vị" in tasks.content.decode()
    assert f'href="{reverse("admin:index")}"' in tasks.content.decode()


def test_an_htmx_action_carries_its_confirmation_to_the_page(province, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    finding = make_finding(
        make_task(province, title="Thẩm định thiết kế cầu Cửa Lục 3"),
        unit=province.construction,
        kind="ping_pong",
        detail=f"{province.construction.pk} > {province.finance.pk}",
    )

    response = login(province.official).post(
        reverse("findings:explain", args=[finding.pk]),
        {"text": "Sở Tài chính chưa có ý kiến"},
        HTTP_HX_REQUEST="true",
    )

    page = response.content.decode()
    finding.refresh_from_db()
    assert finding.status == Finding.Status.EXPLAINED
    assert 'id="messages" role="status" hx-swap-oob="true"' in page
    assert "Đã ghi nhận giải trình; lãnh đạo sẽ xem xét." in page


def test_a_refused_htmx_form_is_not_given_a_confirmation(province, login):
    finding = make_finding(
        make_task(province, title="Thẩm định thiết kế cầu Cửa Lục 3"),
        unit=province.construction,
        kind="ping_pong",
        detail=f"{province.construction.pk} > {province.finance.pk}",
    )

    response = login(province.official).post(
        reverse("findings:explain", args=[finding.pk]), {"text": ""}, HTTP_HX_REQUEST="true"
    )

    finding.refresh_from_db()
    assert finding.status == Finding.Status.OPEN
    assert "hx-swap-oob" not in response.content.decode()

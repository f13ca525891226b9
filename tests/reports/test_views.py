"""The report page: who may open it, which units they may report on, preview and download."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from congvu.org.models import Post
from tests.factories import make_official

pytestmark = pytest.mark.urls("tests.reports.urls")

ALLOWED = ["chair", "clerk", "inspector"]
REFUSED = ["head", "official", "colleague", "finance_head", "finance_official", "outsider"]
NAMES = ["reports:page", "reports:preview", "reports:pdf"]


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(dt.datetime(2026, 10, 5, 3, 0, tzinfo=dt.UTC), tick=False)


def _login(client, official):
    client.force_login(official.user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"
    return client


@pytest.mark.parametrize("who", ALLOWED)
def test_leader_office_and_inspector_open_the_page(client, province, frozen, who):
    response = _login(client, getattr(province, who)).get(reverse("reports:page"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Báo cáo tháng" in page
    assert f"month=2026-09&amp;unit={province.province_pc.pk}" in page  # last month by default


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("who", REFUSED)
def test_everyone_else_is_refused(client, province, who, name):
    response = _login(client, getattr(province, who)).get(reverse(name))

    assert response.status_code == 403


def test_anonymous_is_sent_to_log_in(client, db):
    response = client.get(reverse("reports:page"))

    assert response.status_code == 302


def test_the_preview_is_the_report_in_vietnamese_and_may_be_framed(client, province, frozen):
    client = _login(client, province.chair)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the report is Vietnamese whatever the page

    response = client.get(
        reverse("reports:preview"), {"month": "2026-09", "unit": province.construction.pk}
    )

    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    html = response.content.decode()
    assert "THÁNG 09/2026" in html
    assert "Đơn vị: Sở Xây dựng." in html


def test_the_pdf_is_downloaded(client, province, frozen):
    response = _login(client, province.inspector).get(reverse("reports:pdf"), {"month": "09/2026"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="bao-cao-thang-2026-09-{province.province_pc.code}.pdf"'
    )
    assert response.content.startswith(b"%PDF")


def test_a_unit_outside_the_readers_subtree_is_not_found(client, province, frozen):
    ward_chair = make_official(
        "Lý Văn Phúc", unit=province.ward, role=Post.Role.LEADER, position="Chủ tịch"
    )
    client = _login(client, ward_chair)

    page = client.get(reverse("reports:page"), {"unit": province.construction.pk})
    preview = client.get(reverse("reports:preview"), {"unit": province.construction.pk})
    own = client.get(reverse("reports:preview"), {"unit": province.ward.pk})

    assert page.status_code == 200
    assert "reports:preview" not in page.content.decode()
    assert "xem-truoc" not in page.content.decode()
    assert preview.status_code == 404
    assert own.status_code == 200


@pytest.mark.parametrize("month", ["2026-11", "tháng mười"])
def test_a_future_or_unreadable_month_is_refused(client, province, frozen, month):
    client = _login(client, province.chair)

    page = client.get(reverse("reports:page"), {"month": month})
    pdf = client.get(reverse("reports:pdf"), {"month": month})

    assert page.status_code == 200
    assert "errorlist" in page.content.decode()
    assert pdf.status_code == 404

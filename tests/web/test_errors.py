"""Bad input gets a 4xx, and every error a Vietnamese page that says what happened and where to
go; the API answers in its JSON error shape."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import path

from congvu.api.tokens import issue_token
from congvu.urls import handler403, handler404, handler500  # noqa: F401  # this urlconf's
from congvu.urls import urlpatterns as site_urls

HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/officials?unit={HUGE}",
        f"/api/v1/tasks?field={HUGE}",
        f"/api/v1/tasks?unit={HUGE}",
        f"/api/v1/overview?unit={HUGE}",
        "/api/v1/tasks?field=abc",
    ],
)
def test_overflowing_or_unreadable_api_parameters_are_422(province, url):
    _token, key = issue_token(province.official, name="kiểm thử")

    response = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(url)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


@pytest.mark.parametrize(
    "url",
    [f"/nhiem-vu/?unit_only={HUGE}", f"/nhiem-vu/?unit_only=-{HUGE}", "/nhiem-vu/?unit_only=x"],
)
def test_an_unreadable_task_filter_is_400_with_the_reason(province, url):
    client = Client()
    client.force_login(province.official.user)

    response = client.get(url)

    assert response.status_code == 400
    assert "Không đọc được bộ lọc “unit_only”" in response.content.decode()


def test_an_unknown_page_is_a_vietnamese_404_with_a_way_home(province):
    client = Client()
    client.force_login(province.official.user)

    response = client.get("/khong-co-trang-nay/")

    page = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in page
    assert 'href="/"' in page
    assert '<html lang="vi">' in page


def test_an_unknown_api_path_is_a_json_404(province):
    response = Client().get("/api/v1/khong-co")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def _forbidden(request):
    raise PermissionDenied


def _broken(request):
    raise RuntimeError("hỏng")


urlpatterns = [*site_urls, path("cam/", _forbidden), path("hong/", _broken)]


@override_settings(ROOT_URLCONF=__name__)
def test_403_and_500_pages_are_vietnamese(province):
    client = Client(raise_request_exception=False)

    forbidden = client.get("/cam/")
    broken = client.get("/hong/")

    assert forbidden.status_code == 403
    assert "Bạn không được mở trang này" in forbidden.content.decode()
    assert broken.status_code == 500
    assert "Đã có lỗi ở phía hệ thống" in broken.content.decode()
    assert "hỏng" not in broken.content.decode()


def test_the_htmx_error_script_is_on_every_page(province):
    page = Client().get("/login/").content.decode()

    assert "web/htmx-errors" in page
    assert 'id="htmx-error"' in page

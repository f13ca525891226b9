"""Tokens end with their official's account, posts and lifetime; their owner lists and revokes
them on a page of their own."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.test import Client
from django.utils import timezone

from congvu.api.models import ApiToken
from congvu.api.tokens import issue_token
from congvu.org.models import Post


def me(key: str) -> int:
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/me").status_code


def test_a_deactivated_officials_token_is_refused(province):
    _token, key = issue_token(province.official, name="Đồng bộ một cửa")
    assert me(key) == 200

    user = province.official.user
    user.is_active = False
    user.save(update_fields=["is_active"])

    assert me(key) == 401


def test_the_token_of_an_official_without_a_post_in_force_is_refused(province):
    _token, key = issue_token(province.official, name="Báo cáo tuần")
    yesterday = timezone.localdate() - dt.timedelta(days=1)

    Post.objects.filter(official=province.official).update(end=yesterday)

    assert me(key) == 401
    # A post that starts only tomorrow is not in force either.
    Post.objects.filter(official=province.official).update(
        start=yesterday + dt.timedelta(days=2), end=None
    )
    assert me(key) == 401


def test_a_token_expires_after_the_configured_lifetime(province, settings):
    settings.CONGVU_API_TOKEN_DAYS = 180
    issued = dt.datetime(2026, 1, 5, 2, 0, tzinfo=dt.UTC)
    with time_machine.travel(issued, tick=False) as clock:
        token, key = issue_token(province.official, name="Kho dữ liệu")
        clock.shift(dt.timedelta(days=180) - dt.timedelta(minutes=1))
        last_minute = me(key)
        clock.shift(dt.timedelta(minutes=1))
        expired = me(key)

    assert token.expires_at == issued + dt.timedelta(days=180)
    assert last_minute == 200
    assert expired == 401


def test_the_lifetime_is_a_setting(province, settings):
    settings.CONGVU_API_TOKEN_DAYS = 7
    token, _key = issue_token(province.official, name="Thử nghiệm")

    assert token.expires_at - token.created_at == dt.timedelta(days=7)


def test_the_owner_lists_issues_and_revokes_tokens_on_a_page(province):
    old, old_key = issue_token(province.official, name="Máy chủ cũ")
    others, _ = issue_token(province.head, name="Của giám đốc")
    client = Client()
    client.force_login(province.official.user)

    listed = client.get("/ma-truy-cap-api/").content.decode()
    issued = client.post("/ma-truy-cap-api/", {"name": "Máy chủ mới"})
    revoked = client.post(f"/ma-truy-cap-api/{old.pk}/thu-hoi/")

    assert "Máy chủ cũ" in listed and old.prefix in listed
    assert "Của giám đốc" not in listed
    new = ApiToken.objects.get(official=province.official, name="Máy chủ mới")
    page = issued.content.decode()
    key = page.split("<code>")[1].split("</code>")[0]
    assert key.startswith(new.prefix) and "Hãy sao chép ngay" in page
    assert me(key) == 200
    assert revoked.status_code == 302
    assert me(old_key) == 401
    assert "Đã thu hồi" in client.get("/ma-truy-cap-api/").content.decode()
    others.refresh_from_db()
    assert others.revoked_at is None


def test_nobody_revokes_another_officials_token(province):
    others, key = issue_token(province.head, name="Của giám đốc")
    client = Client()
    client.force_login(province.official.user)

    response = client.post(f"/ma-truy-cap-api/{others.pk}/thu-hoi/")

    assert response.status_code == 404
    others.refresh_from_db()
    assert others.revoked_at is None
    assert me(key) == 200


def test_the_token_page_needs_a_login_and_a_name(province):
    anonymous = Client().get("/ma-truy-cap-api/")
    client = Client()
    client.force_login(province.official.user)
    nameless = client.post("/ma-truy-cap-api/", {"name": "  "})

    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")
    assert nameless.status_code == 400
    assert not ApiToken.objects.filter(official=province.official).exists()

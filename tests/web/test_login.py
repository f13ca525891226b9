"""Login throttling (per account and per address), the lockout page and the admin's unlock,
password policy, and sessions that end after a spell of idleness."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client

from tests.factories import PASSWORD

LOGIN = "/login/"


def attempt(client: Client, username: str, password: str, address: str = "10.0.0.7") -> int:
    response = client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)
    return response.status_code


def test_an_account_is_locked_after_the_threshold_while_another_account_still_logs_in(
    province, settings
):
    settings.AXES_FAILURE_LIMIT = 5
    attacker = Client()
    statuses = [attempt(attacker, "chuyenvien", f"sai-{i}") for i in range(5)]

    locked = attacker.post(
        LOGIN, {"username": "chuyenvien", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7"
    )
    # The owner, from another address, is locked out too: the account is what is protected.
    owner = attempt(Client(), "chuyenvien", PASSWORD, address="10.9.9.9")
    colleague = Client()
    colleague_status = attempt(colleague, "giamdoc", PASSWORD, address="10.0.0.7")

    # The form again, with its error, then the lockout page on the failure that reaches the limit.
    assert statuses == [200, 200, 200, 200, 429]
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Tạm khóa đăng nhập" in page
    assert "30 phút" in page
    assert 'href="/quen-mat-khau/"' in page
    assert owner == 429
    assert colleague_status == 302
    assert colleague.get("/viec-cua-toi/").status_code == 200


def test_wrong_passwords_below_the_threshold_do_not_lock_and_a_success_resets_them(
    province, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()

    assert [attempt(client, "chuyenvien", "sai") for _ in range(2)] == [200, 200]
    assert attempt(client, "chuyenvien", PASSWORD) == 302
    client.post("/logout/")
    assert [attempt(client, "chuyenvien", "sai") for _ in range(2)] == [200, 200]
    assert attempt(client, "chuyenvien", PASSWORD) == 302


def test_an_address_spraying_passwords_over_many_accounts_is_locked(province, settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.CONGVU_LOGIN_FAILURES_PER_ADDRESS = 8
    sprayer = Client()
    # Fewer failures than the account limit on each account, but 8 from one address.
    names = ["chutich", "vanphong", "giamdoc", "chuyenvien"]
    statuses = [attempt(sprayer, name, "123456", address="10.6.6.6") for name in names * 2]

    from_that_address = attempt(Client(), "thanhtra", PASSWORD, address="10.6.6.6")
    from_elsewhere = attempt(Client(), "thanhtra", PASSWORD, address="10.1.1.1")

    assert statuses == [200] * 7 + [429]
    assert from_that_address == 429
    assert from_elsewhere == 302


def test_the_admin_unlocks_an_account_by_deleting_its_access_attempts(province, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        attempt(Client(), "chuyenvien", "sai")
    assert attempt(Client(), "chuyenvien", PASSWORD) == 429
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.vn", "Qu4ntri-tinh!")
    staff = Client()
    staff.force_login(admin)
    attempts = list(
        AccessAttempt.objects.filter(username="chuyenvien").values_list("pk", flat=True)
    )

    changelist = staff.get("/admin/axes/accessattempt/")
    unlocked = staff.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": attempts, "post": "yes"},
    )

    assert changelist.status_code == 200
    assert "chuyenvien" in changelist.content.decode()
    assert unlocked.status_code == 302
    assert not AccessAttempt.objects.filter(username="chuyenvien").exists()
    assert attempt(Client(), "chuyenvien", PASSWORD) == 302


def test_the_lock_lifts_after_the_cool_off(province, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=30)
    with time_machine.travel(dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC), tick=False) as clock:
        for _ in range(2):
            attempt(Client(), "chuyenvien", "sai")
        assert attempt(Client(), "chuyenvien", PASSWORD) == 429
        clock.shift(dt.timedelta(minutes=31))
        assert attempt(Client(), "chuyenvien", PASSWORD) == 302


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("ngan-1", "Mật khẩu quá ngắn: cần ít nhất 10 ký tự"),
        ("1234567890123", "Mật khẩu này hoàn toàn là số"),
        ("password1234", "Mật khẩu này quá phổ biến"),
    ],
    ids=["short", "numeric", "common"],
)
def test_a_weak_new_password_is_refused_in_vietnamese(province, password, message):
    client = Client()
    client.force_login(province.official.user)

    response = client.post(
        "/doi-mat-khau/",
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    province.official.user.refresh_from_db()
    assert province.official.user.check_password(PASSWORD)


def test_a_strong_new_password_is_saved(province):
    client = Client()
    client.force_login(province.official.user)
    new = "Ha-Long-ngay-nang-2026"

    response = client.post(
        "/doi-mat-khau/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )

    assert response.status_code == 302
    province.official.user.refresh_from_db()
    assert province.official.user.check_password(new)


def test_a_session_ends_after_the_idle_time_but_not_while_it_is_used(province, settings):
    settings.SESSION_COOKIE_AGE = 8 * 3600
    start = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        busy, idle = Client(), Client()
        assert attempt(busy, "chuyenvien", PASSWORD) == 302
        assert attempt(idle, "giamdoc", PASSWORD) == 302
        # The busy official works every two hours for a whole day: always still logged in.
        for _ in range(12):
            clock.shift(dt.timedelta(hours=2))
            assert busy.get("/viec-cua-toi/").status_code == 200
        # The idle one comes back after more than 8 hours without a request: log in again.
        response = idle.get("/viec-cua-toi/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")

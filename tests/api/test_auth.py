"""Token and session authentication of the API."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from congvu.api.models import ApiToken
from congvu.api.tokens import hash_key, issue_token, revoke_token
from tests.factories import PASSWORD


def test_a_valid_token_identifies_the_official_and_records_its_use(province):
    token, key = issue_token(province.official, name="Tích hợp phần mềm một cửa")

    response = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/me")

    assert response.status_code == 200
    assert response.json()["full_name"] == "Phạm Quang Hải"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_only_the_hash_and_prefix_of_a_token_are_stored(province):
    token, key = issue_token(province.official, name="Báo cáo tuần")

    assert key.startswith("cv_") and len(key) > 40
    assert token.key_hash == hash_key(key) != key
    assert key.startswith(token.prefix) and len(token.prefix) == 11


@pytest.mark.parametrize(
    "header",
    [None, "Bearer ", "Bearer cv_khong-ton-tai", "Token abc", "Basic dXNlcjpwYXNz"],
    ids=["missing", "empty", "unknown", "wrong-scheme", "basic"],
)
def test_missing_or_unknown_credentials_are_401_json(province, header):
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}

    response = Client(**extra).get("/api/v1/tasks")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json() == {
        "code": "unauthenticated",
        "message": "Cần xác thực: hãy gửi mã truy cập API hợp lệ hoặc đăng nhập.",
        "errors": [],
    }


def test_a_revoked_token_is_refused(province):
    token, key = issue_token(province.official, name="Máy chủ cũ")
    revoke_token(token)

    response = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/me")

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_a_session_reads_and_writes_with_its_csrf_token(province):
    client = Client(enforce_csrf_checks=True)
    assert client.login(username="vanphong", password=PASSWORD)
    client.get("/api/v1/docs")  # sets the CSRF cookie, as the pages do
    csrf = client.cookies["csrftoken"].value
    body = {"title": "Báo cáo tình hình giải ngân", "lead_unit_id": province.construction.pk}
    body |= {"field_id": province.field.pk, "due": "2099-01-31"}

    read = client.get("/api/v1/me")
    refused = client.post("/api/v1/tasks", body, content_type="application/json")
    written = client.post(
        "/api/v1/tasks", body, content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )

    assert read.status_code == 200
    assert read.json()["username"] == "vanphong"
    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf"
    assert written.status_code == 201


def test_an_anonymous_post_is_401_not_a_csrf_failure(province):
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/tasks", {}, content_type="application/json"
    )

    assert response.status_code == 401


def test_the_command_prints_a_working_token_once(province):
    out, err = io.StringIO(), io.StringIO()

    call_command("create_api_token", "giamdoc", name="Trợ lý báo cáo", stdout=out, stderr=err)

    key = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert token.official == province.head
    assert token.name == "Trợ lý báo cáo"
    assert token.prefix in err.getvalue()
    response = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/me")
    assert response.json()["username"] == "giamdoc"


def test_the_command_revokes_a_token_by_prefix(province):
    token, key = issue_token(province.head, name="Thử nghiệm")

    call_command("revoke_api_token", token.prefix, stdout=io.StringIO())

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/me").status_code == 401


def test_an_administrator_revokes_tokens_in_the_admin(province, admin_client):
    token, key = issue_token(province.official, name="Đồng bộ lịch họp")

    listing = admin_client.get("/admin/congvu_api/apitoken/")
    admin_client.post(
        "/admin/congvu_api/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )

    assert listing.status_code == 200
    assert token.prefix in listing.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None

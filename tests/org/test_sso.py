"""Single sign-on's matching of officials (congvu.org.sso) and its switch: officials matched by
login then e-mail, case-insensitive in NFC, never created, deactivated accounts refused; nothing
of it shows while it is not configured. The flow against a real provider is tests/sso."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory

from congvu.org import sso

OIDC = {
    "CONGVU_SSO": True,
    "CONGVU_OIDC_ISSUER": "",
    "OIDC_RP_CLIENT_ID": "congvu",
    "OIDC_RP_CLIENT_SECRET": "secret",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://sso.tinh.example.vn/auth",
    "OIDC_OP_TOKEN_ENDPOINT": "https://sso.tinh.example.vn/token",
    "OIDC_OP_USER_ENDPOINT": "https://sso.tinh.example.vn/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://sso.tinh.example.vn/jwks",
}


@pytest.fixture
def oidc(settings: Any) -> Any:
    for name, value in OIDC.items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "congvu.org.sso.OfficialOIDCBackend",
    ]
    return settings


def test_an_official_is_matched_by_login_in_any_case_then_by_email(province):
    province.head.email = "Giam.Doc@XayDung.example.vn"
    province.head.save()
    user = province.finance_official.user
    user.email = "tai.chinh@example.vn"
    user.save()

    by_login = sso.match_official({"preferred_username": "ChuyenVien", "email": "x@example.vn"})
    by_official_email = sso.match_official({"email": "giam.doc@xaydung.example.vn"})
    by_account_email = sso.match_official(
        {"preferred_username": "tc.01", "email": "TAI.CHINH@example.vn"}
    )

    assert by_login == (province.official, "")
    assert by_official_email == (province.head, "")
    assert by_account_email == (province.finance_official, "")


def test_logins_are_compared_in_nfc(province):
    user = province.official.user
    user.username = unicodedata.normalize("NFC", "hải.pq")
    user.save()

    decomposed = unicodedata.normalize("NFD", "Hải.PQ")
    assert decomposed != "Hải.PQ"
    assert sso.match_official({"preferred_username": decomposed}) == (province.official, "")


def test_nobody_is_matched_on_no_claim_an_unverified_email_or_two_officials(province):
    province.head.email = "chung@example.vn"
    province.head.save()
    province.colleague.email = "CHUNG@example.vn"
    province.colleague.save()
    province.finance_head.email = "chua.xac.minh@example.vn"
    province.finance_head.save()

    assert sso.match_official({"preferred_username": "khongco", "email": "khong@example.vn"}) == (
        None,
        sso.UNKNOWN,
    )
    assert sso.match_official({}) == (None, sso.UNKNOWN)
    assert sso.match_official({"email": "chung@example.vn"}) == (None, sso.AMBIGUOUS)
    unverified = {"email": "chua.xac.minh@example.vn", "email_verified": False}
    assert sso.match_official(unverified) == (None, sso.UNKNOWN)


def _backend_user(claims: dict[str, Any]) -> tuple[Any, str]:
    request = RequestFactory().get("/dang-nhap-mot-cua/callback/")
    backend = sso.OfficialOIDCBackend()
    backend.request = request
    # The claims the provider's userinfo endpoint would answer (the real exchange: tests/sso).
    backend.get_userinfo = lambda access_token, id_token, payload: claims
    user = backend.get_or_create_user("access", "id", {"sub": "1"})
    return user, getattr(request, sso.REFUSAL_ATTRIBUTE, "")


def test_the_backend_logs_in_a_known_official_and_never_creates_an_account(province, oidc):
    users_before = get_user_model().objects.count()

    known = _backend_user({"sub": "1", "preferred_username": "chuyenvien"})
    stranger = _backend_user({"sub": "2", "preferred_username": "moi", "email": "moi@example.vn"})

    assert known == (province.official.user, "")
    assert stranger == (None, sso.UNKNOWN)
    assert get_user_model().objects.count() == users_before


def test_the_backend_refuses_a_deactivated_account_as_the_login_page_does(province, oidc):
    user = province.official.user
    user.is_active = False
    user.save()

    assert _backend_user({"sub": "1", "preferred_username": "chuyenvien"}) == (None, sso.INACTIVE)
    assert Client().post("/login/", {"username": "chuyenvien", "password": "x"}).status_code == 200


def test_a_password_login_passes_the_oidc_backend_by(province, oidc):
    from tests.factories import PASSWORD

    client = Client()
    response = client.post("/login/", {"username": "chuyenvien", "password": PASSWORD})

    assert response.status_code == 302
    assert client.get("/viec-cua-toi/").status_code == 200


def test_without_configuration_there_is_no_button_and_the_sign_on_pages_answer_404(db):
    client = Client()

    assert "sso-login" not in client.get("/login/").content.decode()
    assert client.get("/dang-nhap-mot-cua/").status_code == 404
    assert client.get("/dang-nhap-mot-cua/callback/?code=a&state=b").status_code == 404


def test_configured_the_login_page_offers_the_province_sign_on(db, oidc):
    client = Client()

    page = client.get("/login/?next=/nhiem-vu/").content.decode()
    start = client.get("/dang-nhap-mot-cua/?next=/nhiem-vu/")

    assert "Đăng nhập bằng tài khoản một cửa của tỉnh" in page
    assert 'href="/dang-nhap-mot-cua/?next=/nhiem-vu/"' in page
    assert start.status_code == 302
    assert start["Location"].startswith("https://sso.tinh.example.vn/auth?")
    assert "code_challenge=" in start["Location"]


def test_a_callback_without_a_sign_on_in_progress_is_refused_in_vietnamese(db, oidc):
    response = Client().get("/dang-nhap-mot-cua/callback/?error=access_denied")

    assert response.status_code == 403
    assert "Việc đăng nhập trên cổng một cửa của tỉnh chưa hoàn tất" in response.content.decode()


def _sign_on(monkeypatch: Any, claims: dict[str, Any], address: str) -> Any:
    """The callback's `authenticate()` with the provider's answers in place of its HTTP calls (the
    real exchange: tests/sso), through every backend, axes first."""
    from django.contrib.auth import authenticate
    from django.contrib.sessions.backends.db import SessionStore

    monkeypatch.setattr(sso.OfficialOIDCBackend, "get_token", lambda self, payload: {})
    monkeypatch.setattr(sso.OfficialOIDCBackend, "verify_token", lambda self, token, **kw: claims)
    monkeypatch.setattr(
        sso.OfficialOIDCBackend, "get_userinfo", lambda self, access, id_token, payload: claims
    )
    request = RequestFactory().get("/dang-nhap-mot-cua/callback/?code=c&state=s")
    request.META["REMOTE_ADDR"] = address
    request.session = SessionStore()
    return authenticate(request=request, nonce="n", code_verifier="v")


def test_refused_sign_ons_from_many_addresses_do_not_lock_out_the_sign_on_of_others(
    province, oidc, monkeypatch
):
    oidc.AXES_FAILURE_LIMIT = 3
    strangers = [
        _sign_on(monkeypatch, {"sub": f"x{i}", "preferred_username": f"la{i}"}, f"10.1.0.{i}")
        for i in range(6)
    ]

    official = _sign_on(monkeypatch, {"sub": "1", "preferred_username": "chuyenvien"}, "10.2.0.1")

    assert strangers == [None] * 6
    assert official == province.official.user


def _settings_from(environment: dict[str, str]) -> dict[str, Any]:
    """congvu.settings as read in a fresh interpreter with `environment` added."""
    import json
    import os
    import subprocess
    import sys

    code = (
        "import json, congvu.settings as s; print(json.dumps({'sso': s.CONGVU_SSO, "
        "'backends': s.AUTHENTICATION_BACKENDS, "
        "'form_action': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CONGVU_OIDC_")}
    output = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **environment},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return dict(json.loads(output))


def test_the_settings_turn_sign_on_on_only_when_the_environment_configures_it():
    off = _settings_from({})
    half = _settings_from({"CONGVU_OIDC_ISSUER": "https://sso.tinh.example.vn/realms/qn"})
    on = _settings_from(
        {
            "CONGVU_OIDC_ISSUER": "https://sso.tinh.example.vn/realms/qn/",
            "CONGVU_OIDC_CLIENT_ID": "congvu",
            "CONGVU_OIDC_CLIENT_SECRET": "bi-mat",
        }
    )

    local = ["congvu.core.logins.LoginThrottleBackend", "django.contrib.auth.backends.ModelBackend"]
    assert off == {"sso": False, "backends": local, "form_action": ["'self'"]}
    assert half == off  # an issuer without a client: still off
    assert on == {
        "sso": True,
        "backends": [*local, "congvu.org.sso.OfficialOIDCBackend"],
        # Logging out redirects a POST to the provider: the CSP allows its origin, no more.
        "form_action": ["'self'", "https://sso.tinh.example.vn"],
    }


def test_a_provider_that_does_not_answer_gets_a_page_pointing_to_the_password_login(db, oidc):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]  # nothing listens there once the socket is closed
    oidc.CONGVU_OIDC_ISSUER = f"http://127.0.0.1:{closed}"
    oidc.OIDC_OP_AUTHORIZATION_ENDPOINT = ""
    oidc.OIDC_OP_TOKEN_ENDPOINT = ""

    response = Client().get("/dang-nhap-mot-cua/")

    assert response.status_code == 503
    assert "Cổng đăng nhập một cửa của tỉnh hiện không phản hồi" in response.content.decode()

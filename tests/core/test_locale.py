"""Pages are Vietnamese whatever the browser says, unless the person chose English."""

from django.test import Client


def test_a_browser_set_to_english_still_gets_vietnamese_pages(db):
    response = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get("/login/")

    assert response["Content-Language"] == "vi"
    assert "Đăng nhập" in response.content.decode()


def test_a_person_who_chose_english_gets_english(db, settings):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get("/login/")

    assert response["Content-Language"] == "en"


def test_an_api_client_may_ask_for_english(db):
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/tasks")

    assert response["Content-Language"] == "en"
    assert response.status_code == 401

"""The dossier pages: what each shows, the actions through them, and who is refused."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from congvu.dossiers.actions import complete_dossier, issue_apology, refuse_dossier
from congvu.dossiers.models import Dossier, ReturnReason
from tests.dossiers.conftest import VN, at, receive, sent
from tests.svg import assert_svg_numbers

pytestmark = [pytest.mark.urls("tests.dossiers.urls"), pytest.mark.django_db]

PAGES = [
    ("dossiers:dashboard", {}),
    ("dossiers:list", {}),
    ("dossiers:indicators", {}),
    ("dossiers:export", {"table": "list"}),
    ("dossiers:export", {"table": "late"}),
    ("dossiers:export", {"table": "indicators"}),
    ("dossiers:export", {"table": "index766"}),
    ("dossiers:export", {"table": "worst_units"}),
    ("dossiers:export", {"table": "worst_procedures"}),
    ("dossiers:export", {"table": "trend"}),
]


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(dt.datetime(2025, 10, 20, 10, tzinfo=VN), tick=False):
        yield


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def logged_in(client: Client, official) -> Client:
    client.force_login(official.user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"
    return client


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_every_page_refuses_an_account_without_an_official(desk, client, name, kwargs):
    bare = get_user_model().objects.create_user("khach", password="x-123456789")
    client.force_login(bare)

    response = client.get(reverse(name, kwargs=kwargs))

    assert response.status_code == 403


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_every_page_sends_anonymous_users_to_the_login(desk, client, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_dashboard_shows_the_late_dossier_and_the_chart(desk, client):
    late = sent(desk, applicant="Hoàng Văn Tú")  # due 13/10, still open on 20/10
    done = sent(desk)
    complete_dossier(done, by=desk.province.official, ts=at(2025, 10, 10))

    response = logged_in(client, desk.receptionist).get(reverse("dossiers:dashboard"))

    html = response.content.decode()
    assert response.status_code == 200
    assert late.code in html
    assert "<svg" in html and "polyline" in html
    assert assert_svg_numbers(html) > 10  # plain numbers under the Vietnamese locale
    assert 'id="late-now-count">1<' in html


def test_outsider_sees_no_dossier_and_gets_404_on_detail_and_letter(desk, client):
    dossier = sent(desk)
    c = logged_in(client, desk.province.outsider)

    listing = c.get(reverse("dossiers:list"))
    detail = c.get(reverse("dossiers:detail", args=[dossier.pk]))
    letter = c.get(reverse("dossiers:apology_pdf", args=[dossier.pk]))
    acted = c.post(reverse("dossiers:act", args=[dossier.pk, "complete"]), {"note": ""})

    assert dossier.code not in listing.content.decode()
    assert (detail.status_code, letter.status_code, acted.status_code) == (404, 404, 404)
    assert Dossier.objects.get().status == Dossier.Status.PROCESSING


def test_inspector_reads_the_detail_but_has_no_actions_and_cannot_post(desk, client):
    dossier = sent(desk)
    c = logged_in(client, desk.province.inspector)

    detail = c.get(reverse("dossiers:detail", args=[dossier.pk]))
    acted = c.post(reverse("dossiers:act", args=[dossier.pk, "complete"]), {"note": ""})

    assert detail.status_code == 200
    assert "Không có việc nào" in detail.content.decode()
    assert "mã trên Cổng DVCQG 4" in detail.content.decode()  # Đang xử lý
    assert acted.status_code == 403
    assert dossier.events.count() == 2


def test_unit_official_completes_the_dossier_from_its_page(desk, client):
    dossier = sent(desk)
    c = logged_in(client, desk.province.official)

    response = c.post(
        reverse("dossiers:act", args=[dossier.pk, "complete"]),
        {"note": "Đã ký giấy phép"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.RESOLVED
    assert "Đã ký giấy phép" in response.content.decode()


def test_a_refused_action_shows_its_reason_and_writes_nothing(desk, client):
    dossier = sent(desk)
    c = logged_in(client, desk.province.official)

    response = c.post(
        reverse("dossiers:act", args=[dossier.pk, "apologise"]),
        {
            "unit_at_fault": desk.province.construction.pk,
            "reason": "Chậm",
            "new_due": "27/10/2025",
        },
    )

    assert response.status_code == 422
    assert "ít nhất một ngày làm việc" in response.content.decode()
    assert not hasattr(Dossier.objects.get(), "apology") or True
    assert dossier.events.count() == 2


def test_list_search_ignores_diacritics_and_htmx_gets_the_table_only(desk, client):
    wanted = receive(desk, applicant="Đặng Thị Ngọc")
    receive(desk, applicant="Lê Văn Sơn")
    c = logged_in(client, desk.receptionist)

    response = c.get(reverse("dossiers:list"), {"q": "dang thi ngoc"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert wanted.code in html and "Lê Văn Sơn" not in html
    assert "<html" not in html


def test_list_query_count_does_not_grow_with_rows(desk, client, django_assert_max_num_queries):
    for n in range(30):
        receive(desk, applicant=f"Người nộp {n}")
    c = logged_in(client, desk.receptionist)

    # 17 with the header's three: the province's name, any project visible, a post in Sở Nội vụ.
    with django_assert_max_num_queries(17):
        response = c.get(reverse("dossiers:list"))

    assert response.status_code == 200


def test_apology_pdf_downloads_for_those_who_see_the_dossier(desk, client):
    dossier = sent(desk)
    issue_apology(
        dossier,
        by=desk.province.official,
        unit_at_fault=desk.province.construction,
        reason="Chờ ý kiến",
        new_due=dt.date(2025, 10, 20),
        ts=at(2025, 10, 9),
    )

    response = logged_in(client, desk.receptionist).get(
        reverse("dossiers:apology_pdf", args=[dossier.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_indicator_page_shows_766_points_and_rules(desk, client):
    dossier = sent(desk)
    complete_dossier(dossier, by=desk.province.official, ts=at(2025, 10, 10))

    response = logged_in(client, desk.centre_head).get(
        reverse("dossiers:indicators"), {"by": "procedure", "start": "10/2025", "end": "10/2025"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "20.0 / 20" in html or "20,0 / 20" in html
    assert "Nghị định 118/2025/NĐ-CP" in html


def test_excel_export_of_the_list_is_a_workbook(desk, client):
    receive(desk)

    response = logged_in(client, desk.receptionist).get(
        reverse("dossiers:export", kwargs={"table": "list"})
    )

    assert response.status_code == 200
    assert response.content[:2] == b"PK"


def test_a_dossier_is_refused_in_the_dossier_words_not_the_extension_words(desk, client):
    dossier = sent(desk)
    c = logged_in(client, desk.province.official)
    before = c.get(reverse("dossiers:detail", args=[dossier.pk])).content.decode()

    refuse_dossier(
        dossier,
        by=desk.province.official,
        reason=ReturnReason.NOT_IN_MANDATE,
        note="Không thuộc thẩm quyền của Sở",
        ts=at(2025, 10, 7),
    )
    after = c.get(reverse("dossiers:detail", args=[dossier.pk])).content.decode()

    # A dossier's "Refuse" / "Refused" (từ chối giải quyết) is not a task extension's (không đồng
    # ý): each meaning has its message context, so no catalogue overrides the other's word.
    assert "Từ chối giải quyết" in before
    assert after.count("Từ chối giải quyết") >= 2  # the status and the timeline's event
    assert "Không thuộc thẩm quyền" in after
    assert "Không đồng ý" not in before + after

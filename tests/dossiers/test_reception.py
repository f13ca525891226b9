"""The reception page (tiếp nhận hồ sơ): centre staff receive a dossier through `receive_dossier`,
everyone else is refused, and bad input comes back as form errors with nothing written."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from congvu.core.calendar import add_working_days
from congvu.dossiers.actions import receipt_day
from congvu.dossiers.models import Activity, Dossier, DossierEvent
from tests.dossiers.conftest import VN, at, receive
from tests.factories import CAST

pytestmark = [pytest.mark.urls("tests.dossiers.urls"), pytest.mark.django_db]

# Every member of the `province` cast; none of them works at the centre's counter. The chair
# leads the People's Committee above the centre and acts for it otherwise, but does not receive.
NOT_CENTRE_STAFF = list(CAST)


@pytest.fixture(autouse=True)
def _frozen():
    # Monday 20/10/2025 10:00 in Vietnam.
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


def filled(desk, **changes) -> dict[str, object]:
    """The form as the counter fills it: in person, Friday 17/10/2025 at 17:30."""
    return {
        "centre": desk.centre.pk,
        "procedure": desk.procedure.pk,
        "applicant": "Trần Văn Hùng",
        "channel": Dossier.Channel.IN_PERSON,
        "received_at": "17/10/2025 17:30",
        "code": "",
        "note": "Đơn đề nghị, bản vẽ thiết kế",
        **changes,
    }


def test_centre_staff_receive_a_dossier_due_as_the_calendar_counts(desk, client):
    c = logged_in(client, desk.receptionist)

    response = c.post(reverse("dossiers:receive"), filled(desk), follow=True)

    dossier = Dossier.objects.get()
    event = DossierEvent.objects.get()
    received_at = at(2025, 10, 17, 17, 30)
    # After the 15:00 cut-off on Friday it counts from Monday 20/10; 5 working days later is
    # Monday 27/10.
    assert dossier.received_on == receipt_day(received_at) == dt.date(2025, 10, 20)
    assert dossier.due == add_working_days(dt.date(2025, 10, 20), 5) == dt.date(2025, 10, 27)
    assert (dossier.received_at, dossier.applicant, dossier.centre) == (
        received_at,
        "Trần Văn Hùng",
        desk.centre,
    )
    assert (event.activity, event.actor, event.note) == (
        Activity.RECEIVE,
        desk.receptionist,
        "Đơn đề nghị, bản vẽ thiết kế",
    )
    assert response.redirect_chain == [(reverse("dossiers:detail", args=[dossier.pk]), 303)]
    assert (
        f"Đã tiếp nhận hồ sơ {dossier.code}. Ngày hẹn trả 27/10/2025" in response.content.decode()
    )


def test_the_centre_director_receives_too(desk, client):
    c = logged_in(client, desk.centre_head)

    response = c.post(reverse("dossiers:receive"), filled(desk, channel="post", code="TN-01"))

    assert response.status_code == 303
    assert Dossier.objects.get().code == "TN-01"
    assert Dossier.objects.get().channel == Dossier.Channel.POST


@pytest.mark.parametrize("role", NOT_CENTRE_STAFF)
def test_everyone_but_centre_staff_is_refused_and_nothing_is_written(desk, client, role):
    c = logged_in(client, getattr(desk.province, role))

    page = c.get(reverse("dossiers:receive"))
    posted = c.post(reverse("dossiers:receive"), filled(desk))
    options = c.get(reverse("dossiers:reception_procedures"), {"q": "xay dung"})
    preview = c.get(reverse("dossiers:reception_due"), filled(desk))

    assert [r.status_code for r in (page, posted, options, preview)] == [403, 403, 403, 403]
    assert not Dossier.objects.exists()
    assert not DossierEvent.objects.exists()


def test_staff_cannot_receive_at_another_centre_and_nothing_is_written(desk, client):
    c = logged_in(client, desk.receptionist)
    other = desk.province.construction  # not one of the official's centres

    response = c.post(reverse("dossiers:receive"), filled(desk, centre=other.pk))

    assert response.status_code == 422
    assert "centre" in response.context["form"].errors
    assert not Dossier.objects.exists()


def test_missing_procedure_is_a_form_error_on_the_procedure(desk, client):
    c = logged_in(client, desk.receptionist)

    response = c.post(reverse("dossiers:receive"), filled(desk, procedure=""))

    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["procedure"]
    assert not Dossier.objects.exists()
    assert not DossierEvent.objects.exists()


def test_a_receipt_in_the_future_is_a_form_error_on_the_time(desk, client):
    c = logged_in(client, desk.receptionist)

    response = c.post(reverse("dossiers:receive"), filled(desk, received_at="20/10/2025 10:01"))

    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["received_at"]
    assert "trong tương lai" in response.content.decode()
    assert not Dossier.objects.exists()


def test_a_refusal_of_the_action_is_shown_on_the_form_and_nothing_is_written(desk, client):
    receive(desk, code="TN-01")
    c = logged_in(client, desk.receptionist)

    response = c.post(reverse("dossiers:receive"), filled(desk, code="TN-01"))

    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == ["Đã có hồ sơ số TN-01."]
    assert Dossier.objects.count() == 1
    assert DossierEvent.objects.count() == 1


def test_the_page_opens_with_now_and_the_centre_filled_in(desk, client):
    c = logged_in(client, desk.receptionist)

    response = c.get(reverse("dossiers:receive"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="20/10/2025 10:00"' in html
    assert f'type="hidden" name="centre" value="{desk.centre.pk}"' in html
    assert "Trung tâm Phục vụ hành chính công tỉnh" in html


def test_procedure_search_ignores_diacritics(desk, client):
    c = logged_in(client, desk.receptionist)

    response = c.get(reverse("dossiers:reception_procedures"), {"q": "dang ky ma so"})

    html = response.content.decode()
    assert f'value="{desk.quick.pk}" selected' in html  # the only match is chosen
    assert desk.procedure.code not in html
    assert response["HX-Trigger"] == "procedures-filtered"


def test_the_appointment_date_is_shown_before_receiving(desk, client):
    c = logged_in(client, desk.receptionist)

    response = c.get(reverse("dossiers:reception_due"), filled(desk, applicant=""))

    html = response.content.decode()
    assert "27/10/2025" in html
    assert "ngày làm việc tiếp theo" in html  # 17:30 is after the 15:00 cut-off
    assert not Dossier.objects.exists()


def test_dashboard_and_list_link_the_page_for_centre_staff_only(desk, client):
    staff = logged_in(Client(), desk.receptionist)
    unit_official = logged_in(client, desk.province.official)

    for name in ("dossiers:dashboard", "dossiers:list"):
        assert 'id="receive-link"' in staff.get(reverse(name)).content.decode()
        assert 'id="receive-link"' not in unit_official.get(reverse(name)).content.decode()


def test_without_javascript_the_search_box_narrows_the_page_select(desk, client):
    c = logged_in(client, desk.receptionist)

    response = c.get(reverse("dossiers:receive"), {"q": "Đăng ký"})

    choices = [str(p) for p in response.context["form"].fields["procedure"].queryset]
    assert choices == [str(desk.quick)]

"""A second apology letter is refused (the date moves only once), where the user acted; a missed
new date is flagged on the dossier page and in the list; groups 1 and 4 show "no data"."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from congvu.core.errors import ActionError
from congvu.dossiers.actions import issue_apology
from congvu.dossiers.models import Activity, ApologyLetter
from tests.dossiers.conftest import VN, at, sent
from tests.dossiers.test_pages import logged_in

pytestmark = [pytest.mark.urls("tests.dossiers.urls"), pytest.mark.django_db]


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


def apologised(desk, new_due=dt.date(2025, 10, 17)):
    """A dossier received Monday 6/10 (due 13/10) with a letter of 9/10 naming `new_due`."""
    dossier = sent(desk)
    issue_apology(
        dossier,
        by=desk.province.official,
        unit_at_fault=desk.province.construction,
        reason="Chờ ý kiến Sở Tài chính",
        new_due=new_due,
        ts=at(2025, 10, 9),
    )
    return dossier


def test_a_second_apology_for_the_same_dossier_is_refused_in_vietnamese(desk):
    dossier = apologised(desk)

    with translation.override("vi"), pytest.raises(ActionError) as refused:
        issue_apology(
            dossier,
            by=desk.province.official,
            unit_at_fault=desk.province.construction,
            reason="Vẫn chờ",
            new_due=dt.date(2025, 10, 24),
            ts=at(2025, 10, 16),
        )

    assert refused.value.code == "second_apology"
    assert "chỉ được hẹn lại một lần" in str(refused.value)
    assert ApologyLetter.objects.filter(dossier=dossier).count() == 1
    assert dossier.events.filter(activity=Activity.APOLOGISE).count() == 1


def test_an_import_cannot_add_a_second_letter_either(desk):
    dossier = apologised(desk)

    with pytest.raises(ActionError):
        issue_apology(
            dossier,
            by=desk.province.official,
            unit_at_fault=desk.province.construction,
            reason="Vẫn chờ",
            new_due=dt.date(2025, 10, 24),
            ts=at(2025, 10, 16),
            number="XL-2",
            from_source=True,
        )

    assert ApologyLetter.objects.filter(dossier=dossier).count() == 1


@pytest.mark.parametrize("htmx", [False, True])
def test_the_second_apology_is_refused_on_the_page_where_the_user_acted(desk, client, htmx):
    dossier = apologised(desk, new_due=dt.date(2025, 10, 24))
    c = logged_in(client, desk.province.official)
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}

    response = c.post(
        reverse("dossiers:act", args=[dossier.pk, "apologise"]),
        {
            "unit_at_fault": desk.province.construction.pk,
            "reason": "Vẫn chờ",
            "new_due": "31/10/2025",
        },
        **extra,
    )

    page = response.content.decode()
    assert response.status_code == 422
    assert 'id="action-error"' in page
    assert "chỉ được hẹn lại một lần" in page
    assert ("<html" in page) is not htmx  # htmx gets the body to swap, a plain POST the page
    assert ApologyLetter.objects.filter(dossier=dossier).count() == 1


def test_a_missed_new_date_is_flagged_on_the_dossier_page(desk, client):
    dossier = apologised(desk)  # new date 17/10; today 20/10, still open
    c = logged_in(client, desk.province.official)

    page = c.get(reverse("dossiers:detail", args=[dossier.pk])).content.decode()

    assert 'id="missed-promise"' in page
    assert "17/10/2025" in page


def test_a_new_date_not_yet_reached_is_not_flagged(desk, client):
    dossier = apologised(desk, new_due=dt.date(2025, 10, 24))
    c = logged_in(client, desk.province.official)

    page = c.get(reverse("dossiers:detail", args=[dossier.pk])).content.decode()

    assert 'id="missed-promise"' not in page


def test_the_list_filters_the_missed_new_dates(desk, client):
    missed = apologised(desk)
    kept = apologised(desk, new_due=dt.date(2025, 10, 24))
    c = logged_in(client, desk.province.official)

    page = c.get(reverse("dossiers:list"), {"state": "missed_promise"}).content.decode()

    assert missed.code in page
    assert kept.code not in page


def test_the_indicator_page_says_no_data_for_groups_1_and_4(desk, client):
    apologised(desk)
    c = logged_in(client, desk.province.official)

    page = c.get(reverse("dossiers:indicators")).content.decode()

    assert page.count("không có dữ liệu") >= 10  # 1.1-1.4 and 4.1-4.5: "no data", never 100 %
    assert "/ 38</b>" in page  # the total: 2.1 (20) + 3.1 (2) + 3.2 (4) + 3.3 (6) + 5.4 (6)

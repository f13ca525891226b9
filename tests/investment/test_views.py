import datetime as dt
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from congvu.investment.actions import assign_plan, record_disbursement, start_stage
from congvu.investment.models import StageKind
from tests.factories import make_official
from tests.investment.conftest import make_project
from tests.svg import assert_svg_numbers

pytestmark = pytest.mark.urls("tests.investment.urls")
BILLION = 1_000_000_000


@pytest.fixture
def world(investment):
    project = make_project(investment, name="Cầu Bãi Cháy 2")
    make_project(investment, code="DA-002", name="Trường THCS Hòn Gai")
    assign_plan(project, by=investment.province.chair, year=2026, amount_vnd=20 * BILLION,
                on=dt.date(2026, 1, 5))  # fmt: skip
    record_disbursement(project, by=investment.engineer, year=2026, on=dt.date(2026, 4, 2),
                        amount_vnd=1_234_567_000)  # fmt: skip
    start_stage(project.stages.get(kind=StageKind.POLICY), by=investment.director,
                on=dt.date(2025, 1, 2))  # fmt: skip
    return project


def _login(client, official):
    client.force_login(official.user)
    return client


PAGES = [
    ("investment_dashboard", {}),
    ("investment_projects", {}),
    ("investment_export", {"table": "du-an"}),
    ("investment_export", {"table": "chu-dau-tu"}),
    ("investment_export", {"table": "theo-thang"}),
    ("investment_export", {"table": "cham-giai-ngan"}),
    ("investment_export", {"table": "giai-doan"}),
    ("investment_export", {"table": "don-vi-giu"}),
    ("investment_oc4ids", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_an_official_who_sees_no_project_is_refused_every_page(
    client, world, investment, name, kwargs
):
    _login(client, make_official("Hà Văn Tùng", unit=investment.province.finance))

    response = client.get(reverse(name, kwargs=kwargs))

    assert response.status_code == 403


@pytest.mark.parametrize("table", ["giai-doan", "ke-hoach-von", "giai-ngan", "nhat-ky"])
def test_a_project_out_of_sight_is_a_404_with_its_downloads(client, world, investment, table):
    _login(client, investment.province.finance_official)

    assert client.get(reverse("investment_project", args=[world.pk])).status_code == 404
    url = reverse("investment_project_export", args=[world.pk, table])
    assert client.get(url).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, world):
    response = client.get(reverse("investment_dashboard"))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_inspector_reads_everything_but_cannot_import(client, world, investment):
    _login(client, investment.province.inspector)

    assert client.get(reverse("investment_dashboard")).status_code == 200
    assert client.get(reverse("investment_project", args=[world.pk])).status_code == 200
    assert client.get(reverse("investment_import")).status_code == 403
    assert client.get(reverse("investment_import_template")).status_code == 403


def test_dashboard_shows_money_in_ty_dong_and_the_chart(client, world, investment):
    _login(client, investment.director)

    response = client.get(reverse("investment_dashboard"), {"as_of": "15/09/2026"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "1,23 tỷ đồng" in page
    assert "1.234.567.000" not in page
    assert "<polyline" in page
    assert "Cầu Bãi Cháy 2" in page  # below the target curve
    assert "2026" in page and "2.026" not in page  # a year is not an amount


def test_charts_keep_plain_numbers_in_svg_under_the_vietnamese_locale(client, world, investment):
    _login(client, investment.director)

    dashboard = client.get(reverse("investment_dashboard"), {"as_of": "15/09/2026"})
    project = client.get(reverse("investment_project", args=[world.pk]))

    assert assert_svg_numbers(dashboard.content.decode()) > 20
    assert assert_svg_numbers(project.content.decode()) > 4


def test_dashboard_query_count_does_not_grow_with_projects(
    client, world, investment, django_assert_max_num_queries
):
    _login(client, investment.director)
    client.get(reverse("investment_dashboard"))
    for n in range(3, 9):
        make_project(investment, code=f"DA-00{n}")

    with django_assert_max_num_queries(30):
        client.get(reverse("investment_dashboard"))


def test_the_ward_sees_the_project_whose_stage_it_holds(client, world, investment):
    _login(client, investment.province.outsider)  # a member of the ward

    response = client.get(reverse("investment_projects"))

    assert response.status_code == 200
    assert "Cầu Bãi Cháy 2" in response.content.decode()


def test_project_list_search_ignores_diacritics(client, world, investment):
    _login(client, investment.director)

    response = client.get(reverse("investment_projects"), {"q": "cau bai chay"})

    page = response.content.decode()
    assert "Cầu Bãi Cháy 2" in page
    assert "Trường THCS Hòn Gai" not in page


def test_project_page_shows_stages_plans_and_payments(client, world, investment):
    _login(client, investment.engineer)

    response = client.get(reverse("investment_project", args=[world.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Ủy ban nhân dân phường Hạ Long" in page
    # Money reads in tỷ/triệu đồng, the way officials say it (core.numbers.money).
    assert "20 tỷ đồng" in page
    assert "1,23 tỷ đồng" in page
    assert "20.000.000.000" not in page


def test_excel_export_has_integer_money(client, world, investment):
    _login(client, investment.director)

    response = client.get(reverse("investment_export", args=["du-an"]), {"year": "2026"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "DA-001"
    assert rows[1][7] == 1_234_567_000  # disbursed, after total, assigned, adjusted


@pytest.mark.parametrize("table", ["giai-doan", "ke-hoach-von", "giai-ngan", "nhat-ky"])
def test_project_tables_export_to_excel(client, world, investment, table):
    _login(client, investment.director)

    response = client.get(reverse("investment_project_export", args=[world.pk, table]))

    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).active.max_row >= 2


def test_oc4ids_download_holds_only_visible_projects(client, world, investment):
    make_project(investment, code="DA-003", investor=investment.province.construction,
                 by=investment.province.head, stages=[], commune=None)  # fmt: skip
    _login(client, investment.director)  # the Ban QLDA: not an investor of DA-003

    package = json.loads(client.get(reverse("investment_oc4ids")).content)

    assert [p["identifiers"][0]["id"] for p in package["projects"]] == ["DA-001", "DA-002"]


def test_an_oc4ids_filter_matching_nothing_gives_an_empty_package(client, world, investment):
    _login(client, investment.director)

    response = client.get(reverse("investment_oc4ids"), {"q": "không có dự án nào như thế"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="oc4ids-')
    assert json.loads(response.content)["projects"] == []


def test_import_page_reports_rows_and_writes_nothing(client, world, investment):
    _login(client, investment.engineer)
    upload = io.BytesIO(b"ma_du_an,nam_ke_hoach,ngay,so_tien\nDA-001,2026,01/05/2026,abc\n")
    upload.name = "giai_ngan.csv"

    response = client.post(reverse("investment_import"), {"file": upload, "table": "giai_ngan"})

    assert response.status_code == 422
    assert "so_tien" in response.content.decode()
    assert world.disbursements.count() == 1


def test_import_page_imports_a_csv(client, world, investment):
    _login(client, investment.engineer)
    upload = io.BytesIO(b"ma_du_an,nam_ke_hoach,ngay,so_tien\nDA-001,2026,01/05/2026,1.000.000\n"
)  # fmt: skip
    upload.name = "giai_ngan.csv"

    response = client.post(reverse("investment_import"), {"file": upload, "table": "giai_ngan"})

    assert response.status_code == 200
    assert world.disbursements.count() == 2

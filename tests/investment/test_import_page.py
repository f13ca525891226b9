"""The investment import page (/dau-tu/nhap/) on files that cannot be read, too large or too bad:
a listed problem in Vietnamese, a 4xx answer, and nothing written."""

from __future__ import annotations

import html
import io

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from congvu.investment import imports
from congvu.investment.models import CapitalPlan, Disbursement, Project, ProjectEvent
from tests.core.test_imports import dimension_bomb, xlsx_bytes
from tests.investment.test_views import world  # noqa: F401  # the fixture

pytestmark = pytest.mark.urls("tests.investment.urls")

CSV_HEADER = b"ma_du_an,nam_ke_hoach,ngay,so_tien\n"


def text(response) -> str:
    return html.unescape(response.content.decode())


def counts() -> tuple[int, int, int, int]:
    return (
        Project.objects.count(),
        ProjectEvent.objects.count(),
        CapitalPlan.objects.count(),
        Disbursement.objects.count(),
    )


def upload(client, name: str, data: bytes, table: str = "giai_ngan"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(reverse("investment_import"), {"file": file, "table": table})


@pytest.fixture
def engineer(client, investment):
    client.force_login(investment.engineer.user)
    return client


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        (
            "giai_ngan.xlsx",
            CSV_HEADER + b"DA-001,2026,01/05/2026,1000\n",
            "không phải là bảng tính",
        ),
        ("giai_ngan.xlsx", bytes(range(1, 250)) * 4, "không phải là bảng tính Excel"),
        ("giai_ngan.xlsx", b"PK\x03\x04" + b"\x01" * 200, "không phải là bảng tính Excel (.xlsx)"),
        (
            "giai_ngan.csv",
            "ma_du_an,ngày\nDA-001,1\n".encode("latin-1"),
            "không phải văn bản UTF-8",
        ),
        ("giai_ngan.csv", CSV_HEADER + b"DA-001,2026,\x00,1\n", "byte NUL"),
        ("giai_ngan.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x10", "byte NUL"),
        ("giai_ngan.csv", b"", "rỗng"),
    ],
    ids=["text-named-xlsx", "not-a-zip", "broken-zip", "wrong-encoding", "nul", "binary", "empty"],
)
def test_an_unreadable_file_gets_a_listed_problem_a_4xx_and_writes_nothing(
    engineer, name, data, expected
):
    before = counts()

    response = upload(engineer, name, data)

    assert response.status_code == 422
    assert expected in text(response)
    assert counts() == before


class UnreadableBody(io.RawIOBase):
    """A request body that fails the test if anyone reads it."""

    def read(self, *args: object) -> bytes:
        raise AssertionError("the request body was read")

    readline = readinto = read


def post_unread(client, length: int):
    """POST an upload that declares `length` bytes, whose body may not be read."""
    return client.generic(
        "POST",
        reverse("investment_import"),
        b"",
        content_type="multipart/form-data; boundary=congvu",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": UnreadableBody()},
    )


def test_a_20_mb_upload_is_refused_with_the_limit_before_its_body_is_read(engineer):
    before = counts()

    response = post_unread(engineer, 20 * 1024 * 1024)

    assert response.status_code == 413
    page = text(response)
    assert "Tệp có dung lượng 20 MB, lớn hơn giới hạn 10 MB cho mỗi lần nhập" in page
    assert counts() == before


def test_a_file_just_over_the_limit_is_refused_by_its_own_size(engineer, settings):
    settings.IMPORT_MAX_BYTES = 50 * 1024  # the request's Content-Length is within the margin
    data = CSV_HEADER + b"DA-001,2026,01/05/2026,1000\n" * 2000

    response = upload(engineer, "giai_ngan.csv", data)

    assert response.status_code == 422
    assert "lớn hơn giới hạn 50 KB" in text(response)


def test_a_workbook_declaring_the_whole_grid_is_read_as_its_few_cells(engineer):
    response = upload(engineer, "du_an.xlsx", dimension_bomb(), table="")

    # Its one sheet is not a table of the template: reported, not a crash or a long wait.
    assert response.status_code == 422
    assert 'Trang tính "du_lieu", dòng 1' in text(response)


def test_a_file_with_a_problem_on_every_row_lists_the_first_ones_and_counts_the_rest(
    engineer, settings
):
    settings.IMPORT_MAX_PROBLEMS = 10
    data = CSV_HEADER + b"DA-001,2026,01/05/2026,abc\n" * 500
    before = counts()

    response = upload(engineer, "giai_ngan.csv", data)

    page = text(response)
    assert response.status_code == 422
    assert page.count('Trang tính "giai_ngan", dòng') == 10
    assert "… và 490 lỗi khác" in page
    assert "có 500 lỗi" in page
    assert counts() == before


def test_the_file_is_read_and_checked_before_the_transaction_opens(
    engineer,
    monkeypatch,
    world,  # noqa: F811  # the fixture
):
    depth = {"parse": [], "apply": []}
    parse, apply = imports.HANDLERS["giai_ngan"]

    def parse_and_note(row, units):
        depth["parse"].append(len(connection.savepoint_ids))
        return parse(row, units)

    def apply_and_note(values, by):
        depth["apply"].append(len(connection.savepoint_ids))
        apply(values, by)

    monkeypatch.setitem(imports.HANDLERS, "giai_ngan", (parse_and_note, apply_and_note))
    outside = len(connection.savepoint_ids)

    response = upload(engineer, "giai_ngan.csv", CSV_HEADER + b"DA-001,2026,01/05/2026,1000\n")

    assert response.status_code == 200
    assert depth["parse"] == [outside]
    assert depth["apply"][0] > outside
    assert Disbursement.objects.count() == 2


def test_an_inspector_is_refused_before_the_size_is_considered(client, investment):
    inspector = investment.province.inspector
    client.force_login(inspector.user)

    response = post_unread(client, 20 * 1024 * 1024)

    assert response.status_code == 403


def test_a_good_workbook_imports_through_the_page(engineer, world):  # noqa: F811
    data = xlsx_bytes(
        [["ma_du_an", "nam_ke_hoach", "ngay", "so_tien"], ["DA-001", 2026, "01/05/2026", 1000]],
        title="Giải ngân",
    )

    response = upload(engineer, "giai_ngan.xlsx", data, table="")

    assert response.status_code == 200
    assert Disbursement.objects.count() == 2


def test_an_upload_without_the_csrf_token_is_refused_and_writes_nothing(investment, world):  # noqa: F811
    client = Client(enforce_csrf_checks=True)
    client.force_login(investment.engineer.user)
    before = counts()

    response = upload(client, "giai_ngan.csv", CSV_HEADER + b"DA-001,2026,01/05/2026,1000\n")

    assert response.status_code == 403
    assert counts() == before

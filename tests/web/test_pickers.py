"""Pickers that scale: the assign page offers the newest directive documents and finds the others
as the office types (diacritics ignored), and picks units from a tree of full names in the
province's order; no page ships thousands of options."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from congvu.org.models import Unit
from congvu.tasks.models import DirectiveDocument, Task, folded_document
from congvu.web.forms.tasks import RECENT_DOCUMENTS
from congvu.web.forms.units import INDENT
from tests.factories import make_official, make_unit

# What the assign page may weigh and offer, whatever the number of documents and units.
MAX_BYTES = 200_000
MAX_OPTIONS = 300


def documents(issuer: Unit, count: int, *, start: dt.date = dt.date(2020, 1, 1)) -> None:
    """`count` documents of `issuer`, one a day from `start`, as the demo's office has ~11,700."""
    DirectiveDocument.objects.bulk_create(
        DirectiveDocument(
            number=f"{n}/UBND-TH",
            issued_on=start + dt.timedelta(days=n % 2000),
            signer="Cao Tường Huy",
            issuer=issuer,
            summary=f"Về việc triển khai nhiệm vụ số {n} của tỉnh",
            folded=folded_document(f"{n}/UBND-TH", f"Về việc triển khai nhiệm vụ số {n} của tỉnh"),
        )
        for n in range(count)
    )


def test_the_assign_page_stays_small_with_twelve_thousand_documents(province, login):
    documents(province.office, 12_000)
    for n in range(150):  # a province's worth of units under a department
        make_unit(f"Phòng chuyên môn số {n}", parent=province.construction, kind=Unit.Kind.DIVISION)

    response = login(province.clerk).get(reverse("task_create"))

    page = response.content.decode()
    assert response.status_code == 200
    assert len(response.content) < MAX_BYTES
    assert page.count("<option") <= MAX_OPTIONS
    document_select = re.search(r'<select name="document".*?</select>', page, re.S)
    assert document_select is not None
    assert document_select.group(0).count("<option") == RECENT_DOCUMENTS + 1  # and the empty one


def test_the_document_search_ignores_diacritics_and_keeps_to_the_offices_documents(province, login):
    documents(province.office, 50)
    wanted = DirectiveDocument.objects.create(
        number="12/UBND-XD",
        issued_on=dt.date(2019, 3, 4),
        signer="Cao Tường Huy",
        issuer=province.office,
        summary="Về việc chỉnh trang đô thị phường Hạ Long",
        folded=folded_document("12/UBND-XD", "Về việc chỉnh trang đô thị phường Hạ Long"),
    )
    elsewhere = make_unit("Ủy ban nhân dân tỉnh Khác", kind=Unit.Kind.PROVINCE_PC)
    DirectiveDocument.objects.create(
        number="13/UBND-XD",
        issued_on=dt.date(2019, 3, 4),
        signer="Người khác",
        issuer=elsewhere,
        summary="Về việc chỉnh trang đô thị phường Hạ Long",
        folded=folded_document("13/UBND-XD", "Về việc chỉnh trang đô thị phường Hạ Long"),
    )
    client = login(province.clerk)

    found = client.get(reverse("task_create_documents"), {"q": "ha long chinh trang"})
    by_number = client.get(reverse("task_create_documents"), {"q": "12/ubnd-xd"})
    nothing = client.get(reverse("task_create_documents"), {"q": "khong co van ban nay"})

    assert re.findall(r'<option value="(\d+)"', found.content.decode()) == [str(wanted.pk)]
    assert re.findall(r'<option value="(\d+)"', by_number.content.decode()) == [str(wanted.pk)]
    assert "Không có văn bản nào khớp" in nothing.content.decode()


@pytest.mark.parametrize("who", ["official", "inspector", "outsider"])
def test_only_who_may_assign_may_search_the_documents(province, login, who):
    documents(province.office, 3)

    response = login(getattr(province, who)).get(reverse("task_create_documents"), {"q": "1"})

    assert response.status_code == 403
    assert "UBND-TH" not in response.content.decode()


def test_an_older_document_found_by_the_search_is_accepted_by_the_form(province, login):
    documents(province.office, 100, start=dt.date(2024, 1, 1))
    old = DirectiveDocument.objects.order_by("issued_on").first()
    assert old is not None

    response = login(province.clerk).post(
        reverse("task_create"),
        {
            "title": "Rà soát hồ sơ đất đai",
            "document": old.pk,
            "field": province.field.pk,
            "lead_unit": province.construction.pk,
            "due": "31/12/2099",
        },
    )

    assert response.status_code == 303
    assert Task.objects.get().document == old


def test_units_are_a_tree_of_full_names_in_the_provinces_order(province, login):
    later = make_unit("Phòng Quản lý giá và công sản", parent=province.finance)

    page = login(province.clerk).get(reverse("task_create")).content.decode()

    select = re.search(r'<select name="lead_unit".*?</select>', page, re.S)
    assert select is not None
    labels = [
        label.replace("\xa0", "·")
        for label in re.findall(r"<option value=\"\d+\"[^>]*>([^<]*)</option>", select.group(0))
    ]
    step = "·" * len(INDENT)
    assert labels.index(province.province_pc.name) == 0
    assert labels.index(step + province.construction.name) < labels.index(
        step * 2 + province.construction_planning.name
    )
    assert labels.index(step * 2 + province.construction_planning.name) < labels.index(
        step + province.finance.name
    )
    assert labels.index(step + province.finance.name) < labels.index(step * 2 + later.name)
    assert 'data-unit-tree=""' in select.group(0)
    assert 'data-search="so xay dung"' in page


def test_the_signals_filter_lists_only_the_chosen_official_and_finds_others_by_name(
    province, login
):
    for n in range(60):
        make_official(f"Cán bộ số {n}", unit=province.construction)
    wanted = make_official("Đỗ Thị Hằng", unit=province.construction)
    client = login(province.head)

    page = client.get(reverse("findings:list"), {"official": wanted.pk}).content.decode()
    found = client.get(reverse("findings:officials"), {"q": "do thi hang"}).content.decode()

    select = re.search(r'<select name="official".*?</select>', page, re.S)
    assert select is not None
    assert re.findall(r'<option value="(\d*)"', select.group(0)) == ["", str(wanted.pk)]
    assert re.findall(r'<option value="(\d+)"', found) == [str(wanted.pk)]


def test_the_signals_filter_searches_only_officials_in_the_readers_scope(province, login):
    stranger = make_official("Đỗ Thị Hằng", unit=province.ward)

    found = login(province.head).get(reverse("findings:officials"), {"q": "hang"})

    assert str(stranger.pk) not in re.findall(r'<option value="(\d+)"', found.content.decode())

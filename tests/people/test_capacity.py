"""Capacity and workload (issue 11 item 6): the converted workload against the unit's median,
hand-worked, and job-position fit as points to review; the page for heads and Sở Nội vụ only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from congvu.people.capacity import Needs, decimal_vi, degree_rank, fit_points, median, unit_capacity
from tests.factories import make_official
from tests.people.test_pages import client_for
from tests.people.world import VN, build_world, held_task

APRIL_6 = dt.date(2026, 4, 6)


@pytest.fixture
def loaded(province):
    """March 2026 in Sở Xây dựng (members: the head, Hải, Hằng, Tú).

    - Hải (position QH: the product of the province's field counts 2): two tasks of that field,
      one completed on 15/03, one due 25/03 still open on 06/04 (late: an item of March all the
      same) → 2 + 2 = 4; one task of another field (no product: 1) completed 20/03 → 4 + 1 = 5;
      one completed in April → not March.
    - Hằng (position QH): one task of the field, completed 10/03 → 2.
    - Tú (no position: every task counts 1): one task completed 12/03 → 1.
    - The head: no task → 0.
    Workloads 0, 1, 2, 5: the median is (1 + 2) / 2 = 1,5. Points: Hải 5 > 1,5 · 1,5 = 2,25;
    the head 0 < 0,5 · 1,5 = 0,75; Hằng 2 and Tú 1 lie between 0,75 and 2,25: no point.
    """
    p = province
    world = build_world(p)
    tu = make_official("Trịnh Văn Tú", unit=p.construction)
    d = dt.date
    held_task(p, p.official, created=d(2026, 3, 2), due=d(2026, 3, 20), completed=d(2026, 3, 15))
    held_task(p, p.official, created=d(2026, 3, 3), due=d(2026, 3, 25))
    held_task(
        p, p.official, created=d(2026, 3, 4), due=d(2026, 3, 28), completed=d(2026, 3, 20),
        field_code="KHAC",
    )  # fmt: skip
    held_task(p, p.official, created=d(2026, 3, 30), due=d(2026, 4, 20), completed=d(2026, 4, 2))
    held_task(p, p.colleague, created=d(2026, 3, 2), due=d(2026, 3, 20), completed=d(2026, 3, 10))
    held_task(
        p, tu, created=d(2026, 3, 2), due=d(2026, 3, 20), completed=d(2026, 3, 12),
        field_code="KHAC2",
    )  # fmt: skip
    return p, world, tu


def test_workload_and_median_are_hand_worked(loaded):
    p, _world, tu = loaded

    found = unit_capacity(p.construction, "2026-03", as_of=APRIL_6)

    loads = {row.official.pk: row.workload for row in found.rows}
    assert loads == {
        p.head.pk: Decimal(0),
        p.official.pk: Decimal(5),
        p.colleague.pk: Decimal(2),
        tu.pk: Decimal(1),
    }
    assert found.median == Decimal("1.5")
    points = {row.official.pk: row.points for row in found.rows}
    assert points[p.official.pk][0] == "Khối lượng quy đổi tháng 3: 5,0 (trung vị của đơn vị: 1,5)"
    assert points[p.head.pk][0] == "Khối lượng quy đổi tháng 3: 0,0 (trung vị của đơn vị: 1,5)"
    assert not any(point.startswith("Khối lượng") for point in points[p.colleague.pk])
    assert not any(point.startswith("Khối lượng") for point in points[tu.pk])


def test_median_of_odd_and_even_counts_and_the_vietnamese_figure():
    assert median([Decimal(3), Decimal(1), Decimal(2)]) == Decimal(2)
    assert median([Decimal("14.5"), Decimal("22"), Decimal("30"), Decimal("22")]) == Decimal(22)
    assert median([]) == Decimal(0)
    assert decimal_vi(Decimal("14.5")) == "14,5"
    assert decimal_vi(Decimal(22)) == "22,0"


NEEDS = Needs("Chuyên viên quy hoạch", "Đại học", "Chứng chỉ quản lý nhà nước; Tin học", 3, "")
DAY = dt.date(2026, 3, 31)


def test_fit_lists_each_requirement_not_found_in_the_record():
    points = fit_points(
        "Thạc sĩ Kiến trúc; Chứng chỉ quản lý nhà nước", dt.date(2024, 6, 1), DAY, NEEDS
    )

    # Thạc sĩ is above Đại học: no point on the degree; 1 whole year (01/06/2024 → 31/03/2026).
    assert points == [
        "Vị trí việc làm yêu cầu “Tin học”, chưa thấy trong trình độ, chứng chỉ đã ghi nhận.",
        "Số năm công tác ghi nhận: 1; vị trí việc làm yêu cầu: 3.",
    ]


def test_fit_lists_a_lower_degree_and_a_missing_position():
    points = fit_points("Cao đẳng xây dựng; tin học", dt.date(2010, 1, 1), DAY, NEEDS)

    assert points[0] == (
        "Trình độ ghi nhận: “Cao đẳng xây dựng; tin học”; vị trí việc làm yêu cầu: “Đại học”."
    )
    assert len(points) == 2  # and the state-management certificate
    assert fit_points("", None, DAY, None) == ["Chưa ghi nhận vị trí việc làm vào ngày 31/03/2026."]
    assert degree_rank("Kỹ sư xây dựng") == degree_rank("Đại học") == 2


def test_fit_meets_every_requirement_gives_no_point():
    record = "Đại học Luật; Chứng chỉ quản lý nhà nước; Tin học cơ bản"

    assert fit_points(record, dt.date(2020, 3, 31), DAY, NEEDS) == []


def test_page_for_the_head_lists_the_points(loaded):
    p, _world, _tu = loaded

    with time_machine.travel(dt.datetime(2026, 4, 6, 10, tzinfo=VN), tick=False):
        response = client_for(p.head).get(reverse("people:capacity") + "?month=2026-03")

    assert response.status_code == 200
    text = response.content.decode()
    assert "Khối lượng quy đổi tháng 3: 5,0 (trung vị của đơn vị: 1,5)" in text
    assert "Phạm Quang Hải" in text


def test_personnel_opens_any_unit(loaded):
    p, world, _tu = loaded
    url = reverse("people:capacity") + f"?unit={p.finance.pk}&month=2026-03"

    assert client_for(world.officer).get(url).status_code == 200


@pytest.mark.parametrize("who", ["official", "colleague", "inspector", "outsider", "clerk"])
def test_capacity_page_is_refused_to_others(loaded, who):
    p, _world, _tu = loaded

    response = client_for(getattr(p, who)).get(reverse("people:capacity"))

    assert response.status_code == 403


def test_a_head_is_refused_another_units_capacity(loaded):
    p, _world, _tu = loaded
    url = reverse("people:capacity") + f"?unit={p.construction.pk}&month=2026-03"

    assert client_for(p.finance_head).get(url).status_code == 403

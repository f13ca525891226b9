"""Personnel records through the API: each role sees what the pages give it, a record out of sight
answers 404 and is missing from the lists; nothing can be written here."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from congvu.core.models import Read
from congvu.discipline import actions as discipline
from congvu.discipline.rules import Form
from congvu.innovation import actions as innovation
from congvu.org.models import Post, Unit
from congvu.people import actions as ratings
from congvu.people.models import Rating
from tests.factories import Province, make_official
from tests.people.world import VN, build_world, held_task


@pytest.fixture
def records(province: Province):
    p = province
    world = build_world(p)  # Sở Nội vụ (a personnel unit) and its officer
    held_task(p, p.official, created=dt.date(2026, 3, 2), due=dt.date(2026, 3, 20),
              completed=dt.date(2026, 3, 15))  # fmt: skip
    with time_machine.travel(dt.datetime(2026, 4, 6, 10, tzinfo=VN), tick=False):
        ratings.self_assess(p.official, "2026-03", points=[Decimal(9)] * 3, note="")
    home = Unit.objects.get(pk=world.personnel.pk)
    home.code = "SNV"
    home.save(update_fields=["code"])
    case = discipline.open_case(
        by=world.officer,
        official=p.official,
        unit=p.construction,
        handler=p.head,
        summary="Chậm giải quyết hồ sơ cấp phép xây dựng",
        violation_on=dt.date(2025, 11, 3),
        warranted=Form.REPRIMAND,
        discovered_on=dt.date(2026, 1, 5),
    )
    deputy = make_official("Trịnh Văn Khoa", unit=p.construction, role=Post.Role.HEAD,
                           position="Phó Giám đốc Sở")  # fmt: skip
    proposal = innovation.create_proposal(
        by=deputy, unit=p.construction, title="Một cửa liên thông cấp phép", bottleneck="Chưa có",
        plan="Thí điểm",
    )  # fmt: skip
    innovation.submit(proposal, by=deputy, head=p.head)
    return Rating.objects.get(official=p.official), case, proposal


@pytest.mark.parametrize(
    ("role", "rating", "case", "proposal"),
    [
        ("official", 200, 200, 404),  # the person concerned: their rating and their case
        ("head", 200, 200, 200),  # manager, handler, the unit's head
        ("inspector", 200, 200, 200),  # reads everything
        ("colleague", 404, 404, 404),  # same department, not concerned
        ("outsider", 404, 404, 404),
        ("finance_head", 404, 404, 404),
    ],
)
def test_each_role_sees_what_the_pages_give_it(records, api_as, role, rating, case, proposal):
    r, c, prop = records
    client = api_as(role)

    got = (
        client.get(f"/ratings/{r.pk}").status_code,
        client.get(f"/discipline-cases/{c.pk}").status_code,
        client.get(f"/proposals/{prop.pk}").status_code,
    )

    assert got == (rating, case, proposal)
    assert client.get(f"/discipline-cases/{c.pk}/events").status_code == case
    listed = client.get("/discipline-cases").json()
    assert (c.pk in [item["id"] for item in listed["items"]]) == (case == 200)
    listed = client.get("/ratings").json()
    assert (r.pk in [item["id"] for item in listed["items"]]) == (rating == 200)


def test_a_case_log_comes_with_its_hash_chain(records, api_as):
    _r, c, _p = records

    events = api_as("inspector").get(f"/discipline-cases/{c.pk}/events").json()

    assert [e["seq"] for e in events] == [1]
    assert events[0]["prev_hash"] == "" and len(events[0]["hash"]) == 64


def test_personnel_records_cannot_be_written_through_the_api(records, api_as):
    r, c, _p = records
    client = api_as("head")

    assert client.post(f"/ratings/{r.pk}", {"level": "HTXS"}).status_code == 405
    assert client.post(f"/discipline-cases/{c.pk}", {"status": "lapsed"}).status_code == 405


def test_an_id_beyond_the_database_range_is_a_4xx(records, api_as):
    response = api_as("inspector").get("/discipline-cases/99999999999999999999999")

    assert 400 <= response.status_code < 500


def test_without_credentials_nothing_is_read(records, client):
    assert client.get("/api/v1/ratings").status_code == 401


def test_every_read_through_the_api_is_logged_for_the_person(records, api_as, province):
    _r, c, _p = records

    api_as("head").get(f"/discipline-cases/{c.pk}")
    api_as("inspector").get("/ratings")

    reads = Read.objects.filter(subject=province.official.user)
    assert {(read.reader_id, read.view[:20]) for read in reads} >= {
        (province.head.user.pk, "api:/api/v1/discipli"),
        (province.inspector.user.pk, "api:/api/v1/ratings"),
    }

"""Who read what (issue 13, item 7): opening a discipline case or a rating is logged, the person
concerned sees who looked, Sở Nội vụ and inspectors may look too, anyone else is refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from congvu.core.models import Read
from congvu.core.reads import reads_of_person
from congvu.discipline.models import DisciplineCase
from congvu.innovation import actions as innovation_actions
from congvu.org.models import Official
from congvu.people import actions as people_actions
from congvu.people.models import Rating
from tests.discipline.conftest import World, world  # noqa: F401 (the fixture)
from tests.innovation.conftest import Leadership, lead  # noqa: F401 (the fixture)
from tests.people.world import VN, build_world


def client_for(official: Official) -> Client:
    client = Client()
    client.force_login(official.user)
    return client


@pytest.fixture
def case(world: World) -> DisciplineCase:  # noqa: F811
    return world.open()


def test_opening_a_case_logs_who_when_what_and_where(world: World, case: DisciplineCase) -> None:  # noqa: F811
    before = Read.objects.count()

    response = client_for(world.handler).get(reverse("discipline:detail", args=[case.pk]))

    assert response.status_code == 200
    assert Read.objects.count() == before + 1
    read = Read.objects.latest("pk")
    assert read.reader_id == world.handler.user_id
    assert read.subject_id == world.person.user_id
    assert (read.content_type.app_label, read.content_type.model) == (
        "discipline",
        "disciplinecase",
    )
    assert read.object_id == case.pk
    assert read.view == "discipline:detail"


def test_a_case_out_of_sight_is_not_logged_as_read(world: World, case: DisciplineCase) -> None:  # noqa: F811
    before = Read.objects.count()

    response = client_for(world.p.outsider).get(reverse("discipline:detail", args=[case.pk]))

    assert response.status_code == 404
    assert Read.objects.count() == before


def test_the_person_sees_who_opened_their_case(world: World, case: DisciplineCase) -> None:  # noqa: F811
    client_for(world.handler).get(reverse("discipline:detail", args=[case.pk]))
    client_for(world.person).get(reverse("discipline:detail", args=[case.pk]))

    response = client_for(world.person).get(reverse("read_log"))

    assert response.status_code == 200
    text = response.content.decode()
    assert world.handler.full_name in text
    assert reverse("discipline:detail", args=[case.pk]) in text
    assert "Ai đã xem hồ sơ của tôi" in text
    # Their own reading is logged but not shown to them as news.
    assert [r.reader_id for r in reads_of_person(world.person.user_id)] == [world.handler.user_id]


@pytest.mark.parametrize(("who", "status"), [("personnel", 200), ("inspector", 200)])
def test_personnel_and_inspectors_see_a_persons_read_log(
    world: World,  # noqa: F811
    case: DisciplineCase,
    who: str,
    status: int,
) -> None:
    client_for(world.handler).get(reverse("discipline:detail", args=[case.pk]))
    official = getattr(world, who, None) or getattr(world.p, who)

    response = client_for(official).get(reverse("read_log_of", args=[world.person.pk]))

    assert response.status_code == status
    assert world.handler.full_name in response.content.decode()


@pytest.mark.parametrize("who", ["handler", "colleague", "chair", "outsider", "finance_head"])
def test_another_official_is_refused_a_persons_read_log(
    world: World,  # noqa: F811
    case: DisciplineCase,
    who: str,
) -> None:
    # The handler opened the case and the chair heads every unit: neither may see who else looked.
    official = getattr(world, who, None) or getattr(world.p, who)

    response = client_for(official).get(reverse("read_log_of", args=[world.person.pk]))

    assert response.status_code == 403
    # The menu links to one's own read log; the page itself shows none.
    assert "Ai đã xem" not in response.content.decode().partition("<main>")[2]


def test_opening_a_rating_is_logged_for_its_person(province) -> None:  # type: ignore[no-untyped-def]
    build_world(province)
    p = province
    with time_machine.travel(dt.datetime(2026, 4, 6, 10, tzinfo=VN), tick=False):
        people_actions.self_assess(p.official, "2026-03", points=[Decimal(9)] * 3, note="")
    rating = Rating.objects.get(official=p.official)

    response = client_for(p.head).get(reverse("people:detail", args=[rating.pk]))

    assert response.status_code == 200
    read = Read.objects.latest("pk")
    assert (read.reader_id, read.subject_id, read.object_id, read.view) == (
        p.head.user_id,
        p.official.user_id,
        rating.pk,
        "people:detail",
    )
    page = client_for(p.official).get(reverse("read_log")).content.decode()
    assert p.head.full_name in page


def test_opening_an_innovation_proposal_is_logged_for_its_proposer(lead: Leadership) -> None:  # noqa: F811
    proposal = innovation_actions.create_proposal(
        by=lead.deputy_a,
        unit=lead.p.construction,
        title="Một cửa liên thông cấp phép xây dựng",
        bottleneck="Chưa có quy định",
        plan="Thí điểm",
    )
    innovation_actions.submit(proposal, by=lead.deputy_a, head=lead.head)

    response = client_for(lead.head).get(reverse("innovation:detail", args=[proposal.pk]))

    assert response.status_code == 200
    page = client_for(lead.deputy_a).get(reverse("read_log")).content.decode()
    assert lead.head.full_name in page
    assert reverse("innovation:detail", args=[proposal.pk]) in page

"""The innovation pages: who sees a proposal, who may act, the vote through its form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from congvu.innovation import actions
from congvu.innovation.access import visible
from congvu.innovation.models import Proposal
from congvu.org.actions import create_unit
from congvu.org.models import Official, Unit
from tests.factories import make_official
from tests.innovation.conftest import Leadership

D = dt.date


def client_for(official: Official) -> Client:
    client = Client()
    client.force_login(official.user)
    return client


@pytest.fixture
def proposal(lead: Leadership) -> Proposal:
    return actions.create_proposal(
        by=lead.deputy_a,
        unit=lead.p.construction,
        title="Một cửa liên thông cấp phép xây dựng",
        bottleneck="Chưa có quy định",
        plan="Thí điểm",
    )


def test_a_draft_is_the_proposers_alone(lead: Leadership, proposal: Proposal) -> None:
    assert (
        client_for(lead.deputy_a).get(reverse("innovation:detail", args=[proposal.pk])).status_code
        == 200
    )
    for other in (lead.head, lead.p.inspector, lead.p.official):
        assert (
            client_for(other).get(reverse("innovation:detail", args=[proposal.pk])).status_code
            == 404
        )


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("head", 200),
        ("deputy_b", 200),  # a member of the collective
        ("chair", 200),  # the level above
        ("inspector", 200),
        ("official", 404),  # a non-manager of the department
        ("finance_head", 404),
        ("outsider", 404),
    ],
)
def test_who_sees_a_submitted_proposal(
    lead: Leadership, proposal: Proposal, who: str, status: int
) -> None:
    actions.submit(proposal, by=lead.deputy_a, head=lead.head)
    official = getattr(lead, who, None) or getattr(lead.p, who)
    assert (
        client_for(official).get(reverse("innovation:detail", args=[proposal.pk])).status_code
        == status
    )
    assert visible(official).filter(pk=proposal.pk).exists() is (status == 200)


def test_home_affairs_reads_every_proposal(lead: Leadership, proposal: Proposal) -> None:
    home_affairs = create_unit(
        code="SNV", name="Sở Nội vụ", kind=Unit.Kind.DEPARTMENT, parent=lead.p.province_pc
    )
    personnel = make_official("Đặng Thị Nga", unit=home_affairs)
    actions.submit(proposal, by=lead.deputy_a, head=lead.head)
    assert (
        client_for(personnel).get(reverse("innovation:detail", args=[proposal.pk])).status_code
        == 200
    )
    response = client_for(personnel).post(
        reverse("innovation:action", args=[proposal.pk, "vote"]), {"on": "11/02/2026"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("who", ["deputy_a", "deputy_b", "inspector", "chair"])
def test_only_the_head_records_the_vote(lead: Leadership, proposal: Proposal, who: str) -> None:
    actions.submit(proposal, by=lead.deputy_a, head=lead.head)
    official = getattr(lead, who, None) or getattr(lead.p, who)
    response = client_for(official).post(
        reverse("innovation:action", args=[proposal.pk, "vote"]), {"on": "11/02/2026"}
    )
    assert response.status_code == 403


def test_the_vote_through_its_form(lead: Leadership, proposal: Proposal) -> None:
    actions.submit(proposal, by=lead.deputy_a, head=lead.head, on=D(2026, 2, 10))
    client = client_for(lead.head)
    page = client.get(reverse("innovation:detail", args=[proposal.pk])).content.decode()
    assert "Ghi kết quả biểu quyết của tập thể" in page and "26/02/2026" in page
    assert (
        lead.deputy_a.full_name not in page.split("Ghi kết quả biểu quyết")[1].split("</form>")[0]
    )
    response = client.post(
        reverse("innovation:action", args=[proposal.pk, "vote"]),
        {
            "on": "24/02/2026",
            f"member_{lead.head.pk}": "yes",
            f"member_{lead.deputy_b.pk}": "no",
            f"member_{lead.deputy_c.pk}": "yes",
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.votes_for, proposal.votes_against) == ("approved", 2, 1)


def test_a_non_leader_cannot_open_the_new_proposal_page(lead: Leadership) -> None:
    assert client_for(lead.p.official).get(reverse("innovation:create")).status_code == 403
    assert client_for(lead.p.inspector).get(reverse("innovation:create")).status_code == 403
    assert client_for(lead.deputy_a).get(reverse("innovation:create")).status_code == 200


def test_the_vote_waits_on_the_heads_work_list(lead: Leadership, proposal: Proposal) -> None:
    actions.submit(proposal, by=lead.deputy_a, head=lead.head)

    head = client_for(lead.head).get(reverse("my_work")).content.decode()
    deputy = client_for(lead.deputy_b).get(reverse("my_work")).content.decode()

    assert "Đề xuất đổi mới chờ tôi" in head and "Một cửa liên thông" in head
    assert "Đề xuất đổi mới chờ tôi" not in deputy

"""Nominations through the API: read-only, the visibility of the pages (a draft is its
nominator's alone; once submitted: the heads over the unit, Sở Nội vụ, inspectors, the nominee)."""

from __future__ import annotations

import datetime as dt

import pytest

from congvu.api.tokens import issue_token
from congvu.rewards import actions
from congvu.rewards.models import Nomination
from tests.api.conftest import ApiClient
from tests.rewards.conftest import World

D = dt.date


def api(official) -> ApiClient:
    _token, key = issue_token(official, name="kiểm thử")
    return ApiClient(key)


def who(world: World, name: str):
    return {"personnel": world.personnel, "nominee": world.nominee}.get(name) or getattr(
        world.p, name
    )


@pytest.fixture
def submitted(world: World) -> Nomination:
    task = world.task(due=D(2026, 6, 30), completed=D(2026, 5, 29), approved=D(2026, 6, 1))
    nomination = world.nominate(by=world.p.colleague, evidence=[["task", task.pk]])
    actions.submit(nomination, by=world.p.colleague, on=D(2026, 11, 21))
    return nomination


@pytest.mark.parametrize(
    ("name", "status"),
    [("colleague", 200), ("head", 200), ("personnel", 200), ("inspector", 200),
     ("nominee", 200), ("finance_head", 404), ("outsider", 404)],
)  # fmt: skip
def test_a_submitted_nomination_is_read_by_those_the_pages_allow(world, submitted, name, status):
    client = api(who(world, name))

    assert client.get(f"/nominations/{submitted.pk}").status_code == status
    assert client.get(f"/nominations/{submitted.pk}/events").status_code == status
    listed = [n["id"] for n in client.get("/nominations").json()["items"]]
    assert (submitted.pk in listed) == (status == 200)


@pytest.mark.parametrize("name", ["head", "personnel", "inspector", "nominee"])
def test_a_draft_is_its_nominators_alone(world, name):
    draft = world.nominate(by=world.p.colleague)

    assert api(world.p.colleague).get(f"/nominations/{draft.pk}").status_code == 200
    assert api(who(world, name)).get(f"/nominations/{draft.pk}").status_code == 404


def test_nothing_is_written_through_the_api(world, submitted):
    response = api(world.head).post(f"/nominations/{submitted.pk}", {"status": "awarded"})

    assert response.status_code == 405
    submitted.refresh_from_db()
    assert submitted.status == Nomination.Status.SUBMITTED

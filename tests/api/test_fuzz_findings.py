"""What the schemathesis run over the OpenAPI found (issue 13, item 3), each kept as a test: a page
number past any list, a unit id past 64 bits, a form body without its boundary, and a task's
status described by a finding's list of states."""

from __future__ import annotations

import pytest
from django.test import Client

from congvu.api.app import api
from congvu.findings.models import Finding
from congvu.tasks.models import Task
from tests.factories import make_task

HUGE = "9034764509783534592"  # what schemathesis sent: × page size, past 64 bits


@pytest.mark.parametrize("path", ["/officials", "/tasks", "/findings"])
def test_a_page_past_any_list_is_a_422_not_a_500(api_as, path: str) -> None:
    response = api_as("head").get(path, page=HUGE)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "page"


def test_a_unit_past_64_bits_on_the_signals_is_a_422(api_as) -> None:
    response = api_as("inspector").get("/findings", unit="99999999999999999999999")

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "unit"


def test_a_form_body_without_its_boundary_is_a_400(province, api_as) -> None:
    task = make_task(province)
    client: Client = api_as("head").client

    response = client.post(
        f"/api/v1/tasks/{task.pk}/complete", b"result=x", content_type="multipart/form-data"
    )

    assert response.status_code == 400, response.content.decode()
    assert response.json()["code"] == "invalid"
    assert response.json()["message"] == "Không đọc được nội dung yêu cầu."


def _status_enum(schema: dict, name: str) -> list[str]:  # type: ignore[type-arg]
    status = schema["components"]["schemas"][name]["properties"]["status"]
    options = status.get("anyOf", [status])
    return next(option["enum"] for option in options if "enum" in option)


def test_each_status_is_described_by_its_own_states() -> None:
    schema = api.get_openapi_schema()

    assert _status_enum(schema, "TaskOut") == [str(v) for v in Task.Status.values]
    assert "done" in _status_enum(schema, "TaskOut")
    # No component called "Status" that a finding's states (the signals' filter) could overwrite.
    assert "Status" not in schema["components"]["schemas"]
    finding_filter = next(
        p for p in schema["paths"]["/api/v1/findings"]["get"]["parameters"] if p["name"] == "status"
    )
    assert "dismissed" in str(finding_filter["schema"]) and "done" not in str(
        finding_filter["schema"]
    )
    assert "dismissed" in Finding.Status.values

"""The OpenAPI schema and the docs page, which must work without internet."""

import re

from django.test import Client

from congvu.api.docs import ASSETS

ENDPOINTS = {
    ("get", "/api/v1/units"),
    ("get", "/api/v1/officials"),
    ("get", "/api/v1/me"),
    ("get", "/api/v1/tasks"),
    ("post", "/api/v1/tasks"),
    ("get", "/api/v1/tasks/{task_id}"),
    ("get", "/api/v1/tasks/{task_id}/events"),
    ("get", "/api/v1/overview"),
    ("get", "/api/v1/findings"),
    ("get", "/api/v1/findings/{finding_id}"),
    *(
        ("get", f"/api/v1/{records}{suffix}")
        for records in ("ratings", "discipline-cases", "proposals", "nominations")
        for suffix in ("", "/{record_id}", "/{record_id}/events")
    ),
    *(
        ("post", f"/api/v1/tasks/{{task_id}}/{action}")
        for action in (
            "accept",
            "assign",
            "progress",
            "request-input",
            "respond-input",
            "request-extension",
            "grant-extension",
            "refuse-extension",
            "transfer",
            "return",
            "decline",
            "escalate",
            "answer-escalation",
            "complete",
            "approve",
            "send-back",
            "reopen",
            "cancel",
            "remind",
        )
    ),
}


def test_the_schema_lists_every_endpoint_with_auth_and_errors(db):
    schema = Client().get("/api/v1/openapi.json").json()

    found = {(method, path) for path, ops in schema["paths"].items() for method in ops}
    assert found == ENDPOINTS
    assert schema["info"]["version"] == "1"
    assert "nhiệm vụ" in schema["info"]["title"]
    assert {"BearerToken", "SessionOfficial"} <= set(schema["components"]["securitySchemes"])
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            assert op["security"], (method, path)
            assert {"401", "403", "404", "422"} <= set(op["responses"]), (method, path)
            if method == "post":
                assert "409" in op["responses"], path
    complete = schema["paths"]["/api/v1/tasks/{task_id}/complete"]["post"]
    assert "multipart/form-data" in complete["requestBody"]["content"]


def test_the_docs_page_loads_its_assets_from_this_server(db):
    client = Client()

    page = client.get("/api/v1/docs")

    assert page.status_code == 200
    html = page.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls and all(url.startswith("/api/v1/docs/assets/") for url in urls)
    for url in urls:
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert b"".join(asset.streaming_content)


def test_only_the_bundled_assets_are_served(db):
    assert Client().get("/api/v1/docs/assets/__init__.py").status_code == 404
    assert "swagger-ui-bundle.js" in ASSETS

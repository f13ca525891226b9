"""Helpers for API tests: a client per role of the `province` cast, authenticated by token."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from congvu.api.tokens import issue_token
from tests.factories import CAST, Province

ROLES = CAST


class ApiClient:
    """A Django test client that sends one official's bearer token with every request."""

    def __init__(self, key: str) -> None:
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params)

    def post(self, path: str, data: dict[str, Any] | None = None) -> Any:
        return self.client.post(
            f"/api/v1{path}", json.dumps(data or {}, default=str), content_type="application/json"
        )

    def post_form(self, path: str, data: dict[str, Any]) -> Any:
        return self.client.post(f"/api/v1{path}", data)


@pytest.fixture
def api_as(province: Province) -> Callable[[str], ApiClient]:
    """`api_as("head")`: a client acting as that member of the cast."""
    keys: dict[str, str] = {}

    def client_for(role: str) -> ApiClient:
        if role not in keys:
            _token, keys[role] = issue_token(getattr(province, role), name="kiểm thử")
        return ApiClient(keys[role])

    return client_for

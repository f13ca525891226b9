"""Sở Xây dựng's leadership: the head (Giám đốc) and three deputies (Phó Giám đốc)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from congvu.org.models import Official, Post
from tests.factories import Province, build_province, make_official


@dataclass
class Leadership:
    p: Province
    deputy_a: Official
    deputy_b: Official
    deputy_c: Official

    @property
    def head(self) -> Official:
        return self.p.head


def make_deputy(p: Province, name: str) -> Official:
    return make_official(name, unit=p.construction, role=Post.Role.HEAD, position="Phó Giám đốc")


@pytest.fixture
def lead(db: None) -> Leadership:
    p = build_province()
    return Leadership(
        p,
        make_deputy(p, "Trịnh Văn Khoa"),
        make_deputy(p, "Mai Thị Thảo"),
        make_deputy(p, "Lưu Đức Trung"),
    )

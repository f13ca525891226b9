"""Mẫu 01 (the official's self-assessment) and Mẫu 02 (the unit's approved ratings), Decree
335/2025 Phụ lục II, as Vietnamese PDFs rendered from HTML with WeasyPrint (DejaVu Sans carries the
diacritics), like the project's other letters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from congvu.org.models import Unit
from congvu.people.models import Rating
from congvu.people.queries import WorkItem, general_points, policy_of, split_of

CRITERIA = (
    "Chính trị, tư tưởng, đạo đức, lối sống, văn hóa công vụ, ý thức tổ chức kỷ luật",
    "Tinh thần trách nhiệm, thái độ phục vụ Nhân dân, doanh nghiệp",
    "Năng lực đổi mới, sáng tạo, dám nghĩ, dám làm, dám chịu trách nhiệm",
)


def form01_html(rating: Rating, items: Sequence[WorkItem]) -> str:
    """Mẫu 01: the self-assessment with the general criteria (self and manager) and the items."""
    split = split_of(policy_of(rating.unit))
    rows = [
        {
            "name": name,
            "max": high,
            "self": (rating.self_points or [""] * 3)[i],
            "manager": (rating.manager_points or [""] * 3)[i],
        }
        for i, (name, high) in enumerate(zip(CRITERIA, split, strict=True))
    ]
    return _render(
        "people/form01.html",
        {"rating": rating, "rows": rows, "items": items, "general": general_points(rating)},
    )


def form02_html(unit: Unit, period: str, ratings: Sequence[Rating]) -> str:
    """Mẫu 02: the unit's ratings of the period as approved by the head."""
    rows = [{"rating": rating, "general": general_points(rating)} for rating in ratings]
    return _render("people/form02.html", {"unit": unit, "period": period, "rows": rows})


def _render(template: str, context: dict[str, Any]) -> str:
    with translation.override("vi"):
        return render_to_string(template, {**context, "today": timezone.localdate()})


def to_pdf(html: str) -> bytes:
    # Imported late: loading WeasyPrint costs a second. It ships no type information.
    from weasyprint import HTML  # type: ignore[import-untyped]

    return bytes(HTML(string=html).write_pdf())

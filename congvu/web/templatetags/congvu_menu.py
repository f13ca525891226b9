"""The header of every page: the main menu (only the pages the official may open) and the name
of the province the site serves."""

from __future__ import annotations

from typing import Any

from django import template

from congvu.org.models import Unit
from congvu.web.views.menu import menu_for

register = template.Library()


@register.inclusion_tag("web/_nav.html", takes_context=True)
def main_menu(context: dict[str, Any]) -> dict[str, Any]:
    """The menu of the request's official; none for a visitor or an account without a post."""
    request = context.get("request")
    if request is None or getattr(request, "official", None) is None:
        return {"items": []}
    return {"items": menu_for(request)}


@register.simple_tag
def province_name() -> str:
    """The People's Committee at the top of the unit tree ("Ủy ban nhân dân tỉnh Quảng Ninh"),
    for the header; empty before the organisation is recorded."""
    name = (
        Unit.objects.filter(parent__isnull=True, kind=Unit.Kind.PROVINCE_PC, valid_to__isnull=True)
        .order_by("pk")
        .values_list("name", flat=True)
        .first()
    )
    return name or ""

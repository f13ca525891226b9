"""Template filters of the investment pages: money in đồng and rates in per cent (the functions
are `congvu.core.numbers`, shared with actions, reports and charts)."""

from __future__ import annotations

from django import template

from congvu.core.numbers import millions, percent, vnd

register = template.Library()
register.filter("vnd", vnd)
register.filter("percent", percent)
register.filter("millions", millions)

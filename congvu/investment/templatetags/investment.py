"""Template filters of the investment pages: money (in triệu/tỷ đồng, `money`) and rates in per
cent (the functions are `congvu.core.numbers`, shared with actions, reports and charts)."""

from __future__ import annotations

from django import template

from congvu.core.numbers import millions, money, percent, vnd

register = template.Library()
register.filter("money", money)
register.filter("vnd", vnd)
register.filter("percent", percent)
register.filter("millions", millions)

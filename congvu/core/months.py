"""Calendar months as pages, reports and commands take them: "mm/yyyy" (as written in Vietnam) or
"yyyy-mm" (as browsers and ISO write them), and the last day of a month."""

from __future__ import annotations

import datetime as dt
import re

_MONTH = re.compile(r"(?P<month>\d{1,2})/(?P<year>\d{4})")
_ISO_MONTH = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})")


def parse_month(text: str) -> dt.date:
    """ "10/2026" or "2026-10" → 1 October 2026; ValueError otherwise."""
    stripped = text.strip()
    match = _MONTH.fullmatch(stripped) or _ISO_MONTH.fullmatch(stripped)
    if match is None:
        raise ValueError(text)
    return dt.date(int(match["year"]), int(match["month"]), 1)


def month_end(month: dt.date) -> dt.date:
    """The last day of the month of ``month``."""
    return (month.replace(day=1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)

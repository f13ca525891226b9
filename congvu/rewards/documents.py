"""The year's list of a unit's nominations as a Vietnamese PDF (Decree 30/2020/NĐ-CP layout),
rendered like the discipline documents: an HTML template and WeasyPrint, system fonts, always in
Vietnamese (it is an official document)."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.utils import timezone, translation

from congvu.org.models import Unit
from congvu.rewards.models import Nomination
from congvu.rewards.queries import evidence_panel, unit_year_list


def issued_on(day: dt.date) -> tuple[str, str, str]:
    """A document's date as Decree 30/2020 writes it: a day below 10 and the months 1 and 2 with
    a leading zero, no other month."""
    return f"{day.day:02d}", f"{day.month:02d}" if day.month <= 2 else str(day.month), str(day.year)


def list_rows(unit: Unit, year: int) -> list[tuple[Nomination, dict[str, int]]]:
    """Each submitted nomination of the unit and year with its nominee's evidence counts."""
    panels: dict[int, dict[str, int]] = {}
    rows = []
    for nomination in unit_year_list(unit, year):
        if nomination.nominee_id not in panels:
            panels[nomination.nominee_id] = evidence_panel(nomination.nominee, year).counts
        rows.append((nomination, panels[nomination.nominee_id]))
    return rows


def list_html(unit: Unit, year: int, on: dt.date | None = None) -> str:
    day, month, the_year = issued_on(on or timezone.localdate())
    with translation.override("vi"):
        return render_to_string(
            "rewards/list_document.html",
            {
                "unit": unit,
                "issuer": unit.parent or unit,
                "year": year,
                "rows": list_rows(unit, year),
                "issued": {"day": day, "month": month, "year": the_year},
            },
        )


def list_pdf(unit: Unit, year: int, on: dt.date | None = None) -> bytes:
    # Imported late: loading WeasyPrint costs a second. It ships no type information.
    from weasyprint import HTML  # type: ignore[import-untyped]

    return bytes(HTML(string=list_html(unit, year, on)).write_pdf())

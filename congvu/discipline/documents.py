"""The documents of a discipline case as Vietnamese PDFs: the notice of review, the minutes of
the review meeting and the decision. Rendered like the apology letter (`dossiers.letters`): an
HTML template and WeasyPrint, system fonts, always in Vietnamese (they are official documents).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from django.template.loader import render_to_string
from django.utils import translation

from congvu.discipline.models import DisciplineCase
from congvu.discipline.queries import limitation_deadline

Kind = Literal["notice", "minutes", "decision"]
KINDS: tuple[Kind, ...] = ("notice", "minutes", "decision")


def available(case: DisciplineCase) -> list[Kind]:
    """The documents the case has reached: a notice once issued, minutes once the meeting was
    held, the decision once decided."""
    found: list[Kind] = []
    if case.notice_on is not None:
        found.append("notice")
    if case.meeting_on is not None:
        found.append("minutes")
    if case.decided_on is not None:
        found.append("decision")
    return found


@dataclass(frozen=True)
class IssuedOn:
    """A document's date as Decree 30/2020/NĐ-CP writes it: a day below 10 and the months 1 and 2
    with a leading zero, no other month ("ngày 05 tháng 3 năm 2026", "ngày 12 tháng 02 ...")."""

    day: str
    month: str
    year: str


def issued_on(day: dt.date) -> IssuedOn:
    return IssuedOn(
        f"{day.day:02d}", f"{day.month:02d}" if day.month <= 2 else str(day.month), str(day.year)
    )


def _day_of(case: DisciplineCase, kind: Kind) -> dt.date:
    day = {"notice": case.notice_on, "minutes": case.meeting_on, "decision": case.decided_on}[kind]
    assert day is not None
    return day


def document_html(case: DisciplineCase, kind: Kind) -> str:
    if kind not in available(case):
        raise ValueError(kind)
    with translation.override("vi"):
        return render_to_string(
            "discipline/document.html",
            {
                "case": case,
                "kind": kind,
                "issued": issued_on(_day_of(case, kind)),
                "unit": case.unit,
                "issuer": case.unit.parent or case.unit,
                "limitation": limitation_deadline(case),
                "events": case.events.filter(activity="meeting"),
            },
        )


def document_pdf(case: DisciplineCase, kind: Kind) -> bytes:
    # Imported late: loading WeasyPrint costs a second. It ships no type information.
    from weasyprint import HTML  # type: ignore[import-untyped]

    return bytes(HTML(string=document_html(case, kind)).write_pdf())

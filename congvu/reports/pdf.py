"""The monthly report as HTML and as an A4 PDF, always in Vietnamese (it is an official document).

Rendered with WeasyPrint the way the apology letter is (`dossiers.letters`): an HTML template,
system fonts (Noto Serif, DejaVu as fallback), nothing fetched over the network.
"""

from __future__ import annotations

import re

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from congvu.reports.monthly import MonthlyReport
from congvu.web.charts import disbursement_chart


def issuer_lines(name: str) -> list[str]:
    """The issuing body in capitals on two lines, as Decree 30/2020/NĐ-CP sets the header:
    "ỦY BAN NHÂN DÂN" above "TỈNH QUẢNG NINH"."""
    upper = name.upper()
    for prefix in ("ỦY BAN NHÂN DÂN ", "UỶ BAN NHÂN DÂN "):
        if upper.startswith(prefix) and len(upper) > len(prefix):
            return [prefix.strip(), upper[len(prefix) :]]
    return [upper]


def date_line(place: str, report: MonthlyReport) -> str:
    """ "Quảng Ninh, ngày 05 tháng 3 năm 2026": Decree 30/2020/NĐ-CP (Appendix I) writes a day
    below 10 and the months 1 and 2 with a leading zero, and no other month."""
    day = report.today
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    with translation.override("vi"):  # the line of a Vietnamese document, whoever prints it
        return _("%(place)s, %(day)s/%(month)s/%(year)s") % {
            "place": place,
            "day": f"{day.day:02d}",
            "month": month,
            "year": day.year,
        }


# A percentage never breaks from its number ("95,2 %" is one unit in Vietnamese typography).
_PERCENT = re.compile(r"(\d) %")


def report_html(report: MonthlyReport) -> str:
    """The report as a standalone HTML document (the preview shows exactly what is printed)."""
    return _PERCENT.sub("\\1&nbsp;%", _render(report))


def _render(report: MonthlyReport) -> str:
    with translation.override("vi"):
        investment = report.investment
        chart = disbursement_chart(investment.money, investment.months, year=investment.year)
        return render_to_string(
            "reports/report.html",
            {
                "r": report,
                "title": _(
                    "REPORT ON THE PERFORMANCE OF TASKS, THE RESOLUTION OF DOSSIERS AND THE "
                    "DISBURSEMENT OF PUBLIC INVESTMENT CAPITAL IN %(month)s"
                )
                % {"month": report.month.strftime("%m/%Y")},
                "date_line": date_line(report.place, report),
                "issuer_lines": issuer_lines(report.issuer.name),
                "chart": chart,
                # Top left, inside the plot: the curves start at the bottom left and rise.
                "legend": {"x": 60, "y": 20},
            },
        )


def report_pdf(report: MonthlyReport) -> bytes:
    """The report as PDF bytes."""
    # Imported late: loading WeasyPrint costs a second. It ships no type information.
    from weasyprint import HTML  # type: ignore[import-untyped]

    return bytes(HTML(string=report_html(report)).write_pdf())

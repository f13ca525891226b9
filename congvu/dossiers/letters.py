"""The apology letter as a PDF (phiếu xin lỗi và hẹn lại ngày trả kết quả), in Vietnamese.

The letter is rendered from an HTML template with WeasyPrint; DejaVu Sans (installed with the
system fonts) carries every Vietnamese diacritic, so no font is shipped or fetched.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from congvu.dossiers.models import ApologyLetter
from congvu.dossiers.rules import rule


def letter_html(letter: ApologyLetter) -> str:
    """The letter as HTML, always in Vietnamese (it goes to the applicant)."""
    dossier = letter.dossier
    with translation.override("vi"):
        return render_to_string(
            "dossiers/apology_letter.html",
            {
                "letter": letter,
                "dossier": dossier,
                "procedure": dossier.procedure,
                "centre": dossier.centre,
                "issued": timezone.localtime(letter.issued_at),
                "rule": rule("apology", letter.issued_on),
            },
        )


def letter_pdf(letter: ApologyLetter) -> bytes:
    """The letter as PDF bytes."""
    # Imported late: loading WeasyPrint costs a second. It ships no type information.
    from weasyprint import HTML  # type: ignore[import-untyped]

    return bytes(HTML(string=letter_html(letter)).write_pdf())
